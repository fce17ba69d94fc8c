/*
 * speaker: owns the audio output, the synthesis worker and the player,
 * and wires them to the event loop: the worker's message pipe becomes a
 * loop watcher and the player's timers become loop timers.  It is the one
 * object the daemon keeps for speaking; the protocol and the story queue
 * stay with their own modules.
 *
 * It also carries a small stdin driver (speaker_drive_stdin) so that the
 * speaking engine can be tested and measured end to end on a real sound
 * path before, and independently of, the control socket.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audio.h"
#include "buf.h"
#include "defaults.h"
#include "log.h"
#include "loop.h"
#include "speaker.h"
#include "speech.h"

struct speaker {
	struct loop	*loop;
	struct audio	*audio;
	struct speech	*speech;
	struct player	*player;
	struct voices	 voices;
};

static long
timer_add(void *arg, uint64_t ms, void (*fn)(void *), void *fnarg)
{
	return loop_timer_add(arg, ms, fn, fnarg);
}

static void
timer_cancel(void *arg, long id)
{
	loop_timer_cancel(arg, id);
}

static void
speech_ready(int fd, int events, void *arg)
{
	player_handle_speech(arg);
}

void
speaker_resolve_voice(const struct voices *vs, const char *name, int rate,
    int pitch, struct voice *out)
{
	struct voice	def;

	voice_default(&def);
	if (name == NULL || voice_find(vs, name, &def, out) == -1) {
		if (name != NULL && strcmp(name, def.name) != 0)
			log_warnx("speaker: unknown voice %s; using %s", name,
			    def.name);
		if (voice_find(vs, def.name, &def, out) == -1)
			*out = def;
	}
	if (rate >= RATE_MIN && rate <= RATE_MAX)
		out->rate = rate;
	if (pitch >= 0 && pitch <= 100)
		out->pitch = pitch;
}

struct speaker *
speaker_new(struct loop *loop, const struct speaker_config *c,
    const struct player_hooks *hooks)
{
	struct speaker		*s;
	struct player_hooks	 h;
	struct voice		 v;
	int			 mode;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_warn("speaker: calloc");
		return NULL;
	}
	s->loop = loop;
	/* The speech engine and the sound device are loaded and opened by
	 * the player when it first speaks, not here: a daemon that never
	 * speaks never maps libespeak-ng or PortAudio. */
	if (voice_load_all(&s->voices, c->voices_dir) == -1)
		goto fail;
	speaker_resolve_voice(&s->voices, c->voice, c->rate, c->pitch, &v);
	if ((s->audio = audio_new(c->device, SPEECH_RATE)) == NULL)
		goto fail;
	if ((s->speech = speech_new(s->audio)) == NULL)
		goto fail;
	h = *hooks;
	h.timer_arg = loop;
	h.timer_add = timer_add;
	h.timer_cancel = timer_cancel;
	if ((s->player = player_new(s->speech, s->audio, &s->voices, &v,
	    &h)) == NULL)
		goto fail;
	if (c->mode != NULL && (mode = player_mode_parse(c->mode)) != -1)
		player_set_mode(s->player, mode);
	player_set_earcons(s->player, c->earcons);
	if (c->volume >= 0)
		player_set_volume(s->player, c->volume, 0);
	if (loop_fd_add(loop, speech_fd(s->speech), LOOP_READ, speech_ready,
	    s->player) == -1)
		goto fail;
	return s;
fail:
	speaker_free(s);
	return NULL;
}

void
speaker_free(struct speaker *s)
{
	if (s == NULL)
		return;
	if (s->speech != NULL && s->loop != NULL)
		loop_fd_del(s->loop, speech_fd(s->speech));
	player_free(s->player);
	speech_free(s->speech);
	audio_free(s->audio);
	free(s);
}

struct player *
speaker_player(struct speaker *s)
{
	return s->player;
}

const struct voices *
speaker_voices(struct speaker *s)
{
	return &s->voices;
}

/* ------------------------------------------------------------- driver */

struct drive {
	struct loop	*loop;
	struct speaker	*sp;
	struct buf	 in;
	int		 waiting;	/* a `wait' is pending */
	int		 eof;
};

