/*
 * sd: the two small protocols a service manager speaks with the daemon,
 * written here instead of linking libsystemd for four messages.
 *
 * Notification: datagrams of "KEY=value" lines sent to the unix socket
 * named by $NOTIFY_SOCKET (a path, or "@name" for an abstract socket).
 * READY=1 once the daemon serves, RELOADING=1 and READY=1 around a
 * reload, STOPPING=1 at shutdown, STATUS= for `systemctl status`, and
 * WATCHDOG=1 from a loop timer, so a wedged loop stops the pings and the
 * manager restarts us.  Sends never block: a full manager queue drops
 * one message rather than stall the loop.
 *
 * Socket activation: $LISTEN_FDS sockets start at fd 3, are named by
 * $LISTEN_FDNAMES, and are ours only when $LISTEN_PID is our pid.
 *
 * Without a service manager every function here does nothing.  This
 * module knows nothing of the daemon's state; main.c and the modules
 * that change state decide what to report.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "defaults.h"
#include "log.h"
#include "loop.h"
#include "sd.h"

#define LISTEN_FDS_START	3	/* fixed by the protocol */

struct sd {
	struct loop		*loop;
	int			 fd;		/* -1: no service manager */
	struct sockaddr_un	 addr;
	socklen_t		 addrlen;
	int			 warned;	/* a send failed and was logged */
	unsigned long		 watchdog_ms;	/* ping interval, 0: none */
	long			 watchdog_timer;
	char			 sent[SD_STATUS_MAX];	/* last STATUS= sent */
	char			 pending[SD_STATUS_MAX];
	int			 has_sent;
	int			 has_pending;
	uint64_t		 sent_ms;	/* loop_now_ms() of that send */
	long			 status_timer;	/* 0: none armed */
};

/* Sends one message; failures are logged once, then only in debug. */
static void
notify(struct sd *sd, const char *msg)
{
	if (sd == NULL || sd->fd == -1)
		return;
	if (sendto(sd->fd, msg, strlen(msg), MSG_DONTWAIT | MSG_NOSIGNAL,
	    (struct sockaddr *)&sd->addr, sd->addrlen) == -1) {
		if (!sd->warned)
			log_warn("sd: notify %.*s", (int)strcspn(msg, "\n"),
			    msg);
		else
			log_debug("sd: notify failed: %s", strerror(errno));
		sd->warned = 1;
	}
}

/* Parses a decimal number that must make up all of s. */
static int
parse_ulong(const char *s, unsigned long long *out)
{
	char	*end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	return 0;
}

static int
set_address(struct sd *sd, const char *name)
{
	size_t	len = strlen(name);

	memset(&sd->addr, 0, sizeof(sd->addr));
	sd->addr.sun_family = AF_UNIX;
	if ((name[0] != '/' && name[0] != '@') || len < 2 ||
	    len >= sizeof(sd->addr.sun_path)) {
		log_warnx("sd: NOTIFY_SOCKET '%s' is not a unix socket path "
		    "or @name; not notifying the service manager", name);
		return -1;
	}
	memcpy(sd->addr.sun_path, name, len);
	/* An abstract name starts with a NUL and has no terminator; its
	 * length is part of the name. */
	if (name[0] == '@') {
		sd->addr.sun_path[0] = '\0';
		sd->addrlen = (socklen_t)(offsetof(struct sockaddr_un,
		    sun_path) + len);
	} else
		sd->addrlen = (socklen_t)(offsetof(struct sockaddr_un,
		    sun_path) + len + 1);
	return 0;
}

static void
watchdog_tick(void *arg)
{
	struct sd	*sd = arg;

	notify(sd, "WATCHDOG=1");
	/* A full timer table (logged by the loop) ends the pings, and the
	 * manager restarts us: better than a daemon that cannot time. */
	sd->watchdog_timer = loop_timer_add(sd->loop, sd->watchdog_ms,
	    watchdog_tick, sd);
}

