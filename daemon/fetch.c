/*
 * fetch: HTTP(S) GETs through libcurl's multi interface, run by the
 * daemon's own event loop.  curl tells us which sockets to watch
 * (CURLMOPT_SOCKETFUNCTION) and when to call it back
 * (CURLMOPT_TIMERFUNCTION); the loop hands readiness back through
 * curl_multi_socket_action().  Nothing here blocks and no thread is made
 * per transfer, so hundreds of feeds cost a few sockets, not a thread
 * each.
 *
 * We queue requests ourselves instead of leaving it to curl's
 * CURLMOPT_MAX_HOST_CONNECTIONS: only max_total easy handles exist at
 * once, so a poll of 500 feeds holds 16 handles and 484 small queue
 * entries, and "per host" means transfers, not connections, which also
 * holds for HTTP/2 where one connection carries several transfers.
 *
 * This module knows nothing about feeds: it reports status, validators,
 * cache hints and the decoded body, and the caller decides.  It does not
 * parse bodies and does not retry.
 *
 * libcurl is not linked: it is loaded (dynlib.c) when the first request
 * starts, so the offline modes, the client and a daemon that has not
 * polled yet never map it and its TLS, Kerberos and LDAP stack.  If it
 * cannot be loaded, every request ends as FETCH_NET_ERROR with the
 * loader's reason, and the next request tries again.
 */
#include <sys/queue.h>

#include <ctype.h>
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "defaults.h"
#include "dynlib.h"
#include "fetch.h"
#include "log.h"
#include "loop.h"

/*
 * The libcurl functions we call, resolved at load time.  Each keeps its
 * name through a macro below, so the code reads as if linked.  curl's
 * own function-like macros for the setopt/getinfo calls (its gcc
 * typecheck) cannot wrap a pointer and are replaced; the option types
 * they checked are kept by hand (long, curl_off_t, callbacks).
 */
#define CURL_FUNCS(X)							\
	X(curl_easy_cleanup)						\
	X(curl_easy_getinfo)						\
	X(curl_easy_init)						\
	X(curl_easy_setopt)						\
	X(curl_easy_strerror)						\
	X(curl_free)							\
	X(curl_getdate)							\
	X(curl_global_cleanup)						\
	X(curl_global_init)						\
	X(curl_multi_add_handle)					\
	X(curl_multi_assign)						\
	X(curl_multi_cleanup)						\
	X(curl_multi_info_read)						\
	X(curl_multi_init)						\
	X(curl_multi_remove_handle)					\
	X(curl_multi_setopt)						\
	X(curl_multi_socket_action)					\
	X(curl_multi_strerror)						\
	X(curl_slist_append)						\
	X(curl_slist_free_all)						\
	X(curl_url)							\
	X(curl_url_cleanup)						\
	X(curl_url_get)							\
	X(curl_url_set)

#define CURL_PTR(f)	__typeof__(f) *f;
#define CURL_SYM(f)	{ #f, (void **)&libcurl.f },

/* One per process, like the library itself; written once, by the
 * main thread, when the first request starts. */
static struct {
	CURL_FUNCS(CURL_PTR)
} libcurl;

static const struct dynlib_sym curl_syms[] = {
	CURL_FUNCS(CURL_SYM)
};

static struct dynlib curl_lib = {
	CURL_SONAME, curl_syms, sizeof(curl_syms) / sizeof(curl_syms[0]),
	0, ""
};

#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#define curl_easy_cleanup	(libcurl.curl_easy_cleanup)
#define curl_easy_getinfo	(libcurl.curl_easy_getinfo)
#define curl_easy_init		(libcurl.curl_easy_init)
#define curl_easy_setopt	(libcurl.curl_easy_setopt)
#define curl_easy_strerror	(libcurl.curl_easy_strerror)
#define curl_free		(libcurl.curl_free)
#define curl_getdate		(libcurl.curl_getdate)
#define curl_global_cleanup	(libcurl.curl_global_cleanup)
#define curl_global_init	(libcurl.curl_global_init)
#define curl_multi_add_handle	(libcurl.curl_multi_add_handle)
#define curl_multi_assign	(libcurl.curl_multi_assign)
#define curl_multi_cleanup	(libcurl.curl_multi_cleanup)
#define curl_multi_info_read	(libcurl.curl_multi_info_read)
#define curl_multi_init		(libcurl.curl_multi_init)
#define curl_multi_remove_handle (libcurl.curl_multi_remove_handle)
#define curl_multi_setopt	(libcurl.curl_multi_setopt)
#define curl_multi_socket_action (libcurl.curl_multi_socket_action)
#define curl_multi_strerror	(libcurl.curl_multi_strerror)
#define curl_slist_append	(libcurl.curl_slist_append)
#define curl_slist_free_all	(libcurl.curl_slist_free_all)
#define curl_url		(libcurl.curl_url)
#define curl_url_cleanup	(libcurl.curl_url_cleanup)
#define curl_url_get		(libcurl.curl_url_get)
#define curl_url_set		(libcurl.curl_url_set)

