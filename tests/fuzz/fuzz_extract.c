/*
 * libFuzzer target for the article-text stages: any bytes go to the page
 * extractor (extract.c) and its cleaner (clean_story), to the feed
 * fragment reader (html.c) and to the paragraph cleaner (clean.c).  The
 * first line is also parsed as a site-rules file, so the rules parser
 * and rule matching run too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "extract.h"
#include "html.h"
#include "log.h"
#include "siterules.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*s = (const char *)data, *nl;
	struct article		 art;
	struct siterules	*rules;
	char			**paras, *c;
	size_t			 n, i;

	log_init("fuzz", LOG_LEVEL_ERR);
	nl = memchr(s, '\n', size);
	rules = siterules_parse(s, nl != NULL ? (size_t)(nl - s) : 0, "fuzz");
	memset(&art, 0, sizeof(art));
	if (extract_html(s, size, "https://example.org/a/b.html", rules,
	    &art) == 0)
		(void)clean_story(&art.title, art.paras, &art.nparas);
	article_free(&art);
	siterules_free(rules);
	if (html_fragment_paras(s, size, &paras, &n) == 0) {
		for (i = 0; i < n; i++) {
			c = clean_text(paras[i], strlen(paras[i]));
			if (c != NULL)
				(void)clean_is_boilerplate(c);
			free(c);
		}
		html_free_paras(paras, n);
	}
	return 0;
}
