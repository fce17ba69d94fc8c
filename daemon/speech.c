/*
 * speech: turns jobs (a sentence, an earcon, a pause) into samples in the
 * audio ring, on one worker thread running eSpeak NG in synchronous mode.
 *
 * The main thread submits jobs into a small bounded queue and reads
 * progress back as fixed-size messages from a pipe it polls: where each
 * job starts and ends in the ring, and where each word starts.  The worker
 * never touches the player's state.
 *
 * Synthesis runs at most SPEECH_LOOKAHEAD_MS ahead of the reader: the
 * worker blocks in eSpeak NG's callback while the ring holds that much, so
 * a new rate or voice is heard from the next sentence on, and memory stays
 * flat however long a story is.  Cancelling is a flag the callback checks
 * every chunk (SPEECH_CHUNK_MS of audio), so stop never waits for
 * synthesis.  Playback, pausing and device handling are audio.c's.
 *
 * libespeak-ng (and the PulseAudio and codec libraries it links) is not
 * linked: speech_engine_init() loads it through dynlib.c when the first
 * speech, render or voice list needs it, so a daemon that only polls and
 * the offline text modes never map it.  The worker is started at once
 * but touches eSpeak NG only for text jobs, which are refused until the
 * engine is up.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "audio.h"
#include "defaults.h"
#include "dynlib.h"
#include "log.h"
#include "speech.h"
#include "wav.h"

/*
 * The eSpeak NG functions we call, resolved at load time; each keeps its
 * name through a macro below, so the code reads as if linked.
 */
#define ESPEAK_FUNCS(X)							\
	X(espeak_ListVoices)						\
	X(espeak_SetSynthCallback)					\
	X(espeak_ng_ClearErrorContext)					\
	X(espeak_ng_GetSampleRate)					\
	X(espeak_ng_GetStatusCodeMessage)				\
	X(espeak_ng_Initialize)						\
	X(espeak_ng_InitializeOutput)					\
	X(espeak_ng_InitializePath)					\
	X(espeak_ng_SetParameter)					\
	X(espeak_ng_SetVoiceByName)					\
	X(espeak_ng_Synthesize)

#define ESPEAK_PTR(f)	__typeof__(f) *f;
#define ESPEAK_SYM(f)	{ #f, (void **)&libespeak.f },

/* One per process, like the engine; written once, by the main thread,
 * before the worker is given its first text. */
static struct {
	ESPEAK_FUNCS(ESPEAK_PTR)
} libespeak;

static const struct dynlib_sym espeak_syms[] = {
	ESPEAK_FUNCS(ESPEAK_SYM)
};

static struct dynlib espeak_lib = {
	ESPEAK_SONAME, espeak_syms,
	sizeof(espeak_syms) / sizeof(espeak_syms[0]), 0, ""
};

#define espeak_ListVoices	(libespeak.espeak_ListVoices)
#define espeak_SetSynthCallback	(libespeak.espeak_SetSynthCallback)
#define espeak_ng_ClearErrorContext (libespeak.espeak_ng_ClearErrorContext)
#define espeak_ng_GetSampleRate	(libespeak.espeak_ng_GetSampleRate)
#define espeak_ng_GetStatusCodeMessage \
	(libespeak.espeak_ng_GetStatusCodeMessage)
#define espeak_ng_Initialize	(libespeak.espeak_ng_Initialize)
#define espeak_ng_InitializeOutput (libespeak.espeak_ng_InitializeOutput)
#define espeak_ng_InitializePath (libespeak.espeak_ng_InitializePath)
#define espeak_ng_SetParameter	(libespeak.espeak_ng_SetParameter)
#define espeak_ng_SetVoiceByName (libespeak.espeak_ng_SetVoiceByName)
#define espeak_ng_Synthesize	(libespeak.espeak_ng_Synthesize)

struct job {
	uint32_t		 seq;
	enum speech_kind	 kind;
	char			*text;
	int			 ms;
	struct voice		 voice;
};

