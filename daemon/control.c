/*
 * control: the Unix control socket.  It accepts clients, checks their
 * uid, splits their input into lines, hands each line to commands_run(),
 * and writes the replies back without ever blocking.
 *
 * It does not know what any command means (commands.c does).  Each client
 * has a bounded input buffer (one line, MAX_LINE) and a bounded output
 * queue (MAX_CLIENT_OUTPUT).  A line that is too long gets an ERR and is
 * discarded up to the next newline; a client whose output queue overflows
 * because it does not read is disconnected, so no client can make the
 * daemon block or grow without bound.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "commands.h"
#include "control.h"
#include "defaults.h"
#include "log.h"
#include "loop.h"
#include "paths.h"

struct client {
	struct control	*ctl;
	int		 fd;
	struct buf	 in;		/* partial line */
	struct buf	 out;		/* queued reply bytes */
	int		 discarding;	/* dropping an over-long line */
	int		 closing;	/* close once out is written */
	int		 dead;		/* drop at the next chance */
	int		 err_code;	/* error of the running command */
	char		 err_msg[512];
	uint64_t	 last_active;	/* loop_now_ms() of the last input */
	unsigned	 pending;	/* topics changed since the last idle */
	unsigned	 idle_mask;	/* waiting in idle for these; 0: not */
	unsigned	 watch_mask;	/* pushing events of these */
	int		 batching;	/* between begin and end */
	struct buf	 batch;		/* the batch's lines, NUL-separated */
	int		 nbatch;
	int		 batch_err;	/* the batch broke a limit */
};

struct control {
	struct vorleser	*v;
	struct loop	*loop;
	int		 fd;		/* listening socket */
	char		 path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int		 own_path;	/* we made the file; remove it */
	struct client	*clients[MAX_CLIENTS_LIMIT];
	int		 max_clients;	/* daemon.max-clients */
	int		 nclients;
	long		 idle_timer;
	long		 flush_timer;	/* pending flush_all() */
};

static void	client_ready(int, int, void *);
static void	client_drop(struct client *);
static int	evict(struct control *);
static void	idle_check(void *);
static int	flush(struct client *);

struct control *
control_new(struct vorleser *v, struct loop *loop)
{
	struct control	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("control");
		return NULL;
	}
	c->v = v;
	c->loop = loop;
	c->fd = -1;
	c->max_clients = MAX_CLIENTS;
	return c;
}

void
control_set_max_clients(struct control *c, int n)
{
	c->max_clients = n < 1 ? 1 : n > MAX_CLIENTS_LIMIT ?
	    MAX_CLIENTS_LIMIT : n;
}

/*
 * Makes room for a new client when all slots are taken, so that clients
 * that misbehave cannot lock the user out: first one that is dropping an
 * over-long line or has half its output unread, else the one silent the
 * longest that is not waiting in idle or watching.  -1 when every
 * client is busy and well-behaved: then the newcomer is refused.
 */
static int
evict(struct control *c)
{
	struct client	*cl, *victim = NULL;
	int		 i;

	for (i = 0; i < MAX_CLIENTS_LIMIT; i++) {
		if ((cl = c->clients[i]) == NULL)
			continue;
		if (cl->dead || cl->discarding ||
		    cl->out.len >= CLIENT_OUTPUT_HIGH) {
			victim = cl;
			break;
		}
		if (cl->idle_mask != 0 || cl->watch_mask != 0)
			continue;
		if (victim == NULL || cl->last_active < victim->last_active)
			victim = cl;
	}
	if (victim == NULL)
		return -1;
	log_info("control: %d clients connected, dropping the least "
	    "active one", c->nclients);
	client_drop(victim);
	return 0;
}

