/*
 * libFuzzer target for the cleaner alone (clean.c), on the path feed text
 * takes: any bytes go through clean_text whole, then are split into
 * paragraphs by clean_split and cleaned as a story by clean_story, with
 * the first paragraph as the title.  fuzz_extract reaches the cleaner
 * only through the HTML parser, which never hands it raw control bytes,
 * broken UTF-8 or unbalanced entities; this target does.
 *
 * What clean.h promises is checked, so a broken promise is a crash: a
 * cleaned string is valid UTF-8 without control characters, with no
 * leading, trailing or doubled space, and clean_story keeps no
 * boilerplate paragraph.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "log.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Aborts unless s is clean in the sense of clean.h. */
static void
check_clean(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i, n, k;
	uint32_t		 cp;

	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
		abort();
	if (strstr(s, "  ") != NULL)
		abort();
	for (i = 0; i < len; i += n) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7f)
				abort();
			n = 1;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf) {
			n = 2;
			cp = p[i] & 0x1f;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			n = 3;
			cp = p[i] & 0x0f;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			n = 4;
			cp = p[i] & 0x07;
		} else
			abort();
		if (n > len - i)
			abort();
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				abort();
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates, past U+10FFFF, C1 controls. */
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
		    (cp >= 0x80 && cp <= 0x9f))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in, *c, *title, **paras = NULL;
	size_t	 n = 0, i;

	log_init("fuzz", LOG_LEVEL_ERR);
	if ((c = clean_text((const char *)data, size)) != NULL) {
		check_clean(c);
		(void)clean_is_boilerplate(c);
		free(c);
	}

	/* clean_split takes a C string, as feed_parse hands it one. */
	if ((in = malloc(size + 1)) == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (clean_split(in, &paras, &n) == -1) {
		free(in);
		return 0;
	}
	free(in);
	title = NULL;
	if (n > 0) {
		title = paras[0];
		memmove(paras, paras + 1, (n - 1) * sizeof(*paras));
		n--;
	}
	if (title == NULL && (title = strdup("")) == NULL)
		goto done;
	if (clean_story(&title, paras, &n) == 0) {
		check_clean(title);
		for (i = 0; i < n; i++) {
			check_clean(paras[i]);
			if (clean_is_boilerplate(paras[i]))
				abort();
		}
	}
	free(title);
done:
	for (i = 0; i < n; i++)
		free(paras[i]);
	free(paras);
	return 0;
}
