/*
 * libFuzzer target for the speech-text stage: any bytes (made a C string)
 * go through normalize_text with the shipped word lists, and the input
 * and the output through the sentence splitter, whose sentences must lie
 * inside the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "log.h"
#include "normalize.h"
#include "paths.h"
#include "sentences.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct lexicon	*lex;

static void
split(const char *t, size_t len)
{
	struct sentence	*sv = NULL;
	size_t		 n = 0, i;

	if (sentences_split(t, len, &sv, &n) == 0)
		for (i = 0; i < n; i++)
			if (sv[i].off > len || sv[i].len > len - sv[i].off)
				abort();
	free(sv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct paths	 p;
	char		*in, *out;

	if (lex == NULL) {
		log_init("fuzz", LOG_LEVEL_ERR);
		if (paths_init(&p, "/nonexistent/vorleser.conf", "/tmp",
		    "/tmp/s") == -1 || (lex = lexicon_load(p.voices_dir,
		    NULL)) == NULL)
			abort();
	}
	if ((in = malloc(size + 1)) == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if ((out = normalize_text(lex, in, strlen(in))) != NULL) {
		split(out, strlen(out));
		free(out);
	}
	split(in, strlen(in));
	free(in);
	return 0;
}
