/*
 * story: one story's text, from the feed's words or the page's.  The
 * functions here are the pure part of the article-text pipeline (no
 * network, no database): stories.c fetches pages and stores the stages,
 * these decide what the listener hears.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clean.h"
#include "defaults.h"
#include "extract.h"
#include "html.h"
#include "lang.h"
#include "log.h"
#include "normalize.h"
#include "story.h"

void
story_free(struct story *s)
{
	size_t	i;

	free(s->title);
	for (i = 0; i < s->nparas; i++)
		free(s->paras[i]);
	free(s->paras);
	memset(s, 0, sizeof(*s));
}

int
story_from_feed(const char *title, const char *content, const char *summary,
    struct story *s)
{
	const char	*text;

	memset(s, 0, sizeof(*s));
	text = content != NULL && *content != '\0' ? content : summary;
	if ((s->title = strdup(title != NULL ? title : "")) == NULL)
		return -1;
	if (text != NULL && html_fragment_paras(text, strlen(text),
	    &s->paras, &s->nparas) == -1)
		goto fail;
	if (clean_story(&s->title, s->paras, &s->nparas) == -1)
		goto fail;
	return 0;
fail:
	story_free(s);
	return -1;
}

int
story_from_page(const char *html, size_t len, const char *url,
    const struct siterules *rules, struct story *s)
{
	struct article	 art;
	char		**np;

	memset(s, 0, sizeof(*s));
	memset(&art, 0, sizeof(art));
	if (extract_html(html, len, url, rules, &art) == -1) {
		article_free(&art);
		return -1;
	}
	/* Take the article's strings over. */
	s->title = art.title;
	s->paras = art.paras;
	s->nparas = art.nparas;
	s->paywalled = art.paywalled;
	snprintf(s->lang, sizeof(s->lang), "%s", art.lang ? art.lang : "");
	free(art.lang);
	if (s->title == NULL && (s->title = strdup("")) == NULL)
		goto fail;
	if (clean_story(&s->title, s->paras, &s->nparas) == -1)
		goto fail;
	if (s->paywalled) {
		/* The listener is told that the story goes on elsewhere. */
		if ((np = realloc(s->paras, (s->nparas + 1) *
		    sizeof(*np))) == NULL)
			goto fail;
		s->paras = np;
		if ((s->paras[s->nparas] = strdup(EXTRACT_PAYWALL_NOTE)) == NULL)
			goto fail;
		s->nparas++;
	}
	return 0;
fail:
	story_free(s);
	return -1;
}

size_t
story_words(const struct story *s)
{
	const char	*p;
	size_t		 i, n = 0;
	int		 in;

	for (i = 0; i < s->nparas; i++)
		for (p = s->paras[i], in = 0; *p != '\0'; p++) {
			if (isspace((unsigned char)*p))
				in = 0;
			else if (!in) {
				in = 1;
				n++;
			}
		}
	return n;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t	ls = strlen(s), lt = strlen(tail);

	return ls >= lt && strcmp(s + ls - lt, tail) == 0;
}

int
story_wants_page(const struct story *feed, const char *fulltext)
{
	static const char *const teaser_ends[] = {
		"…", "...", "]", "mehr", "Mehr", "»", "weiterlesen",
		"Weiterlesen",
	};
	const char	*last;
	char		 tail[64];
	size_t		 i, n;

	if (strcmp(fulltext, "always") == 0)
		return 1;
	if (strcmp(fulltext, "never") == 0)
		return 0;
	if (feed->nparas == 0 || story_words(feed) < STORY_SHORT_WORDS)
		return 1;
	last = feed->paras[feed->nparas - 1];
	n = strlen(last);
	/* Spaces and a closing parenthesis after the marker don't count. */
	snprintf(tail, sizeof(tail), "%s", n > 40 ? last + n - 40 : last);
	n = strlen(tail);
	while (n > 0 && (tail[n - 1] == ' ' || tail[n - 1] == ')'))
		tail[--n] = '\0';
	for (i = 0; i < sizeof(teaser_ends) / sizeof(teaser_ends[0]); i++)
		if (ends_with(tail, teaser_ends[i]))
			return 1;
	return 0;
}

char *
story_join(const struct story *s)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 2 * EXTRACT_MAX_TEXT);
	if (buf_puts(&b, s->title != NULL ? s->title : "") == -1)
		goto fail;
	for (i = 0; i < s->nparas; i++)
		if (buf_puts(&b, "\n\n") == -1 || buf_puts(&b, s->paras[i]) == -1)
			goto fail;
	return buf_release(&b);
fail:
	buf_free(&b);
	return NULL;
}

char *
story_speakable(const struct lexicon *lex, const struct story *s)
{
	struct story	 sp;
	char		*out = NULL;
	size_t		 i;

	memset(&sp, 0, sizeof(sp));
	if ((sp.paras = calloc(s->nparas + 1, sizeof(*sp.paras))) == NULL)
		return NULL;
	if ((sp.title = normalize_text(lex, s->title, strlen(s->title))) ==
	    NULL)
		goto done;
	for (i = 0; i < s->nparas; i++, sp.nparas++)
		if ((sp.paras[i] = normalize_text(lex, s->paras[i],
		    strlen(s->paras[i]))) == NULL)
			goto done;
	out = story_join(&sp);
done:
	story_free(&sp);
	return out;
}

int
story_split(const char *joined, struct story *s)
{
	const char	*p = joined, *sep;
	char		**np, *part;
	int		 first = 1;

	memset(s, 0, sizeof(*s));
	for (;;) {
		sep = strstr(p, "\n\n");
		if ((part = strndup(p, sep ? (size_t)(sep - p) : strlen(p))) ==
		    NULL)
			goto fail;
		if (first) {
			s->title = part;
			first = 0;
		} else if (*part == '\0')
			free(part);
		else {
			if ((np = realloc(s->paras, (s->nparas + 1) *
			    sizeof(*np))) == NULL) {
				free(part);
				goto fail;
			}
			s->paras = np;
			s->paras[s->nparas++] = part;
		}
		if (sep == NULL)
			break;
		p = sep + 2;
	}
	return 0;
fail:
	story_free(s);
	return -1;
}
