/* The service manager: sd_notify messages and socket activation. */
#ifndef SD_H
#define SD_H

#include <sys/types.h>

struct loop;
struct sd;

/*
 * Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID and unsets them, so
 * no child inherits them.  When a watchdog is asked for (and WATCHDOG_PID
 * is ours or unset), a loop timer sends WATCHDOG=1 at half the interval.
 * Without a service manager the object exists and every call on it does
 * nothing.  Returns NULL when out of memory or out of loop timers
 * (logged).  Like sd_listen_socket(), call it before any thread starts:
 * changing the environment is not thread-safe.
 */
struct sd	*sd_new(struct loop *);
void		 sd_free(struct sd *);	/* accepts NULL */

/*
 * State changes for the service manager.  Each is a no-op on NULL or
 * without NOTIFY_SOCKET.  sd_reloading() must be followed by sd_ready()
 * once the reload is done (successful or not), as systemd expects.
 */
void	sd_ready(struct sd *);
void	sd_reloading(struct sd *);
void	sd_stopping(struct sd *);

/*
 * Sets the one-line status `systemctl status` shows ("3 new stories,
 * speaking").  Line breaks become spaces and the text is cut at
 * SD_STATUS_MAX bytes.  Cheap to call on every state change: a text equal
 * to the last one is dropped, and at most one STATUS= is sent per
 * SD_STATUS_INTERVAL_MS; the latest text of a burst is sent when the
 * interval is over.
 */
void	sd_status(struct sd *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Is a watchdog in use?  Returns its ping interval in ms, or 0. */
unsigned long	sd_watchdog_ms(const struct sd *);

/*
 * Socket activation: takes the control socket from LISTEN_FDS,
 * LISTEN_PID and LISTEN_FDNAMES and unsets the three.  The socket named
 * SD_FDNAME ("control") is taken, or the only one when there is one fd.
 * Other passed fds are closed.  Returns the fd (non-blocking is left to
 * the caller), 0 when the manager passed nothing for this process, -1
 * when what was passed is unusable (logged).
 */
int	sd_listen_socket(void);

/*
 * The pure part of sd_listen_socket(), for the unit test: picks the
 * control socket out of the variables' values (each may be NULL).  Sets
 * *nfds to the number of fds passed (0 when they are not for pid self).
 * Returns the fd number, 0 when nothing was passed for self, -1 when the
 * values are malformed or no fd is the control socket (reason in *why).
 */
int	sd_listen_pick(const char *listen_pid, const char *listen_fds,
	    const char *listen_fdnames, pid_t self, int *nfds,
	    const char **why);

#endif
