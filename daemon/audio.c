/*
 * audio: plays 16-bit mono samples from a lock-free single-producer/
 * single-consumer ring buffer, through a PortAudio callback stream or a
 * null sink.
 *
 * The synthesis worker is the only producer; the device callback (or the
 * null sink's thread) is the only consumer while the stream runs, and the
 * main thread takes the consumer's place while it is stopped (seek,
 * rewind).  The callback takes no locks, allocates nothing and makes no
 * system calls: it copies samples, applies the volume and publishes where
 * it is.
 *
 * Pause and stop abort the stream, which drops whatever the device still
 * holds, so silence comes within one buffer.  Because the ring keeps
 * AUDIO_KEEP_MS of samples behind its read position, the dropped samples
 * are still there and a resume starts at the first one not heard.
 *
 * This module does not synthesise, and it knows nothing of sentences:
 * positions are plain sample counts, and the player maps them to jobs.
 *
 * PortAudio (and with it ALSA, PulseAudio and JACK clients) is not
 * linked: dynlib.c loads it when a PortAudio device is first opened, so
 * the null sinks and a daemon that has not spoken yet never map it.  If
 * it cannot be loaded, the open fails like a missing device, with the
 * loader's reason, and the player's retry tries again.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pa_linux_alsa.h>
#include <portaudio.h>

#include "audio.h"
#include "defaults.h"
#include "dynlib.h"
#include "jackgate.h"
#include "log.h"

/*
 * The PortAudio functions we call, resolved at load time; each keeps its
 * name through a macro below, so the code reads as if linked.
 */
#define PA_FUNCS(X)							\
	X(PaAlsa_EnableRealtimeScheduling)				\
	X(Pa_AbortStream)						\
	X(Pa_CloseStream)						\
	X(Pa_GetDefaultOutputDevice)					\
	X(Pa_GetDeviceCount)						\
	X(Pa_GetDeviceInfo)						\
	X(Pa_GetErrorText)						\
	X(Pa_GetHostApiInfo)						\
	X(Pa_GetStreamInfo)						\
	X(Pa_GetStreamTime)						\
	X(Pa_Initialize)						\
	X(Pa_IsStreamActive)						\
	X(Pa_OpenStream)						\
	X(Pa_StartStream)						\
	X(Pa_Terminate)

#define PA_PTR(f)	__typeof__(f) *f;
#define PA_SYM(f)	{ #f, (void **)&libpa.f },

/* One per process, like the library; written once, by the main thread,
 * before any stream exists. */
static struct {
	PA_FUNCS(PA_PTR)
} libpa;

static const struct dynlib_sym pa_syms[] = {
	PA_FUNCS(PA_SYM)
};

static struct dynlib pa_lib = {
	PORTAUDIO_SONAME, pa_syms, sizeof(pa_syms) / sizeof(pa_syms[0]),
	0, ""
};

#define PaAlsa_EnableRealtimeScheduling (libpa.PaAlsa_EnableRealtimeScheduling)
#define Pa_AbortStream		(libpa.Pa_AbortStream)
#define Pa_CloseStream		(libpa.Pa_CloseStream)
#define Pa_GetDefaultOutputDevice (libpa.Pa_GetDefaultOutputDevice)
#define Pa_GetDeviceCount	(libpa.Pa_GetDeviceCount)
#define Pa_GetDeviceInfo	(libpa.Pa_GetDeviceInfo)
#define Pa_GetErrorText		(libpa.Pa_GetErrorText)
#define Pa_GetHostApiInfo	(libpa.Pa_GetHostApiInfo)
#define Pa_GetStreamInfo	(libpa.Pa_GetStreamInfo)
#define Pa_GetStreamTime	(libpa.Pa_GetStreamTime)
#define Pa_Initialize		(libpa.Pa_Initialize)
#define Pa_IsStreamActive	(libpa.Pa_IsStreamActive)
#define Pa_OpenStream		(libpa.Pa_OpenStream)
#define Pa_StartStream		(libpa.Pa_StartStream)
#define Pa_Terminate		(libpa.Pa_Terminate)

enum sink {
	SINK_PORTAUDIO,
	SINK_NULL,		/* real time */
	SINK_NULL_FAST,		/* as fast as written */
	SINK_NULL_MANUAL,	/* audio_null_consume() only */
};

