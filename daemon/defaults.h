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
#define EXTRACT_TEASER_CHARS	600	/* feed text shorter than this is a
					 * teaser: fulltext=auto fetches the
					 * page */
#define SITERULES_MAX_BYTES	(256 * 1024)	/* one rules file */
#define SITERULES_MAX_RULES	4096	/* rules of both files together */
#define SITERULES_MAX_PER_HOST	64	/* rules applied to one page */

#endif
