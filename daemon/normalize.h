/* German text -> speech text: numbers, dates, units, abbreviations. */
#ifndef NORMALIZE_H
#define NORMALIZE_H

#include <stddef.h>

struct lexicon;

/*
 * Rewrites cleaned German text the way a news anchor reads it, so that
 * eSpeak NG says it right: "am 3. Oktober" -> "am dritten Oktober",
 * "14:30 Uhr" -> "vierzehn Uhr dreißig", "z. B." -> "zum Beispiel".
 * Text eSpeak NG already reads right passes through unchanged.  Newlines
 * are kept, so n input lines give n output lines.
 *
 * lex may be NULL (then only the built-in grammar rules apply).  Returns
 * a new NUL-terminated string that the caller frees, or NULL when in is
 * longer than NORMALIZE_MAX_INPUT or memory runs out.  Pure: no I/O, no
 * state between calls, safe to call from several threads.
 */
char	*normalize_text(const struct lexicon *lex, const char *in, size_t len);

#endif