struct audio {
	struct audio_ring	 ring;
	enum sink		 sink;
	char			*device;
	int			 rate;
	enum audio_state	 state;
	char			 error[160];

	/* Shared with the consumer. */
	_Atomic int		 gain;		/* Q8: 256 is full volume */
	_Atomic int		 expecting;
	_Atomic unsigned long	 underruns;
	_Atomic uint64_t	 cut_from;
	_Atomic uint64_t	 cut_to;
	/* Where the consumer is, as a seqlock: the first sample of its last
	 * buffer and the stream time at which it reaches the speaker. */
	_Atomic unsigned	 tseq;
	_Atomic uint64_t	 tpos;
	_Atomic double		 tdac;
	_Atomic double		 tnow;
	/* Consumer-private: the cut it already followed; whether the last
	 * buffer was a gap. */
	uint64_t		 done_from;
	uint64_t		 done_to;
	int			 in_gap;

	/* PortAudio. */
	PaStream		*stream;
	int			 pa_up;
	double			 latency;	/* seconds, as opened */

	/* Null sink. */
	pthread_t		 thread;
	int			 thread_up;
	pthread_mutex_t		 mtx;
	pthread_cond_t		 cond;
	int			 running;	/* under mtx */
	int			 quit;		/* under mtx */
};

/* ------------------------------------------------------------------ ring */

int
audio_ring_init(struct audio_ring *r, size_t size, size_t keep)
{
	memset(r, 0, sizeof(*r));
	if (size == 0 || (size & (size - 1)) != 0 || keep >= size)
		return -1;
	if ((r->buf = calloc(size, sizeof(int16_t))) == NULL)
		return -1;
	r->size = size;
	r->keep = keep;
	atomic_init(&r->wpos, 0);
	atomic_init(&r->rpos, 0);
	atomic_init(&r->release, 0);
	return 0;
}

void
audio_ring_free(struct audio_ring *r)
{
	free(r->buf);
	r->buf = NULL;
}

size_t
audio_ring_space(struct audio_ring *r)
{
	uint64_t	w, rel;

	w = atomic_load_explicit(&r->wpos, memory_order_relaxed);
	rel = atomic_load_explicit(&r->release, memory_order_acquire);
	return r->size - (size_t)(w - rel);
}

size_t
audio_ring_write(struct audio_ring *r, const int16_t *p, size_t n)
{
	uint64_t	w;
	size_t		space, off, first;

	space = audio_ring_space(r);
	if (n > space)
		n = space;
	if (n == 0)
		return 0;
	w = atomic_load_explicit(&r->wpos, memory_order_relaxed);
	off = (size_t)(w & (r->size - 1));
	first = r->size - off;
	if (first > n)
		first = n;
	memcpy(r->buf + off, p, first * sizeof(*p));
	memcpy(r->buf, p + first, (n - first) * sizeof(*p));
	/* Release: the samples are in place before the consumer sees them. */
	atomic_store_explicit(&r->wpos, w + n, memory_order_release);
	return n;
}

static void
ring_set_release(struct audio_ring *r, uint64_t rp)
{
	uint64_t	rel, want;

	/* Never moves back: the producer may already have reused what lies
	 * behind the old value. */
	want = rp > r->keep ? rp - r->keep : 0;
	rel = atomic_load_explicit(&r->release, memory_order_relaxed);
	if (want > rel)
		atomic_store_explicit(&r->release, want, memory_order_release);
}

size_t
audio_ring_read(struct audio_ring *r, int16_t *p, size_t n, uint64_t limit)
{
	uint64_t	w, rp;
	size_t		avail, off, first;

	w = atomic_load_explicit(&r->wpos, memory_order_acquire);
	rp = atomic_load_explicit(&r->rpos, memory_order_relaxed);
	avail = (size_t)(w - rp);
	if (limit != AUDIO_POS_NONE) {
		if (limit <= rp)
			avail = 0;
		else if (limit - rp < avail)
			avail = (size_t)(limit - rp);
	}
	if (n > avail)
		n = avail;
	if (n == 0)
		return 0;
	off = (size_t)(rp & (r->size - 1));
	first = r->size - off;
	if (first > n)
		first = n;
	memcpy(p, r->buf + off, first * sizeof(*p));
	memcpy(p + first, r->buf, (n - first) * sizeof(*p));
	atomic_store_explicit(&r->rpos, rp + n, memory_order_release);
	ring_set_release(r, rp + n);
	return n;
}

