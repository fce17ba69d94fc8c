/* Unit tests for wav.c: the header fields and the samples as written. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "wav.h"

static uint32_t
get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int
main(void)
{
	struct wav	 w;
	char		 path[] = "/tmp/test_wav.XXXXXX";
	unsigned char	 b[256];
	int16_t		 s[3] = { 1, -2, 32767 };
	FILE		*fp;
	size_t		 n;
	int		 fd;

	fd = mkstemp(path);
	CHECK(fd != -1, "mkstemp");
	close(fd);
	CHECK_INT_EQ(wav_open(&w, path, 22050), 0);
	wav_write(&w, s, 3);
	wav_write(&w, s, 1);
	CHECK_INT_EQ(wav_close(&w), 0);
	fp = fopen(path, "rb");
	n = fread(b, 1, sizeof(b), fp);
	fclose(fp);
	unlink(path);
	CHECK_INT_EQ(n, 44 + 8);
	CHECK(memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WAVEfmt ", 8) == 0,
	    "RIFF/WAVE magic");
	CHECK_INT_EQ(get32(b + 4), 36 + 8);
	CHECK_INT_EQ(b[20] | b[21] << 8, 1);		/* PCM */
	CHECK_INT_EQ(b[22] | b[23] << 8, 1);		/* mono */
	CHECK_INT_EQ(get32(b + 24), 22050);
	CHECK_INT_EQ(get32(b + 28), 44100);
	CHECK_INT_EQ(b[34] | b[35] << 8, 16);
	CHECK(memcmp(b + 36, "data", 4) == 0, "data chunk");
	CHECK_INT_EQ(get32(b + 40), 8);
	CHECK_INT_EQ((int16_t)(b[44] | b[45] << 8), 1);
	CHECK_INT_EQ((int16_t)(b[46] | b[47] << 8), -2);
	CHECK_INT_EQ((int16_t)(b[48] | b[49] << 8), 32767);

	/* An unwritable path fails at open. */
	CHECK_INT_EQ(wav_open(&w, "/nonexistent/dir/x.wav", 22050), -1);
	return CHECK_SUMMARY();
}
