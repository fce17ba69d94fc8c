/* The bulletin player: what is spoken when, driven from the event loop. */
#ifndef PLAYER_H
#define PLAYER_H

#include <stddef.h>
#include <stdint.h>

#include "voice.h"

struct audio;
struct speech;
struct sentence;

enum player_state {
	PLAYER_IDLE,		/* nothing to speak */
	PLAYER_PLAYING,
	PLAYER_PAUSED,
	PLAYER_STOPPED,		/* stopped by the listener */
};

enum player_mode {
	PLAYER_MODE_HEADLINES,	/* earcon and headline only */
	PLAYER_MODE_SUMMARY,	/* and the first paragraph */
	PLAYER_MODE_FULL,	/* and every paragraph */
};

enum player_unit {
	PLAYER_SENTENCE,
	PLAYER_PARAGRAPH,
	PLAYER_STORY,
	PLAYER_HEADLINE,	/* repeat only */
};

enum player_priority {
	PLAYER_SAY_LOW,		/* dropped when anything is playing */
	PLAYER_SAY_NORMAL,	/* after the current sentence */
	PLAYER_SAY_URGENT,	/* at once; the story resumes afterwards at
				 * the interrupted sentence */
};

enum player_reason {
	PLAYER_SKIPPED,		/* next/prev story, or another story played */
	PLAYER_STOPPED_BY_USER,	/* stop, clear */
};

enum player_part {
	PLAYER_PART_NONE,
	PLAYER_PART_HEADLINE,
	PLAYER_PART_BODY,
	PLAYER_PART_SAY,
};

/*
 * What the owner provides.  timer_add/timer_cancel are the event loop's
 * (speaker.c wraps loop_timer_add/loop_timer_cancel); every other hook
 * may be NULL.
 * Hooks run on the main thread from player_* calls; they may call
 * player_add_story but no other player function.
 */
struct player_hooks {
	void	*arg;			/* for every hook but the timers */
	void	*timer_arg;		/* for timer_add and timer_cancel */
	long	(*timer_add)(void *timer_arg, uint64_t ms,
		    void (*fn)(void *), void *fnarg);
	void	(*timer_cancel)(void *timer_arg, long id);
	/* The player has nothing left: the owner may player_add_story. */
	void	(*need_story)(void *arg);
	void	(*story_begin)(void *arg, int64_t id);
	void	(*headline_end)(void *arg, int64_t id);
	void	(*paragraph)(void *arg, int64_t id, size_t i, size_t n);
	/* id is 0 for a `say' text; para is the paragraph (0 for the
	 * headline and for says), i/n the sentence within it. */
	void	(*sentence)(void *arg, int64_t id, enum player_part,
		    size_t para, size_t i, size_t n);
	/* Spoken to the end: the owner marks it spoken. */
	void	(*story_end)(void *arg, int64_t id);
	void	(*story_cancelled)(void *arg, int64_t id, enum player_reason);
	/* The audio device became unavailable, or available again. */
	void	(*audio_changed)(void *arg, const char *state);
};

/* For `status'.  Strings are borrowed until the next player_* call. */
struct player_status {
	enum player_state	 state;
	const char		*state_name;	/* playing|paused|stopped|idle */
	int64_t			 story_id;	/* 0: none */
	const char		*title;		/* "" when none */
	const char		*part;		/* headline|body|say|"" */
	size_t			 sentence, nsentences;	/* 1-based i/n */
	size_t			 paragraph, nparagraphs;
	int			 rate, pitch, volume;
	const char		*voice;
	const char		*mode;
	char			 audio[200];	/* "ok (device)" or
						 * "unavailable (reason)" */
	unsigned long		 underruns;
	size_t			 queued;	/* stories waiting */
};

struct player;

/*
 * Makes a player that speaks through sp into au; both are borrowed and
 * must outlive it.  voices is borrowed too (for player_set_voice), and
 * voice is the initial profile.  Before its first job it loads the speech
 * engine and opens the audio device (not here: a daemon that never speaks
 * never loads them); when that fails the player works anyway, reports the
 * audio as unavailable and retries every AUDIO_RETRY_MS.  NULL on error
 * (logged).
 */
struct player	*player_new(struct speech *sp, struct audio *au,
		    const struct voices *voices, const struct voice *voice,
		    const struct player_hooks *hooks);
void		 player_free(struct player *);	/* accepts NULL */

/* The owner calls this when speech_fd(sp) is readable. */
void	player_handle_speech(struct player *);

/*
 * Appends a story: a title and paragraphs of speakable text, all copied.
 * 0, or -1 when the queue is full (PLAYER_MAX_STORIES) or the story is
 * empty.  Does not start playback.
 */
int	player_add_story(struct player *, int64_t id, const char *title,
	    const char *const *paras, size_t npara);
/* Plays the story with this id now if queued (the current story is
 * cancelled as skipped).  0, or -1 when no such story is queued. */
int	player_play_id(struct player *, int64_t id);
/* Forgets queued stories (not the current one). */
void	player_clear(struct player *);
size_t	player_queued(struct player *);
/* The queue in order, for `queue': ids[i] up to max; returns the count. */
size_t	player_queue_ids(struct player *, int64_t *ids, size_t max);

/* One-off text.  0, or -1 when dropped (low priority while busy, or
 * PLAYER_MAX_SAYS waiting). */
int	player_say(struct player *, const char *text, enum player_priority);

int	player_play(struct player *);		/* start or resume */
int	player_pause(struct player *, int on);	/* on: 1, off: 0, toggle: -1 */
int	player_resume(struct player *);
int	player_stop(struct player *);
/* -1 when there is nothing to move to (the position is unchanged). */
int	player_next(struct player *, enum player_unit);
int	player_prev(struct player *, enum player_unit);
int	player_repeat(struct player *, enum player_unit);

/*
 * Settings.  delta: 0 sets value, 1 adds value (which may be negative).
 * Rate, pitch and voice apply from the next sentence; volume at once.
 * -1 when out of range or unknown (nothing changes).
 */
int	player_set_rate(struct player *, int value, int delta);
int	player_set_pitch(struct player *, int value, int delta);
int	player_set_volume(struct player *, int value, int delta);
int	player_set_voice(struct player *, const char *name);
int	player_set_mode(struct player *, enum player_mode);
void	player_set_earcons(struct player *, int on);
/* "headlines", "summary", "full" → mode; -1 when unknown. */
int	player_mode_parse(const char *);
const char *player_mode_name(enum player_mode);

void	player_get_status(struct player *, struct player_status *);

/* Sentence splitting: sentences_split (sentences.h), which the player
 * uses for every text. */
int	player_split(const char *, size_t, struct sentence **, size_t *);

/*
 * Offline: renders a story laid out as the player speaks it (earcon,
 * headline, pause, paragraphs) or a plain text into a WAV file, in the
 * calling thread.  Only where no synthesis worker runs.  0, or -1.
 */
int	player_render_story(const char *path, const struct voice *,
	    enum player_mode, int earcons, const char *title,
	    const char *const *paras, size_t npara);
int	player_render_text(const char *path, const struct voice *,
	    const char *text);

#endif
