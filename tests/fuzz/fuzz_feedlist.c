/*
 * libFuzzer target for feedlist.c: any bytes as a feeds file and as
 * OPML.  What the list writes must parse back to the same feeds, and an
 * OPML export must import back to as many feeds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feedlist.h"
#include "log.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
same(const struct feedlist *a, const struct feedlist *b)
{
	size_t	i, k;

	if (feedlist_count(a) != feedlist_count(b))
		abort();
	for (i = 0; i < feedlist_count(a); i++) {
		const struct feedlist_feed *x = feedlist_get(a, i);
		const struct feedlist_feed *y = feedlist_get(b, i);

		if (strcmp(x->url, y->url) != 0 || x->ntags != y->ntags ||
		    (x->title == NULL) != (y->title == NULL) ||
		    (x->title != NULL && strcmp(x->title, y->title) != 0))
			abort();
		for (k = 0; k < x->ntags; k++)
			if (strcmp(x->tags[k], y->tags[k]) != 0)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 init;
	struct feedlist	*a, *b;
	char		*text, *opml;

	if (!init) {
		log_init("fuzz_feedlist", LOG_LEVEL_ERR);
		init = 1;
	}
	if (memchr(data, '\0', size) != NULL)
		return 0;	/* files with NUL bytes are not text */
	a = feedlist_new();
	b = feedlist_new();
	if (a == NULL || b == NULL)
		abort();
	if (feedlist_parse(a, (const char *)data, size) == 0 &&
	    (text = feedlist_format(a)) != NULL) {
		if (feedlist_parse(b, text, strlen(text)) != 0)
			abort();
		same(a, b);
		free(text);
	}
	feedlist_free(b);
	b = feedlist_new();
	if (feedlist_import_opml(a, (const char *)data, size) >= 0 &&
	    (opml = feedlist_export_opml(a)) != NULL) {
		if (feedlist_import_opml(b, opml, strlen(opml)) !=
		    (int)feedlist_count(a))
			abort();
		free(opml);
	}
	feedlist_free(a);
	feedlist_free(b);
	return 0;
}
