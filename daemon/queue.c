/*
 * queue: what is read next, and the life of a story around the player.
 *
 *	new (text ready) --fill--> queued --player--> spoken | skipped
 *	                              \--stop--> new (read again later)
 *
 * The queue is an ordered list of entries kept here; the player gets one
 * story at a time, when it asks for the next (need_story), so dequeue and
 * clear never have to reach into the player.  The store keeps the state
 * of every story, so a restart (store_requeue) puts queued stories back
 * to new and the queue fills again in the same order.
 *
 * It owns the speaker and turns the player's hooks into store updates and
 * control events; it never touches the socket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "control.h"
#include "defaults.h"
#include "log.h"
#include "player.h"
#include "queue.h"
#include "sd.h"
#include "speaker.h"
#include "store.h"
#include "story.h"
#include "vorleser.h"

struct queue {
	struct vorleser		*v;
	struct speaker		*speaker;
	struct queue_entry	 e[QUEUE_MAX];
	size_t			 n;
	long			 next_entry;
	int			 stopped;	/* by the listener */
	int64_t			 current;	/* story in the player, 0 */
	int			 feeding;	/* feed() on the stack */
};

static int64_t
now(void)
{
	return (int64_t)time(NULL);
}

static void
status_line(struct queue *q)
{
	struct player_status	ps;

	player_get_status(speaker_player(q->speaker), &ps);
	sd_status(q->v->sd, "%zu stories queued, %s", q->n +
	    (q->current != 0), ps.state_name);
}

void
queue_player_changed(struct queue *q)
{
	struct player_status	ps;

	player_get_status(speaker_player(q->speaker), &ps);
	control_event(q->v->control, TOPIC_PLAYER, "state", "state=%s id=%lld",
	    ps.state_name, (long long)ps.story_id);
	status_line(q);
}

/* The index of story's entry, or -1. */
static long
find_story(const struct queue *q, int64_t story)
{
	size_t	i;

	for (i = 0; i < q->n; i++)
		if (q->e[i].story == story)
			return (long)i;
	return -1;
}

/* Waiting in the queue or handed to the player. */
static int
in_queue(const struct queue *q, int64_t story)
{
	return find_story(q, story) != -1 || story == q->current;
}

/* Takes entry i out of the queue. */
static void
remove_at(struct queue *q, size_t i)
{
	memmove(&q->e[i], &q->e[i + 1], (q->n - i - 1) * sizeof(q->e[0]));
	q->n--;
	control_event(q->v->control, TOPIC_QUEUE, "changed", "length=%zu",
	    q->n);
}

/* Hands the first entry to the player.  1 when a story was given. */
static int
feed(struct queue *q)
{
	struct player		*pl = speaker_player(q->speaker);
	struct store_item	 it;
	struct story		 st;
	int64_t			 id;
	int			 given = 0;

	if (q->feeding)
		return 0;
	q->feeding = 1;
	while (q->n > 0 && !given) {
		id = q->e[0].story;
		memmove(&q->e[0], &q->e[1], (q->n - 1) * sizeof(q->e[0]));
		q->n--;
		if (store_get_item(q->v->store, id, &it) != 0)
			continue;
		if (it.spoken_text != NULL && story_split(it.spoken_text,
		    &st) == 0) {
			if (player_add_story(pl, id, st.title,
			    (const char *const *)st.paras, st.nparas) == 0) {
				q->current = id;
				given = 1;
			}
			story_free(&st);
		}
		if (!given)
			(void)store_set_item_state(q->v->store, id,
			    ITEM_SKIPPED, "no speech text", now());
		store_item_free(&it);
	}
	q->feeding = 0;
	if (given)
		control_event(q->v->control, TOPIC_QUEUE, "changed",
		    "length=%zu", q->n);
	return given;
}

/* Reads on when nothing is playing and the listener has not stopped. */
static void
autoplay(struct queue *q)
{
	struct player		*pl = speaker_player(q->speaker);
	struct player_status	 ps;

	player_get_status(pl, &ps);
	if (q->stopped || !q->v->cfg.speech_autoplay ||
	    ps.state != PLAYER_IDLE)
		return;
	if (ps.queued == 0 && !feed(q))
		return;
	if (player_play(pl) == 0)
		queue_player_changed(q);
}

