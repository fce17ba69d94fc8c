/*
 * libFuzzer target for feed.c (and urlnorm.c through it): any bytes go to
 * feed_parse, with and without an HTTP charset; every string that comes
 * out must be valid UTF-8, and a short prefix also goes to
 * feed_parse_date and the URL functions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "log.h"
#include "urlnorm.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_utf8(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 n;

	if (s == NULL)
		return;
	while (*p != '\0') {
		if (*p < 0x80)
			n = 0;
		else if (*p >= 0xc2 && *p <= 0xdf)
			n = 1;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 3;
		else
			abort();
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				abort();
	}
}

static void
check_feed(const struct feed *f)
{
	size_t	i;

	check_utf8(f->title);
	check_utf8(f->link);
	check_utf8(f->language);
	if (f->nentries > 1000)
		abort();
	for (i = 0; i < f->nentries; i++) {
		const struct entry *e = &f->entries[i];

		if (e->title == NULL || strlen(e->title) > 4096)
			abort();
		check_utf8(e->title);
		check_utf8(e->link);
		check_utf8(e->guid);
		check_utf8(e->author);
		check_utf8(e->summary);
		check_utf8(e->content);
		check_utf8(e->language);
		check_utf8(e->categories);
		check_utf8(e->enclosure_url);
		check_utf8(e->enclosure_type);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 init;
	struct feed	 f;
	char		 small[128], *a, *b;
	size_t		 n;
	int64_t		 t;

	if (!init) {
		log_init("fuzz_feed", LOG_LEVEL_ERR);
		init = 1;
	}
	if (feed_parse((const char *)data, size, "http://fuzz.example/a/b",
	    NULL, &f) == 0)
		check_feed(&f);
	feed_free(&f);
	if (feed_parse((const char *)data, size, NULL,
	    "text/xml; charset=iso-8859-1", &f) == 0)
		check_feed(&f);
	feed_free(&f);

	n = size < sizeof(small) - 1 ? size : sizeof(small) - 1;
	memcpy(small, data, n);
	small[n] = '\0';
	(void)feed_parse_date(small, &t, NULL);
	a = urlnorm_resolve("http://fuzz.example/a/b?c#d", small);
	b = urlnorm_normalize(a != NULL ? a : small);
	free(a);
	free(b);
	return 0;
}
