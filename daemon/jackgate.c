/*
 * jackgate: keeps PortAudio's JACK host API from setting up a JACK client
 * when no JACK server is there to answer.
 *
 * Pa_Initialize() probes every host API PortAudio was built with, on
 * every device open.  Debian's builds JACK in, and its probe calls
 * jack_client_open() with JackNoStartServer, which fails without a
 * running server, but only after libjack (JACK2) has started a message
 * thread and opened its Berkeley DB metadata environment in /dev/shm.
 * That probe, which cannot succeed, cost 1.6 MB of the daemon's peak RSS
 * while speaking (libdb's pages alone 1.3 MB) and most of Pa_Initialize's
 * 45-55 ms.
 *
 * vorleserd exports its own jack_client_open() (config.mk:
 * -Wl,--export-dynamic-symbol=jack_client_open).  The executable comes
 * first in the dynamic linker's lookup order, so PortAudio's call, loaded
 * later with dlopen, binds here.  It calls libjack's own function
 * whenever a server could answer: its socket is there, the libjack is
 * PipeWire's (which needs no socket of its own, and has no DB), or the
 * environment changes how libjack finds or starts a server
 * (JACK_START_SERVER, JACK_PROMISCUOUS_SERVER).  Otherwise it answers as
 * libjack would without a server: NULL, JackFailure | JackServerFailed.
 * Without the export the gate is never called and PortAudio probes as
 * before.
 *
 * Even a skipped probe leaves libjack loaded (PortAudio is linked
 * against it), and with it libstdc++ and Berkeley DB: 1.9 MB of resident
 * pages.  So before PortAudio is first loaded, jackgate_preload() loads a
 * libjack of ours that knows no server (daemon/nojack/libjack.c, same
 * soname) when no server could answer then; the dynamic linker takes it
 * for PortAudio's dependency.  That is decided once: a JACK server
 * started later is found after a restart of the daemon.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jackgate.h"
#include "log.h"

/* libjack's ABI (jack/types.h), stable since JACK 0.109; its headers are
 * not a build dependency for these few values. */
#define JACK_SONAME		"libjack.so.0"
#define JACK_SERVER_NAME	0x04	/* JackServerName: a char * follows */
#define JACK_LOAD_NAME		0x08	/* JackLoadName: a char * follows */
#define JACK_LOAD_INIT		0x10	/* JackLoadInit: a char * follows */
#define JACK_SESSION_ID		0x20	/* JackSessionID: a char * follows */
#define JACK_FAILURE		0x01	/* JackFailure */
#define JACK_SERVER_FAILED	0x10	/* JackServerFailed */

typedef void	*jack_open_fn(const char *, int, int *, ...);

/* Declared here, not in a header: it is libjack's function, not ours. */
void	*jack_client_open(const char *, int, int *, ...);

/* Where the stub libjack is looked for: beside the executable in a
 * source tree (the Makefile says where), else where `make install' put
 * it. */
#ifndef NOJACK_REL
#define NOJACK_REL	"build/nojack"
#endif
#ifndef PKGLIBDIR
#define PKGLIBDIR	"/usr/local/lib/vorleser"
#endif
#define NOJACK_FILE	"libjack.so.0"

static unsigned	 skipped;
static int	 preloaded;	/* jackgate_preload() ran */

int
jackgate_server_present(const char *dir, const char *server, uid_t uid)
{
	struct stat	 sb;
	char		 path[512];

	if (server == NULL && (server = getenv("JACK_DEFAULT_SERVER")) == NULL)
		server = "default";
	/* JACK2: the server's request socket. */
	if (snprintf(path, sizeof(path), "%s/jack_%s_%u_0", dir, server,
	    (unsigned)uid) < (int)sizeof(path) && stat(path, &sb) == 0)
		return 1;
	/* JACK1: the server's folder. */
	if (snprintf(path, sizeof(path), "%s/jack-%u/%s", dir, (unsigned)uid,
	    server) < (int)sizeof(path) && stat(path, &sb) == 0)
		return 1;
	return 0;
}

/* Whether a JACK server (NULL: the default one) could answer libjack:
 * the environment changes how it looks for or starts one, or the
 * server's socket is there.  The gate and the preload both ask this. */
static int
server_may_answer(const char *server)
{
	return getenv("JACK_START_SERVER") != NULL ||
	    getenv("JACK_PROMISCUOUS_SERVER") != NULL ||
	    jackgate_server_present(JACKGATE_DIR, server, getuid());
}

