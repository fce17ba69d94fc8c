/* WAV files: 16-bit PCM mono, written in one pass. */
#ifndef WAV_H
#define WAV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct wav {
	FILE		*fp;
	uint64_t	 frames;
	int		 rate;
	int		 failed;	/* a write failed; wav_close says so */
};

/* Creates path (mode 0644 less umask) and writes a provisional header.
 * 0, or -1 (logged). */
int	wav_open(struct wav *, const char *path, int rate);
/* Appends samples; failures are remembered and reported by wav_close. */
void	wav_write(struct wav *, const int16_t *, size_t n);
/* Fixes the header's sizes and closes.  0, or -1 when any write failed
 * or the data exceed the format's 4 GB (logged). */
int	wav_close(struct wav *);

#endif
