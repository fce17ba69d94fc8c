/*
 * Unit tests for player.c with the real synthesis worker and the manual
 * null sink.  The test is the audio device: it consumes samples 10 ms at a
 * time, but only once the worker has caught up (everything submitted is
 * synthesised, or there is enough audio ahead), so the order of the hooks
 * depends on positions alone and not on thread timing.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "audio.h"
#include "buf.h"
#include "player.h"
#include "speech.h"
#include "voice.h"

struct timer {
	void	(*fn)(void *);
	void	*arg;
	uint64_t due;
	long	 id;
};

static struct timer	timers[8];
static long		next_id = 1;
static uint64_t		now_ms;
static struct buf	events;
static struct audio	*au;
static struct speech	*sp;
static int		rate;

static long
fake_timer_add(void *arg, uint64_t ms, void (*fn)(void *), void *fnarg)
{
	size_t	i;

	for (i = 0; i < 8; i++)
		if (timers[i].fn == NULL) {
			timers[i].fn = fn;
			timers[i].arg = fnarg;
			timers[i].due = now_ms + ms;
			timers[i].id = next_id++;
			return timers[i].id;
		}
	return -1;
}

static void
fake_timer_cancel(void *arg, long id)
{
	size_t	i;

	for (i = 0; i < 8; i++)
		if (timers[i].id == id)
			timers[i].fn = NULL;
}

static void
run_timers(void)
{
	size_t	i;
	void	(*fn)(void *);

	for (i = 0; i < 8; i++)
		if (timers[i].fn != NULL && timers[i].due <= now_ms) {
			fn = timers[i].fn;
			timers[i].fn = NULL;
			fn(timers[i].arg);
		}
}

static void
on_begin(void *a, int64_t id)
{
	buf_printf(&events, "begin%lld ", (long long)id);
}

static void
on_headline_end(void *a, int64_t id)
{
	buf_printf(&events, "hend%lld ", (long long)id);
}

static void
on_paragraph(void *a, int64_t id, size_t i, size_t n)
{
	buf_printf(&events, "p%zu/%zu ", i, n);
}

static void
on_sentence(void *a, int64_t id, enum player_part part, size_t para,
    size_t i, size_t n)
{
	buf_printf(&events, "%c%lld.%zu.%zu ", part == PLAYER_PART_SAY ? 'S' :
	    part == PLAYER_PART_HEADLINE ? 'h' : 's', (long long)id, para, i);
}

static void
on_end(void *a, int64_t id)
{
	buf_printf(&events, "end%lld ", (long long)id);
}

static void
on_cancel(void *a, int64_t id, enum player_reason why)
{
	buf_printf(&events, "%s%lld ", why == PLAYER_SKIPPED ? "skip" : "stop",
	    (long long)id);
}

static const struct player_hooks hooks = {
	.timer_add = fake_timer_add,
	.timer_cancel = fake_timer_cancel,
	.story_begin = on_begin,
	.headline_end = on_headline_end,
	.paragraph = on_paragraph,
	.sentence = on_sentence,
	.story_end = on_end,
	.story_cancelled = on_cancel,
};

/* Lets the worker catch up: handles its messages until it is idle or far
 * enough ahead. */
static void
settle(struct player *p)
{
	struct player_status	st;
	struct pollfd		pfd;
	uint64_t		ahead;

	for (;;) {
		player_handle_speech(p);
		ahead = audio_write_pos(au) - audio_read_pos(au);
		player_get_status(p, &st);
		/* Enough ahead of a running reader, or as far ahead as the
		 * worker goes while paused. */
		if (speech_pending(sp) == 0 || (ahead >= (uint64_t)rate &&
		    audio_state(au) == AUDIO_RUNNING) ||
		    (st.state == PLAYER_PAUSED &&
		    ahead >= (uint64_t)rate * 5 / 2))
			break;
		pfd.fd = speech_fd(sp);
		pfd.events = POLLIN;
		poll(&pfd, 1, 50);
	}
	player_handle_speech(p);
}

/* Plays ms of audio; returns the samples actually taken. */
static uint64_t
play_ms(struct player *p, int ms)
{
	uint64_t	total = 0;
	int		t;

	for (t = 0; t < ms; t += 10) {
		settle(p);
		total += audio_null_consume(au, (size_t)rate / 100);
		now_ms += 10;
		run_timers();
	}
	settle(p);
	return total;
}

/* Plays until the player is idle or stopped; returns samples taken. */
static uint64_t
play_out(struct player *p)
{
	struct player_status	st;
	uint64_t		total = 0;
	int			i;

	for (i = 0; i < 6000; i++) {
		total += play_ms(p, 10);
		player_get_status(p, &st);
		if (st.state == PLAYER_IDLE || st.state == PLAYER_STOPPED)
			break;
	}
	return total;
}

static const char *story1[] = {
	"Der erste Absatz hat zwei Sätze. Das ist der zweite.",
	"Der zweite Absatz ist kurz.",
};
static const char *story2[] = { "Noch eine Meldung." };

