/*
 * sentences: where one sentence ends and the next begins, so the speaker
 * can synthesise and navigate sentence by sentence.  A period is the hard
 * case in German news: it also ends abbreviations ("ca.", "z. B."),
 * ordinals ("am 3. Oktober") and regnal numbers ("Karl III."), so a
 * period ends a sentence only when what comes before and after it agree.
 * The same rules serve raw text and the normaliser's output (where "A F
 * P." must still end a sentence).  No I/O.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "defaults.h"
#include "log.h"
#include "sentences.h"
#include "utf8.h"

/* Abbreviations that are never followed by a sentence break. */
static const char *const no_break[] = {
	"z", "u", "a", "d", "h", "v", "o", "s", "i", "ca", "bzw", "vgl",
	"Nr", "Nrn", "Dr", "Prof", "St", "Art", "Abs", "Bd", "Kap", "Ziff",
	"ggf", "evtl", "bspw", "inkl", "exkl", "zzgl", "sog", "Hr", "Fr",
	"Mio", "Mrd", "Tsd", "Jan", "Feb", "Febr", "Mrz", "Apr", "Jun", "Jul",
	"Aug", "Sep", "Sept", "Okt", "Nov", "Dez", "max", "min", "mind",
	"insb", "bzgl", "ehem", "geb", "Tel", "Abb", "Std", "Jg", "Dipl",
	"Ing", "Str", "gem", "lt", "zw", "Chr", "dt", "engl", "franz",
	"Mo", "Di", "Mi", "Do", "Sa", "So", "Jh", "Jhd", "Hbf", "Bhf"
};
/* Words before "N." that make it an ordinal ("am 3. Oktober"). */
static const char *const ord_before[] = {
	"am", "im", "zum", "vom", "beim", "zur", "der", "die", "das", "den",
	"dem", "des", "ein", "eine", "einem", "einen", "einer", "eines",
	"bis", "ab", "seit", "und", "vor", "nach", "dieses", "diesem",
	"seinem", "ihrem", "seinen", "ihren", "seit"
};
static const char *const months[] = {
	"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember",
	"Jahrhundert", "Jahrhunderts", "Platz", "Liga", "Bundesliga",
	"Mal", "Runde", "Spieltag", "Geburtstag", "Jahrestag", "Stock",
	"Klasse", "Minute", "Weltkrieg", "Weltkriegs", "FC", "Etappe"
};

static int
in_list(const char *w, size_t len, const char *const *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncmp(w, list[i], len) == 0)
			return 1;
	return 0;
}

static int
in_list_ci(const char *w, size_t len, const char *const *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncasecmp(w, list[i], len) == 0)
			return 1;
	return 0;
}

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The word (letters or digits) that ends just before text[end]. */
static size_t
word_before(const char *text, size_t end, size_t *start)
{
	size_t	i = end;

	while (i > 0) {
		unsigned char c = (unsigned char)text[i - 1];

		if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' &&
		    c <= 'Z') || (c >= '0' && c <= '9'))
			i--;
		else
			break;
	}
	*start = i;
	return end - i;
}

static int
all_digits(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

static int
roman(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (s[i] != 'I' && s[i] != 'V' && s[i] != 'X')
			return 0;
	return len > 0;
}

/*
 * Whether the period at text[p] ends a sentence, given that a blank and
 * a capital, digit or opening quote start text[q].
 */
static int
period_ends(const char *text, size_t len, size_t p, size_t q)
{
	size_t		 ws, wl, ps, pl, nl, n;
	const char	*w;
	uint32_t	 cp;

	wl = word_before(text, p, &ws);
	w = text + ws;
	if (wl == 0)
		return 1;			/* "...) ." or "“." */
	if (in_list(w, wl, no_break, NITEMS(no_break)))
		return 0;
	/* A single letter: an initial ("John F. Kennedy") unless it ends a
	 * spelled acronym ("A F P."), where letters stand alone. */
	cp = utf8_decode(w, wl, &n);
	if (n == wl && utf8_is_letter(cp)) {
		if (!utf8_is_upper(cp))
			return 0;
		if (ws >= 2 && is_blank(text[ws - 1])) {
			pl = word_before(text, ws - 1, &ps);
			cp = utf8_decode(text + ps, pl, &n);
			if (pl > 0 && n == pl && utf8_is_upper(cp))
				return 1;
		}
		return 0;
	}
	for (nl = q; nl < len; nl++) {
		unsigned char c = (unsigned char)text[nl];

		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' &&
		    c <= 'Z')))
			break;
	}
	if (all_digits(w, wl)) {
		/* "am 3. Oktober", "im 19. Jahrhundert", "der 2. Platz". */
		if (in_list(text + q, nl - q, months, NITEMS(months)))
			return 0;
		if (ws >= 2 && is_blank(text[ws - 1])) {
			pl = word_before(text, ws - 1, &ps);
			if (in_list_ci(text + ps, pl, ord_before,
			    NITEMS(ord_before)))
				return 0;
		}
		return 1;
	}
	if (roman(w, wl) && ws >= 2 && is_blank(text[ws - 1])) {
		/* "Karl III. Der König ..." is a new sentence only when an
		 * article follows; "Karl III. König von ..." is not. */
		return in_list_ci(text + q, nl - q, ord_before,
		    NITEMS(ord_before));
	}
	return 1;
}