/* The watchdog interval from WATCHDOG_USEC/WATCHDOG_PID, or 0. */
static unsigned long
watchdog_interval(void)
{
	unsigned long long	usec, pid;
	const char		*s;

	if ((s = getenv("WATCHDOG_USEC")) == NULL)
		return 0;
	if (parse_ulong(s, &usec) == -1 || usec == 0) {
		log_warnx("sd: ignoring bad WATCHDOG_USEC '%s'", s);
		return 0;
	}
	/* Set, it names the process meant; a child of ours must not ping
	 * in our name, nor we in a parent's. */
	if ((s = getenv("WATCHDOG_PID")) != NULL &&
	    (parse_ulong(s, &pid) == -1 || pid != (unsigned long long)getpid()))
		return 0;
	/* Half the timeout, as sd_watchdog_enabled(3) advises: one late
	 * pass of the loop must not cost a restart. */
	usec /= 2;
	return usec < 1000 ? 1 : (unsigned long)(usec / 1000);
}

struct sd *
sd_new(struct loop *loop)
{
	struct sd	*sd;
	const char	*name;

	if ((sd = calloc(1, sizeof(*sd))) == NULL) {
		log_warn("sd: calloc");
		return NULL;
	}
	sd->loop = loop;
	sd->fd = -1;
	name = getenv("NOTIFY_SOCKET");
	if (name != NULL && set_address(sd, name) == 0) {
		sd->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (sd->fd == -1)
			log_warn("sd: socket");
	}
	if (sd->fd != -1 && (sd->watchdog_ms = watchdog_interval()) > 0) {
		sd->watchdog_timer = loop_timer_add(loop, sd->watchdog_ms,
		    watchdog_tick, sd);
		if (sd->watchdog_timer == -1) {
			sd_free(sd);
			return NULL;	/* loop_timer_add logged */
		}
		log_debug("sd: watchdog ping every %lu ms", sd->watchdog_ms);
	}
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	return sd;
}

void
sd_free(struct sd *sd)
{
	if (sd == NULL)
		return;
	if (sd->watchdog_timer > 0)
		loop_timer_cancel(sd->loop, sd->watchdog_timer);
	if (sd->status_timer > 0)
		loop_timer_cancel(sd->loop, sd->status_timer);
	if (sd->fd != -1)
		close(sd->fd);
	free(sd);
}

unsigned long
sd_watchdog_ms(const struct sd *sd)
{
	return sd == NULL ? 0 : sd->watchdog_ms;
}

void
sd_ready(struct sd *sd)
{
	notify(sd, "READY=1");
}

void
sd_reloading(struct sd *sd)
{
	struct timespec	ts;
	char		msg[64];

	/* systemd 253 and later want the time the reload began, so they
	 * can tell this reload's READY=1 from an earlier one. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)ts.tv_sec * 1000000ULL +
	    (unsigned long long)ts.tv_nsec / 1000ULL);
	notify(sd, msg);
}

void
sd_stopping(struct sd *sd)
{
	notify(sd, "STOPPING=1\nSTATUS=stopping");
}

static void
status_send(struct sd *sd, const char *text)
{
	char	msg[SD_STATUS_MAX + 8];

	snprintf(msg, sizeof(msg), "STATUS=%s", text);
	notify(sd, msg);
	memcpy(sd->sent, text, sizeof(sd->sent));
	sd->has_sent = 1;
	sd->sent_ms = loop_now_ms();
}

static void
status_flush(void *arg)
{
	struct sd	*sd = arg;

	sd->status_timer = 0;
	if (sd->has_pending) {
		sd->has_pending = 0;
		status_send(sd, sd->pending);
	}
}

/* One line of printable text, not cut inside a UTF-8 sequence. */
static void
one_line(char *s)
{
	size_t	len, i, lead, want;

	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
	len = i;
	if (len < SD_STATUS_MAX - 1)
		return;
	/* Maybe truncated: drop a sequence the cut left incomplete. */
	lead = len;
	while (lead > 0 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead == 0 || ((unsigned char)s[lead - 1] & 0xc0) != 0xc0)
		return;
	lead--;
	want = ((unsigned char)s[lead] & 0xe0) == 0xc0 ? 2 :
	    ((unsigned char)s[lead] & 0xf0) == 0xe0 ? 3 : 4;
	if (len - lead < want)
		s[lead] = '\0';
}

void
sd_status(struct sd *sd, const char *fmt, ...)
{
	char		text[SD_STATUS_MAX];
	uint64_t	now;
	va_list		ap;

	if (sd == NULL || sd->fd == -1)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);	/* cutting is fine */
	va_end(ap);
	one_line(text);

	if (sd->has_pending) {
		/* A send is scheduled; it will carry the newest text. */
		if (strcmp(text, sd->sent) == 0) {
			sd->has_pending = 0;	/* changed back: nothing */
			return;
		}
		memcpy(sd->pending, text, sizeof(sd->pending));
		return;
	}
	if (sd->has_sent && strcmp(text, sd->sent) == 0)
		return;
	now = loop_now_ms();
	if (!sd->has_sent || now - sd->sent_ms >= SD_STATUS_INTERVAL_MS) {
		status_send(sd, text);
		return;
	}
	memcpy(sd->pending, text, sizeof(sd->pending));
	sd->has_pending = 1;
	if (sd->status_timer == 0) {
		sd->status_timer = loop_timer_add(sd->loop,
		    sd->sent_ms + SD_STATUS_INTERVAL_MS - now, status_flush, sd);
		if (sd->status_timer == -1) {
			/* Timer table full (logged): this text is lost;
			 * the next change is sent as usual. */
			sd->status_timer = 0;
			sd->has_pending = 0;
		}
	}
}