struct xfer {
	TAILQ_ENTRY(xfer) entry;
	struct fetch	*f;
	long		 id;
	CURL		*easy;
	struct curl_slist *headers;
	fetch_done_fn	 done;
	void		*arg;
	char		*url;
	char		*etag_in;
	char		*lm_in;
	char		 host[FETCH_MAX_HOST];
	uint64_t	 start_ms;
	struct buf	 body;
	size_t		 max_body;	/* this transfer's cap */
	int		 too_big;	/* 1: its own cap, 2: the budget */
	/* Response headers, reset by every status line (redirect hop). */
	int		 nresp;		/* final (non-1xx) responses seen */
	int		 perm_chain;	/* every hop so far was 301/308 */
	char		*perm_url;	/* target of that chain */
	/* The validators (NULL: none), allocated as they come: kept in
	 * the struct, they made each of a poll's queued requests 1 KB
	 * bigger (200 KB of heap for 200 feeds). */
	char		*etag;
	char		*lm;
	long		 cc_max_age;	/* -1: none */
	int		 cc_no_cache;
	long		 age;
	time_t		 expires;	/* -1: none or invalid */
	time_t		 date;		/* -1: none */
	char		 err[CURL_ERROR_SIZE + 64];
};

TAILQ_HEAD(xferq, xfer);

struct fetch {
	struct loop	*loop;
	CURLM		*multi;
	struct fetch_limits lim;
	struct xferq	 queued;
	struct xferq	 running;
	struct xferq	 failed;	/* could not start; reported soon */
	size_t		 nqueued;
	size_t		 nrunning;
	long		 next_id;
	long		 timer;		/* loop timer for curl, 0: none */
	long		 fail_timer;	/* loop timer for failed, 0: none */
	size_t		 body_total;	/* body bytes held by all transfers */
	int		 global_init;
};

static void	ssl_init_quiet(void);
static void	start_queued(struct fetch *);
static void	check_done(struct fetch *);
static void	finish(struct fetch *, struct xfer *, CURLcode);

void
fetch_limits_default(struct fetch_limits *l)
{
	l->max_total = FETCH_MAX_TOTAL;
	l->max_per_host = FETCH_MAX_PER_HOST;
	l->connect_timeout_ms = FETCH_CONNECT_TIMEOUT_MS;
	l->timeout_ms = FETCH_TIMEOUT_MS;
	l->low_speed_bytes = FETCH_LOW_SPEED_BYTES;
	l->low_speed_s = FETCH_LOW_SPEED_S;
	l->max_body = FETCH_MAX_BODY;
	l->max_body_total = FETCH_MAX_BODY_TOTAL;
	l->max_redirects = FETCH_MAX_REDIRECTS;
	l->max_queue = FETCH_MAX_QUEUE;
}

const char *
fetch_status_name(enum fetch_status s)
{
	switch (s) {
	case FETCH_OK:
		return "ok";
	case FETCH_NOT_MODIFIED:
		return "not-modified";
	case FETCH_HTTP_ERROR:
		return "http-error";
	case FETCH_TOO_BIG:
		return "too-big";
	case FETCH_TIMEOUT:
		return "timeout";
	case FETCH_REFUSED:
		return "refused";
	case FETCH_NET_ERROR:
		return "net-error";
	}
	return "unknown";
}

/* Loop → curl: a watched socket is ready. */
static void
on_fd(int fd, int events, void *arg)
{
	struct fetch	*f = arg;
	int		 flags = 0, running;
	CURLMcode	 mc;

	if (events & LOOP_READ)
		flags |= CURL_CSELECT_IN;
	if (events & LOOP_WRITE)
		flags |= CURL_CSELECT_OUT;
	if (events & LOOP_ERROR)
		flags |= CURL_CSELECT_ERR;
	mc = curl_multi_socket_action(f->multi, fd, flags, &running);
	if (mc != CURLM_OK)
		log_warnx("fetch: socket action: %s", curl_multi_strerror(mc));
	check_done(f);
}

/* Loop → curl: curl's timeout expired. */
static void
on_timer(void *arg)
{
	struct fetch	*f = arg;
	int		 running;
	CURLMcode	 mc;

	f->timer = 0;
	mc = curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0,
	    &running);
	if (mc != CURLM_OK)
		log_warnx("fetch: timeout action: %s", curl_multi_strerror(mc));
	check_done(f);
}

/*
 * curl → loop: watch this socket for these events, or stop.  A non-NULL
 * socket pointer (curl_multi_assign) marks a socket the loop already
 * watches, so we know whether to add or to modify.
 */
static int
on_curl_socket(CURL *easy, curl_socket_t s, int what, void *arg,
    void *sockp)
{
	struct fetch	*f = arg;
	int		 mask = 0;

	if (what == CURL_POLL_REMOVE) {
		if (sockp != NULL) {
			loop_fd_del(f->loop, s);
			curl_multi_assign(f->multi, s, NULL);
		}
		return 0;
	}
	if (what & CURL_POLL_IN)
		mask |= LOOP_READ;
	if (what & CURL_POLL_OUT)
		mask |= LOOP_WRITE;
	if (sockp == NULL) {
		if (loop_fd_add(f->loop, s, mask, on_fd, f) == -1)
			return -1;	/* logged; curl fails the transfer */
		curl_multi_assign(f->multi, s, f);
	} else if (loop_fd_set(f->loop, s, mask) == -1)
		return -1;
	return 0;
}

