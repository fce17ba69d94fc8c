/* HTTP(S) transfers over libcurl's multi interface, driven by the loop. */
#ifndef FETCH_H
#define FETCH_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct loop;
struct fetch;

/* How a transfer ended.  Only FETCH_OK carries a body worth parsing. */
enum fetch_status {
	FETCH_OK = 0,		/* 2xx; body holds the decoded bytes */
	FETCH_NOT_MODIFIED,	/* 304 to our conditional GET */
	FETCH_HTTP_ERROR,	/* any other final HTTP status */
	FETCH_TOO_BIG,		/* body over max_body after decompression,
				 * or all bodies over max_body_total */
	FETCH_TIMEOUT,		/* connect, total or low-speed limit hit */
	FETCH_REFUSED,		/* bad URL, scheme not http(s), too many
				 * redirects or a redirect to another scheme */
	FETCH_NET_ERROR,	/* DNS, connect, TLS, broken transfer */
};

/* Limits of one fetcher; fetch_limits_default() fills in defaults.h. */
struct fetch_limits {
	int	max_total;		/* transfers at once */
	int	max_per_host;		/* transfers at once per host name */
	long	connect_timeout_ms;
	long	timeout_ms;		/* whole transfer */
	long	low_speed_bytes;	/* abort when slower than this many */
	long	low_speed_s;		/* bytes per second for this long */
	size_t	max_body;		/* decoded body bytes */
	size_t	max_body_total;		/* all running transfers' bodies */
	long	max_redirects;
	size_t	max_queue;		/* requests waiting for a slot */
};

/* What to fetch.  All strings are copied by fetch_start(). */
struct fetch_request {
	const char	*url;
	const char	*etag;		/* sent as If-None-Match; may be NULL */
	const char	*last_modified;	/* If-Modified-Since; may be NULL */
	size_t		 max_body;	/* decoded bytes, 0: the fetcher's
					 * max_body; only lowers it */
};

/*
 * The outcome of one transfer, handed to the done callback.  Everything
 * in it, the body included, is borrowed and valid only during the
 * callback; copy what you keep.  Strings the response lacks are NULL.
 */
struct fetch_result {
	enum fetch_status status;
	long		 http_status;	/* last response's code, 0 if none */
	const char	*url;		/* as requested */
	const char	*final_url;	/* after redirects */
	const char	*moved_url;	/* new address when every redirect
					 * from url was permanent (301/308),
					 * NULL otherwise */
	const char	*etag;		/* validators of the final response */
	const char	*last_modified;
	const char	*content_type;	/* full header value */
	const char	*media_type;	/* lower case, no parameters */
	const char	*charset;	/* charset parameter, unquoted */
	long		 retry_after;	/* seconds asked by a 429/503, or -1 */
	long		 max_age;	/* seconds the answer stays fresh
					 * (Cache-Control max-age, else
					 * Expires - Date), or -1 */
	const struct buf *body;		/* decoded; empty unless FETCH_OK or
					 * FETCH_HTTP_ERROR */
	const char	*error;		/* reason when not OK/NOT_MODIFIED */
	uint64_t	 elapsed_ms;	/* from start to done, queue excluded */
};

/* Called once per started request, from the loop, never from inside
 * fetch_start().  It may start and cancel requests, but not free the
 * fetcher. */
typedef void	(*fetch_done_fn)(const struct fetch_result *, void *arg);

void	fetch_limits_default(struct fetch_limits *);

/*
 * Takes the body of the result being reported, for a callback that keeps
 * it (instead of copying it): the caller frees the returned bytes, which
 * are NUL-terminated after *len; r->body is empty afterwards.  Only from
 * inside the done callback.  NULL when out of memory (logged; the body
 * is then still in r->body).
 */
char	*fetch_take_body(const struct fetch_result *r, size_t *len);

/* Returns a fetcher on loop with a copy of the limits (NULL: defaults),
 * or NULL on error (logged).  Free it before the loop. */
struct fetch	*fetch_new(struct loop *, const struct fetch_limits *);
/* Cancels everything in flight without callbacks; accepts NULL. */
void		 fetch_free(struct fetch *);

/*
 * Starts loading libcurl, and its curl_global_init(), on a short-lived
 * thread, for a caller that is about to fetch and has other start-up
 * work to do meanwhile (--poll-once opening the store).  The first
 * request, or fetch_preload_end(), waits for it; call fetch_preload_end()
 * before exit if nothing was fetched.  Call it while the process has one
 * thread (it sets GNUTLS_NO_IMPLICIT_INIT, see fetch.c).
 */
void	fetch_preload(void);
void	fetch_preload_end(void);

/* Changes the limits; transfers already running keep theirs. */
void	fetch_set_limits(struct fetch *, const struct fetch_limits *);

/*
 * Queues a request.  It starts when fewer than max_total transfers run
 * and fewer than max_per_host to its host.  done is called exactly once
 * unless the request is cancelled.  Returns an id > 0, or -1 when the
 * queue is full or memory ran out (logged).  A bad URL is not -1: it is
 * reported through done as FETCH_REFUSED.
 */
long	fetch_start(struct fetch *, const struct fetch_request *,
	    fetch_done_fn done, void *arg);

/* Drops a queued or running request; its callback is not called.
 * Unknown or finished ids are ignored. */
void	fetch_cancel(struct fetch *, long id);

/* Requests running and waiting. */
size_t	fetch_running(const struct fetch *);
size_t	fetch_queued(const struct fetch *);

const char	*fetch_status_name(enum fetch_status);

#endif