/* Where a synthesis run sends its samples: the ring or a WAV file. */
struct out {
	struct speech	*sp;		/* NULL when rendering */
	struct wav	*wav;
	uint32_t	 seq;
	uint64_t	 start;		/* first sample of the job */
	uint64_t	 written;	/* samples of the job so far */
	int		 sounding;	/* SPEECH_MSG_AUDIO sent */
	int		 cancelled;
	int		 rate;
};

struct speech {
	struct audio		*audio;
	int			 rate;
	pthread_t		 thread;
	int			 pipe[2];

	pthread_mutex_t		 mtx;
	pthread_cond_t		 cond;
	struct job		 q[SPEECH_MAX_JOBS];	/* under mtx */
	size_t			 qhead, qlen;		/* under mtx */
	int			 busy;			/* under mtx */
	int			 quit;			/* under mtx */
	uint32_t		 next_seq;		/* main thread */

	/* Jobs with keep < seq <= upto are cancelled, packed in one word
	 * so the worker reads both halves together. */
	_Atomic uint64_t	 cancel;
	struct voice		 applied;		/* worker */
};

/*
 * The one eSpeak NG instance: its sample rate once it is up (0 before),
 * the names of its voices, read once at start-up because eSpeak NG's
 * voice list is not safe to read while the worker synthesises, and why
 * the last start-up failed.  eSpeak NG itself is process-wide state, so
 * this mirrors it rather than pretending to be per-object; only the main
 * thread writes it, in speech_engine_init.
 */
static int	  engine_rate;
static char	**engine_voices;
static size_t	  engine_nvoices;
static char	  engine_error[256];

static int
is_cancelled(struct speech *sp, uint32_t seq)
{
	uint64_t	c = atomic_load(&sp->cancel);
	uint32_t	keep = (uint32_t)(c >> 32), upto = (uint32_t)c;

	return seq > keep && seq <= upto;
}

int
speech_is_cancelled(struct speech *sp, uint32_t seq)
{
	return is_cancelled(sp, seq);
}

static void
send_msg(struct speech *sp, uint32_t type, uint32_t seq, uint64_t pos,
    int32_t off, int32_t len)
{
	struct speech_msg	m;
	ssize_t			n;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.seq = seq;
	m.pos = pos;
	m.off = off;
	m.len = len;
	/* sizeof(m) < PIPE_BUF, so the write is atomic; it blocks only if
	 * the main thread stopped reading, which bounds the worker too. */
	do
		n = write(sp->pipe[1], &m, sizeof(m));
	while (n == -1 && errno == EINTR);
	if (n != (ssize_t)sizeof(m))
		log_warn("speech: message pipe");
}