/* curl → loop: call curl_multi_socket_action() after ms (-1: never). */
static int
on_curl_timer(CURLM *multi, long ms, void *arg)
{
	struct fetch	*f = arg;

	if (f->timer > 0) {
		loop_timer_cancel(f->loop, f->timer);
		f->timer = 0;
	}
	if (ms < 0)
		return 0;
	/* Never act from inside curl's callback: the loop calls us back,
	 * at once if ms is 0. */
	if ((f->timer = loop_timer_add(f->loop, (uint64_t)ms, on_timer,
	    f)) == -1) {
		f->timer = 0;
		return -1;
	}
	return 0;
}

/*
 * libcurl's closure includes GnuTLS (through librtmp), whose constructor
 * initialises it at load: 0.7 MB of peak RSS for a library this daemon
 * never calls (TLS is OpenSSL's, RTMP is never allowed).  GnuTLS skips
 * that when this is set; a user's own setting wins.  Set before anything
 * can load libcurl (fetch_new, fetch_preload) and while the daemon has
 * one thread: setenv is not safe beside getenv in another thread.
 */
static void
quiet_gnutls(void)
{
	if (setenv("GNUTLS_NO_IMPLICIT_INIT", "1", 0) == -1)
		log_warn("fetch: setenv");
}

struct fetch *
fetch_new(struct loop *loop, const struct fetch_limits *lim)
{
	struct fetch	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL) {
		log_warn("fetch");
		return NULL;
	}
	quiet_gnutls();
	f->loop = loop;
	f->next_id = 1;
	TAILQ_INIT(&f->queued);
	TAILQ_INIT(&f->running);
	TAILQ_INIT(&f->failed);
	if (lim != NULL)
		f->lim = *lim;
	else
		fetch_limits_default(&f->lim);
	fetch_set_limits(f, &f->lim);
	return f;
}

/*
 * fetch_preload(): libcurl and its TLS libraries take milliseconds to
 * map and relocate, and curl_global_init() most of another one (OpenSSL
 * reads its configuration), which a one-shot poll paid before its first
 * request while nothing else ran.  A short-lived thread does both
 * meanwhile (the dynamic loader is thread-safe, and no other thread
 * calls libcurl until it is joined); dynlib_load() then finds the
 * library loaded, and the first fetch takes over the global init.  Only
 * the loop thread touches these, apart from preload_main's result.
 */
typedef void	(*cleanup_fn)(void);

static pthread_t	preload_thread;
static int		preloading;
static cleanup_fn	preload_cleanup;	/* set: its init worked */

