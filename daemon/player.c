/*
 * player: the bulletin's state machine.  It lays each story out as a
 * plan of items (earcon, headline sentences, pauses, body sentences),
 * feeds them to the synthesis worker a few at a time, and follows the
 * audio device's position to tell which sentence is audible, firing the
 * owner's hooks as the listener hears them.
 *
 * Everything here runs on the main thread.  The player never blocks: it
 * learns what the worker did from the message pipe (player_handle_speech)
 * and where the listener is from a timer while audio runs.
 *
 * Two ways to change course:
 *  - a restart (stop, skip, repeat, urgent say) cancels every job, aborts
 *    the stream (silence within one buffer) and starts again from an item;
 *    the stream restarts at the first new job's first sample;
 *  - a cut (normal say, new rate, voice or pitch) keeps the sentence being
 *    heard, cancels what was synthesised after it, and tells the audio
 *    consumer to jump from that sentence's end to the next new job, so the
 *    change is heard from the next sentence without a gap or a click.
 *
 * It does not fetch, store or choose stories: the owner hands them over
 * with player_add_story and hears back through the hooks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "defaults.h"
#include "log.h"
#include "player.h"
#include "sentences.h"
#include "speech.h"

int
player_split(const char *s, size_t len, struct sentence **out, size_t *n)
{
	return sentences_split(s, len, out, n);
}

enum item_kind {
	ITEM_EARCON,
	ITEM_TEXT,
	ITEM_SILENCE,
};

struct item {
	enum item_kind	 kind;
	enum player_part part;
	size_t		 para;		/* paragraph of the body */
	size_t		 sent, nsent;	/* sentence within it */
	const char	*text;
	size_t		 len;
	int		 ms;
};

/* A story or a one-off text, laid out as items. */
struct plan {
	int64_t		 id;		/* 0 for a say */
	int		 is_say;
	char		*title;
	char		**paras;
	size_t		 npara;
	char		*text;		/* a say's text */
	struct item	*items;
	size_t		 nitems;
	size_t		 nbody;		/* paragraphs in the plan */
};

/* A job given to the worker and not yet heard to its end. */
struct flight {
	uint32_t	 seq;
	struct plan	*plan;		/* NULL for the end padding */
	size_t		 item;
	uint64_t	 start, end;	/* AUDIO_POS_NONE until known */
	int		 sounding;	/* its first samples are in the ring */
	int		 announced;
};

struct player {
	struct speech		*sp;
	struct audio		*au;
	const struct voices	*voices;
	struct player_hooks	 h;

	enum player_state	 state;
	int			 story_active;	/* stories, not only says */
	enum player_state	 rest;		/* state after a say from rest */
	struct voice		 voice;
	int			 volume;
	enum player_mode	 mode;
	int			 earcons;

	struct plan		*queue[PLAYER_MAX_STORIES];
	size_t			 nqueue;
	struct plan		*hist[PLAYER_HISTORY + 1];
	size_t			 nhist;
	struct plan		*says[PLAYER_MAX_SAYS];
	size_t			 nsays;

	struct plan		*story;		/* being submitted */
	size_t			 story_next;
	struct plan		*say;		/* being submitted */
	size_t			 say_next;
	int			 padded;	/* end padding submitted */

	struct flight		 fl[PLAYER_INFLIGHT + 1];
	size_t			 nfl;
	uint32_t		 last_seq;

	/* The audible item, for status and for jumps. */
	struct plan		*cur;
	size_t			 cur_item;
	struct plan		*cur_story;	/* last story heard */

	int			 need_seek;
	int			 need_data;
	int			 cut_pending;
	uint32_t		 cut_keep;
	uint32_t		 cut_upto;
	uint64_t		 cut_from;

	long			 tick_id;
	long			 retry_id;
	uint64_t		 idle_ms;	/* silent time while running */
	int			 unavailable;
	int			 output_up;	/* engine loaded, device opened
						 * once (open_output) */
};

static void	pump(struct player *);
static int	open_output(struct player *);
static void	drop_say(struct player *);
static void	release_say(struct player *, struct plan *);
static void	ensure_running(struct player *);
static void	update(struct player *);

/* ------------------------------------------------------------- plans */

static void
plan_free(struct plan *pl)
{
	size_t	i;

	if (pl == NULL)
		return;
	for (i = 0; i < pl->npara; i++)
		free(pl->paras[i]);
	free(pl->paras);
	free(pl->title);
	free(pl->text);
	free(pl->items);
	free(pl);
}

struct builder {
	struct item	*v;
	size_t		 n, cap;
	int		 failed;
};

static struct item *
add_item(struct builder *b, enum item_kind kind, enum player_part part)
{
	struct item	*nv;

	if (b->failed)
		return NULL;
	if (b->n == b->cap) {
		if (b->cap >= PLAYER_MAX_SENTENCES + 2 * PLAYER_MAX_PARAGRAPHS) {
			b->failed = 1;
			return NULL;
		}
		b->cap = b->cap ? b->cap * 2 : 16;
		if ((nv = reallocarray(b->v, b->cap, sizeof(*nv))) == NULL) {
			b->failed = 1;
			return NULL;
		}
		b->v = nv;
	}
	memset(&b->v[b->n], 0, sizeof(b->v[0]));
	b->v[b->n].kind = kind;
	b->v[b->n].part = part;
	return &b->v[b->n++];
}

/* Adds the sentences of text as TEXT items; 0, or -1. */
static int
add_sentences(struct builder *b, const char *text, enum player_part part,
    size_t para)
{
	struct sentence	*s = NULL;
	struct item	*it;
	size_t		 n = 0, i, first = b->n, off, len, k;

	if (sentences_split(text, strlen(text), &s, &n) == -1) {
		b->failed = 1;
		return -1;
	}
	for (i = 0; i < n; i++) {
		off = s[i].off;
		len = s[i].len;
		/* An over-long "sentence" (a list, a table) is spoken in
		 * pieces broken at spaces. */
		while (len > 0) {
			k = len;
			if (k > SPEECH_MAX_TEXT) {
				k = SPEECH_MAX_TEXT;
				while (k > SPEECH_MAX_TEXT / 2 &&
				    text[off + k] != ' ')
					k--;
			}
			if ((it = add_item(b, ITEM_TEXT, part)) == NULL)
				break;
			it->para = para;
			it->text = text + off;
			it->len = k;
			off += k;
			len -= k;
		}
	}
	free(s);
	for (i = first; i < b->n; i++) {
		b->v[i].sent = i - first;
		b->v[i].nsent = b->n - first;
	}
	return b->failed ? -1 : 0;
}