static struct player *
fresh(struct voices *vs, struct voice *v)
{
	size_t	i;

	for (i = 0; i < 8; i++)
		timers[i].fn = NULL;
	buf_reset(&events);
	return player_new(sp, au, vs, v, &hooks);
}

int
main(void)
{
	struct voices		 vs;
	struct voice		 v;
	struct player		*p;
	struct player_status	 st;
	uint64_t		 whole, part1, part2;
	struct sentence		*s;
	size_t			 n;

	buf_init(&events, 64 * 1024);
	rate = speech_engine_init();
	CHECK(rate > 0, "engine init");
	if (rate <= 0)
		return CHECK_SUMMARY();
	au = audio_new("null:manual", rate);
	sp = speech_new(au);
	CHECK(au != NULL && sp != NULL, "audio and speech");
	CHECK_INT_EQ(voice_load_all(&vs, NULL), 0);
	voice_default(&v);
	v.base[0] = '\0';
	snprintf(v.base, sizeof(v.base), "de");

	/* The sentence splitter. */
	CHECK_INT_EQ(player_split("Am 3. Mai kam er. Dann ging er! Gut",
	    35, &s, &n), 0);
	CHECK_INT_EQ(n, 3);	/* the ordinal does not end a sentence */
	free(s);

	/* A story from earcon to end, hooks in order.  The device is
	 * opened for the first job, not when the player is made. */
	p = fresh(&vs, &v);
	CHECK(p != NULL, "player_new");
	CHECK_INT_EQ(audio_state(au), AUDIO_CLOSED);
	CHECK_INT_EQ(player_add_story(p, 7, "Eine Schlagzeile", story1, 2), 0);
	CHECK_INT_EQ(player_play(p), 0);
	CHECK(audio_state(au) != AUDIO_CLOSED, "opened for the first job");
	player_get_status(p, &st);
	CHECK_STR_EQ(st.state_name, "playing");
	whole = play_out(p);
	CHECK_STR_EQ(events.data, "begin7 h7.0.0 hend7 p0/2 s7.0.0 s7.0.1 "
	    "p1/2 s7.1.0 end7 ");
	player_get_status(p, &st);
	CHECK_STR_EQ(st.state_name, "idle");
	CHECK_INT_EQ(st.underruns, 0);
	CHECK(whole > (uint64_t)rate * 3, "a few seconds of speech");
	player_free(p);

	/* Pause keeps the position: the same story takes exactly as many
	 * samples with a pause in the middle. */
	p = fresh(&vs, &v);
	player_add_story(p, 7, "Eine Schlagzeile", story1, 2);
	player_play(p);
	part1 = play_ms(p, 1500);
	CHECK_INT_EQ(player_pause(p, -1), 0);
	player_get_status(p, &st);
	CHECK_STR_EQ(st.state_name, "paused");
	CHECK_INT_EQ(play_ms(p, 500), 0);	/* silence while paused */
	CHECK_INT_EQ(player_pause(p, -1), 0);	/* toggles back */
	player_get_status(p, &st);
	CHECK_STR_EQ(st.state_name, "playing");
	part2 = play_out(p);
	/* eSpeak NG varies by a few hundred samples between runs of the
	 * same text; the exact sample bookkeeping is tested in
	 * test_audio. */
	CHECK(part1 + part2 > whole - whole / 100 &&
	    part1 + part2 < whole + whole / 100, "same length with a pause");
	player_free(p);

	/* Stop silences and forgets the position. */
	p = fresh(&vs, &v);
	player_add_story(p, 7, "Eine Schlagzeile", story1, 2);
	player_play(p);
	play_ms(p, 1200);
	CHECK_INT_EQ(player_stop(p), 0);
	player_get_status(p, &st);
	CHECK_STR_EQ(st.state_name, "stopped");
	CHECK_INT_EQ(play_ms(p, 300), 0);
	CHECK(strstr(events.data, "stop7") != NULL, "stop hook");
	/* Play starts the story again from the top. */
	buf_reset(&events);
	player_play(p);
	play_out(p);
	CHECK_STR_EQ(events.data, "begin7 h7.0.0 hend7 p0/2 s7.0.0 s7.0.1 "
	    "p1/2 s7.1.0 end7 ");
	player_free(p);

	/* next story skips to the next one. */
	p = fresh(&vs, &v);
	player_add_story(p, 7, "Eine Schlagzeile", story1, 2);
	player_add_story(p, 8, "Zweite Schlagzeile", story2, 1);
	player_play(p);
	play_ms(p, 600);
	CHECK_INT_EQ(player_next(p, PLAYER_STORY), 0);
	play_out(p);
	CHECK(strstr(events.data, "skip7 begin8") != NULL, "skipped to 8");
	CHECK(strstr(events.data, "end7") == NULL, "7 not spoken");
	CHECK(strstr(events.data, "end8") != NULL, "8 spoken");
	player_free(p);

	/* An urgent say interrupts; the story resumes at its sentence. */
	p = fresh(&vs, &v);
	player_add_story(p, 7, "Eine Schlagzeile", story1, 2);
	player_play(p);
	while (strstr(events.data ? events.data : "", "s7.0.0") == NULL)
		play_ms(p, 10);
	play_ms(p, 300);
	CHECK_INT_EQ(player_say(p, "Achtung.", PLAYER_SAY_URGENT), 0);
	play_out(p);
	CHECK(strstr(events.data, "s7.0.0 S0.0.0 p0/2 s7.0.0 s7.0.1") != NULL,
	    "urgent say, then the same sentence again");
	CHECK(strstr(events.data, "end7") != NULL, "story finished");
	player_free(p);

	/* A normal say waits for the current sentence. */
	p = fresh(&vs, &v);
	player_add_story(p, 7, "Eine Schlagzeile", story1, 2);
	player_play(p);
	while (strstr(events.data ? events.data : "", "s7.0.0") == NULL)
		play_ms(p, 10);
	CHECK_INT_EQ(player_say(p, "Hallo.", PLAYER_SAY_NORMAL), 0);
	/* Low priority is dropped while busy. */
	CHECK_INT_EQ(player_say(p, "Leise.", PLAYER_SAY_LOW), -1);
	play_out(p);
	CHECK(strstr(events.data, "s7.0.0 S0.0.0 s7.0.1") != NULL,
	    "say after the sentence");
	player_free(p);

	/* A new rate applies from the next sentence and the story goes
	 * on; prev sentence goes back. */
	p = fresh(&vs, &v);
	player_add_story(p, 7, "Eine Schlagzeile", story1, 2);
	player_play(p);
	while (strstr(events.data ? events.data : "", "s7.0.0") == NULL)
		play_ms(p, 10);
	CHECK_INT_EQ(player_set_rate(p, 300, 0), 0);
	CHECK_INT_EQ(player_set_rate(p, 1000, 0), -1);
	CHECK_INT_EQ(player_set_rate(p, -20, 1), 0);
	player_get_status(p, &st);
	CHECK_INT_EQ(st.rate, 280);
	play_out(p);
	CHECK_STR_EQ(events.data, "begin7 h7.0.0 hend7 p0/2 s7.0.0 s7.0.1 "
	    "p1/2 s7.1.0 end7 ");
	player_free(p);

	p = fresh(&vs, &v);
	player_add_story(p, 7, "Eine Schlagzeile", story1, 2);
	player_play(p);
	while (strstr(events.data ? events.data : "", "s7.0.1") == NULL)
		play_ms(p, 10);
	CHECK_INT_EQ(player_prev(p, PLAYER_SENTENCE), 0);
	play_ms(p, 100);
	player_get_status(p, &st);
	CHECK_INT_EQ(st.sentence, 1);
	CHECK_INT_EQ(st.paragraph, 1);
	CHECK_STR_EQ(st.part, "body");
	CHECK_INT_EQ(player_repeat(p, PLAYER_HEADLINE), 0);
	play_ms(p, 100);
	player_get_status(p, &st);
	CHECK_STR_EQ(st.part, "headline");
	CHECK_INT_EQ(st.story_id, 7);
	CHECK_STR_EQ(st.title, "Eine Schlagzeile");
	play_out(p);
	CHECK(strstr(events.data, "end7") != NULL, "finished after jumps");
	player_free(p);

	/* Mode headlines: earcon and headline only. */
	p = fresh(&vs, &v);
	player_set_mode(p, PLAYER_MODE_HEADLINES);
	player_add_story(p, 9, "Nur die Schlagzeile", story1, 2);
	player_play(p);
	play_out(p);
	CHECK_STR_EQ(events.data, "begin9 h9.0.0 hend9 end9 ");
	CHECK_INT_EQ(player_set_voice(p, "keine-stimme"), -1);
	CHECK_INT_EQ(player_set_voice(p, "de"), 0);
	CHECK_INT_EQ(player_set_volume(p, -10, 1), 0);
	player_get_status(p, &st);
	CHECK_INT_EQ(st.volume, 90);
	CHECK_STR_EQ(st.voice, "de");
	player_free(p);

	/* A say from rest goes back to rest: idle, or stopped. */
	p = fresh(&vs, &v);
	CHECK_INT_EQ(player_say(p, "Eins.", PLAYER_SAY_NORMAL), 0);
	play_out(p);
	player_get_status(p, &st);
	CHECK_STR_EQ(st.state_name, "idle");
	player_add_story(p, 7, "Eine Schlagzeile", story1, 2);
	player_play(p);
	play_ms(p, 500);
	player_stop(p);
	CHECK_INT_EQ(player_say(p, "Zwei.", PLAYER_SAY_NORMAL), 0);
	player_get_status(p, &st);
	CHECK_STR_EQ(st.state_name, "playing");
	play_out(p);
	player_get_status(p, &st);
	CHECK_STR_EQ(st.state_name, "stopped");
	CHECK_INT_EQ(st.queued, 0);
	/* play after stop starts the stopped story again. */
	buf_reset(&events);
	CHECK_INT_EQ(player_play(p), 0);
	play_out(p);
	CHECK(strstr(events.data, "begin7 ") == events.data, "story again");
	player_free(p);

	speech_free(sp);
	audio_free(au);
	buf_free(&events);
	return CHECK_SUMMARY();
}