static void *
preload_main(void *arg)
{
	CURLcode	(*init)(long);
	void		*h;

	(void)arg;
	/* The reference is kept: dynlib keeps the library loaded anyway.
	 * A failure is found and reported by dynlib_load() or curl_up(). */
	if ((h = dlopen(curl_lib.soname, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return NULL;
	ssl_init_quiet();	/* before curl's init, as in curl_up() */
	*(void **)&init = dlsym(h, "curl_global_init");
	*(void **)&preload_cleanup = dlsym(h, "curl_global_cleanup");
	if (init == NULL || preload_cleanup == NULL ||
	    init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		preload_cleanup = NULL;
	return NULL;
}

void
fetch_preload(void)
{
	if (preloading || curl_lib.loaded)
		return;
	quiet_gnutls();
	preloading = pthread_create(&preload_thread, NULL, preload_main,
	    NULL) == 0;
}

/* Joins the thread: what undoes the global init it made, which the
 * caller now owns, or NULL. */
static cleanup_fn
preload_join(void)
{
	cleanup_fn	cleanup;

	if (!preloading)
		return NULL;
	(void)pthread_join(preload_thread, NULL);
	preloading = 0;
	cleanup = preload_cleanup;
	preload_cleanup = NULL;
	return cleanup;
}

void
fetch_preload_end(void)
{
	cleanup_fn	cleanup;

	/* Nothing was fetched: the thread's global init is undone. */
	if ((cleanup = preload_join()) != NULL)
		cleanup();
}

/*
 * OpenSSL's error texts.  libcurl 7.88 initialises OpenSSL in
 * curl_global_init() with OpenSSL's defaults, and those load the text of
 * every OpenSSL error: thousands of strings hashed into tables, 0.6 to
 * 0.9 MB of peak RSS (pages of libcrypto and heap) and 0.25 ms, for a
 * poll that may not speak TLS at all.  OpenSSL runs each part of its
 * set-up once, so initialising it here first without the texts makes
 * libcurl's call skip them, while its configuration file and engines
 * load as before; TLS and certificate checks are unchanged.  An OpenSSL
 * error would then read "error:0A00010B:lib(20)::reason(267)";
 * ssl_reword() words it again when one occurs.  Certificate problems
 * keep their text anyway (curl takes it from
 * X509_verify_cert_error_string()).  Only if libcurl brought OpenSSL 3.
 */
#define FETCH_SSL_SONAME	"libssl.so.3"
#define FETCH_SSL_NO_TEXTS	(0x00100000L | 0x00000001L)	/* NO_LOAD_SSL_
					 * STRINGS | NO_LOAD_CRYPTO_STRINGS */

static void
ssl_init_quiet(void)
{
	int	(*init)(uint64_t, const void *);
	void	*h;

	if ((h = dlopen(FETCH_SSL_SONAME, RTLD_NOW | RTLD_NOLOAD)) == NULL)
		return;		/* another TLS library, or none */
	*(void **)&init = dlsym(h, "OPENSSL_init_ssl");
	if (init != NULL && init(FETCH_SSL_NO_TEXTS, NULL) != 1)
		log_debug("fetch: OPENSSL_init_ssl failed; curl retries");
	(void)dlclose(h);
}

/*
 * Words an OpenSSL error that ssl_init_quiet() left without text: loads
 * the library names and libssl's reasons (the handshake failures) on the
 * first such error, so only a poll that meets one pays for them, and
 * renders "error:0A00010B:lib(20)::reason(267)" in err again, as
 * "error:0A00010B:SSL routines::wrong version number".
 */
static void
ssl_reword(char *err, size_t size)
{
	static int	 loaded;
	void		(*render)(unsigned long, char *, size_t);
	int		(*load)(void);
	void		*c, *s;
	char		*at, *end, text[FETCH_MAX_VALUE];
	unsigned long	 code;

	if ((at = strstr(err, "error:")) == NULL ||
	    strstr(at, "::reason(") == NULL)
		return;
	code = strtoul(at + 6, &end, 16);
	if (end != at + 14 || *end != ':')
		return;
	if ((c = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_NOLOAD)) == NULL)
		return;
	if ((s = dlopen(FETCH_SSL_SONAME, RTLD_NOW | RTLD_NOLOAD)) == NULL) {
		(void)dlclose(c);
		return;
	}
	if (!loaded) {
		*(void **)&load = dlsym(c, "ERR_load_ERR_strings");
		if (load != NULL)
			(void)load();
		*(void **)&load = dlsym(s, "ERR_load_SSL_strings");
		if (load != NULL)
			(void)load();
		loaded = 1;
	}
	*(void **)&render = dlsym(c, "ERR_error_string_n");
	if (render != NULL) {
		render(code, text, sizeof(text));
		(void)snprintf(at, size - (size_t)(at - err), "%s", text);
	}
	(void)dlclose(s);
	(void)dlclose(c);
}

/*
 * Loads libcurl and makes the multi handle, on the first request.  0, or
 * -1 with the reason in why (logged).  A failure is tried again on the
 * next request.
 */
static int
curl_up(struct fetch *f, char *why, size_t size)
{
	CURLcode	 cc;
	cleanup_fn	 preloaded;

	if (f->multi != NULL)
		return 0;
	preloaded = preload_join();
	if (dynlib_load(&curl_lib) == -1) {
		if (preloaded != NULL)
			preloaded();
		snprintf(why, size, "%s", curl_lib.error);
		return -1;
	}
	/*
	 * curl_global_init() counts its callers; fetch_free() undoes it.
	 * The preload thread's init, if any, is this fetch's from now on.
	 */
	if (f->global_init && preloaded != NULL)
		preloaded();
	else if (preloaded != NULL)
		f->global_init = 1;
	if (!f->global_init) {
		ssl_init_quiet();
		if ((cc = curl_global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK) {
			snprintf(why, size, "curl init: %s",
			    curl_easy_strerror(cc));
			goto fail;
		}
		f->global_init = 1;
	}
	if ((f->multi = curl_multi_init()) == NULL) {
		snprintf(why, size, "curl_multi_init failed");
		goto fail;
	}
	if (curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION,
	    on_curl_socket) != CURLM_OK ||
	    curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f) != CURLM_OK ||
	    curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION,
	    on_curl_timer) != CURLM_OK ||
	    curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f) != CURLM_OK) {
		snprintf(why, size, "curl_multi_setopt failed");
		curl_multi_cleanup(f->multi);
		f->multi = NULL;
		goto fail;
	}
	fetch_set_limits(f, &f->lim);
	return 0;
fail:
	log_warnx("fetch: %s", why);
	return -1;
}

void
fetch_set_limits(struct fetch *f, const struct fetch_limits *lim)
{
	f->lim = *lim;
	if (f->lim.max_total < 1)
		f->lim.max_total = 1;
	if (f->lim.max_per_host < 1)
		f->lim.max_per_host = 1;
	/*
	 * Idle connections are kept for reuse up to FETCH_MAX_IDLE.  When
	 * the cache is full curl closes one and may open another to the
	 * same host soon after, which the server can see as a third
	 * connection before it noticed the close; a roomy cache avoids
	 * that churn.  MAX_HOST_CONNECTIONS is a second guard behind our
	 * own per-host queue.
	 */
	if (f->multi != NULL)
		(void)curl_multi_setopt(f->multi, CURLMOPT_MAXCONNECTS,
		    (long)FETCH_MAX_IDLE);
	if (f->multi != NULL)
		(void)curl_multi_setopt(f->multi,
		    CURLMOPT_MAX_HOST_CONNECTIONS, (long)f->lim.max_per_host);
	if (f->multi != NULL)
		start_queued(f);
}

/* Empties a transfer's body and gives its bytes back to the budget. */
static void
body_drop(struct xfer *x)
{
	x->f->body_total -= x->body.len;
	buf_reset(&x->body);
}