static void
add_pause(struct builder *b, int ms)
{
	struct item	*it;

	if ((it = add_item(b, ITEM_SILENCE, PLAYER_PART_NONE)) != NULL)
		it->ms = ms;
}

static int
plan_layout(struct plan *pl, enum player_mode mode, int earcons)
{
	struct builder	b;
	size_t		i, nbody = 0, before;

	memset(&b, 0, sizeof(b));
	if (pl->is_say) {
		add_sentences(&b, pl->text, PLAYER_PART_SAY, 0);
	} else {
		if (earcons)
			add_item(&b, ITEM_EARCON, PLAYER_PART_HEADLINE);
		add_sentences(&b, pl->title, PLAYER_PART_HEADLINE, 0);
		if (mode == PLAYER_MODE_FULL)
			nbody = pl->npara;
		else if (mode == PLAYER_MODE_SUMMARY)
			nbody = pl->npara > 0 ? 1 : 0;
		for (i = 0; i < nbody; i++) {
			add_pause(&b, i == 0 ? PAUSE_HEADLINE_MS :
			    PAUSE_PARAGRAPH_MS);
			before = b.n;
			add_sentences(&b, pl->paras[i], PLAYER_PART_BODY, i);
			if (b.n == before)
				b.n--;	/* an empty paragraph: no pause */
		}
		add_pause(&b, PAUSE_STORY_MS);
	}
	if (b.failed) {
		log_warnx("player: story %lld is too long to lay out",
		    (long long)pl->id);
		free(b.v);
		return -1;
	}
	free(pl->items);
	pl->items = b.v;
	pl->nitems = b.n;
	pl->nbody = nbody;
	return 0;
}

static struct plan *
plan_story(int64_t id, const char *title, const char *const *paras,
    size_t npara)
{
	struct plan	*pl;
	size_t		 i;

	if (npara > PLAYER_MAX_PARAGRAPHS) {
		log_warnx("player: story %lld: %zu paragraphs, speaking %d",
		    (long long)id, npara, PLAYER_MAX_PARAGRAPHS);
		npara = PLAYER_MAX_PARAGRAPHS;
	}
	if ((pl = calloc(1, sizeof(*pl))) == NULL)
		return NULL;
	pl->id = id;
	if ((pl->title = strdup(title ? title : "")) == NULL ||
	    (npara > 0 && (pl->paras = calloc(npara, sizeof(char *))) == NULL))
		goto fail;
	for (i = 0; i < npara; i++, pl->npara++)
		if ((pl->paras[i] = strdup(paras[i])) == NULL)
			goto fail;
	return pl;
fail:
	log_warn("player: story %lld", (long long)id);
	plan_free(pl);
	return NULL;
}

static int
referenced(struct player *p, struct plan *pl)
{
	size_t	i;

	for (i = 0; i < p->nfl; i++)
		if (p->fl[i].plan == pl)
			return 1;
	return pl == p->cur || pl == p->story || pl == p->say;
}

static void
forget_plan(struct player *p, struct plan *pl)
{
	if (pl == p->cur)
		p->cur = NULL;
	if (pl == p->cur_story)
		p->cur_story = NULL;
	plan_free(pl);
}

/* Keeps a story that was fully submitted, for `prev story'. */
static void
hist_push(struct player *p, struct plan *pl)
{
	if (p->nhist == PLAYER_HISTORY + 1 || (p->nhist == PLAYER_HISTORY &&
	    !referenced(p, p->hist[0]))) {
		forget_plan(p, p->hist[0]);
		p->nhist--;
		memmove(p->hist, p->hist + 1, p->nhist * sizeof(p->hist[0]));
	}
	if (p->nhist == PLAYER_HISTORY + 1) {
		forget_plan(p, pl);	/* cannot happen: bounded above */
		return;
	}
	p->hist[p->nhist++] = pl;
}

static int
hist_remove(struct player *p, struct plan *pl)
{
	size_t	i;

	for (i = 0; i < p->nhist; i++)
		if (p->hist[i] == pl) {
			memmove(p->hist + i, p->hist + i + 1,
			    (p->nhist - i - 1) * sizeof(p->hist[0]));
			p->nhist--;
			return 0;
		}
	return -1;
}

static void
queue_push_front(struct player *p, struct plan *pl)
{
	if (p->nqueue == PLAYER_MAX_STORIES) {
		/* Full: the newest waiting story makes room for the one
		 * the listener was hearing. */
		forget_plan(p, p->queue[--p->nqueue]);
	}
	memmove(p->queue + 1, p->queue, p->nqueue * sizeof(p->queue[0]));
	p->queue[0] = pl;
	p->nqueue++;
}

static struct plan *
queue_pop(struct player *p)
{
	struct plan	*pl;

	if (p->nqueue == 0 && p->h.need_story != NULL)
		p->h.need_story(p->h.arg);
	if (p->nqueue == 0)
		return NULL;
	pl = p->queue[0];
	memmove(p->queue, p->queue + 1, --p->nqueue * sizeof(p->queue[0]));
	return pl;
}

/* Makes pl the story being submitted, from item; lays it out first. */
static int
story_begin_submit(struct player *p, struct plan *pl, size_t item)
{
	if (pl->items == NULL && plan_layout(pl, p->mode, p->earcons) == -1)
		return -1;
	p->story = pl;
	p->story_next = item < pl->nitems ? item : 0;
	return 0;
}

/* ----------------------------------------------------------- submitting */

static void
cancel_hook(struct player *p, struct plan *pl, enum player_reason why)
{
	if (pl != NULL && !pl->is_say && p->h.story_cancelled != NULL)
		p->h.story_cancelled(p->h.arg, pl->id, why);
}

