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
#define FILTER_MAX_EXPANSION	256	/* product of a regex's repetition
					 * factors: regcomp copies the tree
					 * for each repeat ({m,n}, +); see
					 * filter.c for why not more */

/* Event loop. */
#define MAX_TIMERS		256	/* pending timers */

/* Service manager (sd.c). */
#define SD_FDNAME		"control"	/* FileDescriptorName= of the
						 * socket unit */
#define SD_MAX_LISTEN_FDS	16	/* passed fds we look at; more is a
					 * broken unit, not a socket to take */
#define SD_STATUS_MAX		200	/* bytes of one STATUS= line */
#define SD_STATUS_INTERVAL_MS	1000	/* at most one STATUS= per second:
					 * state changes come in bursts */

/* Configuration file. */
#define MAX_CONFIG_BYTES	(256 * 1024)

/* Configuration defaults (see config.h for the keys). */
#define DEFAULT_FEED_INTERVAL	(15 * 60)	/* seconds between polls */
#define FEED_INTERVAL_MIN	1	/* seconds: the shortest interval.
					 * Seconds suit tests and feeds on the
					 * own machine; public servers want
					 * minutes, and the default says so */
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
/* The four below are also config keys: feeds.connect-timeout,
 * feeds.timeout, feeds.low-speed-limit, feeds.low-speed-time. */
#define FETCH_CONNECT_TIMEOUT_MS (10 * 1000)
#define FETCH_TIMEOUT_MS	(30 * 1000)	/* a whole transfer */
#define FETCH_LOW_SPEED_BYTES	256	/* slower than this many bytes/s ... */
#define FETCH_LOW_SPEED_S	10	/* ... for this long: abort (a trickle) */
#define FETCH_TIMEOUT_MAX_S	3600	/* the longest feeds.timeout,
					 * connect-timeout, low-speed-time */
#define FETCH_MAX_BODY		(16 * 1024 * 1024)	/* decoded bytes; cut
							 * in the write callback */
#define FETCH_MAX_BODY_TOTAL	(20 * 1024 * 1024)	/* all bodies held at
						 * once.  The 64 MB RSS
						 * bound is ~21 MB of
						 * libraries, these bodies,
						 * and the parser's copy of
						 * the one being parsed (up
						 * to 16 MiB for a feed, ~19
						 * MB for a 4 MiB page) */
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
#define POLL_CLOCK_SLACK	300	/* s: a stored last poll later than
					 * now by more means the wall clock
					 * was set back */
#define POLL_STARTS_PER_S	10	/* feeds started per second when many
					 * are due together (startup) */
#define POLL_JITTER_PCT		5	/* +- this much of each interval, so
					 * feeds started together drift apart */
#define POLL_BATCH_BYTES	(256 * 1024)	/* feed bodies whose parsed
						 * results wait for one store
						 * transaction; more are
						 * saved at once */
#define POLL_RETRY_MS		(60 * 1000)	/* after a local failure (fetch
						 * queue full, database busy) */
#define POLL_FLUSH_MS		1	/* results wait this long for
						 * their batch, so that the
						 * transfers they let start go
						 * out before the saving */

/* The parser thread (feedwork.c).  Past either bound the loop parses a
 * body itself, so a burst costs time, never unbounded memory; a body
 * bigger than FEEDWORK_MAX_BYTES is always parsed in the loop. */
#define FEEDWORK_MAX_JOBS	64		/* documents waiting or parsed,
						 * not reported yet */
#define FEEDWORK_MAX_BYTES	(1024 * 1024)	/* their bodies */

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
#define FEED_MAX_REASON		160	/* bytes of a parse error shown
					 * in `feeds` */
#define URL_MAX			8192	/* bytes of a URL we handle */

/* Store (store.c). */
/* The first-run backlog defaults are DEFAULT_BACKLOG(_MAX) above. */
#define STORE_CACHE_KB		512	/* SQLite page cache (its default: 2000);
					 * a cold poll of 200 feeds filled all
					 * 2 MB at no measurable speed gain */