/* Whether PipeWire runs, whose libjack (if it is the one installed)
 * needs no socket of JACK's. */
static int
pipewire_runs(void)
{
	const char	*run;
	char		 path[512];
	struct stat	 sb;

	return (run = getenv("XDG_RUNTIME_DIR")) != NULL &&
	    snprintf(path, sizeof(path), "%s/pipewire-0", run) <
	    (int)sizeof(path) && stat(path, &sb) == 0;
}

int
jackgate_preload(void)
{
	char		 exe[512], path[2][600], *slash;
	ssize_t		 n;
	void		*h;
	size_t		 i;

	if (preloaded)
		return 0;
	preloaded = 1;
	if (server_may_answer(NULL) || pipewire_runs())
		return 0;
	/* Some library loaded the real one already: nothing to save. */
	if ((h = dlopen(JACK_SONAME, RTLD_LAZY | RTLD_NOLOAD)) != NULL) {
		dlclose(h);
		return 0;
	}
	/* The candidates: beside the executable, then installed; one
	 * that does not fit its buffer is left empty and skipped. */
	path[0][0] = '\0';
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			n = snprintf(path[0], sizeof(path[0]), "%s/%s/%s",
			    exe, NOJACK_REL, NOJACK_FILE);
			if (n < 0 || (size_t)n >= sizeof(path[0]))
				path[0][0] = '\0';
		}
	}
	n = snprintf(path[1], sizeof(path[1]), "%s/%s", PKGLIBDIR,
	    NOJACK_FILE);
	if (n < 0 || (size_t)n >= sizeof(path[1]))
		path[1][0] = '\0';
	for (i = 0; i < 2; i++) {
		if (path[i][0] == '\0' || access(path[i], R_OK) == -1)
			continue;
		if ((h = dlopen(path[i], RTLD_NOW | RTLD_LOCAL)) != NULL) {
			log_debug("jackgate: no JACK server: %s stands in "
			    "for libjack", path[i]);
			return 1;
		}
		log_debug("jackgate: %s: %s", path[i], dlerror());
	}
	return 0;
}

unsigned
jackgate_skipped(void)
{
	return skipped;
}

/* libjack's jack_client_open, if libjack is loaded (PortAudio loaded it);
 * sets *pipewire when that libjack is PipeWire's. */
static jack_open_fn *
real_open(int *pipewire)
{
	jack_open_fn	*fn;
	Dl_info		 info;
	void		*h, *sym;

	*pipewire = 0;
	if ((h = dlopen(JACK_SONAME, RTLD_LAZY | RTLD_NOLOAD)) == NULL)
		return NULL;
	/* Looked up in libjack's own tree: this file's function is not in
	 * it. */
	sym = dlsym(h, "jack_client_open");
	if (sym != NULL && dladdr(sym, &info) != 0 && info.dli_fname != NULL &&
	    strstr(info.dli_fname, "pipewire") != NULL)
		*pipewire = 1;
	/* NOLOAD took a reference of its own; PortAudio keeps libjack. */
	dlclose(h);
	*(void **)&fn = sym;
	return fn;
}

void *
jack_client_open(const char *name, int options, int *status, ...)
{
	jack_open_fn	*fn;
	va_list		 ap;
	const char	*server = NULL, *arg[4] = { NULL, NULL, NULL, NULL };
	int		 pipewire, n = 0, my_status;

	/* The variable arguments, in libjack's order: all char *. */
	va_start(ap, status);
	if (options & JACK_SERVER_NAME)
		server = arg[n++] = va_arg(ap, const char *);
	if (options & JACK_LOAD_NAME)
		arg[n++] = va_arg(ap, const char *);
	if (options & JACK_LOAD_INIT)
		arg[n++] = va_arg(ap, const char *);
	if (options & JACK_SESSION_ID)
		arg[n++] = va_arg(ap, const char *);
	va_end(ap);
	if (status == NULL)
		status = &my_status;

	if ((fn = real_open(&pipewire)) != NULL && (pipewire ||
	    server_may_answer(server)))
		/* Surplus arguments are harmless to a variadic function. */
		return fn(name, options, status, arg[0], arg[1], arg[2],
		    arg[3]);
	if (skipped++ == 0)
		log_debug("jackgate: no JACK server: PortAudio's JACK host "
		    "API skipped");
	*status = JACK_FAILURE | JACK_SERVER_FAILED;
	return NULL;
}
