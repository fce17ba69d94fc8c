/* Speech synthesis: eSpeak NG on one worker thread, writing to audio. */
#ifndef SPEECH_H
#define SPEECH_H

#include <stddef.h>
#include <stdint.h>

#include "voice.h"

struct audio;

enum speech_kind {
	SPEECH_TEXT,		/* one sentence */
	SPEECH_EARCON,		/* the tone before a story */
	SPEECH_SILENCE,		/* a pause of `ms' */
};

/* One unit of work.  The text is copied by speech_submit. */
struct speech_job {
	enum speech_kind	 kind;
	const char		*text;	/* SPEECH_TEXT, UTF-8 */
	size_t			 len;
	int			 ms;	/* SPEECH_SILENCE */
	struct voice		 voice;	/* SPEECH_TEXT */
};

enum speech_msg_type {
	SPEECH_MSG_START,	/* pos: the job's first sample */
	SPEECH_MSG_AUDIO,	/* SPEECH_START_MS of the job are in the ring */
	SPEECH_MSG_WORD,	/* pos: the word's first sample; off, len:
				 * its characters in the text */
	SPEECH_MSG_DONE,	/* pos: one past the job's last sample */
	SPEECH_MSG_CANCELLED,	/* pos: one past the last sample written */
	SPEECH_MSG_FAILED,	/* eSpeak NG refused the job (logged) */
};

/* What the worker tells the main thread, one per pipe write. */
struct speech_msg {
	uint32_t	type;
	uint32_t	seq;
	uint64_t	pos;
	int32_t		off;
	int32_t		len;
};

struct speech;

/*
 * Loads libespeak-ng and initialises eSpeak NG for this process (data
 * from its default place) in synchronous mode, once; later calls return
 * at once.  Returns the sample rate (SPEECH_RATE), or -1 with the reason
 * in speech_engine_error() (logged once per reason); a failure is tried
 * again on the next call.  Main thread only, and before the worker is
 * given text: speech_submit refuses text until then.
 */
int	speech_engine_init(void);

/* Why the engine is not up ("eSpeak NG: libespeak-ng.so.1: cannot open
 * ..."), or "" when it is or was never tried. */
const char *speech_engine_error(void);

/*
 * The names of eSpeak NG's voices ("de", "en-us"), read once when the
 * engine started: loads it on first use (main thread only).  The array
 * is the engine's and lives as long as the process.  0 and NULL when the
 * engine cannot be loaded.
 */
size_t	speech_engine_voices(const char *const **names);

/*
 * Starts the worker, which writes samples into audio's ring.  audio is
 * borrowed and must outlive the speech object.  NULL on error (logged).
 */
struct speech	*speech_new(struct audio *);
void		 speech_free(struct speech *);	/* accepts NULL; joins */

/* The read end of the worker's message pipe, non-blocking: watch it for
 * reading and call speech_read until it returns 0. */
int	speech_fd(const struct speech *);
/* 1 with a message in *m, 0 when none is waiting, -1 on error (logged). */
int	speech_read(struct speech *, struct speech_msg *m);

/*
 * Queues a job; returns its sequence number (> 0, increasing), or 0 when
 * the queue is full (SPEECH_MAX_JOBS) or out of memory.  The worker keeps
 * at most SPEECH_LOOKAHEAD_MS of audio ahead of the reader.
 */
uint32_t	speech_submit(struct speech *, const struct speech_job *);
/*
 * Cancels every job submitted so far whose sequence is greater than keep
 * (0: all of them).  Queued ones are dropped without a message; the one
 * being synthesised stops within one chunk and reports CANCELLED.  Never
 * waits for the worker.
 */
void		speech_cancel(struct speech *, uint32_t keep);
/* Whether a sequence number was cancelled by speech_cancel. */
int		speech_is_cancelled(struct speech *, uint32_t seq);
/* Jobs queued or in progress. */
size_t		speech_pending(struct speech *);

/* The earcon as samples: fills at most n, returns the count.  Pure. */
size_t	speech_earcon(int16_t *out, size_t n, int rate);

/*
 * Renders jobs in order into a WAV file at path, in the calling thread,
 * with SPEECH_PAD_MS of silence at the end.  Use it only where no worker
 * runs (eSpeak NG is not thread-safe).  0, or -1 (logged).
 */
int	speech_render_wav(const struct speech_job *, size_t n,
	    const char *path);

#endif