/* ---- player hooks ---- */

static void
on_need_story(void *arg)
{
	struct queue	*q = arg;

	q->current = 0;
	if (!q->stopped)
		(void)feed(q);
}

static void
on_story_begin(void *arg, int64_t id)
{
	struct queue		*q = arg;
	struct player_status	 ps;

	player_get_status(speaker_player(q->speaker), &ps);
	control_event(q->v->control, TOPIC_SPEECH, "story-begin",
	    "id=%lld paragraphs=%zu title=%s", (long long)id, ps.nparagraphs,
	    ps.title);
	status_line(q);
}

static void
on_headline_end(void *arg, int64_t id)
{
	struct queue	*q = arg;

	control_event(q->v->control, TOPIC_SPEECH, "headline-end", "id=%lld",
	    (long long)id);
}

static void
on_paragraph(void *arg, int64_t id, size_t i, size_t n)
{
	struct queue	*q = arg;

	control_event(q->v->control, TOPIC_SPEECH, "paragraph",
	    "id=%lld paragraph=%zu/%zu", (long long)id, i + 1, n);
}

static void
on_sentence(void *arg, int64_t id, enum player_part part, size_t para,
    size_t i, size_t n)
{
	struct queue	*q = arg;

	control_event(q->v->control, TOPIC_SPEECH, "sentence",
	    "id=%lld part=%s paragraph=%zu sentence=%zu/%zu", (long long)id,
	    part == PLAYER_PART_HEADLINE ? "headline" :
	    part == PLAYER_PART_SAY ? "say" : "body", para + 1, i + 1, n);
}

static void
on_story_end(void *arg, int64_t id)
{
	struct queue	*q = arg;

	(void)store_set_item_state(q->v->store, id, ITEM_SPOKEN, NULL, now());
	control_event(q->v->control, TOPIC_SPEECH, "story-end", "id=%lld",
	    (long long)id);
	if (q->current == id)
		q->current = 0;
	status_line(q);
}

static void
on_story_cancelled(void *arg, int64_t id, enum player_reason why)
{
	struct queue	*q = arg;

	if (why == PLAYER_SKIPPED)
		(void)store_set_item_state(q->v->store, id, ITEM_SKIPPED,
		    "skipped", now());
	else	/* stopped: read again when the listener plays */
		(void)store_set_item_state(q->v->store, id, ITEM_NEW, NULL,
		    now());
	control_event(q->v->control, TOPIC_SPEECH, "cancelled",
	    "id=%lld reason=%s", (long long)id,
	    why == PLAYER_SKIPPED ? "skipped" : "stopped");
	if (q->current == id)
		q->current = 0;
}

static void
on_audio_changed(void *arg, const char *state)
{
	struct queue	*q = arg;

	control_event(q->v->control, TOPIC_PLAYER, "audio", "audio=%s",
	    state);
	if (strncmp(state, "unavailable", 11) == 0)
		control_event(q->v->control, TOPIC_ERROR, "audio", "audio=%s",
		    state);
}

struct queue *
queue_new(struct vorleser *v)
{
	struct queue		*q;
	struct speaker_config	 sc;
	struct player_hooks	 h;

	if ((q = calloc(1, sizeof(*q))) == NULL) {
		log_warn("queue");
		return NULL;
	}
	q->v = v;
	q->next_entry = 1;
	memset(&sc, 0, sizeof(sc));
	sc.device = v->cfg.audio_device;
	sc.voice = v->cfg.speech_voice;
	sc.rate = v->cfg.speech_rate;
	sc.pitch = v->cfg.speech_pitch;
	sc.volume = v->cfg.speech_volume;
	sc.mode = v->cfg.speech_mode;
	sc.earcons = v->cfg.speech_earcons;
	sc.voices_dir = v->paths.voices_dir;
	memset(&h, 0, sizeof(h));
	h.arg = q;
	h.need_story = on_need_story;
	h.story_begin = on_story_begin;
	h.headline_end = on_headline_end;
	h.paragraph = on_paragraph;
	h.sentence = on_sentence;
	h.story_end = on_story_end;
	h.story_cancelled = on_story_cancelled;
	h.audio_changed = on_audio_changed;
	if ((q->speaker = speaker_new(v->loop, &sc, &h)) == NULL) {
		free(q);
		return NULL;
	}
	return q;
}

