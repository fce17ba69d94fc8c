/* Just enough UTF-8 for German text: decoding, encoding, letter classes. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the code point at s[0..len) and stores its length in bytes in
 * *n (at least 1 when len > 0).  Invalid or truncated sequences decode as
 * U+FFFD with length 1, so a caller always makes progress.
 */
uint32_t	utf8_decode(const char *s, size_t len, size_t *n);

#define UTF8_MAX	4	/* bytes of the longest sequence */

/*
 * Writes cp as UTF-8 to out, which has room for UTF8_MAX bytes, and
 * returns its length (1 to 4).  A surrogate or a value past U+10FFFF,
 * which has no UTF-8 form, is written as U+FFFD.
 */
size_t		utf8_encode(uint32_t cp, char *out);

/* Letters of the Latin, Greek and Cyrillic scripts and combining marks:
 * the characters that belong to a word.  ASCII digits are not letters. */
int		utf8_is_letter(uint32_t cp);
int		utf8_is_upper(uint32_t cp);
int		utf8_is_lower(uint32_t cp);

#endif