static void
nap(long ms)
{
	struct timespec	ts = { 0, ms * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Writes samples to the destination; -1 once the job is cancelled. */
static int
out_write(struct out *o, const int16_t *p, size_t n)
{
	struct speech	*sp = o->sp;
	uint64_t	 ahead, max;
	size_t		 k;

	if (sp == NULL) {
		wav_write(o->wav, p, n);
		o->written += n;
		return 0;
	}
	max = (uint64_t)sp->rate * SPEECH_LOOKAHEAD_MS / 1000;
	while (n > 0) {
		if (is_cancelled(sp, o->seq)) {
			o->cancelled = 1;
			return -1;
		}
		ahead = audio_write_pos(sp->audio) - audio_read_pos(sp->audio);
		k = 0;
		if (ahead < max)
			k = audio_write(sp->audio, p, n);
		if (k == 0) {
			/* Far enough ahead, or the ring is full: the reader
			 * frees room at its own pace. */
			nap(10);
			continue;
		}
		p += k;
		n -= k;
		o->written += k;
		if (!o->sounding && o->written >= (uint64_t)sp->rate *
		    SPEECH_START_MS / 1000) {
			/* Lets the player start the device with enough
			 * data ready to prime its whole buffer. */
			o->sounding = 1;
			send_msg(sp, SPEECH_MSG_AUDIO, o->seq, o->start +
			    o->written, 0, 0);
		}
	}
	return 0;
}

static int
synth_cb(short *wav, int n, espeak_EVENT *ev)
{
	struct out	*o;
	espeak_EVENT	*e;
	uint64_t	 pos;

	if (ev == NULL || (o = ev->user_data) == NULL)
		return 1;	/* not ours: cannot happen, stop it */
	if (o->sp != NULL)
		for (e = ev; e->type != espeakEVENT_LIST_TERMINATED; e++) {
			if (e->type != espeakEVENT_WORD)
				continue;
			pos = o->start + (uint64_t)e->audio_position *
			    (uint64_t)o->rate / 1000;
			send_msg(o->sp, SPEECH_MSG_WORD, o->seq, pos,
			    e->text_position, e->length);
		}
	if (wav == NULL || n <= 0)
		return o->cancelled;
	return out_write(o, wav, (size_t)n) == -1 ? 1 : 0;
}

static void
apply_voice(struct voice *applied, const struct voice *v)
{
	if (strcmp(applied->base, v->base) != 0) {
		if (espeak_ng_SetVoiceByName(v->base) != ENS_OK) {
			log_warnx("speech: eSpeak NG has no voice %s; using de",
			    v->base);
			espeak_ng_SetVoiceByName("de");
		}
		/* A new voice resets the parameters: set them all again. */
		memset(applied, 0, sizeof(*applied));
		applied->rate = -1;
		snprintf(applied->base, sizeof(applied->base), "%s", v->base);
	}
	if (applied->rate != v->rate)
		espeak_ng_SetParameter(espeakRATE, v->rate, 0);
	if (applied->pitch != v->pitch || applied->rate == -1)
		espeak_ng_SetParameter(espeakPITCH, v->pitch, 0);
	if (applied->range != v->range || applied->rate == -1)
		espeak_ng_SetParameter(espeakRANGE, v->range, 0);
	if (applied->wordgap != v->wordgap || applied->rate == -1)
		espeak_ng_SetParameter(espeakWORDGAP, v->wordgap, 0);
	if (applied->volume != v->volume || applied->rate == -1)
		espeak_ng_SetParameter(espeakVOLUME, v->volume, 0);
	*applied = *v;
}

size_t
speech_earcon(int16_t *out, size_t n, int rate)
{
	/* Two soft bell-like notes a fourth apart (E5, A5): short,
	 * unmistakable, and gentle enough to hear every few minutes. */
	static const double	freq[2] = { 659.25, 880.0 };
	size_t			len, half, i;
	double			t, env, s;
	int			k;

	len = (size_t)rate * EARCON_MS / 1000;
	if (len > n)
		len = n;
	half = len * 2 / 5;
	for (i = 0; i < len; i++) {
		k = i < half ? 0 : 1;
		t = (double)(i - (k ? half : 0)) / rate;
		/* 5 ms attack, then an exponential decay. */
		env = t < 0.005 ? t / 0.005 : exp(-(t - 0.005) * 14.0);
		if (i + rate / 100 > len)	/* 10 ms fade at the very end */
			env *= (double)(len - i) / (rate / 100);
		s = sin(2 * M_PI * freq[k] * t) +
		    0.25 * sin(4 * M_PI * freq[k] * t);
		out[i] = (int16_t)(7000.0 * env * s);
	}
	return len;
}

static void
write_zeros(struct out *o, size_t n)
{
	int16_t	z[512];
	size_t	k;

	memset(z, 0, sizeof(z));
	while (n > 0) {
		k = n < 512 ? n : 512;
		if (out_write(o, z, k) == -1)
			return;
		n -= k;
	}
}

/* Synthesises one job into o; 0, or -1 when eSpeak NG refused it. */
static int
run_job(struct out *o, struct job *j, struct voice *applied)
{
	int16_t			 tone[(48000 * EARCON_MS) / 1000];
	size_t			 n;
	espeak_ng_STATUS	 st;
	char			 msg[128];

	switch (j->kind) {
	case SPEECH_SILENCE:
		write_zeros(o, (size_t)o->rate * (size_t)j->ms / 1000);
		return 0;
	case SPEECH_EARCON:
		n = speech_earcon(tone, sizeof(tone) / sizeof(tone[0]),
		    o->rate);
		out_write(o, tone, n);
		return 0;
	case SPEECH_TEXT:
		break;
	}
	apply_voice(applied, &j->voice);
	st = espeak_ng_Synthesize(j->text, strlen(j->text) + 1, 0,
	    POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakENDPAUSE, NULL, o);
	if (st != ENS_OK && st != ENS_SPEECH_STOPPED && !o->cancelled) {
		espeak_ng_GetStatusCodeMessage(st, msg, sizeof(msg));
		log_warnx("speech: synthesis failed: %s", msg);
		return -1;
	}
	return 0;
}

static void *
worker_main(void *arg)
{
	struct speech	*sp = arg;
	struct job	 j;
	struct out	 o;
	int		 rc;

	for (;;) {
		pthread_mutex_lock(&sp->mtx);
		sp->busy = 0;
		while (sp->qlen == 0 && !sp->quit)
			pthread_cond_wait(&sp->cond, &sp->mtx);
		if (sp->quit) {
			pthread_mutex_unlock(&sp->mtx);
			break;
		}
		j = sp->q[sp->qhead];
		sp->qhead = (sp->qhead + 1) % SPEECH_MAX_JOBS;
		sp->qlen--;
		sp->busy = 1;
		pthread_mutex_unlock(&sp->mtx);

		if (is_cancelled(sp, j.seq)) {
			free(j.text);
			continue;
		}
		memset(&o, 0, sizeof(o));
		o.sp = sp;
		o.seq = j.seq;
		o.rate = sp->rate;
		o.start = audio_write_pos(sp->audio);
		send_msg(sp, SPEECH_MSG_START, j.seq, o.start, 0, 0);
		rc = run_job(&o, &j, &sp->applied);
		free(j.text);
		if (o.cancelled)
			send_msg(sp, SPEECH_MSG_CANCELLED, j.seq,
			    o.start + o.written, 0, 0);
		else
			send_msg(sp, rc == -1 ? SPEECH_MSG_FAILED :
			    SPEECH_MSG_DONE, j.seq, o.start + o.written, 0, 0);
	}
	return NULL;
}

/* Records and logs (once per distinct reason) why the engine is not up. */
static int
engine_fail(const char *what, const char *why)
{
	char	msg[sizeof(engine_error)];

	snprintf(msg, sizeof(msg), "%s: %s", what, why);
	if (strcmp(msg, engine_error) != 0)
		log_warnx("speech: %s", msg);
	snprintf(engine_error, sizeof(engine_error), "%s", msg);
	return -1;
}

static void
engine_free_voices(void)
{
	while (engine_nvoices > 0)
		free(engine_voices[--engine_nvoices]);
	free(engine_voices);
	engine_voices = NULL;
}

/* Copies the last part of each voice identifier ("gmw/de" → "de"): what
 * SetVoiceByName takes and what listeners type. */
static int
engine_list_voices(void)
{
	const espeak_VOICE	**list;
	const char		 *id, *s;
	size_t			  n, i;

	if ((list = espeak_ListVoices(NULL)) == NULL)
		return 0;
	for (n = 0; list[n] != NULL; n++)
		;
	if (n == 0)
		return 0;
	if ((engine_voices = calloc(n, sizeof(char *))) == NULL) {
		log_warn("speech: calloc");
		return -1;
	}
	for (i = 0; i < n; i++) {
		id = list[i]->identifier;
		s = id != NULL && strrchr(id, '/') != NULL ?
		    strrchr(id, '/') + 1 : (id != NULL ? id : list[i]->name);
		if (s == NULL)
			continue;
		if ((engine_voices[engine_nvoices] = strdup(s)) == NULL) {
			log_warn("speech: strdup");
			engine_free_voices();
			return -1;
		}
		engine_nvoices++;
	}
	return 0;
}

int
speech_engine_init(void)
{
	espeak_ng_ERROR_CONTEXT	ctx = NULL;
	espeak_ng_STATUS	st;
	char			msg[128];
	int			rate;

	if (engine_rate > 0)
		return engine_rate;
	if (dynlib_load(&espeak_lib) == -1)
		return engine_fail("eSpeak NG", espeak_lib.error);
	espeak_ng_InitializePath(NULL);
	if ((st = espeak_ng_Initialize(&ctx)) != ENS_OK) {
		espeak_ng_GetStatusCodeMessage(st, msg, sizeof(msg));
		espeak_ng_ClearErrorContext(&ctx);
		return engine_fail("eSpeak NG", msg);
	}
	st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS,
	    SPEECH_CHUNK_MS, NULL);
	if (st != ENS_OK) {
		espeak_ng_GetStatusCodeMessage(st, msg, sizeof(msg));
		return engine_fail("eSpeak NG output", msg);
	}
	/* The ring and the device were made for SPEECH_RATE before the
	 * engine was loaded; eSpeak NG has one fixed rate. */
	if ((rate = espeak_ng_GetSampleRate()) != SPEECH_RATE) {
		snprintf(msg, sizeof(msg), "%d Hz, not %d", rate,
		    SPEECH_RATE);
		return engine_fail("eSpeak NG sample rate", msg);
	}
	espeak_SetSynthCallback(synth_cb);
	if (engine_list_voices() == -1)
		return engine_fail("eSpeak NG voices", "out of memory");
	engine_error[0] = '\0';
	engine_rate = rate;
	return engine_rate;
}

const char *
speech_engine_error(void)
{
	return engine_error;
}

size_t
speech_engine_voices(const char *const **names)
{
	*names = NULL;
	if (speech_engine_init() == -1)
		return 0;
	*names = (const char *const *)engine_voices;
	return engine_nvoices;
}

struct speech *
speech_new(struct audio *audio)
{
	struct speech	*sp;
	int		 i;

	if ((sp = calloc(1, sizeof(*sp))) == NULL) {
		log_warn("speech: calloc");
		return NULL;
	}
	sp->audio = audio;
	sp->rate = SPEECH_RATE;
	atomic_init(&sp->cancel, 0);
	if (pipe2(sp->pipe, O_CLOEXEC) == -1) {
		log_warn("speech: pipe");
		free(sp);
		return NULL;
	}
	if (fcntl(sp->pipe[0], F_SETFL, O_NONBLOCK) == -1) {
		log_warn("speech: fcntl");
		goto fail;
	}
	pthread_mutex_init(&sp->mtx, NULL);
	pthread_cond_init(&sp->cond, NULL);
	if (pthread_create(&sp->thread, NULL, worker_main, sp) != 0) {
		log_warnx("speech: cannot start the worker thread");
		pthread_mutex_destroy(&sp->mtx);
		pthread_cond_destroy(&sp->cond);
		goto fail;
	}
	return sp;
fail:
	for (i = 0; i < 2; i++)
		close(sp->pipe[i]);
	free(sp);
	return NULL;
}

void
speech_free(struct speech *sp)
{
	size_t	i;

	if (sp == NULL)
		return;
	speech_cancel(sp, 0);
	pthread_mutex_lock(&sp->mtx);
	sp->quit = 1;
	pthread_cond_broadcast(&sp->cond);
	pthread_mutex_unlock(&sp->mtx);
	pthread_join(sp->thread, NULL);
	for (i = 0; i < sp->qlen; i++)
		free(sp->q[(sp->qhead + i) % SPEECH_MAX_JOBS].text);
	pthread_mutex_destroy(&sp->mtx);
	pthread_cond_destroy(&sp->cond);
	close(sp->pipe[0]);
	close(sp->pipe[1]);
	free(sp);
}

int
speech_fd(const struct speech *sp)
{
	return sp->pipe[0];
}

int
speech_read(struct speech *sp, struct speech_msg *m)
{
	ssize_t	n;

	do
		n = read(sp->pipe[0], m, sizeof(*m));
	while (n == -1 && errno == EINTR);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n != (ssize_t)sizeof(*m)) {
		log_warn("speech: read message");
		return -1;
	}
	return 1;
}

