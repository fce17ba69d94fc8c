/*
 * demo: vorleserd --demo reads a bundled German sample feed aloud with
 * no network at all, through the whole pipeline: the feed and its
 * article pages are fetched over HTTP like any other, from a tiny static
 * server that this module runs on 127.0.0.1 inside the daemon's own
 * event loop.  The server knows only the files of the demo folder, GET
 * and "Connection: close"; it exists to make the demo honest (the same
 * fetcher, parser, extractor and player a real feed gets), not to be a
 * web server.
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "defaults.h"
#include "demo.h"
#include "log.h"
#include "loop.h"
#include "player.h"
#include "queue.h"
#include "store.h"
#include "vorleser.h"

struct conn {
	struct demo	*d;
	int		 fd;
	struct buf	 in;
	struct buf	 out;
	LIST_ENTRY(conn) entry;
};

struct demo {
	struct vorleser	*v;
	int		 fd;		/* listening socket */
	int		 port;
	long		 check_timer;
	uint64_t	 started;
	int		 spoke;		/* a story was read to the end */
	int		 failed;	/* no sound output to read to */
	/* Open connections, closed by demo_free: libcurl keeps one alive
	 * after the last story, and valgrind found it leaked at exit. */
	LIST_HEAD(, conn) conns;
};

static void
conn_free(struct conn *c)
{
	LIST_REMOVE(c, entry);
	loop_fd_del(c->d->v->loop, c->fd);
	close(c->fd);
	buf_free(&c->in);
	buf_free(&c->out);
	free(c);
}

/* Reads a demo file with @DEMO_BASE@ replaced; -1 if there is none. */
static int
load_file(struct demo *d, const char *name, struct buf *body)
{
	char		 path[PATH_MAX + 256], base[64], *p, *at;
	FILE		*f;
	struct buf	 raw;
	int		 rc = -1;

	/* Only plain names of the folder: no slashes, no dot files. */
	if (name[0] == '\0' || name[0] == '.' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_.") !=
	    strlen(name))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", d->v->paths.demo_dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	buf_init(&raw, DEMO_MAX_FILE);
	if (buf_read_file(&raw, f) == -1 || raw.data == NULL)
		goto done;
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", d->port);
	for (p = raw.data; (at = strstr(p, "@DEMO_BASE@")) != NULL;
	    p = at + 11)
		if (buf_append(body, p, (size_t)(at - p)) == -1 ||
		    buf_puts(body, base) == -1)
			goto done;
	rc = buf_puts(body, p);
done:
	fclose(f);
	buf_free(&raw);
	return rc;
}

/* Answers one complete request. */
static void
respond(struct conn *c)
{
	char		 name[128], head[256];
	const char	*type, *status = "200 OK";
	struct buf	 body;

	buf_init(&body, DEMO_MAX_FILE * 2);
	if (sscanf(c->in.data, "GET /%127[^ ?] HTTP/1.", name) != 1 ||
	    load_file(c->d, name, &body) == -1) {
		status = "404 Not Found";
		buf_reset(&body);
		(void)buf_puts(&body, "not found\n");
	}
	type = strstr(name, ".xml") != NULL ?
	    "application/rss+xml; charset=utf-8" :
	    strstr(name, ".html") != NULL ? "text/html; charset=utf-8" :
	    "text/plain; charset=utf-8";
	snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n", status, type,
	    body.len);
	if (buf_puts(&c->out, head) == -1 ||
	    buf_append(&c->out, body.data, body.len) == -1)
		buf_reset(&c->out);
	buf_free(&body);
}

static void
conn_ready(int fd, int events, void *arg)
{
	struct conn	*c = arg;
	char		 tmp[2048];
	ssize_t		 n;

	if ((events & LOOP_READ) && c->out.len == 0) {
		n = read(fd, tmp, sizeof(tmp));
		if (n <= 0) {
			if (n == -1 && (errno == EAGAIN || errno == EINTR))
				return;
			conn_free(c);
			return;
		}
		if (buf_append(&c->in, tmp, (size_t)n) == -1) {
			conn_free(c);	/* not a request of ours */
			return;
		}
		if (strstr(c->in.data, "\r\n\r\n") == NULL)
			return;
		respond(c);
		(void)loop_fd_set(c->d->v->loop, fd, LOOP_WRITE);
	}
	if (c->out.len > 0) {
		n = write(fd, c->out.data, c->out.len);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			conn_free(c);
			return;
		}
		buf_consume(&c->out, (size_t)n);
		if (c->out.len == 0)
			conn_free(c);
	}
}

