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

#endif