uint64_t
audio_ring_seek(struct audio_ring *r, uint64_t pos)
{
	uint64_t	w, rel;

	w = atomic_load_explicit(&r->wpos, memory_order_acquire);
	rel = atomic_load_explicit(&r->release, memory_order_relaxed);
	if (pos > w)
		pos = w;
	if (pos < rel)
		pos = rel;
	atomic_store_explicit(&r->rpos, pos, memory_order_release);
	ring_set_release(r, pos);
	return pos;
}

/* ------------------------------------------------------------ consumer */

/*
 * The one place samples leave the ring: fills out[frames] and publishes
 * the position.  Runs in the PortAudio callback or the null sink thread.
 * underflow: the host says the device ran dry before this buffer.
 */
static size_t
fill(struct audio *a, int16_t *out, size_t frames, double now, double dac,
    int underflow)
{
	uint64_t	from, to, rp, start;
	size_t		done = 0, n, i;
	int		waiting = 0, gain, gap = underflow;
	unsigned	seq;

	start = atomic_load_explicit(&a->ring.rpos, memory_order_relaxed);
	while (done < frames) {
		uint64_t	limit = AUDIO_POS_NONE;

		from = atomic_load(&a->cut_from);
		to = atomic_load(&a->cut_to);
		if (from != AUDIO_POS_NONE &&
		    !(from == a->done_from && to == a->done_to)) {
			rp = atomic_load_explicit(&a->ring.rpos,
			    memory_order_relaxed);
			if (rp >= from) {
				if (to == AUDIO_POS_NONE) {
					waiting = 1;	/* the next job comes */
					break;
				}
				audio_ring_seek(&a->ring, to);
				a->done_from = from;
				a->done_to = to;
				if (done == 0)
					start = to;
				continue;
			}
			limit = from;
		}
		n = audio_ring_read(&a->ring, out + done, frames - done,
		    limit);
		if (n == 0)
			break;
		done += n;
	}
	if (done < frames) {
		memset(out + done, 0, (frames - done) * sizeof(*out));
		/* Waiting at a cut is the next job starting, not a gap in
		 * a stream that was meant to flow. */
		if (!waiting && atomic_load(&a->expecting))
			gap = 1;
	}
	/* An underrun is a gap the listener hears, counted once however
	 * many buffers it spans: after an xrun PortAudio flags the next
	 * buffer too, which counted every gap twice. */
	if (gap && !a->in_gap)
		atomic_fetch_add(&a->underruns, 1);
	a->in_gap = gap;
	gain = atomic_load_explicit(&a->gain, memory_order_relaxed);
	if (gain != 256)
		for (i = 0; i < done; i++) {
			int v = out[i] * gain / 256;

			/* Above 100 % loud peaks clip rather than wrap. */
			out[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ?
			    -32768 : v);
		}

	/* Publish only buffers with samples in them: a buffer of filler
	 * after the end would pin the estimate to before the end. */
	if (done == 0)
		return 0;
	seq = atomic_load_explicit(&a->tseq, memory_order_relaxed);
	atomic_store(&a->tseq, seq + 1);
	atomic_store(&a->tpos, start);
	atomic_store(&a->tdac, dac);
	atomic_store(&a->tnow, now);
	atomic_store(&a->tseq, seq + 2);
	return done;
}

static int
pa_callback(const void *in, void *out, unsigned long frames,
    const PaStreamCallbackTimeInfo *ti, PaStreamCallbackFlags flags,
    void *arg)
{
	struct audio	*a = arg;

	fill(a, out, frames, ti->currentTime, ti->outputBufferDacTime,
	    (flags & paOutputUnderflow) != 0);
	return paContinue;
}