static void
xfer_free(struct xfer *x)
{
	if (x == NULL)
		return;
	body_drop(x);
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	if (x->headers != NULL)		/* else libcurl may not be loaded */
		curl_slist_free_all(x->headers);
	buf_free(&x->body);
	free(x->url);
	free(x->etag_in);
	free(x->lm_in);
	free(x->etag);
	free(x->lm);
	free(x->perm_url);
	free(x);
}

char *
fetch_take_body(const struct fetch_result *r, size_t *len)
{
	/* r->body is the reporting transfer's own buffer. */
	struct xfer	*x = (struct xfer *)(void *)((char *)(uintptr_t)r->body -
			    offsetof(struct xfer, body));
	char		*data;

	*len = x->body.len;
	if ((data = buf_release(&x->body)) == NULL) {
		log_warn("fetch");
		return NULL;
	}
	x->f->body_total -= *len;
	return data;
}

void
fetch_free(struct fetch *f)
{
	struct xfer	*x;

	if (f == NULL)
		return;
	while ((x = TAILQ_FIRST(&f->queued)) != NULL) {
		TAILQ_REMOVE(&f->queued, x, entry);
		xfer_free(x);
	}
	while ((x = TAILQ_FIRST(&f->running)) != NULL) {
		TAILQ_REMOVE(&f->running, x, entry);
		curl_multi_remove_handle(f->multi, x->easy);
		xfer_free(x);
	}
	while ((x = TAILQ_FIRST(&f->failed)) != NULL) {
		TAILQ_REMOVE(&f->failed, x, entry);
		xfer_free(x);
	}
	if (f->multi != NULL)
		curl_multi_cleanup(f->multi);
	if (f->timer > 0)
		loop_timer_cancel(f->loop, f->timer);
	if (f->fail_timer > 0)
		loop_timer_cancel(f->loop, f->fail_timer);
	if (f->global_init)
		curl_global_cleanup();
	free(f);
}

size_t
fetch_running(const struct fetch *f)
{
	return f->nrunning;
}

size_t
fetch_queued(const struct fetch *f)
{
	return f->nqueued;
}

/* Copies s (len bytes) into dst, trimmed; drops it if it does not fit or
 * holds control characters (it would not survive being sent back). */
static void
copy_value(char *dst, size_t size, const char *s, size_t len)
{
	size_t	i;

	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	dst[0] = '\0';
	if (len >= size)
		return;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static void
parse_cache_control(struct xfer *x, const char *v)
{
	const char	*p;
	char		*end;
	long		 n;

	for (p = v; *p != '\0'; p++) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (strncasecmp(p, "no-cache", 8) == 0 ||
		    strncasecmp(p, "no-store", 8) == 0)
			x->cc_no_cache = 1;
		else if (strncasecmp(p, "max-age=", 8) == 0) {
			n = strtol(p + 8, &end, 10);
			if (end != p + 8 && n >= 0)
				x->cc_max_age = n;
		}
		if ((p = strchr(p, ',')) == NULL)
			break;
	}
}

/* A status line starts a new response: a redirect hop or the final one. */
static void
new_response(struct xfer *x, const char *line)
{
	const char	*sp;
	char		*url = NULL;
	long		 code;

	if ((sp = strchr(line, ' ')) == NULL)
		return;
	code = strtol(sp + 1, NULL, 10);
	if (code >= 100 && code < 200)
		return;		/* interim; its headers are not the answer's */
	/*
	 * curl has already moved to this hop's URL.  If every hop before
	 * was permanent, this is where the resource now lives.
	 */
	if (x->nresp > 0 && x->perm_chain &&
	    curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &url) ==
	    CURLE_OK && url != NULL) {
		free(x->perm_url);
		x->perm_url = strdup(url);	/* NULL: not reported, fine */
	}
	if (code != 301 && code != 308)
		x->perm_chain = 0;
	x->nresp++;
	free(x->etag);
	free(x->lm);
	x->etag = x->lm = NULL;
	x->cc_max_age = -1;
	x->cc_no_cache = 0;
	x->age = 0;
	x->expires = x->date = -1;
	body_drop(x);
	x->too_big = 0;
}

/* Without memory the value is not kept: a validator not reported costs
 * an unconditional request next time, nothing worse. */
static void
keep_value(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	size_t		 len = size * n, namelen;
	const char	*colon;
	char		 v[FETCH_MAX_VALUE];

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		copy_value(v, sizeof(v), p, len);
		new_response(x, v);
		return len;
	}
	if ((colon = memchr(p, ':', len)) == NULL)
		return len;
	namelen = colon - p;
	copy_value(v, sizeof(v), colon + 1, len - namelen - 1);
	if (namelen == 4 && strncasecmp(p, "etag", 4) == 0)
		keep_value(&x->etag, v);
	else if (namelen == 13 && strncasecmp(p, "last-modified", 13) == 0)
		keep_value(&x->lm, v);
	else if (namelen == 13 && strncasecmp(p, "cache-control", 13) == 0)
		parse_cache_control(x, v);
	else if (namelen == 7 && strncasecmp(p, "expires", 7) == 0)
		x->expires = v[0] ? curl_getdate(v, NULL) : -1;
	else if (namelen == 4 && strncasecmp(p, "date", 4) == 0)
		x->date = v[0] ? curl_getdate(v, NULL) : -1;
	else if (namelen == 3 && strncasecmp(p, "age", 3) == 0)
		x->age = strtol(v, NULL, 10);
	return len;
}