static void
set_nonblock(int fd)
{
	int	fl;

	if ((fl = fcntl(fd, F_GETFL)) != -1)
		(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Greets or refuses one new connection. */
static struct client *
accept_one(struct control *c, int fd)
{
	struct client	*cl;
	struct ucred	 cred;
	socklen_t	 len = sizeof(cred);
	const char	*refuse = NULL;
	int		 i;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
		log_warn("control: SO_PEERCRED");
		refuse = "ERR 500 cannot check credentials\n";
	} else if (cred.uid != getuid() && cred.uid != 0) {
		log_info("control: refused uid %u (pid %d)",
		    (unsigned)cred.uid, (int)cred.pid);
		refuse = "ERR 403 permission denied: only the daemon's user "
		    "may connect\n";
	} else if (c->nclients >= c->max_clients && evict(c) == -1)
		refuse = "ERR 409 too many clients\n";
	if (refuse != NULL) {
		/* Best effort: the socket buffer is empty, this fits. */
		(void)write(fd, refuse, strlen(refuse));
		close(fd);
		return NULL;
	}
	if ((cl = calloc(1, sizeof(*cl))) == NULL) {
		log_warn("control");
		close(fd);
		return NULL;
	}
	cl->ctl = c;
	cl->fd = fd;
	buf_init(&cl->in, MAX_LINE + CLIENT_READ_CHUNK);
	buf_init(&cl->out, MAX_CLIENT_OUTPUT);
	buf_init(&cl->batch, MAX_BATCH_BYTES);
	cl->last_active = loop_now_ms();
	if (loop_fd_add(c->loop, fd, LOOP_READ, client_ready, cl) == -1) {
		close(fd);
		free(cl);
		return NULL;
	}
	for (i = 0; i < MAX_CLIENTS_LIMIT; i++)
		if (c->clients[i] == NULL) {
			c->clients[i] = cl;
			break;
		}
	c->nclients++;
	if (c->idle_timer <= 0)
		c->idle_timer = loop_timer_add(c->loop,
		    CLIENT_IDLE_TIMEOUT_MS / 4, idle_check, c);
	log_debug("control: client on fd %d, %d connected", fd, c->nclients);
	control_line(cl, "OK vorleser %s", PROTOCOL_VERSION);
	if (flush(cl) == -1)
		cl->dead = 1;
	return cl;
}

struct client *
control_attach(struct control *c, int fd)
{
	return accept_one(c, fd);
}

void
control_detach(struct client *cl)
{
	client_drop(cl);
}

size_t
control_pending_output(const struct client *cl)
{
	return cl->out.len;
}

void
control_discard_output(struct client *cl)
{
	buf_reset(&cl->out);
}

static void
listener_ready(int fd, int events, void *arg)
{
	struct control	*c = arg;
	int		 cfd, n;

	/* Accept a bounded number per pass so one flood cannot starve
	 * everything else. */
	for (n = 0; n < 16; n++) {
		cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_warn("control: accept");
			return;
		}
		(void)accept_one(c, cfd);
	}
}

/* Drops clients that have been silent for too long. */
static void
idle_check(void *arg)
{
	struct control	*c = arg;
	uint64_t	 now = loop_now_ms();
	int		 i;

	/* No clients, no timer: an idle daemon wakes only for its work. */
	c->idle_timer = c->nclients == 0 ? 0 : loop_timer_add(c->loop,
	    CLIENT_IDLE_TIMEOUT_MS / 4, idle_check, c);
	/* Clients waiting in idle or watching are quiet by design. */
	for (i = 0; i < MAX_CLIENTS_LIMIT; i++)
		if (c->clients[i] != NULL && c->clients[i]->idle_mask == 0 &&
		    c->clients[i]->watch_mask == 0 &&
		    now - c->clients[i]->last_active > CLIENT_IDLE_TIMEOUT_MS)
			client_drop(c->clients[i]);
}

static int
start_listening(struct control *c, int fd)
{
	c->fd = fd;
	if (loop_fd_add(c->loop, fd, LOOP_READ, listener_ready, c) == -1)
		return -1;
	return 0;
}

int
control_adopt(struct control *c, int fd)
{
	set_nonblock(fd);
	return start_listening(c, fd);
}

int
control_listen(struct control *c, const char *path)
{
	struct sockaddr_un	 sun;
	char			 dir[sizeof(sun.sun_path)], *slash;
	int			 fd = -1, probe;
	mode_t			 old;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_warnx("control: socket path too long (%zu bytes, at most "
		    "%zu): %s", strlen(path), sizeof(sun.sun_path) - 1, path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	memcpy(dir, path, strlen(path) + 1);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (paths_mkdir(dir, 0700) == -1)
			return -1;
	}

	/* A socket file nobody answers on is left over from a crash. */
	if ((probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) != -1) {
		if (connect(probe, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
			close(probe);
			log_warnx("control: %s: another vorleserd is "
			    "listening there", path);
			return -1;
		}
		close(probe);
	}
	(void)unlink(path);

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1) {
		log_warn("control: socket");
		return -1;
	}
	old = umask(0077);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		umask(old);
		log_warn("control: bind %s", path);
		goto fail;
	}
	umask(old);
	if (chmod(path, 0600) == -1) {
		log_warn("control: chmod %s", path);
		goto fail;
	}
	if (listen(fd, 16) == -1) {
		log_warn("control: listen");
		goto fail;
	}
	memcpy(c->path, path, strlen(path) + 1);
	c->own_path = 1;
	if (start_listening(c, fd) == -1)
		goto fail;
	log_debug("control: listening on %s", path);
	return 0;