/* The next item to submit, or 0 when there is none. */
static int
next_item(struct player *p, struct plan **plp, size_t *itp)
{
	for (;;) {
		if (p->say != NULL) {
			if (p->say_next < p->say->nitems) {
				*plp = p->say;
				*itp = p->say_next++;
				return 1;
			}
			drop_say(p);	/* freed when no longer heard */
		}
		if (p->nsays > 0) {
			p->say = p->says[0];
			memmove(p->says, p->says + 1,
			    --p->nsays * sizeof(p->says[0]));
			p->say_next = 0;
			continue;
		}
		if (!p->story_active)
			return 0;
		if (p->story != NULL) {
			if (p->story_next < p->story->nitems) {
				*plp = p->story;
				*itp = p->story_next++;
				return 1;
			}
			hist_push(p, p->story);
			p->story = NULL;
		}
		for (;;) {
			struct plan *pl = queue_pop(p);

			if (pl == NULL)
				return 0;
			if (story_begin_submit(p, pl, 0) == 0 &&
			    pl->nitems > 0)
				break;
			/* Could not lay it out: skip it, say so. */
			cancel_hook(p, pl, PLAYER_SKIPPED);
			p->story = NULL;
			plan_free(pl);
		}
	}
}

static void
fill_job(struct player *p, const struct item *it, struct speech_job *j)
{
	memset(j, 0, sizeof(*j));
	j->voice = p->voice;
	switch (it->kind) {
	case ITEM_EARCON:
		j->kind = SPEECH_EARCON;
		break;
	case ITEM_SILENCE:
		j->kind = SPEECH_SILENCE;
		j->ms = it->ms;
		break;
	case ITEM_TEXT:
		j->kind = SPEECH_TEXT;
		j->text = it->text;
		j->len = it->len;
		break;
	}
}

static int
submit(struct player *p, struct plan *pl, size_t item)
{
	struct speech_job	 j;
	struct item		 pad;
	struct flight		*f;
	uint32_t		 seq;

	if (open_output(p) == -1)
		return -1;	/* retry() pumps again */
	if (pl != NULL)
		fill_job(p, &pl->items[item], &j);
	else {
		memset(&pad, 0, sizeof(pad));
		pad.kind = ITEM_SILENCE;
		pad.ms = SPEECH_PAD_MS;
		fill_job(p, &pad, &j);
	}
	if ((seq = speech_submit(p->sp, &j)) == 0)
		return -1;
	if (p->nfl == 0 && audio_state(p->au) == AUDIO_RUNNING) {
		/* The stream idles on silence that fills the device buffer;
		 * new speech behind it would wait that long.  Start afresh,
		 * primed with the speech itself. */
		audio_pause(p->au);
		p->need_seek = 1;
	}
	f = &p->fl[p->nfl++];
	memset(f, 0, sizeof(*f));
	f->seq = seq;
	f->plan = pl;
	f->item = item;
	f->start = f->end = AUDIO_POS_NONE;
	p->last_seq = seq;
	return 0;
}

static void
pump(struct player *p)
{
	struct plan	*pl;
	size_t		 item;

	if (p->state != PLAYER_PLAYING && p->state != PLAYER_PAUSED)
		return;
	while (p->nfl < PLAYER_INFLIGHT) {
		if (!next_item(p, &pl, &item)) {
			/* The end: pad it once so the device's buffer never
			 * swallows the last word. */
			if (p->nfl > 0 && !p->padded && submit(p, NULL, 0) == 0)
				p->padded = 1;
			break;
		}
		p->padded = 0;
		if (submit(p, pl, item) == -1) {
			/* The worker's queue is full: try on the next
			 * message.  Put the item back. */
			if (pl == p->say)
				p->say_next--;
			else
				p->story_next--;
			break;
		}
	}
	audio_set_expecting(p->au, p->nfl > 0 && !p->padded);
}

/* ------------------------------------------------------------ position */

static void
announce(struct player *p, struct flight *f)
{
	struct plan	*pl = f->plan, *old;
	struct item	*it;

	f->announced = 1;
	if (pl == NULL)
		return;
	it = &pl->items[f->item];
	old = p->cur;
	p->cur = pl;
	p->cur_item = f->item;
	if (old != pl)
		release_say(p, old);
	if (!pl->is_say)
		p->cur_story = pl;
	if (!pl->is_say && f->item == 0 && p->h.story_begin != NULL)
		p->h.story_begin(p->h.arg, pl->id);
	if (it->kind != ITEM_TEXT)
		return;
	if (it->part == PLAYER_PART_BODY && it->sent == 0 &&
	    p->h.paragraph != NULL)
		p->h.paragraph(p->h.arg, pl->id, it->para, pl->nbody);
	if (p->h.sentence != NULL)
		p->h.sentence(p->h.arg, pl->is_say ? 0 : pl->id, it->part,
		    it->para, it->sent, it->nsent);
}

static void
finish(struct player *p, struct flight *f)
{
	struct plan	*pl = f->plan;
	struct item	*it;

	if (pl == NULL)
		return;
	it = &pl->items[f->item];
	if (!pl->is_say && it->part == PLAYER_PART_HEADLINE &&
	    it->kind == ITEM_TEXT && it->sent + 1 == it->nsent &&
	    p->h.headline_end != NULL)
		p->h.headline_end(p->h.arg, pl->id);
	if (f->item + 1 == pl->nitems && !pl->is_say &&
	    p->h.story_end != NULL)
		p->h.story_end(p->h.arg, pl->id);
}

/* Frees a say's plan once nothing refers to it any more. */
static void
release_say(struct player *p, struct plan *pl)
{
	size_t	i;

	if (pl == NULL || !pl->is_say || referenced(p, pl))
		return;
	for (i = 0; i < p->nsays; i++)
		if (p->says[i] == pl)
			return;
	plan_free(pl);
}

static void
drop_say(struct player *p)
{
	struct plan	*pl = p->say;

	p->say = NULL;
	release_say(p, pl);
}

static void
drop_flight0(struct player *p)
{
	struct plan	*pl = p->fl[0].plan;

	memmove(p->fl, p->fl + 1, --p->nfl * sizeof(p->fl[0]));
	release_say(p, pl);
}

static void
go_quiet(struct player *p)
{
	/* Nothing more to say: back to where the listener left us. */
	if (p->state == PLAYER_PLAYING)
		p->state = p->story_active ? PLAYER_IDLE : p->rest;
	p->story_active = 0;
	if (p->cur != NULL && p->cur->is_say) {
		struct plan *pl = p->cur;

		p->cur = NULL;
		release_say(p, pl);
	}
}