/*
 * Counted after decompression, so a gzip bomb is cut off at max_body.
 * All bodies together stay under max_body_total, so 16 hostile feeds
 * at once cannot hold 16 times max_body in memory.
 */
static size_t
on_write(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	struct fetch	*f = x->f;

	n *= size;
	if (f->body_total >= f->lim.max_body_total ||
	    n > f->lim.max_body_total - f->body_total) {
		x->too_big = 2;
		return 0;	/* makes curl abort with CURLE_WRITE_ERROR */
	}
	if (buf_append(&x->body, p, n) == -1) {
		x->too_big = 1;
		return 0;
	}
	f->body_total += n;
	return n;
}

static void
host_of(const char *url, char *host, size_t size)
{
	CURLU	*u;
	char	*h = NULL;
	size_t	 i;

	host[0] = '\0';
	if ((u = curl_url()) == NULL)
		return;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK) {
		snprintf(host, size, "%s", h);
		for (i = 0; host[i] != '\0'; i++)
			host[i] = tolower((unsigned char)host[i]);
	}
	curl_free(h);
	curl_url_cleanup(u);
}

static int
add_header(struct xfer *x, const char *name, const char *value)
{
	struct curl_slist	*l;
	char			 line[FETCH_MAX_VALUE + 32];
	int			 n;

	n = snprintf(line, sizeof(line), "%s: %s", name, value);
	if (n < 0 || (size_t)n >= sizeof(line))
		return 0;	/* a validator that long is just not sent */
	if ((l = curl_slist_append(x->headers, line)) == NULL)
		return -1;
	x->headers = l;
	return 0;
}

#define SETOPT(x, opt, val)						\
	(curl_easy_setopt((x)->easy, (opt), (val)) == CURLE_OK)

/*
 * CURLOPT_QUICK_EXIT: name resolution runs in a thread of curl's, and a
 * transfer that ends while its getaddrinfo() still waits for a DNS
 * server (the timeout hit, or a cancel) would otherwise be joined with
 * that thread in curl_easy_cleanup(): the whole loop stood still for as
 * long as the resolver's own timeouts (seconds to minutes).  With it set
 * curl leaves the thread to finish alone.
 */