uint32_t
speech_submit(struct speech *sp, const struct speech_job *in)
{
	struct job	j;
	size_t		len;

	memset(&j, 0, sizeof(j));
	j.kind = in->kind;
	j.ms = in->ms;
	j.voice = in->voice;
	if (in->kind == SPEECH_TEXT) {
		/* The engine is loaded in this thread before the first text
		 * (the player does it when it opens its output). */
		if (engine_rate <= 0) {
			log_warnx("speech: engine not initialised");
			return 0;
		}
		len = in->len;
		if (len > SPEECH_MAX_TEXT)
			len = SPEECH_MAX_TEXT;	/* the caller splits first */
		if ((j.text = malloc(len + 1)) == NULL) {
			log_warn("speech: malloc");
			return 0;
		}
		memcpy(j.text, in->text, len);
		j.text[len] = '\0';
	}
	pthread_mutex_lock(&sp->mtx);
	if (sp->qlen == SPEECH_MAX_JOBS) {
		pthread_mutex_unlock(&sp->mtx);
		free(j.text);
		return 0;
	}
	j.seq = ++sp->next_seq;
	sp->q[(sp->qhead + sp->qlen) % SPEECH_MAX_JOBS] = j;
	sp->qlen++;
	pthread_cond_signal(&sp->cond);
	pthread_mutex_unlock(&sp->mtx);
	return j.seq;
}