/* Follows the listener: fires hooks for what became audible or ended. */
static void
update(struct player *p)
{
	uint64_t	played;

	played = audio_played_pos(p->au);
	/* Nothing is heard while the device is stopped or missing. */
	while (p->nfl > 0 && audio_state(p->au) == AUDIO_RUNNING) {
		struct flight *f = &p->fl[0];

		if (f->start == AUDIO_POS_NONE || f->start > played)
			break;
		if (!f->announced)
			announce(p, f);
		if (f->end == AUDIO_POS_NONE || f->end > played)
			break;
		finish(p, f);
		drop_flight0(p);
	}
	if (p->nfl == 0 && p->state == PLAYER_PLAYING) {
		pump(p);
		if (p->nfl == 0)
			go_quiet(p);
	}
}

/* ------------------------------------------------------------- audio */

static void	tick(void *);
static void	retry(void *);

static void
schedule_tick(struct player *p)
{
	if (p->tick_id <= 0 && p->h.timer_add != NULL)
		p->tick_id = p->h.timer_add(p->h.timer_arg, AUDIO_TICK_MS, tick, p);
}

/* Why there is no output: the engine's reason while it is not loaded,
 * else the device's. */
static const char *
why(struct player *p)
{
	const char	*e = speech_engine_error();

	return *e != '\0' ? e : audio_error(p->au);
}

static void
unavailable(struct player *p)
{
	char	state[200];

	p->unavailable = 1;
	audio_close(p->au);
	snprintf(state, sizeof(state), "unavailable (%s)", why(p));
	log_warnx("audio: %s: %s", audio_device(p->au), state);
	if (p->h.audio_changed != NULL)
		p->h.audio_changed(p->h.arg, state);
	if (p->retry_id <= 0 && p->h.timer_add != NULL)
		p->retry_id = p->h.timer_add(p->h.timer_arg, AUDIO_RETRY_MS, retry,
		    p);
}

static void
ensure_running(struct player *p)
{
	if (p->state != PLAYER_PLAYING || p->nfl == 0 ||
	    audio_state(p->au) != AUDIO_STOPPED)
		return;
	if (p->need_seek) {
		if (p->fl[0].start == AUDIO_POS_NONE)
			return;		/* the first job has not begun */
		/* Seek at once: the worker measures its lookahead from the
		 * read position, and stale samples would hold it back. */
		audio_seek(p->au, p->fl[0].start);
		p->need_seek = 0;
		p->need_data = 1;
	}
	/* Start only once there is something to play: a stream started on
	 * an empty ring primes the device with a whole buffer of silence,
	 * which the listener would wait through. */
	if (p->need_data && !p->fl[0].sounding &&
	    p->fl[0].end == AUDIO_POS_NONE)
		return;
	p->need_data = 0;
	audio_set_expecting(p->au, !p->padded);
	if (audio_start(p->au) == -1) {
		unavailable(p);
		return;
	}
	p->idle_ms = 0;
	schedule_tick(p);
}

/* Cancels everything and starts over at item of pl (NULL: only says). */
static void
restart(struct player *p, struct plan *pl, size_t item)
{
	speech_cancel(p->sp, 0);
	if (audio_state(p->au) == AUDIO_RUNNING)
		audio_pause(p->au);
	while (p->nfl > 0)
		drop_flight0(p);
	p->cut_pending = 0;
	/* Skip what is in the ring now, so the worker's lookahead is not
	 * taken up by stale samples; the exact seek follows at START. */
	audio_seek(p->au, audio_write_pos(p->au));
	p->need_seek = 1;
	p->padded = 0;
	if (pl != NULL && pl != p->story) {
		hist_remove(p, pl);
		if (p->story != NULL)
			queue_push_front(p, p->story);
		p->story = NULL;
		if (story_begin_submit(p, pl, item) == -1)
			p->story = NULL;
	} else if (pl != NULL)
		p->story_next = item;
	pump(p);
}

static void
tick(void *arg)
{
	struct player	*p = arg;

	p->tick_id = 0;
	if (audio_state(p->au) != AUDIO_RUNNING)
		return;
	if (audio_lost(p->au)) {
		struct plan	*pl = p->cur;
		size_t		 item = p->cur_item;

		/* Start the interrupted sentence again once the device is
		 * back: its first samples may be gone from the ring. */
		unavailable(p);
		if (pl != NULL && pl->is_say) {
			/* The say goes on at its sentence, too. */
			if (p->say != NULL && p->say != pl) {
				memmove(p->says + 1, p->says,
				    p->nsays * sizeof(p->says[0]));
				p->says[0] = p->say;
				p->nsays++;
			}
			p->say = pl;
			p->say_next = item;
			restart(p, NULL, 0);
		} else if (pl != NULL)
			restart(p, pl, item);
		else
			restart(p, NULL, 0);
		return;
	}
	update(p);
	pump(p);
	if (p->nfl == 0) {
		p->idle_ms += AUDIO_TICK_MS;
		if (p->idle_ms >= AUDIO_IDLE_CLOSE_MS) {
			/* Idle for a while: stop the stream so an idle
			 * daemon costs nothing. */
			audio_pause(p->au);
			p->need_seek = 1;
			return;
		}
	} else
		p->idle_ms = 0;
	schedule_tick(p);
}

static void
retry(void *arg)
{
	struct player	*p = arg;

	p->retry_id = 0;
	if (speech_engine_init() == -1 || audio_open(p->au) == -1) {
		/*
		 * Keep asking only while something waits to be played: an
		 * idle daemon without a sound device must not wake every
		 * AUDIO_RETRY_MS.  The next job asks again (open_output).
		 */
		if (p->state == PLAYER_PLAYING)
			p->retry_id = p->h.timer_add(p->h.timer_arg,
			    AUDIO_RETRY_MS, retry, p);
		return;
	}
	p->unavailable = 0;
	p->output_up = 1;
	log_info("audio: %s: available", audio_device(p->au));
	if (p->h.audio_changed != NULL)
		p->h.audio_changed(p->h.arg, "ok");
	p->need_seek = 1;
	pump(p);	/* nothing was submitted if this is the first open */
	ensure_running(p);
}

/*
 * Loads the speech engine and opens the device before the first job, so
 * a daemon that never speaks maps neither libespeak-ng nor PortAudio.
 * After that, device trouble goes through unavailable() and retry().
 * 0, or -1 while the output is unavailable.
 */
