/* HTML fragments of feeds (summaries, content) to plain paragraphs. */
#ifndef HTML_H
#define HTML_H

#include <stddef.h>

/*
 * Turns a feed's text, HTML or plain, into paragraphs: block elements
 * (p, div, li, h1-h6, blockquote, br, tr) end a paragraph, scripts,
 * styles, figures and their captions are dropped, entities decoded.
 * Plain text (no '<') is split at blank lines.  Returns 0 and a new
 * array of new strings in *paras (free with html_free_paras), or -1 when
 * out of memory or past EXTRACT_MAX_PARAS.  Pure: no network or files.
 */
int	html_fragment_paras(const char *text, size_t len, char ***paras,
	    size_t *nparas);
void	html_free_paras(char **paras, size_t nparas);

#endif