static double
epoch(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
reply(const char *name, int rc)
{
	if (rc == 0)
		printf("ok %s %.6f\n", name, epoch());
	else
		printf("err %s\n", name);
	fflush(stdout);
}

static void
ev_sentence(void *arg, int64_t id, enum player_part part, size_t para,
    size_t i, size_t n)
{
	printf("event sentence id=%lld para=%zu i=%zu n=%zu %.6f\n",
	    (long long)id, para, i, n, epoch());
	fflush(stdout);
}

static void
ev_end(void *arg, int64_t id)
{
	printf("event story-end id=%lld %.6f\n", (long long)id, epoch());
	fflush(stdout);
}

static void
ev_audio(void *arg, const char *state)
{
	printf("event audio %s %.6f\n", state, epoch());
	fflush(stdout);
}

static int
drive_story(struct player *p, char *args)
{
	const char	*paras[64];
	char		*title, *q, *rest;
	long long	 id;
	size_t		 n = 0;

	id = strtoll(args, &rest, 10);
	if (rest == args || *rest != ' ')
		return -1;
	title = rest + 1;
	if ((q = strchr(title, '|')) != NULL)
		*q++ = '\0';
	while (q != NULL && n < 64) {
		paras[n++] = q;
		if ((q = strchr(q, '|')) != NULL)
			*q++ = '\0';
	}
	return player_add_story(p, id, title, paras, n);
}

static void
drive_line(struct drive *d, char *line)
{
	struct player		*p = speaker_player(d->sp);
	struct player_status	 st;
	char			*arg;
	int			 rc = -1;

	if ((arg = strchr(line, ' ')) != NULL)
		*arg++ = '\0';
	if (strcmp(line, "say") == 0 && arg != NULL) {
		if (strncmp(arg, "--urgent ", 9) == 0)
			rc = player_say(p, arg + 9, PLAYER_SAY_URGENT);
		else if (strncmp(arg, "--low ", 6) == 0)
			rc = player_say(p, arg + 6, PLAYER_SAY_LOW);
		else
			rc = player_say(p, arg, PLAYER_SAY_NORMAL);
	} else if (strcmp(line, "story") == 0 && arg != NULL)
		rc = drive_story(p, arg);
	else if (strcmp(line, "play") == 0)
		rc = player_play(p);
	else if (strcmp(line, "pause") == 0)
		rc = player_pause(p, 1);
	else if (strcmp(line, "resume") == 0)
		rc = player_resume(p);
	else if (strcmp(line, "stop") == 0)
		rc = player_stop(p);
	else if (strcmp(line, "next") == 0)
		rc = player_next(p, PLAYER_STORY);
	else if (strcmp(line, "wait") == 0) {
		d->waiting = 1;
		return;
	} else if (strcmp(line, "status") == 0) {
		player_get_status(p, &st);
		printf("state: %s\nstory: %lld\npart: %s\nsentence: %zu/%zu\n"
		    "paragraph: %zu/%zu\naudio: %s\nunderruns: %lu\n",
		    st.state_name, (long long)st.story_id, st.part,
		    st.sentence, st.nsentences, st.paragraph, st.nparagraphs,
		    st.audio, st.underruns);
		rc = 0;
	} else if (strcmp(line, "quit") == 0) {
		loop_break(d->loop);
		rc = 0;
	}
	reply(line, rc);
}


static void
drive_read(int fd, int events, void *arg)
{
	struct drive	*d = arg;
	char		 chunk[4096], *nl;
	ssize_t		 n;

	n = read(fd, chunk, sizeof(chunk));
	if (n == -1 && errno == EINTR)
		return;
	if (n <= 0) {
		loop_fd_del(d->loop, fd);
		d->eof = 1;
		if (!d->waiting)
			loop_break(d->loop);
		return;
	}
	if (buf_append(&d->in, chunk, (size_t)n) == -1) {
		log_warnx("speaker: input line too long");
		buf_reset(&d->in);
		return;
	}
	/* The wait blocks the commands after it, as a script expects. */
	while (!d->waiting && (nl = memchr(d->in.data, '\n', d->in.len))) {
		*nl = '\0';
		drive_line(d, d->in.data);
		buf_consume(&d->in, (size_t)(nl - d->in.data) + 1);
	}
}

/* Answers a pending `wait' once the player is done, then runs the
 * commands that queued up behind it. */
static void
drive_poll(void *arg)
{
	struct drive		*d = arg;
	struct player_status	 st;
	char			*nl;

	if (d->waiting) {
		player_get_status(speaker_player(d->sp), &st);
		if (st.state != PLAYER_PLAYING) {
			d->waiting = 0;
			reply("wait", 0);
		}
	}
	while (!d->waiting && d->in.len > 0 &&
	    (nl = memchr(d->in.data, '\n', d->in.len)) != NULL) {
		*nl = '\0';
		drive_line(d, d->in.data);
		buf_consume(&d->in, (size_t)(nl - d->in.data) + 1);
	}
	if (d->eof && !d->waiting && d->in.len == 0)
		loop_break(d->loop);
	loop_timer_add(d->loop, 20, drive_poll, d);
}

int
speaker_drive_stdin(const struct speaker_config *c)
{
	struct player_hooks	h;
	struct drive		d;
	struct stat		sb;
	int			rc = 1;

	memset(&d, 0, sizeof(d));
	memset(&h, 0, sizeof(h));
	buf_init(&d.in, 64 * MAX_LINE);
	if ((d.loop = loop_new()) == NULL)
		return 1;
	h.arg = &d;
	h.sentence = ev_sentence;
	h.story_end = ev_end;
	h.audio_changed = ev_audio;
	if ((d.sp = speaker_new(d.loop, c, &h)) == NULL)
		goto out;
	if (fstat(STDIN_FILENO, &sb) == -1 || S_ISREG(sb.st_mode) ||
	    loop_fd_add(d.loop, STDIN_FILENO, LOOP_READ, drive_read,
	    &d) == -1) {
		/* A regular file cannot be polled: take it whole; the
		 * commands still run in order, waits included. */
		char	chunk[4096];
		ssize_t	n;

		while ((n = read(STDIN_FILENO, chunk, sizeof(chunk))) > 0)
			if (buf_append(&d.in, chunk, (size_t)n) == -1) {
				log_warnx("speaker: input too long");
				goto out;
			}
		d.eof = 1;
	}
	loop_timer_add(d.loop, 20, drive_poll, &d);
	rc = loop_run(d.loop) == 0 ? 0 : 1;
out:
	speaker_free(d.sp);
	loop_free(d.loop);
	buf_free(&d.in);
	return rc;
}
