/* Language of a story: page lang, feed language, else a stopword check. */
#ifndef LANG_H
#define LANG_H

#include <stddef.h>

#define LANG_MAX	8	/* "de", "en", "und" and the NUL */

/*
 * Writes the story's language as a lowercase ISO 639 code into
 * out[LANG_MAX]: the primary subtag of page_lang ("de-AT" -> "de") if it
 * is usable, else of feed_lang, else "de" or "en" when the text has the
 * stopwords of that language, else "und" (undetermined).  Any argument
 * but out may be NULL.
 */
void	lang_guess(const char *page_lang, const char *feed_lang,
	    const char *text, char *out);

/* Whether the text reads as German by its stopwords (enough words and
 * enough of them German function words). */
int	lang_is_german(const char *text);

#endif
