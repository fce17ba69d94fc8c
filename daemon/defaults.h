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
