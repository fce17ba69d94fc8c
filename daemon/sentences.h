/* Sentence boundaries in German text, raw or normalised. */
#ifndef SENTENCES_H
#define SENTENCES_H

#include <stddef.h>

/* A sentence is text[off .. off + len), without surrounding blanks. */
struct sentence {
	size_t	off;
	size_t	len;
};

/*
 * Splits text into sentences.  A sentence ends at ".", "!", "?" or "…"
 * (with any closing quotes after it) when a blank and a capital, digit
 * or opening quote follow, and at every newline.  It does not end after
 * abbreviations ("z. B.", "ca.", "Nr. 5"), ordinals ("am 3. Oktober"),
 * regnal numbers before a lower-case word ("Karl III. empfing"), initials,
 * or inside quotes.  Works on raw and on normalised text.
 *
 * Stores a new array in *out (the caller frees it; NULL when *n is 0) and
 * the count in *n.  Returns 0, or -1 when memory runs out or there are
 * more than SENTENCES_MAX sentences (logged).
 */
int	sentences_split(const char *text, size_t len, struct sentence **out,
	    size_t *n);

#endif