fail:
	close(fd);
	c->fd = -1;
	return -1;
}

static void
client_free(struct client *cl)
{
	struct control	*c = cl->ctl;
	int		 i;

	loop_fd_del(c->loop, cl->fd);
	close(cl->fd);
	for (i = 0; i < MAX_CLIENTS_LIMIT; i++)
		if (c->clients[i] == cl) {
			c->clients[i] = NULL;
			break;
		}
	c->nclients--;
	buf_free(&cl->in);
	buf_free(&cl->out);
	buf_free(&cl->batch);
	free(cl);
}

static void
client_drop(struct client *cl)
{
	client_free(cl);
}

void
control_free(struct control *c)
{
	int	i;

	if (c == NULL)
		return;
	for (i = 0; i < MAX_CLIENTS_LIMIT; i++)
		if (c->clients[i] != NULL)
			client_free(c->clients[i]);
	if (c->fd != -1) {
		loop_fd_del(c->loop, c->fd);
		close(c->fd);
	}
	loop_timer_cancel(c->loop, c->idle_timer);
	loop_timer_cancel(c->loop, c->flush_timer);
	if (c->own_path)
		(void)unlink(c->path);
	free(c);
}

int
control_nclients(const struct control *c)
{
	return c->nclients;
}

/* Appends formatted text; on overflow marks the client dead. */
static void
append(struct client *cl, const char *fmt, va_list ap)
{
	char	 small[1024], *p = small, *s;
	int	 n;
	va_list	 ap2;

	if (cl->dead)
		return;
	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		if ((p = malloc((size_t)n + 1)) == NULL) {
			cl->dead = 1;
			return;
		}
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	}
	/* No value may break the line protocol. */
	for (s = p; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
	if (buf_append(&cl->out, p, (size_t)n) == -1) {
		log_info("control: client output over %d bytes, dropping it",
		    MAX_CLIENT_OUTPUT);
		cl->dead = 1;
	}
	if (p != small)
		free(p);
}

void
control_kv(struct client *cl, const char *key, const char *fmt, ...)
{
	va_list	ap;

	if (cl->dead)
		return;
	if (buf_puts(&cl->out, key) == -1 || buf_puts(&cl->out, ": ") == -1) {
		cl->dead = 1;
		return;
	}
	va_start(ap, fmt);
	append(cl, fmt, ap);
	va_end(ap);
	if (!cl->dead && buf_putc(&cl->out, '\n') == -1)
		cl->dead = 1;
}

void
control_line(struct client *cl, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	append(cl, fmt, ap);
	va_end(ap);
	if (!cl->dead && buf_putc(&cl->out, '\n') == -1)
		cl->dead = 1;
}