static int
open_output(struct player *p)
{
	if (p->output_up)
		return 0;
	if (p->unavailable) {
		/* retry() stopped asking while there was nothing to play:
		 * ask again now, from the loop. */
		if (p->retry_id <= 0 && p->h.timer_add != NULL)
			p->retry_id = p->h.timer_add(p->h.timer_arg, 0, retry,
			    p);
		return -1;	/* retry() pumps again */
	}
	if (speech_engine_init() == -1 || audio_open(p->au) == -1) {
		unavailable(p);
		return -1;
	}
	p->output_up = 1;
	return 0;
}

/* --------------------------------------------------------- the worker */

static struct flight *
find_flight(struct player *p, uint32_t seq)
{
	size_t	i;

	for (i = 0; i < p->nfl; i++)
		if (p->fl[i].seq == seq)
			return &p->fl[i];
	return NULL;
}

void
player_handle_speech(struct player *p)
{
	struct speech_msg	 m;
	struct flight		*f;
	int			 r;

	while ((r = speech_read(p->sp, &m)) == 1) {
		if (p->cut_pending && m.seq == p->cut_keep &&
		    m.type != SPEECH_MSG_START && m.type != SPEECH_MSG_WORD) {
			/* The kept sentence is complete: nothing after its
			 * end may be heard until the next new job. */
			p->cut_from = m.pos;
			audio_cut(p->au, p->cut_from, AUDIO_POS_NONE);
		}
		if ((f = find_flight(p, m.seq)) == NULL)
			continue;	/* cancelled */
		switch (m.type) {
		case SPEECH_MSG_START:
			f->start = m.pos;
			if (p->cut_pending && m.seq > p->cut_upto) {
				if (p->cut_from == AUDIO_POS_NONE)
					p->cut_from = m.pos;
				audio_cut(p->au, p->cut_from, m.pos);
				p->cut_pending = 0;
			}
			break;
		case SPEECH_MSG_AUDIO:
			f->sounding = 1;
			break;
		case SPEECH_MSG_WORD:
			break;
		case SPEECH_MSG_DONE:
		case SPEECH_MSG_FAILED:
		case SPEECH_MSG_CANCELLED:
			f->end = m.pos;
			if (f->start == AUDIO_POS_NONE)
				f->start = m.pos;
			break;
		}
	}
	update(p);
	pump(p);
	ensure_running(p);
}

/* Keeps the job being heard; everything after it is synthesised anew
 * from the current settings and queues. */
static void
cut_after_current(struct player *p)
{
	uint64_t	 rp;
	size_t		 k, i;
	int		 story_set = 0, say_set = 0;

	if (p->nfl == 0)
		return;
	rp = audio_read_pos(p->au);
	for (k = 0; k < p->nfl; k++)
		if (p->fl[k].end == AUDIO_POS_NONE || p->fl[k].end > rp)
			break;
	if (k == p->nfl || p->fl[k].start == AUDIO_POS_NONE ||
	    p->fl[k].start > rp) {
		/* Nothing of it was taken yet: a restart loses nothing. */
		if (k < p->nfl && p->fl[k].plan != NULL &&
		    !p->fl[k].plan->is_say)
			restart(p, p->fl[k].plan, p->fl[k].item);
		else if (k < p->nfl && p->fl[k].plan != NULL) {
			p->say = p->fl[k].plan;
			p->say_next = p->fl[k].item;
			restart(p, NULL, 0);
		} else
			restart(p, NULL, 0);
		return;
	}
	speech_cancel(p->sp, p->fl[k].seq);
	/* Rewind the submission cursors to the first dropped item. */
	for (i = k + 1; i < p->nfl; i++) {
		struct flight *f = &p->fl[i];

		if (f->plan == NULL)
			continue;
		if (f->plan->is_say && !say_set) {
			if (p->say != NULL && p->say != f->plan) {
				/* Put the newer say back in front. */
				memmove(p->says + 1, p->says,
				    p->nsays * sizeof(p->says[0]));
				p->says[0] = p->say;
				p->nsays++;
			}
			p->say = f->plan;
			p->say_next = f->item;
			say_set = 1;
		} else if (!f->plan->is_say && !story_set) {
			if (f->plan != p->story) {
				hist_remove(p, f->plan);
				if (p->story != NULL)
					queue_push_front(p, p->story);
				p->story = f->plan;
			}
			p->story_next = f->item;
			story_set = 1;
		}
	}
	p->nfl = k + 1;
	p->padded = 0;
	p->cut_pending = 1;
	p->cut_keep = p->fl[k].seq;
	p->cut_upto = p->last_seq;
	p->cut_from = p->fl[k].end;
	if (p->cut_from != AUDIO_POS_NONE)
		audio_cut(p->au, p->cut_from, AUDIO_POS_NONE);
	pump(p);
}

/* ------------------------------------------------------------- public */

struct player *
player_new(struct speech *sp, struct audio *au, const struct voices *vs,
    const struct voice *v, const struct player_hooks *h)
{
	struct player	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		log_warn("player: calloc");
		return NULL;
	}
	p->sp = sp;
	p->au = au;
	p->voices = vs;
	p->h = *h;
	p->voice = *v;
	p->volume = 100;
	p->mode = PLAYER_MODE_FULL;
	p->earcons = 1;
	p->state = PLAYER_IDLE;
	p->rest = PLAYER_IDLE;
	p->need_seek = 1;
	audio_set_volume(au, p->volume);
	return p;
}

static size_t
add_unique(struct plan **all, size_t n, struct plan *pl)
{
	size_t	i;

	if (pl == NULL)
		return n;
	for (i = 0; i < n; i++)
		if (all[i] == pl)
			return n;
	all[n] = pl;
	return n + 1;
}

void
player_free(struct player *p)
{
	struct plan	*all[PLAYER_MAX_STORIES + PLAYER_HISTORY +
			    PLAYER_MAX_SAYS + PLAYER_INFLIGHT + 5];
	size_t		 i, n;

	if (p == NULL)
		return;
	speech_cancel(p->sp, 0);
	if (audio_state(p->au) == AUDIO_RUNNING)
		audio_pause(p->au);
	if (p->tick_id > 0 && p->h.timer_cancel != NULL)
		p->h.timer_cancel(p->h.timer_arg, p->tick_id);
	if (p->retry_id > 0 && p->h.timer_cancel != NULL)
		p->h.timer_cancel(p->h.timer_arg, p->retry_id);
	/* A plan may be referenced from several places: collect each once. */
	n = 0;
	for (i = 0; i < p->nqueue; i++)
		n = add_unique(all, n, p->queue[i]);
	for (i = 0; i < p->nhist; i++)
		n = add_unique(all, n, p->hist[i]);
	for (i = 0; i < p->nsays; i++)
		n = add_unique(all, n, p->says[i]);
	for (i = 0; i < p->nfl; i++)
		n = add_unique(all, n, p->fl[i].plan);
	n = add_unique(all, n, p->cur);
	n = add_unique(all, n, p->say);
	n = add_unique(all, n, p->story);
	for (i = 0; i < n; i++)
		plan_free(all[i]);
	free(p);
}