int
sd_listen_pick(const char *listen_pid, const char *listen_fds,
    const char *listen_fdnames, pid_t self, int *nfds, const char **why)
{
	unsigned long long	 pid, n;
	const char		*p, *colon;
	size_t			 len;
	int			 i, found = -1;

	*nfds = 0;
	if (listen_pid == NULL || listen_fds == NULL)
		return 0;
	if (parse_ulong(listen_pid, &pid) == -1) {
		*why = "LISTEN_PID is not a number";
		return -1;
	}
	if (pid != (unsigned long long)self)
		return 0;		/* meant for a parent of ours */
	if (parse_ulong(listen_fds, &n) == -1 || n > SD_MAX_LISTEN_FDS) {
		*why = "LISTEN_FDS is not a small number";
		return -1;
	}
	if (n == 0)
		return 0;
	*nfds = (int)n;
	if (listen_fdnames == NULL) {
		if (n == 1)
			return LISTEN_FDS_START;
		*why = "several sockets passed and none is named";
		return -1;
	}
	for (i = 0, p = listen_fdnames;; i++) {
		colon = strchr(p, ':');
		len = colon != NULL ? (size_t)(colon - p) : strlen(p);
		if (i < (int)n && found == -1 && len == strlen(SD_FDNAME) &&
		    strncmp(p, SD_FDNAME, len) == 0)
			found = i;
		if (colon == NULL)
			break;
		p = colon + 1;
	}
	if (i + 1 != (int)n) {
		*why = "LISTEN_FDNAMES does not name every socket";
		return -1;
	}
	if (found != -1)
		return LISTEN_FDS_START + found;
	/* One socket under another name (a unit without
	 * FileDescriptorName=, or systemd-socket-activate): take it. */
	if (n == 1)
		return LISTEN_FDS_START;
	*why = "no passed socket is named \"" SD_FDNAME "\"";
	return -1;
}

/* Is fd a listening unix stream socket? */
static int
usable(int fd)
{
	struct sockaddr_storage	ss;
	struct stat		st;
	socklen_t		len;
	int			val;

	if (fstat(fd, &st) == -1 || !S_ISSOCK(st.st_mode))
		return 0;
	len = sizeof(val);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &val, &len) == -1 ||
	    val != SOCK_STREAM)
		return 0;
	len = sizeof(val);
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &val, &len) == -1 ||
	    val != 1)
		return 0;
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    ss.ss_family != AF_UNIX)
		return 0;
	return 1;
}

int
sd_listen_socket(void)
{
	const char	*why = NULL;
	int		 fd, n, i;

	fd = sd_listen_pick(getenv("LISTEN_PID"), getenv("LISTEN_FDS"),
	    getenv("LISTEN_FDNAMES"), getpid(), &n, &why);
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (fd == -1) {
		log_warnx("sd: socket activation: %s", why);
		return -1;
	}
	for (i = LISTEN_FDS_START; i < LISTEN_FDS_START + n; i++) {
		if (i == fd) {
			if (fcntl(i, F_SETFD, FD_CLOEXEC) == -1)
				log_warn("sd: fcntl");
			continue;
		}
		log_warnx("sd: closing passed fd %d: not the control socket",
		    i);
		close(i);
	}
	if (fd > 0 && !usable(fd)) {
		log_warnx("sd: passed fd %d is not a listening unix stream "
		    "socket", fd);
		close(fd);
		return -1;
	}
	return fd;
}