#define STORE_MAX_LIST		10000	/* rows store_list_items returns */
#define STORE_MAX_SQL		1024	/* bytes of a query store_list_items
					 * writes (a constant set of them) */
#define STORE_CHECKPOINT_MS	(10 * 60 * 1000)	/* at most one WAL
							 * checkpoint this
							 * often, at the end
							 * of a poll burst */
#define DEFAULT_STORE_KEEP	(30 * 86400)	/* done stories gone from
							 * their feed this long
							 * are forgotten */
#define DEFAULT_STORE_KEEP_PAGES (2 * 86400)	/* a done story's page
							 * HTML kept this long */
#define STORE_TOUCH_SECS	86400	/* last_seen is written at most this
					 * often per story */
#define STORE_EXPIRE_SECS	3600	/* expiry at most this often, at
					 * the end of a poll burst */
#define STORE_EXPIRE_CHUNK	500	/* rows per expiry statement */
#define STORE_EXPIRE_MAX	5000	/* rows of each kind per expiry run;
					 * the rest next time */
#define STORE_BUSY_TIMEOUT_MS	2000	/* another process holds the lock */
#define STORE_RETRY_MS		5000	/* try a write this often while the
					 * disk is full or read-only */
#define STORE_PENDING_MAX	256	/* read marks kept in memory while
					 * they cannot be written */
#define STORE_REASON_MAX	64	/* a kept mark's reason, cut */
#define STORE_FAULT_MAX		256	/* the write fault's text, cut */

/* Subscriptions file and OPML (feedlist.c). */
#define FEEDLIST_MAX_BYTES	(4 * 1024 * 1024)	/* feeds file or OPML */
#define FEEDLIST_MAX_FEEDS	10000
#define FEEDLIST_MAX_TAGS	32	/* tags per feed */
/* ---- end of feeds, store ---- */

/* Article extraction (extract.c) and site rules (siterules.c). */
#define EXTRACT_MAX_HTML	(4 * 1024 * 1024)	/* page bytes parsed;
						 * bigger pages are cut at
						 * the fetch and refused.
						 * Parsing costs ~5 times
						 * the page; news pages are
						 * under 2 MB */
#define EXTRACT_MAX_NODES	200000	/* elements in one page */
#define EXTRACT_MAX_DEPTH	200	/* nesting followed; deeper is
					 * ignored, not recursed into */
#define EXTRACT_MAX_TEXT	(512 * 1024)	/* bytes of article text */
#define EXTRACT_MAX_PARAS	4000	/* paragraphs in one article */
#define EXTRACT_MAX_META	(64 * 1024)	/* a title, description or
						 * JSON-LD articleBody */
#define EXTRACT_MAX_TAG_SCAN	512	/* bytes of a <script> tag read
					 * for "ld+json": a page of nested
					 * "<script <script ..." must not
					 * cost a scan of the rest per tag */
#define EXTRACT_TEASER_CHARS	600	/* feed text shorter than this is a
					 * teaser: fulltext=auto fetches the
					 * page */
#define SITERULES_MAX_BYTES	(256 * 1024)	/* one rules file */
#define SITERULES_MAX_RULES	4096	/* rules of both files together */
#define SITERULES_MAX_PER_HOST	64	/* rules applied to one page */

/* Story text (story.c, stories.c). */
#define STORY_SHORT_WORDS	80	/* feed text shorter than this is a
					 * teaser: fetch the page (auto) */
#define STORIES_MAX_INFLIGHT	4	/* article pages fetched at once */
#define STORIES_BATCH		32	/* new items looked at per pass */

/* Speech and audio (speech.c, audio.c, player.c). */
#define SPEECH_RATE		22050	/* eSpeak NG's one sample rate: the ring
					 * and device are made for it before the
					 * engine is loaded, which checks it */
