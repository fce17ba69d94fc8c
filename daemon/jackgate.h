/* Skips PortAudio's JACK probe when no JACK server could answer it. */
#ifndef JACKGATE_H
#define JACKGATE_H

#include <sys/types.h>

/* Where JACK servers put their sockets (fixed in JACK1 and JACK2). */
#define JACKGATE_DIR	"/dev/shm"

/*
 * Whether a JACK server named server (NULL: $JACK_DEFAULT_SERVER, else
 * "default") of user uid has its socket in dir (JACKGATE_DIR): JACK2's
 * dir/jack_<server>_<uid>_0, or JACK1's folder dir/jack-<uid>/<server>.
 * 1 if so, else 0.
 */
int	jackgate_server_present(const char *dir, const char *server, uid_t uid);

/*
 * Called before PortAudio is first loaded.  When no JACK server could
 * answer (no socket, no JACK environment, no PipeWire), loads the stub
 * libjack built from daemon/nojack/ (NOJACK_REL beside the executable,
 * else PKGLIBDIR), which then stands in for PortAudio's libjack.  Only
 * the first call does anything.  1 if the stub is loaded, else 0 (the
 * real libjack will be; not an error).
 */
int	jackgate_preload(void);

/* How many JACK client opens were answered "no server" without libjack. */
unsigned	jackgate_skipped(void);

/*
 * The gate itself is jack_client_open(), with libjack's signature,
 * exported by vorleserd (config.mk: -Wl,--export-dynamic-symbol): see
 * jackgate.c.
 */

#endif