void
queue_free(struct queue *q)
{
	if (q == NULL)
		return;
	speaker_free(q->speaker);
	free(q);
}

struct player *
queue_player(struct queue *q)
{
	return speaker_player(q->speaker);
}

const struct voices *
queue_voices(struct queue *q)
{
	return speaker_voices(q->speaker);
}

size_t
queue_list(struct queue *q, const struct queue_entry **out)
{
	*out = q->e;
	return q->n;
}

/* Feed priority of item it (a small cache would pay off with thousands
 * of feeds; a fill looks at QUEUE_MAX items at most). */
static int
priority(struct queue *q, int64_t feed_id)
{
	struct store_feed	f;
	int			p = 0;

	if (store_get_feed(q->v->store, feed_id, &f) == 0) {
		p = f.priority;
		store_feed_free(&f);
	}
	return p;
}

struct cand {
	int64_t	id;
	int	prio;
	size_t	pos;		/* position in the store's date order */
};

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand	*x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio > y->prio ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void
queue_fill(struct queue *q)
{
	struct store_query	 sq;
	struct store_item	*items = NULL;
	struct cand		 c[QUEUE_MAX];
	size_t			 n = 0, i, nc = 0;
	int64_t			 last_feed = 0;
	int			 added = 0, last_prio = 0;

	if (q == NULL || q->v->store == NULL)
		return;
	/*
	 * A full queue takes nothing: without this check each story made
	 * ready while it was full cost a listing of QUEUE_MAX stories and
	 * a feed query for each, and 1,000 new items of one feed held the
	 * loop for 84 s.
	 */
	if (q->n >= QUEUE_MAX) {
		autoplay(q);
		return;
	}
	memset(&sq, 0, sizeof(sq));
	sq.state = ITEM_NEW;
	sq.text = STORE_TEXT_READY;
	sq.limit = QUEUE_MAX;
	sq.oldest_first = strcmp(q->v->cfg.speech_order, "newest") != 0;
	if (store_list_items(q->v->store, &sq, &items, &n) == -1)
		return;
	for (i = 0; i < n && nc < QUEUE_MAX; i++) {
		if (in_queue(q, items[i].id))
			continue;
		c[nc].id = items[i].id;
		/* Stories come in runs of one feed: ask once per run. */
		if (items[i].feed_id != last_feed) {
			last_feed = items[i].feed_id;
			last_prio = priority(q, last_feed);
		}
		c[nc].prio = last_prio;
		c[nc].pos = i;
		nc++;
	}
	store_item_list_free(items, n);
	qsort(c, nc, sizeof(c[0]), cand_cmp);
	for (i = 0; i < nc && q->n < QUEUE_MAX; i++) {
		if (store_set_item_state(q->v->store, c[i].id, ITEM_QUEUED,
		    NULL, now()) == -1)
			break;
		q->e[q->n].entry = q->next_entry++;
		q->e[q->n].story = c[i].id;
		q->n++;
		added++;
	}
	if (added > 0) {
		control_event(q->v->control, TOPIC_QUEUE, "changed",
		    "length=%zu added=%d", q->n, added);
		status_line(q);
	}
	autoplay(q);
}