/* Whether a sentence may start at text[q]: capital, digit, quote. */
static int
starts_sentence(const char *text, size_t len, size_t q)
{
	uint32_t	cp;
	size_t		n;

	cp = utf8_decode(text + q, len - q, &n);
	return utf8_is_upper(cp) || (cp >= '0' && cp <= '9') ||
	    cp == 0x201e || cp == '"' || cp == 0xbb || cp == 0xab ||
	    cp == 0x201a || cp == '(' || cp == 0x201c || cp == '\'' ||
	    cp == 0xa7 || cp == 0x2039 || cp == 0x203a;
}

static int
add(struct sentence **v, size_t *n, size_t *cap, const char *text,
    size_t from, size_t to)
{
	struct sentence	*nv;
	size_t		 ncap;

	while (from < to && (is_blank(text[from]) || text[from] == '\n' ||
	    text[from] == '\r'))
		from++;
	while (to > from && (is_blank(text[to - 1]) || text[to - 1] == '\n' ||
	    text[to - 1] == '\r'))
		to--;
	if (from == to)
		return 0;
	if (*n >= SENTENCES_MAX) {
		log_warnx("sentences: more than %d sentences", SENTENCES_MAX);
		return -1;
	}
	if (*n == *cap) {
		ncap = *cap ? *cap * 2 : 16;
		if ((nv = reallocarray(*v, ncap, sizeof(**v))) == NULL) {
			log_warn("sentences: reallocarray");
			return -1;
		}
		*v = nv;
		*cap = ncap;
	}
	(*v)[*n].off = from;
	(*v)[*n].len = to - from;
	(*n)++;
	return 0;
}

int
sentences_split(const char *text, size_t len, struct sentence **out,
    size_t *nout)
{
	struct sentence	*v = NULL;
	size_t		 n = 0, cap = 0, start = 0, i = 0, k, q, cl;
	uint32_t	 cp;
	int		 depth = 0, ascii_open = 0, end;

	while (i < len) {
		cp = utf8_decode(text + i, len - i, &cl);
		if (cp == '\n') {
			if (add(&v, &n, &cap, text, start, i) == -1)
				goto fail;
			start = i + 1;
			depth = ascii_open = 0;
			i++;
			continue;
		}
		/* German „…“ and »…« (and ‚…‘, ›…‹) nest; '"' toggles. */
		if (cp == 0x201e || cp == 0xbb || cp == 0x201a || cp == 0x203a)
			depth++;
		else if ((cp == 0x201c || cp == 0xab || cp == 0x2018 ||
		    cp == 0x2039) && depth > 0)
			depth--;
		else if (cp == '"')
			ascii_open = !ascii_open;
		if (!(cp == '.' || cp == '!' || cp == '?' || cp == 0x2026)) {
			i += cl;
			continue;
		}
		/* The end mark, more marks ("?!", "..."), closing quotes. */
		k = i + cl;
		while (k < len) {
			uint32_t c2 = utf8_decode(text + k, len - k, &cl);

			if (c2 == '.' || c2 == '!' || c2 == '?' ||
			    c2 == 0x2026)
				k += cl;
			else if (c2 == 0x201c || c2 == 0xab || c2 == 0x2018 ||
			    c2 == 0x2039 || c2 == ')' || (c2 == '"' &&
			    ascii_open)) {
				if (c2 == '"')
					ascii_open = 0;
				else if (c2 != ')' && depth > 0)
					depth--;
				k += cl;
			} else
				break;
		}
		q = k;
		while (q < len && is_blank(text[q]))
			q++;
		end = 0;
		if (q == len)
			end = 1;
		else if (q > k && depth == 0 && !ascii_open &&
		    starts_sentence(text, len, q))
			end = cp != '.' || period_ends(text, len, i, q);
		if (end) {
			if (add(&v, &n, &cap, text, start, k) == -1)
				goto fail;
			start = k;
		}
		i = k;
	}
	if (add(&v, &n, &cap, text, start, len) == -1)
		goto fail;
	*out = v;
	*nout = n;
	return 0;
fail:
	free(v);
	*out = NULL;
	*nout = 0;
	return -1;
}
