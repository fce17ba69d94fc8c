/*
 * fetch against the tests' own HTTP server (tests/httpd.py), started here
 * on a free port on 127.0.0.1: conditional GET, cache hints, Retry-After,
 * redirects (permanent and not, to other schemes, loops), the body cap
 * after decompression, timeouts and the per-host cap.  Needs python3 and
 * the loopback interface, nothing else.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "fetch.h"
#include "log.h"
#include "loop.h"

static char	 dir[256];
static pid_t	 server = -1;
static int	 port;

struct got {
	int		 done;
	enum fetch_status status;
	long		 http;
	char		*body;
	size_t		 len;
	char		*etag, *lm, *moved, *final, *media, *charset, *error;
	long		 retry_after, max_age;
	int		 order;		/* 1 for the first to report, ... */
};

static struct loop	*loop;
static int		 pending;
static int		 reported;	/* results so far, for got.order */

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
got_clear(struct got *g)
{
	free(g->body);
	free(g->etag);
	free(g->lm);
	free(g->moved);
	free(g->final);
	free(g->media);
	free(g->charset);
	free(g->error);
	memset(g, 0, sizeof(*g));
}

static void
on_done(const struct fetch_result *r, void *arg)
{
	struct got	*g = arg;

	g->done++;
	g->order = ++reported;
	g->status = r->status;
	g->http = r->http_status;
	g->len = r->body->len;
	g->body = malloc(r->body->len + 1);
	memcpy(g->body, r->body->len ? r->body->data : "", r->body->len);
	g->body[r->body->len] = '\0';
	g->etag = dup_or_null(r->etag);
	g->lm = dup_or_null(r->last_modified);
	g->moved = dup_or_null(r->moved_url);
	g->final = dup_or_null(r->final_url);
	g->media = dup_or_null(r->media_type);
	g->charset = dup_or_null(r->charset);
	g->error = dup_or_null(r->error);
	g->retry_after = r->retry_after;
	g->max_age = r->max_age;
	if (--pending == 0)
		loop_break(loop);
}

static void
on_deadline(void *arg)
{
	int	*expired = arg;

	*expired = 1;
	loop_break(loop);
}

/* Runs the loop until every started request reported, or 30 s. */
static int
run(void)
{
	int	expired = 0;
	long	t;

	t = loop_timer_add(loop, 30000, on_deadline, &expired);
	if (pending > 0)
		loop_run(loop);
	loop_timer_cancel(loop, t);
	CHECK(!expired, "requests finished before the deadline");
	return expired ? -1 : 0;
}

static void
url(char *out, size_t size, const char *host, const char *path)
{
	snprintf(out, size, "http://%s:%d%s", host, port, path);
}

static long
get(struct fetch *f, const char *host, const char *path, const char *etag,
    const char *lm, struct got *g)
{
	struct fetch_request	req;
	char			u[512];
	long			id;

	url(u, sizeof(u), host, path);
	memset(&req, 0, sizeof(req));
	req.url = u;
	req.etag = etag;
	req.last_modified = lm;
	id = fetch_start(f, &req, on_done, g);
	if (id > 0)
		pending++;
	return id;
}

static void
write_file(const char *name, const char *text)
{
	char	path[512];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, fp);
	fclose(fp);
}

static void
start_server(void)
{
	char	portfile[300], rules[300], root[300], buf[32];
	FILE	*fp;
	int	i;

	snprintf(portfile, sizeof(portfile), "%s/port", dir);
	snprintf(rules, sizeof(rules), "%s/rules.json", dir);
	snprintf(root, sizeof(root), "%s/www", dir);
	if ((server = fork()) == -1) {
		perror("fork");
		exit(2);
	}
	if (server == 0) {
		execlp("python3", "python3", "tests/httpd.py", root,
		    "--port", "0", "--port-file", portfile, "--rules", rules,
		    (char *)NULL);
		perror("python3 tests/httpd.py");
		_exit(127);
	}
	for (i = 0; i < 100; i++) {
		if ((fp = fopen(portfile, "r")) != NULL) {
			if (fgets(buf, sizeof(buf), fp) != NULL)
				port = atoi(buf);
			fclose(fp);
			if (port > 0)
				return;
		}
		usleep(100000);
	}
	fprintf(stderr, "test http server did not start\n");
	kill(server, SIGTERM);
	exit(2);
}