int
control_err(struct client *cl, int code, const char *fmt, ...)
{
	va_list	ap;

	cl->err_code = code;
	va_start(ap, fmt);
	vsnprintf(cl->err_msg, sizeof(cl->err_msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
control_close_after_reply(struct client *cl)
{
	cl->closing = 1;
}

size_t
control_reply_mark(struct client *cl)
{
	return cl->out.len;
}

void
control_reply_rewind(struct client *cl, size_t mark)
{
	if (mark < cl->out.len) {
		cl->out.len = mark;
		if (cl->out.data != NULL)
			cl->out.data[mark] = '\0';
	}
}

const char *
control_err_text(struct client *cl, int *code)
{
	if (cl->err_code == 0)
		return NULL;
	*code = cl->err_code;
	return cl->err_msg;
}

void
control_err_clear(struct client *cl)
{
	cl->err_code = 0;
	cl->err_msg[0] = '\0';
}

/* Writes what the socket takes; returns -1 when the client is gone. */
static int
flush(struct client *cl)
{
	ssize_t	n;

	while (cl->out.len > 0) {
		n = write(cl->fd, cl->out.data, cl->out.len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -1;
		}
		buf_consume(&cl->out, (size_t)n);
	}
	return 0;
}

/* Collects one line of a batch, or runs the batch at "end". */
static void
batch_line(struct client *cl, char *line)
{
	char	*lines[MAX_BATCH], *p;
	int	 i;

	if (strcmp(line, "end") != 0) {
		if (cl->batch_err)
			return;
		if (cl->nbatch == MAX_BATCH ||
		    buf_append(&cl->batch, line, strlen(line) + 1) == -1)
			cl->batch_err = 1;
		else
			cl->nbatch++;
		return;
	}
	if (cl->batch_err)
		control_line(cl, "ERR %d batch: more than %d commands or %d "
		    "bytes", ERR_ARG, MAX_BATCH, MAX_BATCH_BYTES);
	else {
		for (i = 0, p = cl->batch.data; i < cl->nbatch; i++) {
			lines[i] = p;
			p += strlen(p) + 1;
		}
		commands_run_batch(cl->ctl->v, cl, lines, cl->nbatch);
	}
	cl->batching = 0;
	cl->batch_err = 0;
	cl->nbatch = 0;
	buf_reset(&cl->batch);
}

/*
 * Runs the complete lines in the input buffer, as long as the client
 * reads its replies: past CLIENT_OUTPUT_HIGH queued bytes it waits, and
 * so does its socket (backpressure instead of memory).
 */
static void
run_lines(struct client *cl)
{
	char	*nl, *line;
	size_t	 len;

	while (!cl->dead && !cl->closing &&
	    cl->out.len < CLIENT_OUTPUT_HIGH) {
		if ((nl = memchr(cl->in.data, '\n', cl->in.len)) == NULL) {
			if (cl->in.len >= MAX_LINE) {
				buf_reset(&cl->in);
				cl->discarding = 1;
				control_line(cl, "ERR %d line too long (more "
				    "than %d bytes)", ERR_ARG, MAX_LINE);
			}
			return;
		}
		*nl = '\0';
		len = (size_t)(nl - cl->in.data);
		line = cl->in.data;
		if (len + 1 > MAX_LINE) {
			control_line(cl, "ERR %d line too long (more than %d "
			    "bytes)", ERR_ARG, MAX_LINE);
			buf_consume(&cl->in, len + 1);
			continue;
		}
		if (len > 0 && line[len - 1] == '\r')
			line[len - 1] = '\0';
		if (cl->idle_mask != 0) {
			/* Any line ends the wait; noidle only that. */
			cl->idle_mask = 0;
			control_line(cl, "OK");
			if (strcmp(line, "noidle") == 0) {
				buf_consume(&cl->in, len + 1);
				continue;
			}
		}
		if (cl->batching)
			batch_line(cl, line);
		else
			commands_run(cl->ctl->v, cl, line);
		buf_consume(&cl->in, len + 1);
	}
}

/* Bytes of input the client can take now (0 while it is blocked). */
static size_t
input_room(const struct client *cl)
{
	if (cl->dead || cl->closing || cl->out.len >= CLIENT_OUTPUT_HIGH)
		return 0;
	return cl->in.max - cl->in.len;
}

size_t
control_input(struct client *cl, const char *data, size_t n)
{
	const char	*nl;
	size_t		 used = 0, take;

	cl->last_active = loop_now_ms();
	while (used < n) {
		if (cl->discarding) {
			/* The rest of an over-long line. */
			if ((nl = memchr(data + used, '\n', n - used)) == NULL)
				return n;
			used = (size_t)(nl - data) + 1;
			cl->discarding = 0;
			continue;
		}
		if ((take = input_room(cl)) == 0)
			break;
		if (take > n - used)
			take = n - used;
		(void)buf_append(&cl->in, data + used, take);
		used += take;
		run_lines(cl);
	}
	return used;
}

static void
read_input(struct client *cl)
{
	char	 tmp[CLIENT_READ_CHUNK];
	size_t	 room;
	ssize_t	 n;
	int	 rounds;

	/* A bounded number of reads per wake-up, so that a client that
	 * floods the socket cannot starve the others. */
	for (rounds = 0; rounds < 4; rounds++) {
		if ((room = input_room(cl)) == 0 && !cl->discarding)
			return;
		if (room == 0 || room > sizeof(tmp))
			room = sizeof(tmp);
		n = read(cl->fd, tmp, room);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				cl->dead = 1;
			return;
		}
		if (n == 0) {
			cl->dead = 1;	/* EOF; replies so far are dropped */
			return;
		}
		/* room was checked: everything read is taken. */
		(void)control_input(cl, tmp, (size_t)n);
		if (cl->out.len > 0 && flush(cl) == -1)
			cl->dead = 1;
	}
}

static void
client_ready(int fd, int events, void *arg)
{
	struct client	*cl = arg;
	int		 mask = 0;

	if (events & LOOP_READ)
		read_input(cl);
	if (!cl->dead && cl->out.len > 0 && flush(cl) == -1)
		cl->dead = 1;
	/* Lines held back while the client did not read. */
	if (!cl->dead && cl->in.len > 0 && cl->out.len < CLIENT_OUTPUT_HIGH) {
		run_lines(cl);
		if (cl->out.len > 0 && flush(cl) == -1)
			cl->dead = 1;
	}
	if (cl->dead || (cl->closing && cl->out.len == 0)) {
		client_drop(cl);
		return;
	}
	if (input_room(cl) > 0)
		mask |= LOOP_READ;
	if (cl->out.len > 0)
		mask |= LOOP_WRITE;
	(void)loop_fd_set(cl->ctl->loop, cl->fd, mask);
}

static const char *const topic_names[NTOPICS] = {
	"player", "speech", "queue", "feeds", "articles", "options", "error",
	"word"
};

const char *
control_topic_name(int topic)
{
	return topic >= 0 && topic < NTOPICS ? topic_names[topic] : "?";
}

int
control_topic_mask(int argc, char **argv, unsigned *mask)
{
	int	i, t;

	*mask = 0;
	for (i = 0; i < argc; i++) {
		for (t = 0; t < NTOPICS; t++)
			if (strcmp(argv[i], topic_names[t]) == 0)
				break;
		if (t == NTOPICS)
			return -1;
		*mask |= 1u << t;
	}
	if (*mask == 0)
		*mask = TOPIC_ALL;
	return 0;
}

/* Answers an idle client with the changed topics it waits for. */
static void
idle_answer(struct client *cl)
{
	unsigned	hit = cl->pending & cl->idle_mask;
	int		t;

	if (hit == 0)
		return;
	for (t = 0; t < NTOPICS; t++)
		if (hit & (1u << t))
			control_line(cl, "changed: %s", topic_names[t]);
	control_line(cl, "OK");
	cl->pending &= ~hit;
	cl->idle_mask = 0;
}

void
control_idle(struct client *cl, unsigned mask)
{
	cl->idle_mask = mask;
	idle_answer(cl);
}

int
control_noidle(struct client *cl)
{
	/* Reached only when not idle: run_lines() ends an idle wait. */
	return -1;
}

void
control_watch(struct client *cl, unsigned mask)
{
	cl->watch_mask = mask;
}

int
control_unwatch(struct client *cl)
{
	if (cl->watch_mask == 0)
		return -1;
	cl->watch_mask = 0;
	return 0;
}

void
control_batch_begin(struct client *cl)
{
	cl->batching = 1;
	cl->nbatch = 0;
	cl->batch_err = 0;
	buf_reset(&cl->batch);
}

/* Writes every client's queued output; drops the dead.  Runs from a
 * timer, outside any client's own callback. */
static void
flush_all(void *arg)
{
	struct control	*c = arg;
	struct client	*cl;
	int		 i;

	c->flush_timer = 0;
	for (i = 0; i < MAX_CLIENTS_LIMIT; i++) {
		if ((cl = c->clients[i]) == NULL)
			continue;
		if (!cl->dead && cl->out.len > 0 && flush(cl) == -1)
			cl->dead = 1;
		if (cl->dead) {
			client_drop(cl);
			continue;
		}
		(void)loop_fd_set(c->loop, cl->fd,
		    (input_room(cl) > 0 ? LOOP_READ : 0) |
		    (cl->out.len > 0 ? LOOP_WRITE : 0));
	}
}

void
control_event(struct control *c, int topic, const char *name,
    const char *args, ...)
{
	struct client	*cl;
	char		 text[1024] = "";
	va_list		 ap;
	unsigned	 bit = 1u << topic;
	int		 i, any = 0;

	if (c == NULL || topic < 0 || topic >= NTOPICS)
		return;
	if (args != NULL) {
		va_start(ap, args);
		vsnprintf(text, sizeof(text), args, ap);
		va_end(ap);
	}
	for (i = 0; i < MAX_CLIENTS_LIMIT; i++) {
		if ((cl = c->clients[i]) == NULL || cl->dead)
			continue;
		cl->pending |= bit;
		if (cl->idle_mask & bit) {
			idle_answer(cl);
			any = 1;
		}
		if (cl->watch_mask & bit) {
			control_line(cl, "EVENT %s %s%s%s", topic_names[topic],
			    name, text[0] ? " " : "", text);
			any = 1;
		}
	}
	if (any && c->flush_timer == 0)
		c->flush_timer = loop_timer_add(c->loop, 0, flush_all, c);
}