int
queue_enqueue(struct queue *q, int64_t story, int front, long *entry,
    const char **why)
{
	struct store_item	it;
	int			ok;

	if (q->n >= QUEUE_MAX) {
		*why = "the queue is full";
		return -1;
	}
	if (in_queue(q, story)) {
		*why = "the story is already queued";
		return -1;
	}
	if (store_get_item(q->v->store, story, &it) != 0) {
		*why = "no such story";
		return -1;
	}
	ok = it.spoken_text != NULL;
	store_item_free(&it);
	if (!ok) {
		*why = "the story has no speech text yet";
		return -1;
	}
	(void)store_set_item_state(q->v->store, story, ITEM_QUEUED, NULL,
	    now());
	if (front) {
		memmove(&q->e[1], &q->e[0], q->n * sizeof(q->e[0]));
		q->e[0].entry = q->next_entry;
		q->e[0].story = story;
	} else {
		q->e[q->n].entry = q->next_entry;
		q->e[q->n].story = story;
	}
	q->n++;
	*entry = q->next_entry++;
	control_event(q->v->control, TOPIC_QUEUE, "changed", "length=%zu",
	    q->n);
	autoplay(q);
	return 0;
}

int
queue_dequeue(struct queue *q, long entry)
{
	size_t	i;

	for (i = 0; i < q->n; i++)
		if (q->e[i].entry == entry) {
			(void)store_set_item_state(q->v->store, q->e[i].story,
			    ITEM_SKIPPED, "dequeued", now());
			remove_at(q, i);
			return 0;
		}
	return -1;
}

void
queue_forget(struct queue *q, int64_t story)
{
	long	i;

	if ((i = find_story(q, story)) != -1)
		remove_at(q, (size_t)i);
}

void
queue_clear(struct queue *q)
{
	size_t	i;

	for (i = 0; i < q->n; i++)
		(void)store_set_item_state(q->v->store, q->e[i].story,
		    ITEM_SKIPPED, "cleared", now());
	q->n = 0;
	player_clear(speaker_player(q->speaker));
	control_event(q->v->control, TOPIC_QUEUE, "changed", "length=0");
}

int
queue_play(struct queue *q, int64_t story, const char **why)
{
	struct player		*pl = speaker_player(q->speaker);
	struct player_status	 ps;
	long			 entry, i;

	q->stopped = 0;
	if (story != 0) {
		if (story == q->current) {
			*why = "the story is being read";
			return -1;
		}
		if (!in_queue(q, story) && queue_enqueue(q, story, 1, &entry,
		    why) == -1)
			return -1;
		/* Move it to the front and make the player take it now. */
		if ((i = find_story(q, story)) > 0) {
			struct queue_entry	e = q->e[i];

			memmove(&q->e[1], &q->e[0], (size_t)i * sizeof(e));
			q->e[0] = e;
		}
		/* A story handed to the player but not begun goes back to
		 * the front of the queue instead of being lost. */
		player_get_status(pl, &ps);
		if (q->current != 0 && q->current != ps.story_id &&
		    find_story(q, q->current) == -1 && q->n < QUEUE_MAX) {
			memmove(&q->e[1], &q->e[0], q->n * sizeof(q->e[0]));
			q->e[0].entry = q->next_entry++;
			q->e[0].story = q->current;
			q->n++;
			/* ... behind the story asked for. */
			if (q->n > 1 && q->e[1].story == story) {
				struct queue_entry	t = q->e[0];

				q->e[0] = q->e[1];
				q->e[1] = t;
			}
		}
		q->current = ps.story_id;
		player_clear(pl);
		if (!feed(q) || player_play_id(pl, story) == -1) {
			*why = "the story could not be read";
			return -1;
		}
		queue_player_changed(q);
		return 0;
	}
	player_get_status(pl, &ps);
	if (ps.state == PLAYER_PAUSED || ps.state == PLAYER_STOPPED) {
		if (ps.queued == 0 && ps.story_id == 0)
			(void)feed(q);
		(void)player_play(pl);
	} else if (ps.state == PLAYER_IDLE) {
		if (ps.queued == 0 && !feed(q)) {
			*why = "nothing to read";
			return -1;
		}
		(void)player_play(pl);
	}
	queue_player_changed(q);
	return 0;
}

void
queue_stop(struct queue *q)
{
	q->stopped = 1;
	(void)player_stop(speaker_player(q->speaker));
	queue_player_changed(q);
}

int
queue_stopped(const struct queue *q)
{
	return q->stopped;
}