#define SPEECH_MAX_JOBS		16	/* jobs queued for the synthesis worker */
#define SPEECH_MAX_TEXT		4096	/* bytes of text in one job (sentence);
					 * longer sentences are cut at a word */
#define SPEECH_CHUNK_MS		20	/* eSpeak NG output buffer: the worker
					 * checks for cancellation this often */
#define SPEECH_LOOKAHEAD_MS	3000	/* synthesised audio queued ahead of the
					 * listener; bounds memory and the delay
					 * before a new rate is heard */
#define SPEECH_REFILL_MS	1000	/* a worker that is far enough ahead
					 * sleeps until this much was played,
					 * then synthesises it in one go */
#define SPEECH_START_MS		150	/* audio ready before a stopped device is
					 * started, enough to prime its buffer
					 * (more than AUDIO_LATENCY_MS) */
#define SPEECH_PAD_MS		150	/* silence after the last sentence, so the
					 * device's buffer never cuts a word */
#define EARCON_MS		260	/* the tone before a story */
#define PAUSE_HEADLINE_MS	700	/* between headline and body */
#define PAUSE_PARAGRAPH_MS	450	/* between paragraphs */
#define PAUSE_STORY_MS		900	/* between stories */
#define AUDIO_RING_FRAMES	(1 << 17)	/* ring buffer: 5.9 s at 22050 Hz;
						 * must exceed lookahead + keep */
#define AUDIO_KEEP_MS		500	/* played-but-kept audio behind the read
					 * position, so pause can rewind over
					 * what the device had taken */
#define AUDIO_BUFFER_FRAMES	256	/* frames per callback: 11.6 ms, the
					 * granularity of pause and stop */
#define AUDIO_LATENCY_MS	120	/* suggested device latency: rides out
					 * the CPU a busy (virtual) machine
					 * loses; primed at start, so the first
					 * sound does not wait for it, and pause
					 * and stop drop it */
#define AUDIO_MAX_THREADS	64	/* threads looked at when raising the
					 * audio libraries' ones to real time */
#define AUDIO_RETRY_MS		2000	/* reopen an unavailable device */
#define AUDIO_TICK_MAX_MS	200	/* longest wait between two looks at the
					 * position while playing (the look is
					 * timed for the next word or sentence);
					 * bounds noticing a lost device */
#define AUDIO_IDLE_CLOSE_MS	500	/* stop the stream when idle this long
					 * (after the end padding was heard) */
#define PLAYER_MAX_STORIES	64	/* stories waiting in the player */
#define PLAYER_MAX_SAYS		16	/* one-off texts waiting */
#define PLAYER_MAX_PARAGRAPHS	512	/* paragraphs of one story */
#define PLAYER_MAX_SENTENCES	4096	/* sentences of one story */
#define PLAYER_INFLIGHT		4	/* jobs submitted ahead of the listener */
#define PLAYER_MAX_WORDS	512	/* words synthesised, not yet heard (the
					 * lookahead holds a few dozen); more
					 * are not announced */
#define PLAYER_HISTORY		8	/* finished stories kept for `prev story' */
#define VOICE_MAX_PROFILES	32	/* voice profiles loaded from voices/ */
#define VOICE_MAX_FILE		4096	/* bytes of one .voice file */
#define RATE_MIN		80	/* words per minute, eSpeak NG's range */
#define RATE_MAX		450
#define RATE_DEFAULT		165

/* Reading queue (queue.c). */
#define QUEUE_MAX		256	/* stories waiting to be read */

/* The offline demo (demo.c). */
#define DEMO_MAX_FILE		(256 * 1024)	/* bytes of one sample file */
#define DEMO_MAX_MS		(10 * 60 * 1000)	/* the demo gives up */
#define DEMO_NO_AUDIO_MS	5000	/* ... or sooner without sound */
#define DEMO_BACKLOG		(100LL * 365 * 86400)	/* every sample is new */

#endif
