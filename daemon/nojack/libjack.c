/*
 * A libjack that knows no server, loaded instead of the real one when no
 * JACK server could answer (see jackgate.c, jackgate_preload).
 *
 * PortAudio is linked against libjack.so.0, so loading PortAudio loads
 * libjack, and with it libstdc++ and Berkeley DB: 1.9 MB of resident
 * pages in a daemon that will never talk to JACK.  This library has that
 * soname; once it is loaded, the dynamic linker takes it for PortAudio's
 * dependency instead of searching for the real one.  It defines every
 * function PortAudio imports, answers jack_client_open as libjack does
 * without a server, so PortAudio's JACK host API reports no devices, and
 * is never asked anything else.
 *
 * Built as its own shared object (Makefile), never linked into a program.
 */
#include <stddef.h>
#include <stdint.h>

/* libjack's ABI (jack/types.h); its headers are not a build dependency. */
#define JACK_FAILURE		0x01	/* JackFailure */
#define JACK_SERVER_FAILED	0x10	/* JackServerFailed */
#define JACK_CLIENT_NAME_SIZE	64	/* JACK_CLIENT_NAME_SIZE */
#define JACK_PORT_NAME_SIZE	256	/* JACK_PORT_NAME_SIZE */

/* Every function is exported; the prototypes only satisfy the warnings. */
#define STUB	__attribute__((visibility("default")))

STUB void	*jack_client_open(const char *, int, int *, ...);
STUB int	 jack_client_close(void *);
STUB int	 jack_client_name_size(void);
STUB int	 jack_port_name_size(void);
STUB char	*jack_get_client_name(void *);
STUB int	 jack_activate(void *);
STUB int	 jack_deactivate(void *);
STUB int	 jack_connect(void *, const char *, const char *);
STUB int	 jack_port_disconnect(void *, void *);
STUB uint32_t	 jack_frame_time(const void *);
STUB uint32_t	 jack_get_buffer_size(void *);
STUB uint32_t	 jack_get_sample_rate(void *);
STUB const char	**jack_get_ports(void *, const char *, const char *,
		    unsigned long);
STUB void	 jack_on_shutdown(void *, void (*)(void *), void *);
STUB void	*jack_port_by_name(void *, const char *);
STUB int	 jack_port_connected(const void *);
STUB void	*jack_port_get_buffer(void *, uint32_t);
STUB uint32_t	 jack_port_get_latency(void *);
STUB const char	*jack_port_name(const void *);
STUB void	*jack_port_register(void *, const char *, const char *,
		    unsigned long, unsigned long);
STUB int	 jack_port_unregister(void *, void *);
STUB void	 jack_set_error_function(void (*)(const char *));
STUB int	 jack_set_process_callback(void *, int (*)(uint32_t, void *),
		    void *);
STUB int	 jack_set_sample_rate_callback(void *,
		    int (*)(uint32_t, void *), void *);
STUB int	 jack_set_xrun_callback(void *, int (*)(void *), void *);

void *
jack_client_open(const char *name, int options, int *status, ...)
{
	if (status != NULL)
		*status = JACK_FAILURE | JACK_SERVER_FAILED;
	return NULL;
}

/* Without a client nothing below is reached; each answers "failed". */
int
jack_client_close(void *c)
{
	return -1;
}

int
jack_client_name_size(void)
{
	return JACK_CLIENT_NAME_SIZE;
}

int
jack_port_name_size(void)
{
	return JACK_PORT_NAME_SIZE;
}

char *
jack_get_client_name(void *c)
{
	return NULL;
}

int
jack_activate(void *c)
{
	return -1;
}

int
jack_deactivate(void *c)
{
	return -1;
}

int
jack_connect(void *c, const char *a, const char *b)
{
	return -1;
}

int
jack_port_disconnect(void *c, void *p)
{
	return -1;
}

uint32_t
jack_frame_time(const void *c)
{
	return 0;
}

uint32_t
jack_get_buffer_size(void *c)
{
	return 0;
}

uint32_t
jack_get_sample_rate(void *c)
{
	return 0;
}

const char **
jack_get_ports(void *c, const char *a, const char *b, unsigned long f)
{
	return NULL;
}

void
jack_on_shutdown(void *c, void (*f)(void *), void *a)
{
}

void *
jack_port_by_name(void *c, const char *n)
{
	return NULL;
}

int
jack_port_connected(const void *p)
{
	return 0;
}

void *
jack_port_get_buffer(void *p, uint32_t n)
{
	return NULL;
}

uint32_t
jack_port_get_latency(void *p)
{
	return 0;
}

const char *
jack_port_name(const void *p)
{
	return NULL;
}

void *
jack_port_register(void *c, const char *n, const char *t,
    unsigned long f, unsigned long b)
{
	return NULL;
}

int
jack_port_unregister(void *c, void *p)
{
	return -1;
}

void
jack_set_error_function(void (*f)(const char *))
{
}

int
jack_set_process_callback(void *c, int (*f)(uint32_t, void *), void *a)
{
	return -1;
}

int
jack_set_sample_rate_callback(void *c, int (*f)(uint32_t, void *),
    void *a)
{
	return -1;
}

int
jack_set_xrun_callback(void *c, int (*f)(void *), void *a)
{
	return -1;
}
