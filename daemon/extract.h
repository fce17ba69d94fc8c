/* Article extraction: a news page's HTML -> headline and paragraphs. */
#ifndef EXTRACT_H
#define EXTRACT_H

#include <stddef.h>

#include "buf.h"
#include "siterules.h"

/*
 * What the listener should hear of a page, before cleaning for speech.
 * All strings are owned by the article and freed by article_free.
 */
struct article {
	char	 *title;	/* headline; "" when none was found */
	char	 *lang;		/* the page's language ("de"), or "" */
	char	**paras;	/* lead, subheads, paragraphs, list items */
	size_t	  nparas;
	int	  paywalled;	/* only the free part was on the page */
};

/* What a listener is told after the free part of a paywalled story. */
#define EXTRACT_PAYWALL_NOTE \
	"Der Rest des Artikels ist nur für Abonnenten verfügbar."

/*
 * Finds the main text of the page html[0..len).  url (may be NULL) names
 * the page: its host selects the site rules (rules may be NULL); without
 * it the page's canonical link is used.  Fills *art, which the caller
 * frees with article_free, also after an error.  Returns 0, or -1 when
 * the page cannot be parsed or holds no article text (logged).  Pure: no
 * network, files or clock.
 */
int	extract_html(const char *html, size_t len, const char *url,
	    const struct siterules *rules, struct article *art);

void	article_free(struct article *);	/* accepts a zeroed one */

/*
 * For fulltext = auto: tells whether a feed item's text (cleaned or not;
 * may be NULL) is only a teaser, so the page should be fetched: missing,
 * shorter than EXTRACT_TEASER_CHARS characters, or ending in "…", "...",
 * "[…]" or "mehr".
 */
int	extract_wants_page(const char *feed_text);

/*
 * Appends the headline, a blank line, then the paragraphs separated by
 * blank lines (the output of vorleserd --extract).  -1 when out past max.
 */
int	extract_format(const struct article *, struct buf *out);

#endif