void
speech_cancel(struct speech *sp, uint32_t keep)
{
	struct job	kept[SPEECH_MAX_JOBS];
	size_t		i, n = 0;
	uint64_t	old;
	uint32_t	okeep, oupto;

	pthread_mutex_lock(&sp->mtx);
	/* Keep the earlier cancellation in force: a job it covered may still
	 * be running.  When the ranges touch, one range covers both; when
	 * they do not, every job of the old one has started already (the
	 * kept job came after them), so only the new one matters. */
	old = atomic_load(&sp->cancel);
	okeep = (uint32_t)(old >> 32);
	oupto = (uint32_t)old;
	if (oupto > okeep && keep <= oupto && okeep < keep)
		keep = okeep;
	atomic_store(&sp->cancel, ((uint64_t)keep << 32) | sp->next_seq);
	for (i = 0; i < sp->qlen; i++) {
		struct job *j = &sp->q[(sp->qhead + i) % SPEECH_MAX_JOBS];

		if (j->seq > keep)
			free(j->text);
		else
			kept[n++] = *j;
	}
	for (i = 0; i < n; i++)
		sp->q[i] = kept[i];
	sp->qhead = 0;
	sp->qlen = n;
	pthread_mutex_unlock(&sp->mtx);
}

size_t
speech_pending(struct speech *sp)
{
	size_t	n;

	pthread_mutex_lock(&sp->mtx);
	n = sp->qlen + (size_t)sp->busy;
	pthread_mutex_unlock(&sp->mtx);
	return n;
}