int
player_add_story(struct player *p, int64_t id, const char *title,
    const char *const *paras, size_t npara)
{
	struct plan	*pl;

	if (p->nqueue == PLAYER_MAX_STORIES)
		return -1;
	if ((title == NULL || *title == '\0') && npara == 0)
		return -1;
	if ((pl = plan_story(id, title, paras, npara)) == NULL)
		return -1;
	p->queue[p->nqueue++] = pl;
	return 0;
}

int
player_play_id(struct player *p, int64_t id)
{
	struct plan	*pl, *old;
	size_t		 i;

	for (i = 0; i < p->nqueue; i++)
		if (p->queue[i]->id == id)
			break;
	if (i == p->nqueue)
		return -1;
	pl = p->queue[i];
	memmove(p->queue + i, p->queue + i + 1,
	    (p->nqueue - i - 1) * sizeof(p->queue[0]));
	p->nqueue--;
	old = p->cur_story;
	if (old != NULL && p->state != PLAYER_IDLE)
		cancel_hook(p, old, PLAYER_SKIPPED);
	if (p->story != NULL && p->story != old) {
		queue_push_front(p, p->story);
		p->story = NULL;
	}
	if (p->story == old && old != NULL) {
		hist_push(p, old);
		p->story = NULL;
	}
	p->story_active = 1;
	p->state = PLAYER_PLAYING;
	if (story_begin_submit(p, pl, 0) == -1) {
		plan_free(pl);
		return -1;
	}
	restart(p, p->story, 0);
	return 0;
}

void
player_clear(struct player *p)
{
	size_t	i;

	for (i = 0; i < p->nqueue; i++)
		plan_free(p->queue[i]);
	p->nqueue = 0;
}

size_t
player_queued(struct player *p)
{
	return p->nqueue;
}

size_t
player_queue_ids(struct player *p, int64_t *ids, size_t max)
{
	size_t	i;

	for (i = 0; i < p->nqueue && i < max; i++)
		ids[i] = p->queue[i]->id;
	return i;
}

static int
busy(struct player *p)
{
	return p->state == PLAYER_PAUSED ||
	    (p->state == PLAYER_PLAYING && p->nfl > 0);
}

int
player_say(struct player *p, const char *text, enum player_priority prio)
{
	struct plan	*pl, *interrupted;
	size_t		 item;

	if (prio == PLAYER_SAY_LOW && busy(p))
		return -1;
	if (p->nsays == PLAYER_MAX_SAYS)
		return -1;
	if ((pl = calloc(1, sizeof(*pl))) == NULL ||
	    (pl->text = strdup(text)) == NULL) {
		log_warn("player: say");
		free(pl);
		return -1;
	}
	pl->is_say = 1;
	if (plan_layout(pl, p->mode, 0) == -1 || pl->nitems == 0) {
		plan_free(pl);
		return -1;
	}
	if (prio == PLAYER_SAY_URGENT && busy(p)) {
		/* Interrupt now; the story goes on at the sentence it was
		 * in, and a say that was speaking is dropped. */
		interrupted = p->cur != NULL && !p->cur->is_say ? p->cur :
		    NULL;
		item = p->cur_item;
		if (interrupted == NULL) {
			/* A say is being heard: the story goes on at its
			 * first item not yet heard. */
			size_t i;

			for (i = 0; i < p->nfl; i++)
				if (p->fl[i].plan != NULL &&
				    !p->fl[i].plan->is_say) {
					interrupted = p->fl[i].plan;
					item = p->fl[i].item;
					break;
				}
		}
		memmove(p->says + 1, p->says, p->nsays * sizeof(p->says[0]));
		p->says[0] = pl;
		p->nsays++;
		drop_say(p);
		p->state = PLAYER_PLAYING;
		if (interrupted == NULL && p->story != NULL)
			restart(p, p->story, p->story_next);
		else
			restart(p, interrupted, item);
		ensure_running(p);
		return 0;
	}
	p->says[p->nsays++] = pl;
	if (busy(p)) {
		if (p->nsays == 1 && p->say == NULL)
			cut_after_current(p);
		return 0;
	}
	if (p->state != PLAYER_PLAYING) {
		/* Say it, then go back to rest as we were. */
		p->rest = p->state == PLAYER_STOPPED ? PLAYER_STOPPED :
		    PLAYER_IDLE;
		p->story_active = 0;
	}
	p->state = PLAYER_PLAYING;
	pump(p);
	ensure_running(p);
	return 0;
}

int
player_play(struct player *p)
{
	struct plan	*pl;

	if (p->state == PLAYER_PAUSED)
		return player_resume(p);
	if (p->state == PLAYER_PLAYING && p->story_active)
		return 0;
	p->story_active = 1;
	if (p->story == NULL) {
		if ((pl = queue_pop(p)) == NULL) {
			p->story_active = 0;
			if (p->state != PLAYER_PLAYING)
				p->state = PLAYER_IDLE;
			return -1;
		}
		if (story_begin_submit(p, pl, 0) == -1) {
			plan_free(pl);
			p->story_active = 0;
			return -1;
		}
	}
	p->state = PLAYER_PLAYING;
	pump(p);
	ensure_running(p);
	return 0;
}

int
player_pause(struct player *p, int on)
{
	if (on == -1)
		on = p->state == PLAYER_PLAYING;
	if (!on)
		return player_resume(p);
	if (p->state != PLAYER_PLAYING)
		return p->state == PLAYER_PAUSED ? 0 : -1;
	audio_pause(p->au);
	p->state = PLAYER_PAUSED;
	return 0;
}

int
player_resume(struct player *p)
{
	if (p->state == PLAYER_PLAYING)
		return 0;
	if (p->state != PLAYER_PAUSED)
		return player_play(p);
	p->state = PLAYER_PLAYING;
	update(p);
	pump(p);
	ensure_running(p);
	return 0;
}

