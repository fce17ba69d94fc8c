/* Audio output: a lock-free ring buffer drained by PortAudio or a null sink. */
#ifndef AUDIO_H
#define AUDIO_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIO_POS_NONE	UINT64_MAX

/*
 * A single-producer/single-consumer ring of 16-bit mono samples.  Positions
 * are absolute sample counts since the ring was made, so they never wrap
 * in practice and name a sample for its whole life.  The consumer keeps
 * `keep' samples behind its read position from being overwritten
 * (`release' trails `rpos'), so a paused stream can rewind over samples the
 * device had taken but not yet played.
 */
struct audio_ring {
	int16_t			*buf;
	size_t			 size;		/* a power of two */
	size_t			 keep;
	_Atomic uint64_t	 wpos;		/* written by the producer */
	_Atomic uint64_t	 rpos;		/* written by the consumer */
	_Atomic uint64_t	 release;	/* written by the consumer */
};

/* 0, or -1 when size is not a power of two > keep or out of memory. */
int	audio_ring_init(struct audio_ring *, size_t size, size_t keep);
void	audio_ring_free(struct audio_ring *);
/* Producer: copies up to n samples, returns how many fit. */
size_t	audio_ring_write(struct audio_ring *, const int16_t *, size_t n);
size_t	audio_ring_space(struct audio_ring *);
/* Consumer: copies up to n samples but not past limit (AUDIO_POS_NONE for
 * none); returns how many. */
size_t	audio_ring_read(struct audio_ring *, int16_t *, size_t n,
	    uint64_t limit);
/* Consumer, while no other consumer runs: moves the read position to pos,
 * which is clamped to [release, wpos].  Returns the position set. */
uint64_t audio_ring_seek(struct audio_ring *, uint64_t pos);

enum audio_state {
	AUDIO_CLOSED,		/* not opened yet, or closed */
	AUDIO_UNAVAILABLE,	/* open failed or the device vanished */
	AUDIO_STOPPED,		/* open, not playing */
	AUDIO_RUNNING,		/* the callback drains the ring */
};

struct audio;

/*
 * device: NULL, "" or "default" for the system default output; "null" for
 * a sink that consumes in real time; "null:fast" for one that consumes as
 * fast as samples are written; "null:manual" for one that consumes only in
 * audio_null_consume() (tests); anything else names a PortAudio device
 * (exact name first, else the first name containing it).
 * Returns a new closed output, or NULL when out of memory (logged).
 */
struct audio	*audio_new(const char *device, int rate);
void		 audio_free(struct audio *);	/* accepts NULL; closes */

/* 0, or -1 with the state AUDIO_UNAVAILABLE and audio_error() saying why.
 * Not logged: the owner decides how loudly to report a missing device. */
int		 audio_open(struct audio *);
void		 audio_close(struct audio *);
enum audio_state audio_state(struct audio *);
const char	*audio_error(const struct audio *);	/* "" when none */
const char	*audio_device(const struct audio *);
int		 audio_rate(const struct audio *);

/* The producer side (exactly one thread). */
size_t		 audio_write(struct audio *, const int16_t *, size_t n);
uint64_t	 audio_write_pos(struct audio *);
uint64_t	 audio_read_pos(struct audio *);

/*
 * The control side (the main thread).  audio_start() starts draining at
 * the read position.  audio_pause() silences at once (the stream is
 * aborted, dropping what the device holds) and moves the read position
 * back to the first sample not heard, so audio_start() resumes exactly
 * there.  audio_seek() moves the read position while stopped.
 */
int		 audio_start(struct audio *);
int		 audio_pause(struct audio *);
uint64_t	 audio_seek(struct audio *, uint64_t pos);
/* The position of the sample audible now (best estimate while running). */
uint64_t	 audio_played_pos(struct audio *);

/*
 * While running: never play the samples from `from' on; when the reader
 * gets there it waits (silence) until `to' is known and continues from
 * it.  to = AUDIO_POS_NONE sets only the limit; a later call with the same
 * from and a real `to' completes the cut.  from = AUDIO_POS_NONE removes
 * any cut.
 */
void		 audio_cut(struct audio *, uint64_t from, uint64_t to);

/* Whether more samples are expected: an empty ring counts as an underrun
 * only while this is on. */
void		 audio_set_expecting(struct audio *, int on);
unsigned long	 audio_underruns(struct audio *);
/* 1 when a running stream ended without being asked to (device lost). */
int		 audio_lost(struct audio *);
/* 0..200: 100 plays samples as they are, more amplifies (clipping). */
void		 audio_set_volume(struct audio *, int percent);

/* null:manual only: consumes up to n samples now; returns how many. */
size_t		 audio_null_consume(struct audio *, size_t n);

#endif
