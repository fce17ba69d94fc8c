/* Every limit and default of the daemon, named and explained. */
#ifndef DEFAULTS_H
#define DEFAULTS_H

/* Control protocol. */
#define PROTOCOL_VERSION	"1"
#define MAX_LINE		8192	/* bytes per command line, LF included */
#define MAX_ARGS		32	/* arguments per command */
#define MAX_CLIENTS		64	/* connected control clients by default
					 * (daemon.max-clients) */
#define MAX_CLIENTS_LIMIT	1024	/* the most daemon.max-clients allows */
#define MAX_CLIENT_OUTPUT	(1024 * 1024)	/* queued reply bytes per client;
						 * a client past it is dropped */
#define CLIENT_OUTPUT_HIGH	(64 * 1024)	/* unread reply bytes past which
					 * a client's further commands wait */
#define CLIENT_READ_CHUNK	4096	/* bytes read from a client at once */
#define MAX_BATCH		256	/* commands between begin and end */
#define MAX_BATCH_BYTES		(256 * 1024)	/* their bytes */
#define CLIENT_IDLE_TIMEOUT_MS	(10 * 60 * 1000)	/* silent clients */

/* Filter rules. */
#define MAX_FILTERS		256	/* rules in the filters file */
#define MAX_FILTER_PATTERN	512	/* bytes of one pattern */

/* Event loop. */
#define MAX_TIMERS		256	/* pending timers */

/* Configuration file. */
#define MAX_CONFIG_BYTES	(256 * 1024)

/* Configuration defaults (see config.h for the keys). */
#define DEFAULT_FEED_INTERVAL	(15 * 60)	/* seconds between polls */
#define DEFAULT_BACKLOG		(6 * 3600)	/* first-run "new" window */
#define DEFAULT_BACKLOG_MAX	3		/* new items per feed then */
#define DEFAULT_MAX_TRANSFERS	16		/* parallel HTTP transfers */
#define DEFAULT_MAX_PER_HOST	2		/* ... per host */
#define DEFAULT_VOICE		"news-de"	/* voice profile */

/*
 * Fetching (fetch.c): feeds and article pages alike.  The two caps are
 * also config keys (feeds.max-transfers, feeds.max-per-host).
 */
#define FETCH_MAX_TOTAL		DEFAULT_MAX_TRANSFERS
#define FETCH_MAX_PER_HOST	DEFAULT_MAX_PER_HOST
#define FETCH_MAX_QUEUE		10000	/* requests waiting for a slot */
#define FETCH_CONNECT_TIMEOUT_MS (10 * 1000)
#define FETCH_TIMEOUT_MS	(30 * 1000)	/* a whole transfer */
#define FETCH_LOW_SPEED_BYTES	256	/* slower than this many bytes/s ... */
#define FETCH_LOW_SPEED_S	10	/* ... for this long: abort (a trickle) */
#define FETCH_MAX_BODY		(16 * 1024 * 1024)	/* decoded bytes; cut
							 * in the write callback */
#define FETCH_MAX_REDIRECTS	5
#define FETCH_MAX_IDLE		128	/* idle connections kept for reuse */
#define FETCH_MAX_HOST		256	/* bytes of a host name */
#define FETCH_MAX_VALUE		512	/* ETag, Last-Modified, Content-Type;
					 * longer ones are dropped */

/* Files of the feeds module (feeds.c). */
#define STORE_FILE		"vorleser.db"	/* in the state folder */
#define FEEDS_FILE		"feeds"		/* beside the configuration */

/* Poll scheduling (poll.c).  The interval is DEFAULT_FEED_INTERVAL. */
#define POLL_BACKOFF_MAX	(6 * 3600)	/* longest wait after errors */
#define POLL_HINT_MAX		(24 * 3600)	/* longest wait a Retry-After,
						 * max-age or Expires imposes */
#define POLL_STARTS_PER_S	10	/* feeds started per second when many
					 * are due together (startup) */
#define POLL_JITTER_PCT		5	/* +- this much of each interval, so
					 * feeds started together drift apart */
#define POLL_RETRY_MS		(60 * 1000)	/* after a local failure (fetch
						 * queue full, database busy) */

/* Normaliser and its word lists (voices/de). */
#define LEXICON_MAX_LINE	1024	/* bytes per line of a word list */
#define LEXICON_MAX_ENTRIES	100000	/* entries over all lists */
#define NORMALIZE_MAX_INPUT	(4 * 1024 * 1024)	/* bytes per call; an
						 * article is far smaller */
#define NORMALIZE_GROWTH	16	/* output may be this many times the
					 * input ("1" -> "eins", "%" ->
					 * "Prozent"), plus NORMALIZE_SLACK */
#define NORMALIZE_SLACK		4096
#define SENTENCES_MAX		100000	/* sentences per text */

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
/* The first-run backlog defaults are DEFAULT_BACKLOG(_MAX) above. */
#define STORE_MAX_LIST		10000	/* rows store_list_items returns */
#define STORE_BUSY_TIMEOUT_MS	2000	/* another process holds the lock */

/* Subscriptions file and OPML (feedlist.c). */
#define FEEDLIST_MAX_BYTES	(4 * 1024 * 1024)	/* feeds file or OPML */
#define FEEDLIST_MAX_FEEDS	10000
#define FEEDLIST_MAX_TAGS	32	/* tags per feed */
/* ---- end of feeds, store ---- */

/* Article extraction (extract.c) and site rules (siterules.c). */
#define EXTRACT_MAX_HTML	(8 * 1024 * 1024)	/* page bytes parsed;
						 * bigger pages are refused */
#define EXTRACT_MAX_NODES	200000	/* elements in one page */
#define EXTRACT_MAX_DEPTH	200	/* nesting followed; deeper is
					 * ignored, not recursed into */
#define EXTRACT_MAX_TEXT	(512 * 1024)	/* bytes of article text */
#define EXTRACT_MAX_PARAS	4000	/* paragraphs in one article */
#define EXTRACT_MAX_META	(64 * 1024)	/* a title, description or
						 * JSON-LD articleBody */
#define SITERULES_MAX_BYTES	(256 * 1024)	/* one rules file */
#define SITERULES_MAX_RULES	4096	/* rules of both files together */
#define SITERULES_MAX_PER_HOST	64	/* rules applied to one page */

#endif