int
player_stop(struct player *p)
{
	struct plan	*st;

	if (p->state == PLAYER_IDLE || p->state == PLAYER_STOPPED)
		return 0;
	st = p->cur_story != NULL ? p->cur_story : p->story;
	if (st != NULL && p->story_active)
		cancel_hook(p, st, PLAYER_STOPPED_BY_USER);
	/* Forget the position: the story starts from its beginning when
	 * played again. */
	if (st != NULL && st != p->story) {
		hist_remove(p, st);
		if (p->story != NULL)
			queue_push_front(p, p->story);
		p->story = st;
	}
	p->story_next = 0;
	while (p->nsays > 0)
		plan_free(p->says[--p->nsays]);
	drop_say(p);
	p->story_active = 0;
	p->state = PLAYER_STOPPED;
	restart(p, NULL, 0);
	if (p->cur != NULL && p->cur->is_say) {
		struct plan *pl = p->cur;

		p->cur = NULL;
		release_say(p, pl);
	}
	return 0;
}

/* The story and item the listener is at, for jumps. */
static struct plan *
position(struct player *p, size_t *item)
{
	if (p->cur != NULL && !p->cur->is_say) {
		*item = p->cur_item;
		return p->cur;
	}
	if (p->story != NULL) {
		*item = p->story_next;
		return p->story;
	}
	return NULL;
}

static int
jump(struct player *p, struct plan *pl, size_t item)
{
	/* A say that was speaking ends here: jumps are about stories. */
	drop_say(p);
	p->story_active = 1;
	if (p->state != PLAYER_PAUSED)
		p->state = PLAYER_PLAYING;
	restart(p, pl, item);
	ensure_running(p);
	return 0;
}

static int
story_step(struct player *p, int dir)
{
	struct plan	*cur, *prev = NULL, *pl;
	size_t		 item, i;

	cur = position(p, &item);
	if (dir > 0) {
		if (cur != NULL)
			cancel_hook(p, cur, PLAYER_SKIPPED);
		if (cur != NULL && cur != p->story) {
			/* Fully submitted already: it stays in history. */
		} else if (cur != NULL) {
			hist_push(p, cur);
			p->story = NULL;
		}
		if (p->story != NULL && p->story != cur) {
			pl = p->story;
			p->story = NULL;
			return jump(p, pl, 0);
		}
		if ((pl = queue_pop(p)) == NULL) {
			restart(p, NULL, 0);
			p->story_active = 0;
			update(p);
			return -1;
		}
		if (story_begin_submit(p, pl, 0) == -1) {
			plan_free(pl);
			return -1;
		}
		return jump(p, pl, 0);
	}
	for (i = p->nhist; i > 0; i--)
		if (p->hist[i - 1] != cur) {
			prev = p->hist[i - 1];
			break;
		}
	if (prev == NULL)
		return cur != NULL ? jump(p, cur, 0) : -1;
	if (cur != NULL && cur != p->story) {
		hist_remove(p, cur);
		if (p->story != NULL)
			queue_push_front(p, p->story);
		p->story = cur;
		p->story_next = 0;
	}
	cancel_hook(p, cur, PLAYER_SKIPPED);
	return jump(p, prev, 0);
}

static int
is_sentence(const struct item *it)
{
	return it->kind == ITEM_TEXT;
}

int
player_next(struct player *p, enum player_unit u)
{
	struct plan	*pl;
	size_t		 item, j;

	if (u == PLAYER_STORY)
		return story_step(p, 1);
	if (p->cur != NULL && p->cur->is_say && u == PLAYER_SENTENCE) {
		/* Skip the rest of the text being said. */
		drop_say(p);
		if ((pl = position(p, &item)) == NULL || !p->story_active) {
			restart(p, NULL, 0);
			return 0;
		}
		restart(p, pl, item);
		ensure_running(p);
		return 0;
	}
	if ((pl = position(p, &item)) == NULL)
		return -1;
	for (j = item + 1; j < pl->nitems; j++) {
		if (!is_sentence(&pl->items[j]))
			continue;
		if (u == PLAYER_SENTENCE)
			break;
		if (pl->items[j].part == PLAYER_PART_BODY &&
		    pl->items[j].sent == 0 &&
		    (pl->items[item].part != PLAYER_PART_BODY ||
		    pl->items[j].para != pl->items[item].para))
			break;
	}
	if (j >= pl->nitems)
		return story_step(p, 1);
	return jump(p, pl, j);
}

int
player_prev(struct player *p, enum player_unit u)
{
	struct plan	*pl;
	size_t		 item, j, para;
	enum player_part part;

	if (u == PLAYER_STORY)
		return story_step(p, -1);
	if ((pl = position(p, &item)) == NULL)
		return -1;
	if (item >= pl->nitems)
		item = pl->nitems - 1;
	if (u == PLAYER_SENTENCE) {
		for (j = item; j > 0; j--)
			if (is_sentence(&pl->items[j - 1]))
				return jump(p, pl, j - 1);
		return jump(p, pl, 0);
	}
	/* The start of the previous paragraph (the headline before the
	 * first one). */
	part = pl->items[item].part;
	para = pl->items[item].para;
	for (j = item; j > 0; j--) {
		struct item *it = &pl->items[j - 1];

		if (!is_sentence(it))
			continue;
		if (it->part == PLAYER_PART_HEADLINE &&
		    part == PLAYER_PART_BODY && para == 0)
			break;
		if (it->part == PLAYER_PART_BODY && part == PLAYER_PART_BODY &&
		    it->para + 1 == para && it->sent == 0)
			return jump(p, pl, j - 1);
	}
	for (j = 0; j < pl->nitems; j++)
		if (is_sentence(&pl->items[j]))
			break;
	return jump(p, pl, j < pl->nitems ? j : 0);
}

