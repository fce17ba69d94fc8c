/*
 * Unit tests for audio.c: the ring buffer (wrap-around, the kept region,
 * seeking, a two-thread stress test) and the manual null sink's exact
 * pause/resume and cut bookkeeping.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "audio.h"

#define STRESS_SAMPLES	(4 * 1000 * 1000)

static struct audio_ring	ring;

/* The producer writes the sample sequence 0, 1, 2, ... (mod 2^16) in
 * chunks of varying size. */
static void *
producer(void *arg)
{
	int16_t		buf[777];
	uint32_t	next = 0;
	size_t		n, k, i, chunk = 1;

	while (next < STRESS_SAMPLES) {
		chunk = chunk % 777 + 1;
		n = chunk;
		if (n > STRESS_SAMPLES - next)
			n = STRESS_SAMPLES - next;
		for (i = 0; i < n; i++)
			buf[i] = (int16_t)(uint16_t)(next + i);
		k = audio_ring_write(&ring, buf, n);
		next += (uint32_t)k;
	}
	return NULL;
}

static int
stress(void)
{
	pthread_t	t;
	int16_t		buf[500];
	uint32_t	expect = 0;
	size_t		n, i, chunk = 3;
	int		bad = 0;

	if (audio_ring_init(&ring, 1024, 100) == -1)
		return -1;
	pthread_create(&t, NULL, producer, NULL);
	while (expect < STRESS_SAMPLES) {
		chunk = chunk % 499 + 1;
		n = audio_ring_read(&ring, buf, chunk, AUDIO_POS_NONE);
		for (i = 0; i < n; i++)
			if (buf[i] != (int16_t)(uint16_t)(expect + i))
				bad++;
		expect += (uint32_t)n;
	}
	pthread_join(t, NULL);
	audio_ring_free(&ring);
	return bad;
}

static void
ramp(int16_t *v, size_t n, int from)
{
	size_t	i;

	for (i = 0; i < n; i++)
		v[i] = (int16_t)(from + (int)i);
}

int
main(void)
{
	struct audio_ring	 r;
	struct audio		*a;
	int16_t			 in[64], out[64];
	size_t			 i;

	/* Sizes must be powers of two larger than the kept region. */
	CHECK_INT_EQ(audio_ring_init(&r, 100, 10), -1);
	CHECK_INT_EQ(audio_ring_init(&r, 16, 16), -1);

	/* Write, read, wrap around, keep. */
	CHECK_INT_EQ(audio_ring_init(&r, 16, 4), 0);
	ramp(in, 64, 1);
	CHECK_INT_EQ(audio_ring_space(&r), 16);
	CHECK_INT_EQ(audio_ring_write(&r, in, 20), 16);	/* full */
	CHECK_INT_EQ(audio_ring_read(&r, out, 10, AUDIO_POS_NONE), 10);
	CHECK_INT_EQ(out[0], 1);
	CHECK_INT_EQ(out[9], 10);
	/* 4 samples behind the reader stay kept: 10 - 4 = 6 are free. */
	CHECK_INT_EQ(audio_ring_space(&r), 6);
	CHECK_INT_EQ(audio_ring_write(&r, in + 16, 20), 6);
	CHECK_INT_EQ(audio_ring_read(&r, out, 64, 20), 10);	/* limit */
	CHECK_INT_EQ(out[0], 11);
	CHECK_INT_EQ(out[9], 20);
	/* Seek back into the kept region, and not past it. */
	CHECK_INT_EQ(audio_ring_seek(&r, 17), 17);
	CHECK_INT_EQ(audio_ring_read(&r, out, 3, AUDIO_POS_NONE), 3);
	CHECK_INT_EQ(out[0], 18);
	CHECK_INT_EQ(audio_ring_seek(&r, 2), 16);
	CHECK_INT_EQ(audio_ring_seek(&r, 99), 22);	/* not past wpos */
	audio_ring_free(&r);

	CHECK_INT_EQ(stress(), 0);

	/* The manual null sink: pause resumes at the exact sample. */
	a = audio_new("null:manual", 22050);
	CHECK(a != NULL, "audio_new");
	CHECK_INT_EQ(audio_open(a), 0);
	ramp(in, 64, 100);
	CHECK_INT_EQ(audio_write(a, in, 64), 64);
	CHECK_INT_EQ(audio_null_consume(a, 10), 0);	/* not started */
	CHECK_INT_EQ(audio_start(a), 0);
	CHECK_INT_EQ(audio_null_consume(a, 10), 10);
	CHECK_INT_EQ(audio_pause(a), 0);
	CHECK_INT_EQ(audio_played_pos(a), 10);
	CHECK_INT_EQ(audio_null_consume(a, 10), 0);
	CHECK_INT_EQ(audio_start(a), 0);
	CHECK_INT_EQ(audio_null_consume(a, 5), 5);
	CHECK_INT_EQ(audio_read_pos(a), 15);

	/* A cut: stop at 20 until the continuation is known, then jump
	 * to 40 (samples 20..39 are never played). */
	audio_cut(a, 20, AUDIO_POS_NONE);
	CHECK_INT_EQ(audio_null_consume(a, 30), 5);
	CHECK_INT_EQ(audio_read_pos(a), 20);
	CHECK_INT_EQ(audio_null_consume(a, 30), 0);	/* waits */
	audio_cut(a, 20, 40);
	CHECK_INT_EQ(audio_null_consume(a, 4), 4);
	CHECK_INT_EQ(audio_read_pos(a), 44);
	/* Waiting at a cut is no underrun; running dry while expecting
	 * more is. */
	CHECK_INT_EQ(audio_underruns(a), 0);
	audio_set_expecting(a, 1);
	audio_null_consume(a, 64);
	CHECK_INT_EQ(audio_underruns(a), 1);
	/* A gap is one underrun however many buffers it spans; the next
	 * gap after sound is another. */
	audio_null_consume(a, 64);
	CHECK_INT_EQ(audio_underruns(a), 1);
	{
		int16_t	 more[32];

		memset(more, 0, sizeof(more));
		CHECK_INT_EQ(audio_write(a, more, 32), 32);
		CHECK_INT_EQ(audio_null_consume(a, 32), 32);
		CHECK_INT_EQ(audio_underruns(a), 1);
		audio_null_consume(a, 64);
		CHECK_INT_EQ(audio_underruns(a), 2);
	}
	audio_set_volume(a, 50);
	audio_free(a);

	(void)i;
	return CHECK_SUMMARY();
}
