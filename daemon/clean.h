/* Cleaning for speech: page text and feed text -> speakable paragraphs. */
#ifndef CLEAN_H
#define CLEAN_H

#include <stddef.h>

/*
 * Cleans one paragraph: decodes entities (twice, for double-escaped
 * feeds), removes soft hyphens, zero-width and control characters and
 * emoji, normalises quotes to " and ', dashes to "–", whitespace to single
 * spaces, removes bare URLs, agency tags ("(dpa/lcs)", "Berlin (dpa) -")
 * and trailers fused onto its end ("... vor. Mehr zum Thema - ...").
 * Returns a new string the caller frees ("" when nothing is left), or
 * NULL when out of memory.
 */
char	*clean_text(const char *in, size_t len);

/*
 * Tells whether a cleaned paragraph is boilerplate rather than story:
 * credit lines ("Foto: dpa", "Quelle: AFP © ..."), source tags
 * ("(ter/mit Material von dpa)", "Quelle: ntv.de"), "Mehr zum Thema",
 * "Lesen Sie auch", "Anzeige", bylines, datelines and the like.
 */
int	 clean_is_boilerplate(const char *para);

/*
 * The key two headlines are compared by: ASCII letters and digits,
 * lowercased, and every byte of other UTF-8 characters; spaces and
 * punctuation dropped.  Written to out (outsz bytes, cut to fit).
 */
void	 clean_squash(const char *s, char *out, size_t outsz);

/*
 * Cleans a story in place.  *title and paras[0..*nparas) are strings the
 * caller allocated with malloc; they are replaced by cleaned copies or
 * freed, and the array is compacted (*nparas shrinks).  Drops
 * boilerplate paragraphs and a first paragraph that repeats the title.
 * Returns 0, or -1 when out of memory (the story is then still valid).
 */
int	 clean_story(char **title, char **paras, size_t *nparas);

/*
 * Splits feed text at line breaks into paragraphs.  Returns a new array
 * of new strings in *paras (the caller frees each and the array), or -1
 * when out of memory or past EXTRACT_MAX_PARAS.
 */
int	 clean_split(const char *text, char ***paras, size_t *nparas);

#endif