int
player_repeat(struct player *p, enum player_unit u)
{
	struct plan	*pl;
	size_t		 item, j;

	if ((pl = position(p, &item)) == NULL)
		return -1;
	switch (u) {
	case PLAYER_SENTENCE:
		if (item >= pl->nitems)
			item = pl->nitems - 1;
		return jump(p, pl, item);
	case PLAYER_HEADLINE:
		for (j = 0; j < pl->nitems; j++)
			if (pl->items[j].part == PLAYER_PART_HEADLINE &&
			    is_sentence(&pl->items[j]))
				return jump(p, pl, j);
		return -1;
	case PLAYER_STORY:
		return jump(p, pl, 0);
	case PLAYER_PARAGRAPH:
		if (item >= pl->nitems)
			item = pl->nitems - 1;
		for (j = item + 1; j > 0; j--)
			if (is_sentence(&pl->items[j - 1]) &&
			    pl->items[j - 1].sent == 0)
				return jump(p, pl, j - 1);
		return jump(p, pl, 0);
	}
	return -1;
}

static int
adjust(int *field, int value, int delta, int lo, int hi)
{
	int	v = delta ? *field + value : value;

	if (v < lo || v > hi)
		return -1;
	*field = v;
	return 0;
}

int
player_set_rate(struct player *p, int value, int delta)
{
	if (adjust(&p->voice.rate, value, delta, RATE_MIN, RATE_MAX) == -1)
		return -1;
	cut_after_current(p);
	return 0;
}

int
player_set_pitch(struct player *p, int value, int delta)
{
	if (adjust(&p->voice.pitch, value, delta, 0, 100) == -1)
		return -1;
	cut_after_current(p);
	return 0;
}

int
player_set_volume(struct player *p, int value, int delta)
{
	if (adjust(&p->volume, value, delta, 0, 200) == -1)
		return -1;
	audio_set_volume(p->au, p->volume);	/* heard at once */
	return 0;
}

int
player_set_voice(struct player *p, const char *name)
{
	struct voice	v;

	if (voice_find(p->voices, name, &p->voice, &v) == -1)
		return -1;
	p->voice = v;
	cut_after_current(p);
	return 0;
}

int
player_set_mode(struct player *p, enum player_mode m)
{
	size_t	i;

	p->mode = m;
	/* Stories not yet begun are laid out again when they begin. */
	for (i = 0; i < p->nqueue; i++) {
		free(p->queue[i]->items);
		p->queue[i]->items = NULL;
		p->queue[i]->nitems = 0;
	}
	return 0;
}

void
player_set_earcons(struct player *p, int on)
{
	p->earcons = on;
}

int
player_mode_parse(const char *s)
{
	if (strcmp(s, "headlines") == 0)
		return PLAYER_MODE_HEADLINES;
	if (strcmp(s, "summary") == 0)
		return PLAYER_MODE_SUMMARY;
	if (strcmp(s, "full") == 0)
		return PLAYER_MODE_FULL;
	return -1;
}

const char *
player_mode_name(enum player_mode m)
{
	switch (m) {
	case PLAYER_MODE_HEADLINES:
		return "headlines";
	case PLAYER_MODE_SUMMARY:
		return "summary";
	case PLAYER_MODE_FULL:
		break;
	}
	return "full";
}

static const char *
state_name(enum player_state s)
{
	switch (s) {
	case PLAYER_PLAYING:
		return "playing";
	case PLAYER_PAUSED:
		return "paused";
	case PLAYER_STOPPED:
		return "stopped";
	case PLAYER_IDLE:
		break;
	}
	return "idle";
}

void
player_get_status(struct player *p, struct player_status *st)
{
	struct plan	*pl;
	struct item	*it = NULL;

	memset(st, 0, sizeof(*st));
	st->state = p->state;
	st->state_name = state_name(p->state);
	st->title = "";
	st->part = "";
	pl = p->cur_story;
	if (pl == NULL && p->story != NULL)
		pl = p->story;
	if (pl != NULL) {
		st->story_id = pl->id;
		st->title = pl->title;
		st->nparagraphs = pl->nbody;
	}
	if (p->cur != NULL && p->cur_item < p->cur->nitems)
		it = &p->cur->items[p->cur_item];
	if (it != NULL) {
		st->part = it->part == PLAYER_PART_SAY ? "say" :
		    it->part == PLAYER_PART_BODY ? "body" : "headline";
		if (it->kind == ITEM_TEXT) {
			st->sentence = it->sent + 1;
			st->nsentences = it->nsent;
		}
		if (it->part == PLAYER_PART_BODY)
			st->paragraph = it->para + 1;
	}
	st->rate = p->voice.rate;
	st->pitch = p->voice.pitch;
	st->volume = p->volume;
	st->voice = p->voice.name;
	st->mode = player_mode_name(p->mode);
	if (p->unavailable || audio_state(p->au) == AUDIO_UNAVAILABLE)
		snprintf(st->audio, sizeof(st->audio), "unavailable (%s)",
		    why(p));
	else
		snprintf(st->audio, sizeof(st->audio), "ok (%s)",
		    audio_device(p->au));
	st->underruns = audio_underruns(p->au);
	st->queued = p->nqueue;
}

/* ------------------------------------------------------------ offline */

static int
render_plan(const char *path, const struct voice *v, struct plan *pl)
{
	struct speech_job	*jobs;
	struct player		 fake;
	size_t			 i;
	int			 rc;

	if ((jobs = calloc(pl->nitems ? pl->nitems : 1,
	    sizeof(*jobs))) == NULL) {
		log_warn("player: render");
		return -1;
	}
	memset(&fake, 0, sizeof(fake));
	fake.voice = *v;
	for (i = 0; i < pl->nitems; i++)
		fill_job(&fake, &pl->items[i], &jobs[i]);
	rc = speech_render_wav(jobs, pl->nitems, path);
	free(jobs);
	return rc;
}

int
player_render_story(const char *path, const struct voice *v,
    enum player_mode mode, int earcons, const char *title,
    const char *const *paras, size_t npara)
{
	struct plan	*pl;
	int		 rc = -1;

	if ((pl = plan_story(1, title, paras, npara)) == NULL)
		return -1;
	if (plan_layout(pl, mode, earcons) == 0)
		rc = render_plan(path, v, pl);
	plan_free(pl);
	return rc;
}

int
player_render_text(const char *path, const struct voice *v,
    const char *text)
{
	struct plan	*pl;
	int		 rc = -1;

	if ((pl = calloc(1, sizeof(*pl))) == NULL ||
	    (pl->text = strdup(text)) == NULL) {
		log_warn("player: render");
		free(pl);
		return -1;
	}
	pl->is_say = 1;
	if (plan_layout(pl, PLAYER_MODE_FULL, 0) == 0)
		rc = render_plan(path, v, pl);
	plan_free(pl);
	return rc;
}