static double
mono_seconds(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *
null_main(void *arg)
{
	struct audio	*a = arg;
	int16_t		 buf[AUDIO_BUFFER_FRAMES];
	struct timespec	 next;
	long		 period_ns;
	double		 now;

	period_ns = (long)(1e9 * AUDIO_BUFFER_FRAMES / a->rate);
	pthread_mutex_lock(&a->mtx);
	for (;;) {
		while (!a->running && !a->quit)
			pthread_cond_wait(&a->cond, &a->mtx);
		if (a->quit)
			break;
		clock_gettime(CLOCK_MONOTONIC, &next);
		while (a->running && !a->quit) {
			now = mono_seconds();
			if (a->sink == SINK_NULL_FAST) {
				if (fill(a, buf, AUDIO_BUFFER_FRAMES, now,
				    now, 0) > 0)
					continue;
				/* Nothing to take: look again in 1 ms. */
				next.tv_nsec += 1000000;
			} else {
				fill(a, buf, AUDIO_BUFFER_FRAMES, now, now, 0);
				next.tv_nsec += period_ns;
			}
			while (next.tv_nsec >= 1000000000L) {
				next.tv_nsec -= 1000000000L;
				next.tv_sec++;
			}
			/* Sleeping on the condition variable lets pause and
			 * close interrupt the wait at once. */
			while (a->running && !a->quit &&
			    pthread_cond_clockwait(&a->cond, &a->mtx,
			    CLOCK_MONOTONIC, &next) != ETIMEDOUT)
				;
		}
	}
	pthread_mutex_unlock(&a->mtx);
	return NULL;
}

/* ------------------------------------------------------------ control */

struct audio *
audio_new(const char *device, int rate)
{
	struct audio	*a;
	size_t		 keep;

	if ((a = calloc(1, sizeof(*a))) == NULL) {
		log_warn("audio: calloc");
		return NULL;
	}
	if (device == NULL || *device == '\0')
		device = "default";
	if ((a->device = strdup(device)) == NULL) {
		log_warn("audio: strdup");
		free(a);
		return NULL;
	}
	if (strcmp(device, "null") == 0)
		a->sink = SINK_NULL;
	else if (strcmp(device, "null:fast") == 0)
		a->sink = SINK_NULL_FAST;
	else if (strcmp(device, "null:manual") == 0)
		a->sink = SINK_NULL_MANUAL;
	else
		a->sink = SINK_PORTAUDIO;
	a->rate = rate;
	keep = (size_t)rate * AUDIO_KEEP_MS / 1000;
	if (audio_ring_init(&a->ring, AUDIO_RING_FRAMES, keep) == -1) {
		log_warnx("audio: cannot make a ring of %d samples",
		    AUDIO_RING_FRAMES);
		free(a->device);
		free(a);
		return NULL;
	}
	atomic_init(&a->gain, 256);
	atomic_init(&a->expecting, 0);
	atomic_init(&a->underruns, 0);
	atomic_init(&a->cut_from, AUDIO_POS_NONE);
	atomic_init(&a->cut_to, AUDIO_POS_NONE);
	atomic_init(&a->tseq, 0);
	atomic_init(&a->tpos, 0);
	atomic_init(&a->tdac, 0);
	atomic_init(&a->tnow, 0);
	a->done_from = a->done_to = AUDIO_POS_NONE;
	a->state = AUDIO_CLOSED;
	pthread_mutex_init(&a->mtx, NULL);
	pthread_cond_init(&a->cond, NULL);
	return a;
}

void
audio_free(struct audio *a)
{
	if (a == NULL)
		return;
	audio_close(a);
	pthread_mutex_destroy(&a->mtx);
	pthread_cond_destroy(&a->cond);
	audio_ring_free(&a->ring);
	free(a->device);
	free(a);
}

static void
set_error(struct audio *a, const char *what, PaError err)
{
	snprintf(a->error, sizeof(a->error), "%s: %s", what,
	    Pa_GetErrorText(err));
	a->state = AUDIO_UNAVAILABLE;
}

static PaDeviceIndex
find_device(const char *name)
{
	const PaDeviceInfo	*di;
	PaDeviceIndex		 i, n;

	if (strcmp(name, "default") == 0)
		return Pa_GetDefaultOutputDevice();
	n = Pa_GetDeviceCount();
	for (i = 0; i < n; i++)
		if ((di = Pa_GetDeviceInfo(i)) != NULL &&
		    di->maxOutputChannels > 0 && strcmp(di->name, name) == 0)
			return i;
	for (i = 0; i < n; i++)
		if ((di = Pa_GetDeviceInfo(i)) != NULL &&
		    di->maxOutputChannels > 0 && strstr(di->name, name) != NULL)
			return i;
	return paNoDevice;
}

/* The process's thread ids, at most max; returns how many. */
static size_t
list_threads(pid_t *tids, size_t max)
{
	DIR		*d;
	struct dirent	*e;
	size_t		 n = 0;

	if ((d = opendir("/proc/self/task")) == NULL)
		return 0;
	while (n < max && (e = readdir(d)) != NULL)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			tids[n++] = (pid_t)atoi(e->d_name);
	closedir(d);
	return n;
}

/*
 * Gives the threads the audio libraries started while opening the stream
 * (those not in before[]) the real-time class PortAudio gives its
 * callback thread.  ALSA's PulseAudio plugin ships our samples to the
 * server from its own mainloop thread: with only the callback thread
 * real-time, a busy machine still starved that one and the device ran
 * dry (measured: 16 underruns in 40 s at a load of 13, 6 with it
 * raised).  Where the limits forbid it (RLIMIT_RTPRIO, no CAP_SYS_NICE)
 * the threads stay as they are, as the callback thread does.
 */
static void
raise_new_threads(const pid_t *before, size_t nbefore)
{
	pid_t			 now[AUDIO_MAX_THREADS];
	struct sched_param	 sp;
	size_t			 n, i, j;

	memset(&sp, 0, sizeof(sp));
	sp.sched_priority = sched_get_priority_min(SCHED_FIFO);
	n = list_threads(now, AUDIO_MAX_THREADS);
	for (i = 0; i < n; i++) {
		for (j = 0; j < nbefore && before[j] != now[i]; j++)
			;
		if (j == nbefore && sched_setscheduler(now[i], SCHED_FIFO,
		    &sp) == -1)
			log_debug("audio: thread %d stays normal: %s",
			    (int)now[i], strerror(errno));
	}
}

/* The primed buffer must come from speech that is already there. */
_Static_assert(SPEECH_START_MS > AUDIO_LATENCY_MS,
    "a stream is started with less audio than it primes");

static int
open_portaudio(struct audio *a)
{
	PaStreamParameters	 op;
	const PaStreamInfo	*si;
	PaError			 err;
	pid_t			 before[AUDIO_MAX_THREADS];
	size_t			 nbefore;

	(void)jackgate_preload();
	if (dynlib_load(&pa_lib) == -1) {
		/* Cut to fit: the reason leads with the soname. */
		snprintf(a->error, sizeof(a->error), "PortAudio: %.140s",
		    pa_lib.error);
		a->state = AUDIO_UNAVAILABLE;
		return -1;
	}
	nbefore = list_threads(before, AUDIO_MAX_THREADS);
	/* Initialising per open makes PortAudio enumerate the devices
	 * again, so a retry finds a device that appeared meanwhile. */
	if ((err = Pa_Initialize()) != paNoError) {
		set_error(a, "initialise", err);
		return -1;
	}
	a->pa_up = 1;
	memset(&op, 0, sizeof(op));
	if ((op.device = find_device(a->device)) == paNoDevice) {
		snprintf(a->error, sizeof(a->error), "no output device %s",
		    a->device);
		a->state = AUDIO_UNAVAILABLE;
		goto fail;
	}
	op.channelCount = 1;
	op.sampleFormat = paInt16;
	op.suggestedLatency = AUDIO_LATENCY_MS / 1000.0;
	/* Prime from the callback: the device buffer starts full of
	 * speech, not of silence that the first word would queue behind,
	 * so a larger buffer (that rides out a busy machine) does not
	 * delay the first sound or a resume. */
	err = Pa_OpenStream(&a->stream, NULL, &op, a->rate,
	    AUDIO_BUFFER_FRAMES,
	    paClipOff | paPrimeOutputBuffersUsingStreamCallback,
	    pa_callback, a);
	if (err != paNoError) {
		a->stream = NULL;
		set_error(a, "open", err);
		goto fail;
	}
	/* Ask for real-time scheduling of the callback thread where the
	 * host API is ALSA and the limits allow it (RLIMIT_RTPRIO): a busy
	 * machine then cannot starve the device.  Without it, it runs as
	 * before. */
	if (Pa_GetHostApiInfo(Pa_GetDeviceInfo(op.device)->hostApi)->type ==
	    paALSA) {
		PaAlsa_EnableRealtimeScheduling(a->stream, 1);
		raise_new_threads(before, nbefore);
	}
	si = Pa_GetStreamInfo(a->stream);
	a->latency = si != NULL ? si->outputLatency : AUDIO_LATENCY_MS / 1e3;
	return 0;
fail:
	Pa_Terminate();
	a->pa_up = 0;
	return -1;
}

int
audio_open(struct audio *a)
{
	if (a->state == AUDIO_STOPPED || a->state == AUDIO_RUNNING)
		return 0;
	a->error[0] = '\0';
	if (a->sink == SINK_PORTAUDIO) {
		if (open_portaudio(a) == -1)
			return -1;
	} else if (a->sink != SINK_NULL_MANUAL) {
		a->quit = 0;
		a->running = 0;
		if (pthread_create(&a->thread, NULL, null_main, a) != 0) {
			snprintf(a->error, sizeof(a->error),
			    "cannot start the null sink");
			a->state = AUDIO_UNAVAILABLE;
			return -1;
		}
		a->thread_up = 1;
	}
	a->state = AUDIO_STOPPED;
	return 0;
}

void
audio_close(struct audio *a)
{
	if (a->state == AUDIO_RUNNING)
		audio_pause(a);
	if (a->stream != NULL) {
		Pa_CloseStream(a->stream);
		a->stream = NULL;
	}
	if (a->pa_up) {
		Pa_Terminate();
		a->pa_up = 0;
	}
	if (a->thread_up) {
		pthread_mutex_lock(&a->mtx);
		a->quit = 1;
		pthread_cond_broadcast(&a->cond);
		pthread_mutex_unlock(&a->mtx);
		pthread_join(a->thread, NULL);
		a->thread_up = 0;
	}
	if (a->state != AUDIO_UNAVAILABLE)
		a->state = AUDIO_CLOSED;
}

enum audio_state
audio_state(struct audio *a)
{
	return a->state;
}

const char *
audio_error(const struct audio *a)
{
	return a->error;
}

const char *
audio_device(const struct audio *a)
{
	return a->device;
}

int
audio_rate(const struct audio *a)
{
	return a->rate;
}

size_t
audio_write(struct audio *a, const int16_t *p, size_t n)
{
	return audio_ring_write(&a->ring, p, n);
}

uint64_t
audio_write_pos(struct audio *a)
{
	return atomic_load_explicit(&a->ring.wpos, memory_order_acquire);
}

uint64_t
audio_read_pos(struct audio *a)
{
	return atomic_load_explicit(&a->ring.rpos, memory_order_acquire);
}

int
audio_start(struct audio *a)
{
	PaError	err;

	if (a->state == AUDIO_RUNNING)
		return 0;
	if (a->state != AUDIO_STOPPED)
		return -1;
	/* The published position restarts here, not at the old buffer. */
	atomic_store(&a->tpos, audio_read_pos(a));
	a->in_gap = 0;
	atomic_store(&a->tdac, 0.0);
	switch (a->sink) {
	case SINK_PORTAUDIO:
		if ((err = Pa_StartStream(a->stream)) != paNoError) {
			set_error(a, "start", err);
			return -1;
		}
		break;
	case SINK_NULL:
	case SINK_NULL_FAST:
		pthread_mutex_lock(&a->mtx);
		a->running = 1;
		pthread_cond_broadcast(&a->cond);
		pthread_mutex_unlock(&a->mtx);
		break;
	case SINK_NULL_MANUAL:
		break;
	}
	a->state = AUDIO_RUNNING;
	return 0;
}

/* The first sample not yet heard; call while the consumer is running. */
static uint64_t
played_pos(struct audio *a)
{
	uint64_t	pos, rp, lo;
	double		dac, tnow, now;
	unsigned	s1, s2;
	int		tries = 0;

	rp = audio_read_pos(a);
	if (a->sink != SINK_PORTAUDIO)
		return rp;
	do {
		s1 = atomic_load(&a->tseq);
		pos = atomic_load(&a->tpos);
		dac = atomic_load(&a->tdac);
		tnow = atomic_load(&a->tnow);
		s2 = atomic_load(&a->tseq);
	} while ((s1 != s2 || (s1 & 1)) && ++tries < 1000);
	lo = atomic_load(&a->ring.release);
	if (dac <= 0 || a->stream == NULL) {
		/* No timing from the host: assume the device holds its
		 * nominal latency. */
		pos = rp - (uint64_t)(a->latency * a->rate);
	} else {
		now = Pa_GetStreamTime(a->stream);
		if (now <= 0)
			now = tnow;
		if (now >= dac)
			pos += (uint64_t)((now - dac) * a->rate);
		else if ((uint64_t)((dac - now) * a->rate) < pos)
			pos -= (uint64_t)((dac - now) * a->rate);
		else
			pos = 0;
	}
	if (pos > rp)
		pos = rp;
	if (pos < lo)
		pos = lo;
	return pos;
}

uint64_t
audio_played_pos(struct audio *a)
{
	if (a->state != AUDIO_RUNNING)
		return audio_read_pos(a);
	return played_pos(a);
}

int
audio_pause(struct audio *a)
{
	uint64_t	pos;
	PaError		err;

	if (a->state != AUDIO_RUNNING)
		return 0;
	pos = played_pos(a);
	switch (a->sink) {
	case SINK_PORTAUDIO:
		/* Abort, not stop: stop would play out what the device
		 * holds, up to a buffer of latency. */
		if ((err = Pa_AbortStream(a->stream)) != paNoError)
			log_warnx("audio: abort: %s", Pa_GetErrorText(err));
		break;
	case SINK_NULL:
	case SINK_NULL_FAST:
		pthread_mutex_lock(&a->mtx);
		a->running = 0;
		pthread_cond_broadcast(&a->cond);
		pthread_mutex_unlock(&a->mtx);
		break;
	case SINK_NULL_MANUAL:
		break;
	}
	a->state = AUDIO_STOPPED;
	audio_ring_seek(&a->ring, pos);
	return 0;
}

uint64_t
audio_seek(struct audio *a, uint64_t pos)
{
	if (a->state == AUDIO_RUNNING)
		return audio_read_pos(a);	/* only the consumer may */
	/* A seek ends any cut: the consumer starts over at pos. */
	atomic_store(&a->cut_from, AUDIO_POS_NONE);
	atomic_store(&a->cut_to, AUDIO_POS_NONE);
	a->done_from = a->done_to = AUDIO_POS_NONE;
	return audio_ring_seek(&a->ring, pos);
}

void
audio_cut(struct audio *a, uint64_t from, uint64_t to)
{
	if (from == AUDIO_POS_NONE) {
		atomic_store(&a->cut_from, AUDIO_POS_NONE);
		atomic_store(&a->cut_to, AUDIO_POS_NONE);
		return;
	}
	/* `to' first: a consumer that sees the new `from' also sees a `to'
	 * at least this new. */
	if (atomic_load(&a->cut_from) != from)
		atomic_store(&a->cut_to, AUDIO_POS_NONE);
	atomic_store(&a->cut_from, from);
	if (to != AUDIO_POS_NONE)
		atomic_store(&a->cut_to, to);
	if (a->state != AUDIO_RUNNING) {
		/* No consumer runs: follow the cut here if it is due. */
		if (to != AUDIO_POS_NONE && audio_read_pos(a) >= from) {
			audio_ring_seek(&a->ring, to);
			a->done_from = from;
			a->done_to = to;
		}
	}
}

void
audio_set_expecting(struct audio *a, int on)
{
	atomic_store(&a->expecting, on);
}

unsigned long
audio_underruns(struct audio *a)
{
	return atomic_load(&a->underruns);
}

int
audio_lost(struct audio *a)
{
	if (a->state != AUDIO_RUNNING || a->sink != SINK_PORTAUDIO)
		return 0;
	if (Pa_IsStreamActive(a->stream) == 1)
		return 0;
	snprintf(a->error, sizeof(a->error), "device lost");
	return 1;
}

void
audio_set_volume(struct audio *a, int percent)
{
	if (percent < 0)
		percent = 0;
	if (percent > 200)
		percent = 200;
	atomic_store(&a->gain, percent * 256 / 100);
}

size_t
audio_null_consume(struct audio *a, size_t n)
{
	int16_t		buf[AUDIO_BUFFER_FRAMES];
	size_t		k, got, total = 0;

	if (a->sink != SINK_NULL_MANUAL || a->state != AUDIO_RUNNING)
		return 0;
	while (n > 0) {
		k = n < AUDIO_BUFFER_FRAMES ? n : AUDIO_BUFFER_FRAMES;
		got = fill(a, buf, k, 0, 0, 0);
		total += got;
		n -= k;
		if (got < k)
			break;
	}
	return total;
}
