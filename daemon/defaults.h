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

/* Speech and audio (speech.c, audio.c, player.c). */
#define SPEECH_MAX_JOBS		16	/* jobs queued for the synthesis worker */
#define SPEECH_MAX_TEXT		4096	/* bytes of text in one job (sentence);
					 * longer sentences are cut at a word */
#define SPEECH_CHUNK_MS		20	/* eSpeak NG output buffer: the worker
					 * checks for cancellation this often */
#define SPEECH_LOOKAHEAD_MS	3000	/* synthesised audio queued ahead of the
					 * listener; bounds memory and the delay
					 * before a new rate is heard */
#define SPEECH_START_MS		100	/* audio ready before a stopped device is
					 * started, enough to prime its buffer */
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
#define AUDIO_LATENCY_MS	40	/* suggested device latency */
#define AUDIO_RETRY_MS		2000	/* reopen an unavailable device */
#define AUDIO_TICK_MS		20	/* position tracking while playing */
#define AUDIO_IDLE_CLOSE_MS	500	/* stop the stream when idle this long
					 * (after the end padding was heard) */
#define PLAYER_MAX_STORIES	64	/* stories waiting in the player */
#define PLAYER_MAX_SAYS		16	/* one-off texts waiting */
#define PLAYER_MAX_PARAGRAPHS	512	/* paragraphs of one story */
#define PLAYER_MAX_SENTENCES	4096	/* sentences of one story */
#define PLAYER_INFLIGHT		4	/* jobs submitted ahead of the listener */
#define PLAYER_HISTORY		8	/* finished stories kept for `prev story' */
#define VOICE_MAX_PROFILES	32	/* voice profiles loaded from voices/ */
#define VOICE_MAX_FILE		4096	/* bytes of one .voice file */
#define RATE_MIN		80	/* words per minute, eSpeak NG's range */
#define RATE_MAX		450
#define RATE_DEFAULT		165

#endif
