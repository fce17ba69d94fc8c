/*
 * lang: tells which language a story is in, so that only German stories
 * are spoken by the German voice.  Declared languages win; without one, a
 * stopword count decides, which needs no models and is right for news
 * text of a paragraph or more.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"

/* Function words frequent in German news and rare in other languages. */
static const char *const de_words[] = {
	"aber", "als", "auch", "auf", "aus", "bei", "bis", "dass", "das",
	"dem", "den", "der", "des", "die", "durch", "ein", "eine", "einem",
	"einen", "einer", "es", "für", "hat", "haben", "ich", "ist", "im",
	"mit", "nach", "nicht", "noch", "nur", "oder", "sich", "sie", "sind",
	"über", "um", "und", "vom", "von", "vor", "war", "werden", "wie",
	"wird", "wurde", "zu", "zum", "zur", "zwei", NULL
};
static const char *const en_words[] = {
	"the", "and", "of", "to", "is", "in", "that", "for", "it", "with",
	"was", "on", "as", "by", "at", "are", "be", "this", "from", "have",
	"has", "not", "but", "they", "which", "were", "their", "will", NULL
};

#define MIN_WORDS	8	/* fewer words tell nothing */
#define MIN_SHARE	15	/* percent of words that must be stopwords */

/* Copies the primary subtag if it is 2 or 3 letters. */
static int
primary(const char *tag, char *out)
{
	size_t	i;

	if (tag == NULL)
		return 0;
	while (isspace((unsigned char)*tag))
		tag++;
	for (i = 0; isalpha((unsigned char)tag[i]) && i < 4; i++)
		out[i] = tolower((unsigned char)tag[i]);
	if (i < 2 || i > 3 || isalpha((unsigned char)tag[i]) ||
	    (tag[i] != '\0' && tag[i] != '-' && tag[i] != '_' &&
	    !isspace((unsigned char)tag[i]) && tag[i] != ','))
		return 0;
	out[i] = '\0';
	if (strcmp(out, "und") == 0 || strcmp(out, "mul") == 0 ||
	    strcmp(out, "zxx") == 0)
		return 0;
	return 1;
}

static int
in_list(const char *w, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && strncmp(*list, w, n) == 0)
			return 1;
	return 0;
}

/* Counts words and the words found in list, on lowercased ASCII and
 * UTF-8 umlauts as they are. */
static void
count(const char *text, const char *const *list, unsigned *nw,
    unsigned *hits)
{
	char		 w[32];
	size_t		 n;
	const unsigned char *p = (const unsigned char *)text;

	*nw = *hits = 0;
	while (*p != '\0') {
		while (*p != '\0' && !isalpha(*p) && *p < 0x80)
			p++;
		n = 0;
		while (*p != '\0' && (isalpha(*p) || *p >= 0x80)) {
			if (n < sizeof(w))
				w[n] = tolower(*p);
			n++;
			p++;
		}
		if (n == 0)
			continue;
		(*nw)++;
		if (n < sizeof(w) && in_list(w, n, list))
			(*hits)++;
	}
}

int
lang_is_german(const char *text)
{
	unsigned	nw, hits;

	if (text == NULL)
		return 0;
	count(text, de_words, &nw, &hits);
	return nw >= MIN_WORDS && hits * 100 >= nw * MIN_SHARE;
}

void
lang_guess(const char *page_lang, const char *feed_lang, const char *text,
    char *out)
{
	unsigned	nw, hits;

	if (primary(page_lang, out) || primary(feed_lang, out))
		return;
	if (lang_is_german(text)) {
		memcpy(out, "de", sizeof("de"));
		return;
	}
	if (text != NULL) {
		count(text, en_words, &nw, &hits);
		if (nw >= MIN_WORDS && hits * 100 >= nw * MIN_SHARE) {
			memcpy(out, "en", sizeof("en"));
			return;
		}
	}
	memcpy(out, "und", sizeof("und"));
}
