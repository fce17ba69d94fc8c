/* A story's text: from the feed or the page, cleaned, made speakable. */
#ifndef STORY_H
#define STORY_H

#include <stddef.h>

#include "lang.h"

struct lexicon;
struct siterules;

/* Headline and paragraphs of one story; strings owned (story_free). */
struct story {
	char	 *title;
	char	**paras;
	size_t	  nparas;
	char	  lang[LANG_MAX];	/* page's or feed's lang="" ("" if none) */
	int	  paywalled;		/* the page had only its free part */
};

void	story_free(struct story *);	/* accepts a zeroed story */

/*
 * The story as the feed tells it: title and the content (or, when there
 * is none, the summary), HTML or plain, cleaned for speech.  0, or -1
 * when out of memory.
 */
int	story_from_feed(const char *title, const char *content,
	    const char *summary, struct story *);

/* The story as its page tells it: extracted and cleaned.  0, or -1 when
 * the page holds no article (logged at debug level). */
int	story_from_page(const char *html, size_t len, const char *url,
	    const struct siterules *, struct story *);

/* Words in the story's paragraphs (for "is the page longer?"). */
size_t	story_words(const struct story *);

/*
 * Should the page be fetched, by the feed's text alone?  fulltext is
 * "auto", "always" or "never"; auto fetches when the feed text is
 * missing, short (under STORY_SHORT_WORDS) or ends like a teaser ("…",
 * "[…]", "mehr", "weiterlesen").
 */
int	story_wants_page(const struct story *feed, const char *fulltext);

/* "headline\n\npara\n\npara...": the layout of text stages and of
 * vorleserd --extract.  A new string, NULL when out of memory. */
char	*story_join(const struct story *);

/* The story in speech text: headline and paragraphs normalised one by
 * one, joined as story_join does.  NULL when out of memory. */
char	*story_speakable(const struct lexicon *, const struct story *);

/* Splits a joined text (story_join's layout) back into a story. */
int	story_split(const char *joined, struct story *);

#endif
