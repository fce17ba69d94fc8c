/* Every limit and default of the daemon, named and explained. */
#ifndef DEFAULTS_H
#define DEFAULTS_H

/* Control protocol. */
#define PROTOCOL_VERSION	"1"
#define MAX_LINE		8192	/* bytes per command line, LF included */
#define MAX_ARGS		32	/* arguments per command */
#define MAX_CLIENTS		64	/* connected control clients */
#define MAX_CLIENT_OUTPUT	(1024 * 1024)	/* queued reply bytes per client;
						 * a client past it is dropped */
#define CLIENT_IDLE_TIMEOUT_MS	(10 * 60 * 1000)	/* silent clients */

/* Event loop. */
#define MAX_TIMERS		256	/* pending timers */

/* Configuration file. */
#define MAX_CONFIG_BYTES	(256 * 1024)

/* ---- feeds, store (branch store; merge as a block) ---- */

/* Feed parsing (feed.c). */
#define FEED_MAX_ENTRIES	1000	/* items kept per document: the newest */
#define FEED_MAX_TITLE		4096	/* bytes of a title, cut at a character */
#define FEED_MAX_TEXT		(1024 * 1024)	/* bytes of one summary or
						 * content; more is cut off */
#define FEED_MAX_FIELD		8192	/* bytes of a link, guid, author, ... */
#define FEED_MAX_DEPTH		64	/* element nesting; deeper is an attack */
#define URL_MAX			8192	/* bytes of a URL we handle */

/* Store (store.c). */
#define STORE_BACKLOG_SECS	(6 * 3600)	/* first subscription: items this
						 * young may be new ... */
#define STORE_BACKLOG_MAX	3		/* ... but at most this many */
#define STORE_MAX_LIST		10000	/* rows store_list_items returns */
#define STORE_BUSY_TIMEOUT_MS	2000	/* another process holds the lock */

/* Subscriptions file and OPML (feedlist.c). */
#define FEEDLIST_MAX_BYTES	(4 * 1024 * 1024)	/* feeds file or OPML */
#define FEEDLIST_MAX_FEEDS	10000
#define FEEDLIST_MAX_TAGS	32	/* tags per feed */
/* ---- end of feeds, store ---- */

#endif