/*
 * The server's counters, fetched the plain blocking way over a socket of
 * our own: the fetcher under test must not count them, and the test does
 * not link libcurl (the daemon loads it at run time).
 */
static void
server_stats(struct buf *out, int reset)
{
	struct sockaddr_in	 sin;
	char			 req[128], chunk[4096], *body;
	ssize_t			 n;
	int			 s, len;

	buf_reset(out);
	len = snprintf(req, sizeof(req), "GET /%s HTTP/1.0\r\n"
	    "Connection: close\r\n\r\n", reset ? "_reset" : "_stats");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    connect(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    write(s, req, len) != len) {
		CHECK(0, "stats request");
		if (s != -1)
			close(s);
		return;
	}
	while ((n = read(s, chunk, sizeof(chunk))) > 0)
		if (buf_append(out, chunk, n) == -1)
			break;
	close(s);
	CHECK(n == 0, "stats response read to the end");
	if (out->data == NULL)
		return;
	/* Keep the body only, as the counters' parsers expect. */
	if ((body = strstr(out->data, "\r\n\r\n")) != NULL) {
		len = (int)(out->len - (body + 4 - out->data));
		memmove(out->data, body + 4, len + 1);
		out->len = len;
	}
	CHECK(strchr(out->data, '{') != NULL, "stats body");
}

/* Waits (up to 10 s) until the server has no request in flight, so
 * earlier tests' leftovers (a cancelled slow request) do not count. */
static void
server_settle(struct buf *st)
{
	int	i;

	for (i = 0; i < 100; i++) {
		server_stats(st, 0);
		if (strstr(st->data, "\"inflight_now\": 0,") != NULL)
			return;
		usleep(100000);
	}
}

/* A number after "key": in the object that starts at "host": {. */
static long
host_stat(const struct buf *b, const char *host, const char *key)
{
	char		 k[128];
	const char	*p;

	snprintf(k, sizeof(k), "\"%s\": {", host);
	if (b->data == NULL || (p = strstr(b->data, k)) == NULL)
		return -1;
	snprintf(k, sizeof(k), "\"%s\": ", key);
	if ((p = strstr(p, k)) == NULL)
		return -1;
	return strtol(p + strlen(k), NULL, 10);
}