static int
setup_easy(struct fetch *f, struct xfer *x)
{
	const struct fetch_limits *l = &f->lim;

	if ((x->easy = curl_easy_init()) == NULL)
		return -1;
	if (x->etag_in != NULL && add_header(x, "If-None-Match",
	    x->etag_in) == -1)
		return -1;
	if (x->lm_in != NULL && add_header(x, "If-Modified-Since",
	    x->lm_in) == -1)
		return -1;
	if (!SETOPT(x, CURLOPT_URL, x->url) ||
	    !SETOPT(x, CURLOPT_PRIVATE, x) ||
	    !SETOPT(x, CURLOPT_NOSIGNAL, 1L) ||
	    !SETOPT(x, CURLOPT_QUICK_EXIT, 1L) ||
	    !SETOPT(x, CURLOPT_PROTOCOLS_STR, "http,https") ||
	    !SETOPT(x, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") ||
	    !SETOPT(x, CURLOPT_FOLLOWLOCATION, 1L) ||
	    !SETOPT(x, CURLOPT_MAXREDIRS, l->max_redirects) ||
	    !SETOPT(x, CURLOPT_ACCEPT_ENCODING, "") ||
	    !SETOPT(x, CURLOPT_USERAGENT, "vorleser/" VERSION) ||
	    !SETOPT(x, CURLOPT_SSL_VERIFYPEER, 1L) ||
	    !SETOPT(x, CURLOPT_SSL_VERIFYHOST, 2L) ||
	    !SETOPT(x, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS) ||
	    !SETOPT(x, CURLOPT_CONNECTTIMEOUT_MS, l->connect_timeout_ms) ||
	    !SETOPT(x, CURLOPT_TIMEOUT_MS, l->timeout_ms) ||
	    !SETOPT(x, CURLOPT_LOW_SPEED_LIMIT, l->low_speed_bytes) ||
	    !SETOPT(x, CURLOPT_LOW_SPEED_TIME, l->low_speed_s) ||
	    !SETOPT(x, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_body) ||
	    !SETOPT(x, CURLOPT_HEADERFUNCTION, on_header) ||
	    !SETOPT(x, CURLOPT_HEADERDATA, x) ||
	    !SETOPT(x, CURLOPT_WRITEFUNCTION, on_write) ||
	    !SETOPT(x, CURLOPT_WRITEDATA, x) ||
	    !SETOPT(x, CURLOPT_ERRORBUFFER, x->err) ||
	    (x->headers != NULL && !SETOPT(x, CURLOPT_HTTPHEADER, x->headers)))
		return -1;
	return 0;
}

/* Whether host has limit transfers running already. */
static int
host_busy(struct fetch *f, const char *host, int limit)
{
	struct xfer	*r;
	int		 n = 0;

	/* At most max_total entries: a scan beats keeping a host table. */
	TAILQ_FOREACH(r, &f->running, entry)
		if (strcmp(r->host, host) == 0 && ++n >= limit)
			return 1;
	return 0;
}

static void
report_failed(void *arg)
{
	struct fetch	*f = arg;
	struct xfer	*x;

	f->fail_timer = 0;
	while ((x = TAILQ_FIRST(&f->failed)) != NULL) {
		TAILQ_REMOVE(&f->failed, x, entry);
		finish(f, x, CURLE_OUT_OF_MEMORY);
	}
	start_queued(f);
}

/*
 * Reports a request that could not start as a failed transfer, from the
 * loop and never from inside fetch_start().  x->err says why, if known.
 */
static void
fail_later(struct fetch *f, struct xfer *x)
{
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	x->easy = NULL;
	TAILQ_INSERT_TAIL(&f->failed, x, entry);
	if (f->fail_timer == 0 && (f->fail_timer =
	    loop_timer_add(f->loop, 0, report_failed, f)) == -1)
		f->fail_timer = 0;	/* the next start retries */
}

/* Hands one queued request to curl, or reports it failed. */
static void
start_one(struct fetch *f, struct xfer *x)
{
	CURLMcode	 mc;

	TAILQ_REMOVE(&f->queued, x, entry);
	f->nqueued--;
	x->start_ms = loop_now_ms();
	if (setup_easy(f, x) == -1) {
		log_warnx("fetch: %s: cannot set up transfer", x->url);
		goto failed;
	}
	if ((mc = curl_multi_add_handle(f->multi, x->easy)) != CURLM_OK) {
		log_warnx("fetch: %s: %s", x->url, curl_multi_strerror(mc));
		goto failed;
	}
	TAILQ_INSERT_TAIL(&f->running, x, entry);
	f->nrunning++;
	return;
failed:
	/* Out of memory in curl: a network error, so the caller backs
	 * off. */
	fail_later(f, x);
}

/*
 * Moves queued requests to curl while the caps allow, in queue order
 * except that a request to a busy host lets later ones pass.  Hosts with
 * nothing running go first, and only then a host's second transfer (up
 * to max_per_host): that one needs a connection of its own, while the
 * host's first connection is free again a moment later.  A 200-feed poll
 * of 50 hosts so keeps to 50 connections instead of 56 to 58, each a new
 * thread on a simple server.
 */
static void
start_queued(struct fetch *f)
{
	struct xfer	*x, *next;
	int		 pass, limit;

	for (pass = 0; pass < 2; pass++) {
		limit = pass == 0 ? 1 : f->lim.max_per_host;
		if (pass == 1 && limit == 1)
			break;
		for (x = TAILQ_FIRST(&f->queued); x != NULL &&
		    f->nrunning < (size_t)f->lim.max_total; x = next) {
			next = TAILQ_NEXT(x, entry);
			if (!host_busy(f, x->host, limit))
				start_one(f, x);
		}
	}
}

long
fetch_start(struct fetch *f, const struct fetch_request *req,
    fetch_done_fn done, void *arg)
{
	struct xfer	*x;

	if (f->nqueued >= f->lim.max_queue) {
		log_warnx("fetch: queue full (%zu), %s not fetched",
		    f->lim.max_queue, req->url);
		return -1;
	}
	if ((x = calloc(1, sizeof(*x))) == NULL)
		goto nomem;
	x->max_body = req->max_body > 0 && req->max_body < f->lim.max_body ?
	    req->max_body : f->lim.max_body;
	buf_init(&x->body, x->max_body);
	x->f = f;
	x->done = done;
	x->arg = arg;
	x->perm_chain = 1;
	x->cc_max_age = -1;
	x->expires = x->date = -1;
	if ((x->url = strdup(req->url)) == NULL)
		goto nomem;
	if (req->etag != NULL && req->etag[0] != '\0' &&
	    (x->etag_in = strdup(req->etag)) == NULL)
		goto nomem;
	if (req->last_modified != NULL && req->last_modified[0] != '\0' &&
	    (x->lm_in = strdup(req->last_modified)) == NULL)
		goto nomem;
	x->id = f->next_id++;
	if (curl_up(f, x->err, sizeof(x->err)) == -1) {
		fail_later(f, x);
		return x->id;
	}
	host_of(x->url, x->host, sizeof(x->host));
	TAILQ_INSERT_TAIL(&f->queued, x, entry);
	f->nqueued++;
	start_queued(f);
	return x->id;
nomem:
	log_warn("fetch");
	xfer_free(x);
	return -1;
}

void
fetch_cancel(struct fetch *f, long id)
{
	struct xfer	*x;

	TAILQ_FOREACH(x, &f->queued, entry)
		if (x->id == id) {
			TAILQ_REMOVE(&f->queued, x, entry);
			f->nqueued--;
			xfer_free(x);
			return;
		}
	TAILQ_FOREACH(x, &f->running, entry)
		if (x->id == id) {
			TAILQ_REMOVE(&f->running, x, entry);
			f->nrunning--;
			curl_multi_remove_handle(f->multi, x->easy);
			xfer_free(x);
			start_queued(f);
			return;
		}
	TAILQ_FOREACH(x, &f->failed, entry)
		if (x->id == id) {
			TAILQ_REMOVE(&f->failed, x, entry);
			xfer_free(x);
			return;
		}
}

/* Splits a Content-Type value into a lower-case media type and charset. */
static void
parse_content_type(const char *ct, char *type, size_t tsize, char *cs,
    size_t csize)
{
	const char	*p, *e;
	size_t		 i, n;

	type[0] = cs[0] = '\0';
	if (ct == NULL)
		return;
	n = strcspn(ct, ";");
	copy_value(type, tsize, ct, n);
	for (i = 0; type[i] != '\0'; i++)
		type[i] = tolower((unsigned char)type[i]);
	for (p = ct + n; *p == ';'; p = e) {
		p++;
		p += strspn(p, " \t");
		e = p + strcspn(p, ";");
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		n = e - p;
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
			p++;
			n -= 2;
		}
		copy_value(cs, csize, p, n);
	}
}

