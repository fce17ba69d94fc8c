/*
 * wav: the RIFF/WAVE container for offline rendering.  The header is
 * written first with zero sizes and patched on close, so rendering needs
 * no buffer for the whole file.  Only 16-bit mono PCM, which is what
 * eSpeak NG produces.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "wav.h"

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static void
put16(unsigned char *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void
header(unsigned char h[44], int rate, uint32_t data_bytes)
{
	memcpy(h, "RIFF", 4);
	put32(h + 4, 36 + data_bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);			/* fmt chunk size */
	put16(h + 20, 1);			/* PCM */
	put16(h + 22, 1);			/* mono */
	put32(h + 24, (uint32_t)rate);
	put32(h + 28, (uint32_t)rate * 2);	/* bytes per second */
	put16(h + 32, 2);			/* block align */
	put16(h + 34, 16);			/* bits per sample */
	memcpy(h + 36, "data", 4);
	put32(h + 40, data_bytes);
}

int
wav_open(struct wav *w, const char *path, int rate)
{
	unsigned char	h[44];

	memset(w, 0, sizeof(*w));
	w->rate = rate;
	if ((w->fp = fopen(path, "wb")) == NULL) {
		log_warn("wav: %s", path);
		return -1;
	}
	header(h, rate, 0);
	if (fwrite(h, sizeof(h), 1, w->fp) != 1)
		w->failed = 1;
	return 0;
}

void
wav_write(struct wav *w, const int16_t *p, size_t n)
{
	unsigned char	buf[1024];
	size_t		i, k;

	while (n > 0 && !w->failed) {
		/* Little-endian on every host, whatever the CPU. */
		k = n < sizeof(buf) / 2 ? n : sizeof(buf) / 2;
		for (i = 0; i < k; i++)
			put16(buf + 2 * i, (uint16_t)p[i]);
		if (fwrite(buf, 2, k, w->fp) != k)
			w->failed = 1;
		w->frames += k;
		p += k;
		n -= k;
	}
}

int
wav_close(struct wav *w)
{
	unsigned char	h[44];
	int		rc = 0;

	if (w->fp == NULL)
		return -1;
	if (w->frames * 2 > UINT32_MAX - 36) {
		log_warnx("wav: more audio than a WAV file holds");
		rc = -1;
	} else {
		header(h, w->rate, (uint32_t)(w->frames * 2));
		if (fseek(w->fp, 0, SEEK_SET) == -1 ||
		    fwrite(h, sizeof(h), 1, w->fp) != 1)
			w->failed = 1;
	}
	if (fclose(w->fp) == EOF)
		w->failed = 1;
	w->fp = NULL;
	if (w->failed) {
		log_warn("wav: write");
		rc = -1;
	}
	return rc;
}