static void
accept_ready(int fd, int events, void *arg)
{
	struct demo	*d = arg;
	struct conn	*c;
	int		 cfd;

	if ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) ==
	    -1)
		return;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(cfd);
		return;
	}
	c->d = d;
	c->fd = cfd;
	buf_init(&c->in, 8192);
	buf_init(&c->out, DEMO_MAX_FILE * 2 + 512);
	if (loop_fd_add(d->v->loop, cfd, LOOP_READ, conn_ready, c) == -1) {
		close(cfd);
		buf_free(&c->in);
		buf_free(&c->out);
		free(c);
		return;
	}
	LIST_INSERT_HEAD(&d->conns, c, entry);
}

/* Ends the demo once every sample story has been read. */
static void
check_done(void *arg)
{
	struct demo		*d = arg;
	struct store_query	 q;
	struct player_status	 ps;
	int64_t			 unread = 1, spoken = 0;

	d->check_timer = loop_timer_add(d->v->loop, 500, check_done, d);
	if (loop_now_ms() - d->started > DEMO_MAX_MS) {
		log_warnx("demo: not finished after %d s; stopping",
		    DEMO_MAX_MS / 1000);
		loop_break(d->v->loop);
		return;
	}
	if (d->v->store == NULL || d->v->queue == NULL)
		return;
	memset(&q, 0, sizeof(q));
	q.state = STORE_UNREAD;
	(void)store_count_items(d->v->store, &q, &unread);
	q.state = ITEM_SPOKEN;
	(void)store_count_items(d->v->store, &q, &spoken);
	player_get_status(queue_player(d->v->queue), &ps);
	/* A demo nobody can hear is no demo: say why and stop. */
	if (strncmp(ps.audio, "unavailable", 11) == 0 &&
	    loop_now_ms() - d->started > DEMO_NO_AUDIO_MS) {
		log_warnx("demo: no sound output: %s; set audio.device in "
		    "vorleser.conf (see README: without a sound card)",
		    ps.audio);
		d->failed = 1;
		loop_break(d->v->loop);
		return;
	}
	if (unread == 0 && spoken > 0 && ps.state == PLAYER_IDLE) {
		log_info("demo: %lld stories read; done", (long long)spoken);
		loop_break(d->v->loop);
	}
}

struct demo *
demo_start(struct vorleser *v)
{
	struct demo		*d;
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	char			 path[PATH_MAX + 16];
	FILE			*f;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		log_warn("demo");
		return NULL;
	}
	d->v = v;
	d->started = loop_now_ms();
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((d->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1 ||
	    bind(d->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(d->fd, 16) == -1 ||
	    getsockname(d->fd, (struct sockaddr *)&sin, &len) == -1) {
		log_warn("demo: listen on 127.0.0.1");
		goto fail;
	}
	d->port = ntohs(sin.sin_port);
	if (loop_fd_add(v->loop, d->fd, LOOP_READ, accept_ready, d) == -1)
		goto fail;
	snprintf(path, sizeof(path), "%s/feeds", v->paths.config_dir);
	if ((f = fopen(path, "w")) == NULL) {
		log_warn("demo: %s", path);
		goto fail;
	}
	fprintf(f, "http://127.0.0.1:%d/feed.xml demo \"~vorleser Demo\"\n",
	    d->port);
	if (fclose(f) == EOF) {
		log_warn("demo: %s", path);
		goto fail;
	}
	/* The samples are old: every one of them counts as new here. */
	v->cfg.feeds_backlog = DEMO_BACKLOG;
	v->cfg.feeds_backlog_max = 100;
	v->cfg.speech_autoplay = 1;
	d->check_timer = loop_timer_add(v->loop, 500, check_done, d);
	log_info("demo: serving %s on http://127.0.0.1:%d/",
	    v->paths.demo_dir, d->port);
	return d;
fail:
	demo_free(d);
	return NULL;
}

void
demo_free(struct demo *d)
{
	if (d == NULL)
		return;
	while (!LIST_EMPTY(&d->conns))
		conn_free(LIST_FIRST(&d->conns));
	if (d->fd != -1) {
		loop_fd_del(d->v->loop, d->fd);
		close(d->fd);
	}
	loop_timer_cancel(d->v->loop, d->check_timer);
	free(d);
}

int
demo_failed(const struct demo *d)
{
	return d != NULL && d->failed;
}