static const char feed[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<rss version=\"2.0\"><channel><title>Test</title>\n"
    "<item><title>Stra\xc3\x9f" "e</title><link>http://example.org/1</link>"
    "</item>\n</channel></rss>\n";

static void
test_basic(struct fetch *f)
{
	struct got	g = { 0 }, g2 = { 0 }, g3 = { 0 };
	struct buf	st;
	char		etag[256] = "", lm[256] = "";

	buf_init(&st, 1 << 20);
	server_stats(&st, 1);
	get(f, "127.0.0.1", "/feed.rss", NULL, NULL, &g);
	CHECK(fetch_queued(f) + fetch_running(f) == 1, "request queued");
	CHECK_INT_EQ(g.done, 0);	/* never from inside fetch_start */
	run();
	CHECK_INT_EQ(g.done, 1);
	CHECK_INT_EQ(g.status, FETCH_OK);
	CHECK_INT_EQ(g.http, 200);
	CHECK(g.len == sizeof(feed) - 1 && memcmp(g.body, feed, g.len) == 0,
	    "body decoded from gzip");
	CHECK_STR_EQ(g.media, "application/rss+xml");
	CHECK(g.charset == NULL, "no charset parameter");
	CHECK(g.etag != NULL && g.lm != NULL, "validators reported");
	CHECK(g.retry_after == -1 && g.max_age == -1, "no cache hints");
	CHECK(g.moved == NULL, "no redirect");
	if (g.etag != NULL)
		snprintf(etag, sizeof(etag), "%s", g.etag);
	if (g.lm != NULL)
		snprintf(lm, sizeof(lm), "%s", g.lm);
	server_stats(&st, 0);
	CHECK(strstr(st.data, "\"user_agent\": \"vorleser/" VERSION "\"") !=
	    NULL, "User-Agent vorleser/VERSION");
	CHECK(strstr(st.data, "\"accept_encoding\": \"\"") == NULL &&
	    strstr(st.data, "gzip") != NULL, "gzip accepted");

	/* Conditional GET: by ETag, then by Last-Modified alone. */
	get(f, "127.0.0.1", "/feed.rss", etag, lm, &g2);
	get(f, "127.0.0.1", "/feed.rss", NULL, lm, &g3);
	run();
	CHECK_INT_EQ(g2.status, FETCH_NOT_MODIFIED);
	CHECK_INT_EQ(g2.http, 304);
	CHECK_INT_EQ(g2.len, 0);
	CHECK_INT_EQ(g3.status, FETCH_NOT_MODIFIED);
	server_stats(&st, 0);
	CHECK(strstr(st.data, "\"conditional\": 2,") != NULL,
	    "server saw two conditional requests");
	got_clear(&g);
	got_clear(&g2);
	got_clear(&g3);

	/* Charset from Content-Type, Cache-Control and Expires. */
	get(f, "127.0.0.1", "/cached.rss", NULL, NULL, &g);
	get(f, "127.0.0.1", "/expires.rss", NULL, NULL, &g2);
	run();
	CHECK_INT_EQ(g.status, FETCH_OK);
	CHECK_STR_EQ(g.media, "text/xml");
	CHECK_STR_EQ(g.charset, "ISO-8859-1");
	CHECK_INT_EQ(g.max_age, 3600);
	CHECK_INT_EQ(g2.max_age, 7200);
	got_clear(&g);
	got_clear(&g2);
	buf_free(&st);
}

static void
test_errors(struct fetch *f)
{
	struct got	g[8];
	char		u[256];
	int		i;

	memset(g, 0, sizeof(g));
	get(f, "127.0.0.1", "/busy.rss", NULL, NULL, &g[0]);
	get(f, "127.0.0.1", "/down.rss", NULL, NULL, &g[1]);
	get(f, "127.0.0.1", "/missing.rss", NULL, NULL, &g[2]);
	get(f, "127.0.0.1", "/to-file.rss", NULL, NULL, &g[3]);
	get(f, "127.0.0.1", "/loop1.rss", NULL, NULL, &g[4]);
	get(f, "127.0.0.1", "/bomb.rss", NULL, NULL, &g[5]);
	get(f, "127.0.0.1", "/endless.rss", NULL, NULL, &g[6]);
	snprintf(u, sizeof(u), "ftp://127.0.0.1:%d/feed.rss", port);
	{
		struct fetch_request req = { u, NULL, NULL, 0 };

		CHECK(fetch_start(f, &req, on_done, &g[7]) > 0,
		    "a bad scheme is reported through the callback");
		pending++;
	}
	run();
	CHECK_INT_EQ(g[0].status, FETCH_HTTP_ERROR);
	CHECK_INT_EQ(g[0].http, 429);
	CHECK_INT_EQ(g[0].retry_after, 120);
	CHECK_STR_EQ(g[0].error, "HTTP 429");
	CHECK_INT_EQ(g[1].http, 503);
	CHECK(g[1].retry_after > 3000 && g[1].retry_after <= 3600,
	    "Retry-After as an HTTP date");
	CHECK_INT_EQ(g[2].status, FETCH_HTTP_ERROR);
	CHECK_INT_EQ(g[2].http, 404);
	CHECK_INT_EQ(g[2].retry_after, -1);
	CHECK_INT_EQ(g[3].status, FETCH_REFUSED);	/* redirect to file: */
	CHECK_INT_EQ(g[4].status, FETCH_REFUSED);	/* redirect loop */
	CHECK_INT_EQ(g[5].status, FETCH_TOO_BIG);	/* gzip bomb */
	CHECK_INT_EQ(g[5].len, 0);
	CHECK_INT_EQ(g[6].status, FETCH_TOO_BIG);	/* endless body */
	CHECK_INT_EQ(g[7].status, FETCH_REFUSED);
	for (i = 0; i < 8; i++) {
		CHECK_INT_EQ(g[i].done, 1);
		got_clear(&g[i]);
	}

	/* A request's own cap (article pages) is lower than the fetcher's. */
	snprintf(u, sizeof(u), "http://127.0.0.1:%d/endless.rss", port);
	{
		struct fetch_request req = { u, NULL, NULL, 4096 };

		CHECK(fetch_start(f, &req, on_done, &g[0]) > 0, "start");
		pending++;
	}
	run();
	CHECK_INT_EQ(g[0].status, FETCH_TOO_BIG);
	CHECK_STR_EQ(g[0].error, "body over 4096 bytes");
	got_clear(&g[0]);

	/* Nobody listens on port 1: connection refused. */
	{
		struct fetch_request req = { "http://127.0.0.1:1/x", NULL,
		    NULL, 0 };

		fetch_start(f, &req, on_done, &g[0]);
		pending++;
		run();
		CHECK_INT_EQ(g[0].status, FETCH_NET_ERROR);
		CHECK(g[0].error != NULL, "network error has a reason");
		got_clear(&g[0]);
	}
}

static void
test_redirects(struct fetch *f)
{
	struct got	g[4];
	char		u[256];
	int		i;

	memset(g, 0, sizeof(g));
	get(f, "127.0.0.1", "/p1.rss", NULL, NULL, &g[0]);	/* 301, 308 */
	get(f, "127.0.0.1", "/m1.rss", NULL, NULL, &g[1]);	/* 301, 302 */
	get(f, "127.0.0.1", "/t1.rss", NULL, NULL, &g[2]);	/* 302 */
	get(f, "127.0.0.1", "/t2.rss", NULL, NULL, &g[3]);	/* 307, 301 */
	run();
	url(u, sizeof(u), "127.0.0.1", "/feed.rss");
	for (i = 0; i < 4; i++) {
		CHECK_INT_EQ(g[i].status, FETCH_OK);
		CHECK_STR_EQ(g[i].final, u);
	}
	CHECK_STR_EQ(g[0].moved, u);
	url(u, sizeof(u), "127.0.0.1", "/m2.rss");
	CHECK_STR_EQ(g[1].moved, u);
	CHECK(g[2].moved == NULL, "a temporary redirect moves nothing");
	CHECK(g[3].moved == NULL, "a chain starting temporary moves nothing");
	for (i = 0; i < 4; i++)
		got_clear(&g[i]);
}

static void
test_limits(void)
{
	struct fetch_limits	 lim;
	struct fetch		*f;
	struct got		 g = { 0 };

	/* A one-byte-a-second body is cut by the low-speed limit. */
	fetch_limits_default(&lim);
	lim.low_speed_bytes = 50;
	lim.low_speed_s = 1;
	if ((f = fetch_new(loop, &lim)) == NULL)
		exit(2);
	get(f, "127.0.0.1", "/trickle.rss", NULL, NULL, &g);
	run();
	CHECK_INT_EQ(g.status, FETCH_TIMEOUT);
	got_clear(&g);
	fetch_free(f);
}

/* The budget of all bodies at once cuts a transfer and is given back. */
static void
test_budget(void)
{
	struct fetch_limits	 lim;
	struct fetch		*f;
	struct got		 g = { 0 };
	int			 i;

	fetch_limits_default(&lim);
	lim.max_body_total = 1000;
	if ((f = fetch_new(loop, &lim)) == NULL)
		exit(2);
	for (i = 0; i < 3; i++) {
		get(f, "127.0.0.1", "/big.rss", NULL, NULL, &g);
		run();
		CHECK_INT_EQ(g.status, FETCH_TOO_BIG);
		CHECK(g.error != NULL && strstr(g.error, "together") != NULL,
		    "budget named in the error");
		got_clear(&g);
		get(f, "127.0.0.1", "/feed.rss", NULL, NULL, &g);
		run();
		CHECK_INT_EQ(g.status, FETCH_OK);
		got_clear(&g);
	}
	fetch_free(f);
}

#define NHOSTS	3
#define PERHOST	6

static void
test_per_host(void)
{
	struct fetch_limits	 lim;
	struct fetch		*f;
	struct got		 g[NHOSTS * PERHOST];
	struct buf		 st;
	char			 host[64];
	long			 peak;
	int			 h, i, ok = 0;

	memset(g, 0, sizeof(g));
	buf_init(&st, 1 << 20);
	server_settle(&st);
	server_stats(&st, 1);
	fetch_limits_default(&lim);
	lim.max_total = 5;
	if ((f = fetch_new(loop, &lim)) == NULL)
		exit(2);
	for (i = 0; i < PERHOST; i++)
		for (h = 0; h < NHOSTS; h++) {
			snprintf(host, sizeof(host), "h%02d.localhost", h);
			get(f, host, "/slow.rss", NULL, NULL,
			    &g[h * PERHOST + i]);
		}
	CHECK(fetch_running(f) <= 5, "total cap");
	CHECK(fetch_queued(f) >= NHOSTS * PERHOST - 5, "the rest queued");
	run();
	for (i = 0; i < NHOSTS * PERHOST; i++) {
		ok += g[i].status == FETCH_OK;
		got_clear(&g[i]);
	}
	CHECK_INT_EQ(ok, NHOSTS * PERHOST);
	server_stats(&st, 0);
	for (h = 0; h < NHOSTS; h++) {
		snprintf(host, sizeof(host), "h%02d.localhost", h);
		peak = host_stat(&st, host, "peak_inflight");
		CHECK(peak >= 1 && peak <= 2, "at most 2 requests per host");
		peak = host_stat(&st, host, "peak_conns");
		CHECK(peak >= 1 && peak <= 2, "at most 2 connections per host");
	}
	CHECK(strstr(st.data, "\"peak_inflight_total\": 6") == NULL,
	    "never more than max_total in flight");
	fetch_free(f);
	buf_free(&st);
}

/*
 * A host with nothing running goes before a busy host's second request.
 * Two slots, taken by h00 (slow) and h02 (fast); h00's second request and
 * h01's wait.  When h02's slot frees, h01's request takes it, and h00's
 * second runs only after that one (taken in queue order, h00's second
 * would have run beside its first, and h01's last of all).
 */
static void
test_idle_host_first(void)
{
	struct fetch_limits	 lim;
	struct fetch		*f;
	struct got		 g[4];
	int			 i;

	memset(g, 0, sizeof(g));
	fetch_limits_default(&lim);
	lim.max_total = 2;
	if ((f = fetch_new(loop, &lim)) == NULL)
		exit(2);
	get(f, "h00.localhost", "/slow.rss", NULL, NULL, &g[0]);
	get(f, "h02.localhost", "/feed.rss", NULL, NULL, &g[1]);
	get(f, "h00.localhost", "/slow.rss", NULL, NULL, &g[2]);
	get(f, "h01.localhost", "/feed.rss", NULL, NULL, &g[3]);
	CHECK_INT_EQ(fetch_running(f), 2);
	CHECK_INT_EQ(fetch_queued(f), 2);
	reported = 0;
	run();
	for (i = 0; i < 4; i++)
		CHECK_INT_EQ(g[i].status, FETCH_OK);
	CHECK_INT_EQ(g[1].order, 1);
	CHECK_INT_EQ(g[3].order, 2);
	CHECK_INT_EQ(g[2].order, 4);
	for (i = 0; i < 4; i++)
		got_clear(&g[i]);
	fetch_free(f);
}

static void
test_cancel(struct fetch *f)
{
	struct got	g[3];
	long		id0, id1;

	memset(g, 0, sizeof(g));
	id0 = get(f, "127.0.0.1", "/slow.rss", NULL, NULL, &g[0]);
	id1 = get(f, "127.0.0.1", "/slow.rss", NULL, NULL, &g[1]);
	get(f, "127.0.0.1", "/feed.rss", NULL, NULL, &g[2]);
	fetch_cancel(f, id0);
	fetch_cancel(f, id1);
	pending -= 2;
	run();
	CHECK_INT_EQ(g[0].done, 0);
	CHECK_INT_EQ(g[1].done, 0);
	CHECK_INT_EQ(g[2].done, 1);
	CHECK_INT_EQ(fetch_running(f) + fetch_queued(f), 0);
	got_clear(&g[2]);
}

static void
setup_files(void)
{
	char	path[300], rules[4096];

	snprintf(path, sizeof(path), "%s/www", dir);
	if (mkdir(path, 0700) == -1) {
		perror(path);
		exit(2);
	}
	write_file("www/feed.rss", feed);
	write_file("www/cached.rss", feed);
	write_file("www/expires.rss", feed);
	write_file("www/slow.rss", feed);
	write_file("www/trickle.rss", feed);
	{
		char big[5001];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		write_file("www/big.rss", big);
	}
	snprintf(rules, sizeof(rules), "{\n"
	    "\"/cached.rss\": {\"headers\": {\"Cache-Control\": "
	    "\"public, max-age=3600\", \"Content-Type\": "
	    "\"text/xml; charset=\\\"ISO-8859-1\\\"\"}},\n"
	    "\"/expires.rss\": {\"headers\": {"
	    "\"Date\": \"Sun, 06 Nov 1994 08:49:37 GMT\", "
	    "\"Expires\": \"Sun, 06 Nov 1994 10:49:37 GMT\"}},\n"
	    "\"/busy.rss\": {\"status\": 429, \"headers\": "
	    "{\"Retry-After\": \"120\"}},\n"
	    "\"/down.rss\": {\"status\": 503},\n"
	    "\"/to-file.rss\": {\"status\": 302, \"location\": "
	    "\"file:///etc/passwd\"},\n"
	    "\"/loop1.rss\": {\"status\": 302, \"location\": \"/loop2.rss\"},\n"
	    "\"/loop2.rss\": {\"status\": 302, \"location\": \"/loop1.rss\"},\n"
	    "\"/bomb.rss\": {\"gzip_bomb\": 67108864},\n"
	    "\"/endless.rss\": {\"endless\": true},\n"
	    "\"/trickle.rss\": {\"trickle_ms\": 1000},\n"
	    "\"/slow.rss\": {\"delay_ms\": 300},\n"
	    "\"/p1.rss\": {\"status\": 301, \"location\": \"/p2.rss\"},\n"
	    "\"/p2.rss\": {\"status\": 308, \"location\": \"/feed.rss\"},\n"
	    "\"/m1.rss\": {\"status\": 301, \"location\": \"m2.rss\"},\n"
	    "\"/m2.rss\": {\"status\": 302, \"location\": \"/feed.rss\"},\n"
	    "\"/t1.rss\": {\"status\": 302, \"location\": \"/feed.rss\"},\n"
	    "\"/t2.rss\": {\"status\": 307, \"location\": \"/p2.rss\"}\n"
	    "}\n");
	write_file("rules.json", rules);
}

/* The 503's Retry-After is an HTTP date one hour ahead. */
static void
add_down_date(void)
{
	char	rules[8192], date[64], path[300], *p;
	time_t	t = time(NULL) + 3600;
	FILE	*fp;
	size_t	n;

	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", gmtime(&t));
	snprintf(path, sizeof(path), "%s/rules.json", dir);
	fp = fopen(path, "r");
	n = fread(rules, 1, sizeof(rules) - 1, fp);
	fclose(fp);
	rules[n] = '\0';
	p = strstr(rules, "\"/down.rss\": {\"status\": 503}");
	if (p == NULL)
		exit(2);
	{
		char out[8192];

		snprintf(out, sizeof(out), "%.*s\"/down.rss\": {\"status\": "
		    "503, \"headers\": {\"Retry-After\": \"%s\"}}%s",
		    (int)(p - rules), rules, date,
		    p + strlen("\"/down.rss\": {\"status\": 503}"));
		write_file("rules.json", out);
	}
}

int
main(void)
{
	struct fetch	*f;
	const char	*tmp;
	int		 status;

	log_init("test_fetch", getenv("TEST_DEBUG") ? LOG_LEVEL_DEBUG :
	    LOG_LEVEL_WARN);
	signal(SIGPIPE, SIG_IGN);
	tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(dir, sizeof(dir), "%s/test_fetch.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	setup_files();
	add_down_date();
	start_server();
	if ((loop = loop_new()) == NULL)
		return 2;
	if ((f = fetch_new(loop, NULL)) == NULL)
		return 2;

	test_basic(f);
	test_errors(f);
	test_redirects(f);
	test_cancel(f);
	test_limits();
	test_budget();
	test_per_host();
	test_idle_host_first();

	fetch_free(f);
	loop_free(loop);
	kill(server, SIGTERM);
	waitpid(server, &status, 0);
	{
		char cmd[400];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return CHECK_SUMMARY();
}