int
speech_render_wav(const struct speech_job *jobs, size_t n, const char *path)
{
	struct wav	 wav;
	struct out	 o;
	struct job	 j;
	struct voice	 applied;
	size_t		 i;
	int		 rc = 0;

	if (engine_rate <= 0) {
		log_warnx("speech: engine not initialised");
		return -1;
	}
	if (wav_open(&wav, path, engine_rate) == -1)
		return -1;
	memset(&applied, 0, sizeof(applied));
	for (i = 0; i < n && rc == 0; i++) {
		memset(&o, 0, sizeof(o));
		o.wav = &wav;
		o.rate = engine_rate;
		memset(&j, 0, sizeof(j));
		j.kind = jobs[i].kind;
		j.ms = jobs[i].ms;
		j.voice = jobs[i].voice;
		if (j.kind == SPEECH_TEXT) {
			if ((j.text = strndup(jobs[i].text,
			    jobs[i].len)) == NULL) {
				log_warn("speech: strndup");
				rc = -1;
				break;
			}
		}
		rc = run_job(&o, &j, &applied);
		free(j.text);
	}
	memset(&o, 0, sizeof(o));
	o.wav = &wav;
	o.rate = engine_rate;
	write_zeros(&o, (size_t)engine_rate * SPEECH_PAD_MS / 1000);
	if (wav_close(&wav) == -1)
		rc = -1;
	return rc;
}