/* Seconds the response may be reused, from its own headers; -1 unknown. */
static long
freshness(const struct xfer *x)
{
	time_t	base;
	long	n;

	if (x->cc_no_cache)
		return -1;
	if (x->cc_max_age >= 0) {
		n = x->cc_max_age - (x->age > 0 ? x->age : 0);
		return n > 0 ? n : 0;
	}
	if (x->expires > 0) {
		base = x->date > 0 ? x->date : time(NULL);
		return x->expires > base ? (long)(x->expires - base) : 0;
	}
	return -1;
}

static enum fetch_status
classify(struct xfer *x, CURLcode cc, long code)
{
	switch (cc) {
	case CURLE_OK:
		if (code == 304)
			return FETCH_NOT_MODIFIED;
		if (code >= 200 && code < 300)
			return FETCH_OK;
		return FETCH_HTTP_ERROR;
	case CURLE_WRITE_ERROR:
		return x->too_big ? FETCH_TOO_BIG : FETCH_NET_ERROR;
	case CURLE_FILESIZE_EXCEEDED:
		return FETCH_TOO_BIG;
	case CURLE_OPERATION_TIMEDOUT:
		return FETCH_TIMEOUT;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_TOO_MANY_REDIRECTS:
		return FETCH_REFUSED;
	default:
		return FETCH_NET_ERROR;
	}
}

static void
finish(struct fetch *f, struct xfer *x, CURLcode cc)
{
	struct fetch_result	 r;
	char			 type[FETCH_MAX_VALUE], cs[FETCH_MAX_VALUE];
	char			*ct = NULL, *eff = NULL;
	curl_off_t		 ra = -1;
	long			 code = 0;

	memset(&r, 0, sizeof(r));
	if (x->easy != NULL) {
		(void)curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
		(void)curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
		(void)curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	}
	r.status = classify(x, cc, code);
	r.http_status = code;
	r.url = x->url;
	r.final_url = eff != NULL ? eff : x->url;
	if (x->nresp > 1 && x->perm_url != NULL &&
	    strcmp(x->perm_url, x->url) != 0)
		r.moved_url = x->perm_url;
	r.etag = x->etag != NULL && x->etag[0] ? x->etag : NULL;
	r.last_modified = x->lm != NULL && x->lm[0] ? x->lm : NULL;
	r.content_type = ct;
	parse_content_type(ct, type, sizeof(type), cs, sizeof(cs));
	r.media_type = type[0] ? type : NULL;
	r.charset = cs[0] ? cs : NULL;
	r.retry_after = -1;
	if ((code == 429 || code == 503) && x->easy != NULL &&
	    curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &ra) ==
	    CURLE_OK && ra > 0)
		r.retry_after = (long)ra;
	r.max_age = freshness(x);
	if (r.status != FETCH_OK && r.status != FETCH_HTTP_ERROR)
		body_drop(x);
	r.body = &x->body;
	r.elapsed_ms = loop_now_ms() - x->start_ms;

	switch (r.status) {
	case FETCH_OK:
	case FETCH_NOT_MODIFIED:
		break;
	case FETCH_HTTP_ERROR:
		snprintf(x->err, sizeof(x->err), "HTTP %ld", code);
		break;
	case FETCH_TOO_BIG:
		if (x->too_big == 2)
			snprintf(x->err, sizeof(x->err), "all transfers "
			    "together over %zu bytes; retried later",
			    f->lim.max_body_total);
		else
			snprintf(x->err, sizeof(x->err), "body over %zu bytes",
			    x->max_body);
		break;
	default:
		if (x->err[0] == '\0')
			snprintf(x->err, sizeof(x->err), "%s",
			    curl_easy_strerror(cc));
		else
			ssl_reword(x->err, sizeof(x->err));
		break;
	}
	r.error = x->err[0] ? x->err : NULL;
	log_debug("fetch: %s: %s %ld, %zu bytes, %llu ms", x->url,
	    fetch_status_name(r.status), code, x->body.len,
	    (unsigned long long)r.elapsed_ms);
	x->done(&r, x->arg);
	xfer_free(x);
}

static void
check_done(struct fetch *f)
{
	CURLMsg		*m;
	struct xfer	*x;
	int		 left;

	while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		x = NULL;
		if (curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
		    (char **)&x) != CURLE_OK || x == NULL)
			continue;
		TAILQ_REMOVE(&f->running, x, entry);
		f->nrunning--;
		curl_multi_remove_handle(f->multi, x->easy);
		finish(f, x, m->data.result);
	}
	start_queued(f);
}
