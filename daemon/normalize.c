/*
 * normalize: German news text -> the words an anchor would say, written so
 * that eSpeak NG pronounces them right.
 *
 * The text is cut into tokens (words, digit runs, spaces, single symbols)
 * and one pass walks them left to right.  At each token the rules for its
 * kind are tried in a fixed order, most specific first (a date before an
 * ordinal before a plain number); the first rule that matches writes the
 * spoken form and says how many tokens it used.  Rules look at the words
 * around them for grammar: "am 3." takes "dritten", "mit Karl III." takes
 * "dem Dritten", "1 Person" takes "eine".  A last pass tidies the spaces
 * and commas the rules leave behind.
 *
 * Numbers are always written out, even where eSpeak NG could read the
 * digits, because it gets some of them wrong ("14" as "firzehn") and reads
 * four-digit years as counts.  Compound numbers are spaced
 * ("fünf und vierzig") since eSpeak NG mangles some long compounds.
 *
 * Word lists (abbreviations, acronyms, units, respellings, noun genders)
 * are data in voices/de/ and come in through struct lexicon; what is left
 * here as const tables is grammar: number words, months, articles and
 * prepositions.  This module does no I/O and keeps no state between calls.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "defaults.h"
#include "lexicon.h"
#include "normalize.h"
#include "utf8.h"

enum tok_type {
	T_WORD,		/* letters */
	T_NUM,		/* ASCII digits */
	T_SPACE,	/* blanks; nl says whether a newline is among them */
	T_PUNCT		/* one other character */
};

struct tok {
	const char	*s;
	size_t		 len;
	enum tok_type	 type;
	uint32_t	 cp;	/* T_PUNCT: the character */
	int		 nl;	/* T_SPACE: contains a newline */
};

struct norm {
	const struct lexicon	*lx;
	const char		*text;	/* after prepare() */
	size_t			 len;
	struct tok		*t;
	size_t			 n;
	struct buf		 out;
	int			 err;	/* an append failed */
	int			 label;	/* next number is a label: "Nr. 1" */
};

/* Grammatical case, for ordinals and regnal numbers. */
enum gcase { NOM, ACC, DAT, GEN };

/* How a final "1" is said. */
enum one {
	ONE_EINS,	/* a bare number: "Platz eins" */
	ONE_EIN,	/* "ein Euro", "ein Uhr", "ein und zwanzig" */
	ONE_EINE,
	ONE_EINEM,
	ONE_EINER,
	ONE_EINEN,
	ONE_EINES
};

static const char *const ones_word[] = {
	"null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben",
	"acht", "neun", "zehn", "elf", "zwölf", "dreizehn", "vierzehn",
	"fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"
};
static const char *const tens_word[] = {
	"", "zehn", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig",
	"siebzig", "achtzig", "neunzig"
};
static const char *const one_forms[] = {
	"eins", "ein", "eine", "einem", "einer", "einen", "eines"
};
/* Ordinal stems below 20; from 20 on the stem is the cardinal + "st". */
static const char *const ord_stem[] = {
	"nullt", "erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt",
	"acht", "neunt", "zehnt", "elft", "zwölft", "dreizehnt", "vierzehnt",
	"fünfzehnt", "sechzehnt", "siebzehnt", "achtzehnt", "neunzehnt"
};
static const char *const month_name[] = {
	"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember"
};

/* Abbreviated months as written before a year: "12. Sept. 2023". */
static const struct {
	const char	*abbr;
	int		 month;
} month_abbr[] = {
	{ "Jan", 1 }, { "Feb", 2 }, { "Febr", 2 }, { "Mär", 3 }, { "Mrz", 3 },
	{ "Apr", 4 }, { "Jun", 6 }, { "Jul", 7 }, { "Aug", 8 }, { "Sep", 9 },
	{ "Sept", 9 }, { "Okt", 10 }, { "Nov", 11 }, { "Dez", 12 },
	{ "Jänner", 1 }, { "Jän", 1 },
};

/* Words before an ordinal that make it end in -en: "am 3.", "des 70.". */
static const char *const det_en[] = {
	"am", "im", "zum", "vom", "beim", "dem", "den", "des", "zur",
	"einem", "einen", "eines", "einer", "seinem", "seinen", "seines",
	"seiner", "ihrem", "ihren", "ihres", "ihrer", "diesem", "diesen",
	"dieses", "jedem", "jeden", "jedes", "unserem", "unseren", "unseres",
	"unserer", "ihm", "alle", "allen", "beiden", "beide"
};
/* ... and those that make it end in -e: "der 3. Oktober", "die 2. Liga". */
static const char *const det_e[] = {
	"der", "die", "das", "ins", "aufs", "eine", "diese", "dieser", "jede",
	"seine", "ihre", "unsere", "welche", "jener", "jene"
};
/* Words before an ordinal that inflect like "ein": "ihr 25. Jubiläum". */
static const char *const det_ein[] = {
	"ein", "kein", "sein", "ihr", "mein", "dein", "unser", "euer"
};
/* Titles before a regnal name: "Papst Pius XII." is not a genitive. */
static const char *const titles[] = {
	"König", "Königin", "Kaiser", "Kaiserin", "Papst", "Zar", "Zarin",
	"Fürst", "Fürstin", "Herzog", "Herzogin", "Prinz", "Prinzessin",
	"Kurfürst", "Graf", "Gräfin", "Sultan", "Pharao", "Schah", "Markgraf",
	"Großherzog", "Erzherzog", "Kronprinz", "Landgraf"
};
/* Prepositions with the dative: "mit 1 Person" -> "mit einer Person". */
static const char *const prep_dat[] = {
	"mit", "von", "bei", "seit", "aus", "nach", "zu", "vor", "gegenüber",
	"samt", "nebst", "entgegen", "gemäß", "binnen", "ab", "außer",
	"dem", "am", "im", "vom", "zum", "beim", "zur"
};
/* Prepositions with the accusative. */
static const char *const prep_acc[] = {
	"für", "gegen", "durch", "ohne", "um", "wider", "den", "über"
};
/* Any preposition: before "der" it makes the article dative. */
static const char *const prep_any[] = {
	"in", "mit", "von", "bei", "nach", "aus", "zu", "an", "auf", "unter",
	"vor", "hinter", "über", "neben", "zwischen", "seit", "wegen",
	"während", "trotz", "laut", "außer", "gegenüber", "innerhalb",
	"außerhalb", "infolge", "anlässlich", "statt", "anstelle"
};
/* Words before a four-digit number that make it a year. */
static const char *const year_ctx[] = {
	"jahr", "jahre", "jahres", "jahren", "im", "seit", "bis", "von", "ab",
	"um", "vor", "nach", "anfang", "mitte", "ende", "sommer", "herbst",
	"winter", "frühjahr", "frühling", "und", "oder", "bzw", "zwischen",
	"jahrgang", "geboren", "gegründet", "seit", "saison", "spielzeit",
	"wahl", "wm", "em", "olympia", "jahrzehnt", "herbstes", "sommers",
	"winters", "anfangs", "spätestens", "frühestens", "erst", "schon",
	"bereits", "noch", "wie", "als"
};
/* ... and those that make it a year whatever follows. */
static const char *const year_strong[] = {
	"jahr", "jahre", "jahres", "anfang", "mitte", "ende", "sommer",
	"herbst", "winter", "frühjahr", "frühling", "jahrgang", "herbstes",
	"sommers", "winters", "anfangs", "saison", "spielzeit"
};
/* Words that make the next number a time without "Uhr": "um 14:30". */
static const char *const time_ctx[] = {
	"um", "gegen", "ab", "bis", "seit", "von", "zwischen", "kurz", "nach",
	"vor"
};
/* Words after which a number is a telephone number, said digit by digit. */
static const char *const phone_ctx[] = {
	"telefon", "tel", "telefonnummer", "rufnummer", "hotline", "fax",
	"notruf", "notrufnummer", "servicenummer", "nummer", "mobil",
	"handynummer", "bürgertelefon", "infotelefon"
};
/* Emergency and service numbers said digit by digit after "die". */
static const char *const service_numbers[] = {
	"110", "112", "115", "116116", "116117", "19222", "116111", "116016"
};
/* Capitalised words that begin a sentence, for telling "Karl III. Der"
 * (a new sentence) from "Karl III. empfing" (the same one). */
static const char *const sentence_start[] = {
	"der", "die", "das", "dem", "den", "des", "ein", "eine", "einer",
	"er", "sie", "es", "wir", "ich", "ihr", "man", "am", "im", "in",
	"auf", "bei", "mit", "nach", "vor", "seit", "bis", "doch", "aber",
	"und", "auch", "dann", "damit", "dabei", "daher", "deshalb", "zudem",
	"außerdem", "laut", "nun", "jetzt", "heute", "gestern", "morgen",
	"so", "wie", "was", "wer", "wo", "warum", "als", "wenn", "dies",
	"diese", "dieser", "dieses", "zuvor", "danach", "später", "allerdings",
	"trotzdem", "insgesamt", "zuletzt", "zunächst", "hier", "dort", "da",
	"denn", "für", "von", "zum", "zur", "unter", "über", "ob", "noch",
	"nicht", "kein", "keine", "mehr", "alle", "viele", "einige", "sein",
	"seine", "ihre", "unser", "unsere"
};

static int
wordeq(const struct tok *t, const char *w)
{
	size_t	wl;

	/* The first byte decides most comparisons without a strlen. */
	if (t->type != T_WORD || (t->s[0] | 0x20) != (w[0] | 0x20))
		return 0;
	wl = strlen(w);
	return t->len == wl && strncasecmp(t->s, w, wl) == 0;
}

/* Whether the word t is in the list, ASCII case ignored ("Am" == "am"). */
static int
word_in(const struct tok *t, const char *const *list, size_t n)
{
	size_t	i;

	if (t == NULL || t->type != T_WORD)
		return 0;
	for (i = 0; i < n; i++)
		if (wordeq(t, list[i]))
			return 1;
	return 0;
}

#define IN(t, list)	word_in((t), (list), sizeof(list) / sizeof((list)[0]))

static void
put(struct norm *nm, const char *s, size_t len)
{
	if (buf_append(&nm->out, s, len) == -1)
		nm->err = 1;
}

static void
puts_(struct norm *nm, const char *s)
{
	put(nm, s, strlen(s));
}

static void
put_tok(struct norm *nm, size_t i)
{
	put(nm, nm->t[i].s, nm->t[i].len);
}

/* Token i if it exists, else NULL: saves bounds checks in the rules. */
static const struct tok *
tok(const struct norm *nm, size_t i)
{
	return i < nm->n ? &nm->t[i] : NULL;
}

static int
is_punct(const struct tok *t, uint32_t cp)
{
	return t != NULL && t->type == T_PUNCT && t->cp == cp;
}

static int
is_dash(const struct tok *t)
{
	return t != NULL && t->type == T_PUNCT && (t->cp == '-' ||
	    t->cp == 0x2013 || t->cp == 0x2014 || t->cp == 0x2212);
}

static int
is_space(const struct tok *t)
{
	return t != NULL && t->type == T_SPACE && !t->nl;
}

static int
is_num(const struct tok *t)
{
	return t != NULL && t->type == T_NUM;
}

static int
is_word(const struct tok *t)
{
	return t != NULL && t->type == T_WORD;
}

static uint32_t
first_cp(const struct tok *t)
{
	size_t	n;

	return utf8_decode(t->s, t->len, &n);
}

static int
is_cap_word(const struct tok *t)
{
	return is_word(t) && utf8_is_upper(first_cp(t));
}

static int
is_lower_word(const struct tok *t)
{
	return is_word(t) && utf8_is_lower(first_cp(t));
}

/* Index of the next token after i skipping one blank run on the same
 * line; nm->n when there is none. */
static size_t
next_i(const struct norm *nm, size_t i)
{
	i++;
	if (is_space(tok(nm, i)))
		i++;
	if (i < nm->n && nm->t[i].type == T_SPACE)
		return nm->n;		/* a newline: the line ends */
	return i < nm->n ? i : nm->n;
}

/* Index of the token before i skipping one blank run, or (size_t)-1. */
static size_t
prev_i(const struct norm *nm, size_t i)
{
	if (i == 0)
		return (size_t)-1;
	i--;
	if (nm->t[i].type == T_SPACE) {
		if (nm->t[i].nl || i == 0)
			return (size_t)-1;
		i--;
	}
	return i;
}

static const struct tok *
prev_tok(const struct norm *nm, size_t i)
{
	size_t	p = prev_i(nm, i);

	return p == (size_t)-1 ? NULL : &nm->t[p];
}

static const struct tok *
next_tok(const struct norm *nm, size_t i)
{
	return tok(nm, next_i(nm, i));
}

/* Whether t's word begins a sentence (after start of line or . ! ?). */
static int
at_sentence_start(const struct norm *nm, size_t i)
{
	const struct tok	*p = prev_tok(nm, i);

	return p == NULL || is_punct(p, '.') || is_punct(p, '!') ||
	    is_punct(p, '?') || is_punct(p, ':') || is_punct(p, 0x201e) ||
	    is_punct(p, '"');
}

/* Whether a period that a rule consumed at token i also ended the
 * sentence, so it has to be written again. */
static int
period_ends_sentence(const struct norm *nm, size_t i)
{
	const struct tok	*t;
	size_t			 j = i + 1;

	if (j >= nm->n)
		return 1;
	if (nm->t[j].type == T_SPACE && nm->t[j].nl)
		return 1;
	t = next_tok(nm, i);
	if (t == NULL)
		return 1;
	return is_cap_word(t) && IN(t, sentence_start);
}

/* Numbers as words. */

static void
say_below100(struct norm *nm, unsigned n, enum one form)
{
	if (n == 1) {
		puts_(nm, one_forms[form]);
		return;
	}
	if (n < 20) {
		puts_(nm, ones_word[n]);
		return;
	}
	if (n % 10 != 0) {
		puts_(nm, n % 10 == 1 ? "ein" : ones_word[n % 10]);
		puts_(nm, " und ");
	}
	puts_(nm, tens_word[n / 10]);
}

static void
say_below1000(struct norm *nm, unsigned n, enum one form)
{
	unsigned	h = n / 100, r = n % 100;

	if (h > 0) {
		/* "hundert", as anchors say it, but "zweihundert". */
		if (h > 1)
			puts_(nm, ones_word[h]);
		puts_(nm, "hundert");
		if (r == 0)
			return;
		puts_(nm, " ");
		if (form != ONE_EINS)
			form = ONE_EINS;	/* "hundert eins Menschen" */
	}
	if (r > 0 || h == 0)
		say_below100(nm, r, form);
}

/* Says n; the form applies to a bare "1" (and to 1 million, ...). */
static void
say_int(struct norm *nm, uint64_t n, enum one form)
{
	static const struct {
		uint64_t	 unit;
		const char	*one, *many;
	} big[] = {
		{ 1000000000000ULL, "eine Billion", "Billionen" },
		{ 1000000000ULL, "eine Milliarde", "Milliarden" },
		{ 1000000ULL, "eine Million", "Millionen" },
	};
	size_t		i;
	uint64_t	q;
	int		any = 0;

	if (n == 0) {
		puts_(nm, "null");
		return;
	}
	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		q = n / big[i].unit;
		if (q == 0)
			continue;
		if (any)
			puts_(nm, " ");
		if (q == 1)
			puts_(nm, big[i].one);
		else {
			if (q >= 1000)
				say_int(nm, q, ONE_EIN);
			else
				say_below1000(nm, (unsigned)q, ONE_EINE);
			puts_(nm, " ");
			puts_(nm, big[i].many);
		}
		n %= big[i].unit;
		any = 1;
	}
	if (n >= 1000) {
		if (any)
			puts_(nm, " ");
		say_below1000(nm, (unsigned)(n / 1000), ONE_EIN);
		/* "zweitausend" as one word, as eSpeak NG says it best;
		 * "zweihundert tausend" apart. */
		puts_(nm, n / 1000 < 20 ? "tausend" : " tausend");
		n %= 1000;
		any = 1;
	}
	if (n > 0) {
		if (any) {
			puts_(nm, " ");
			form = ONE_EINS;
		}
		say_below1000(nm, (unsigned)n, form);
	}
}

/* Years 1100-1999 as "neunzehnhundert ..."; others as numbers. */
static void
say_year(struct norm *nm, uint64_t y)
{
	if (y >= 1100 && y <= 1999) {
		puts_(nm, ones_word[y / 100]);
		puts_(nm, "hundert");
		if (y % 100 != 0) {
			puts_(nm, " ");
			say_below100(nm, (unsigned)(y % 100), ONE_EINS);
		}
		return;
	}
	say_int(nm, y, ONE_EINS);
}

static void
say_digits(struct norm *nm, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (i > 0)
			puts_(nm, " ");
		puts_(nm, ones_word[s[i] - '0']);
	}
}

/*
 * Says the ordinal n with the given ending ("en": "dritten").  cap
 * capitalises the word for regnal numbers ("der Dritte").
 */
static void
say_ordinal(struct norm *nm, uint64_t n, const char *ending, int cap)
{
	unsigned	 r = (unsigned)(n % 100);
	size_t		 start = nm->out.len;

	if (r >= 1 && r <= 19) {
		if (n - r > 0) {
			say_int(nm, n - r, ONE_EINS);
			puts_(nm, " ");
		}
		puts_(nm, ord_stem[r]);
	} else if (n == 0)
		puts_(nm, ord_stem[0]);
	else {
		say_int(nm, n, ONE_EIN);
		puts_(nm, "st");
	}
	puts_(nm, ending);
	if (cap && !nm->err && nm->out.data[start] >= 'a' &&
	    nm->out.data[start] <= 'z')
		nm->out.data[start] -= 'a' - 'A';
}

static int
digits_value(const struct tok *t, uint64_t *v)
{
	size_t		i;
	uint64_t	x = 0;

	*v = 0;
	/* 15 digits fit in 64 bits with room for the grouping arithmetic;
	 * longer numbers are read digit by digit. */
	if (t == NULL || t->type != T_NUM || t->len > 15)
		return -1;
	for (i = 0; i < t->len; i++)
		x = x * 10 + (uint64_t)(t->s[i] - '0');
	*v = x;
	return 0;
}

/* Grammar helpers. */

static enum lex_gender
gender_by_suffix(const char *s, size_t len)
{
	static const struct {
		const char	*suffix;
		enum lex_gender	 g;
	} sfx[] = {
		{ "ung", LEX_GENDER_F }, { "heit", LEX_GENDER_F },
		{ "keit", LEX_GENDER_F }, { "schaft", LEX_GENDER_F },
		{ "ion", LEX_GENDER_F }, { "tät", LEX_GENDER_F },
		{ "ie", LEX_GENDER_F }, { "ik", LEX_GENDER_F },
		{ "ei", LEX_GENDER_F }, { "enz", LEX_GENDER_F },
		{ "anz", LEX_GENDER_F }, { "ur", LEX_GENDER_F },
		{ "in", LEX_GENDER_F }, { "e", LEX_GENDER_F },
		{ "chen", LEX_GENDER_N }, { "lein", LEX_GENDER_N },
		{ "ment", LEX_GENDER_N }, { "um", LEX_GENDER_N },
		{ "ling", LEX_GENDER_M }, { "ismus", LEX_GENDER_M },
		{ "er", LEX_GENDER_M },
	};
	size_t	i, sl;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		sl = strlen(sfx[i].suffix);
		if (len > sl && memcmp(s + len - sl, sfx[i].suffix, sl) == 0)
			return sfx[i].g;
	}
	return LEX_GENDER_NONE;
}

/*
 * The gender of the noun t: from nouns.tsv, then from the longest listed
 * noun it ends with ("Einzelperson" ends with "person"), then from its
 * suffix.
 */
static enum lex_gender
noun_gender(const struct norm *nm, const struct tok *t)
{
	const struct lex_entry	*e;
	char			 tmp[64];
	size_t			 k, n;
	uint32_t		 cp;

	if (!is_word(t))
		return LEX_GENDER_NONE;
	for (e = lexicon_find(nm->lx, LEX_NOUN, t->s, t->len); e != NULL;
	    e = e->next)
		if (e->keylen == t->len)
			return e->gender;
	if (t->len < sizeof(tmp)) {
		/* Try suffixes at letter boundaries, capitalising them. */
		for (k = 1; k + 3 <= t->len; k += n) {
			cp = utf8_decode(t->s + k, t->len - k, &n);
			if (cp >= 'a' && cp <= 'z') {
				tmp[0] = (char)(cp - 'a' + 'A');
				memcpy(tmp + 1, t->s + k + 1, t->len - k - 1);
			} else if (cp == 0xe4 || cp == 0xf6 || cp == 0xfc) {
				memcpy(tmp, t->s + k, t->len - k);
				tmp[1] = (char)(tmp[1] - 0x20);
			} else
				continue;
			for (e = lexicon_find(nm->lx, LEX_NOUN, tmp,
			    t->len - k); e != NULL; e = e->next)
				if (e->keylen == t->len - k)
					return e->gender;
		}
	}
	return gender_by_suffix(t->s, t->len);
}

/* The case a preposition or article before a number asks for. */
static enum gcase
case_before(const struct norm *nm, size_t i)
{
	const struct tok	*p = prev_tok(nm, i);

	if (IN(p, prep_dat))
		return DAT;
	if (IN(p, prep_acc))
		return ACC;
	return NOM;
}

/* "1" before a noun of gender g in case c. */
static enum one
one_form(enum lex_gender g, enum gcase c)
{
	if (g == LEX_GENDER_F)
		return c == DAT || c == GEN ? ONE_EINER : ONE_EINE;
	if (c == DAT)
		return ONE_EINEM;
	if (c == ACC && g == LEX_GENDER_M)
		return ONE_EINEN;
	return ONE_EIN;
}

/*
 * The ending of an ordinal at token i from the article or preposition
 * before it; g is the gender of the noun after it, month says a date
 * follows ("am 3. Oktober").
 */
static const char *
ordinal_ending(const struct norm *nm, size_t i, enum lex_gender g, int month)
{
	const struct tok	*p = prev_tok(nm, i), *pp;
	size_t			 pi;

	if (IN(p, det_en))
		return "en";
	if (p != NULL && wordeq(p, "der")) {
		/* "in der 2. Liga", "das Ende der 3. Runde": dative or
		 * genitive; "beginnt der 3. Spieltag": nominative.  Before a
		 * feminine or neuter noun "der" cannot be nominative. */
		if (g == LEX_GENDER_F || g == LEX_GENDER_N)
			return "en";
		pi = prev_i(nm, i);
		pp = prev_tok(nm, pi);
		if (IN(pp, prep_any))
			return "en";
		if (is_cap_word(pp) && !at_sentence_start(nm,
		    prev_i(nm, pi)))
			return "en";
		return "e";
	}
	if (IN(p, det_e))
		return "e";
	if (IN(p, det_ein))
		return g == LEX_GENDER_N ? "es" : "er";
	if (month)
		return "en";
	if (g == LEX_GENDER_M)
		return "er";
	if (g == LEX_GENDER_N)
		return "es";
	return "e";
}

/* The month named by token i ("Oktober", "Okt", "Sept"), or 0. */
static int
month_of(const struct tok *t, int *abbr)
{
	size_t	i;

	if (!is_word(t))
		return 0;
	for (i = 0; i < 12; i++)
		if (t->len == strlen(month_name[i]) &&
		    memcmp(t->s, month_name[i], t->len) == 0) {
			*abbr = 0;
			return (int)i + 1;
		}
	for (i = 0; i < sizeof(month_abbr) / sizeof(month_abbr[0]); i++)
		if (t->len == strlen(month_abbr[i].abbr) &&
		    memcmp(t->s, month_abbr[i].abbr, t->len) == 0) {
			*abbr = 1;
			return month_abbr[i].month;
		}
	return 0;
}

/* Units: "km/h", "%", "Mio.", "€" after a number. */

/*
 * Matches the lexicon key at s; a blank in the key matches any run of
 * blanks (or none: "z. B." matches "z.B."), case must match except for
 * the first letter when fold is set.  Returns the length matched or 0.
 */
static size_t
key_match(const char *key, size_t keylen, const char *s, size_t len,
    int fold)
{
	size_t		 k = 0, j = 0, n, pn;
	uint32_t	 last, next;

	while (k < keylen) {
		if (key[k] == ' ') {
			while (j < len && (s[j] == ' ' || s[j] == '\t'))
				j++;
			k++;
			continue;
		}
		if (j >= len)
			return 0;
		if (key[k] != s[j] && !(fold && k == 0 &&
		    (key[k] | 0x20) == (s[j] | 0x20) &&
		    ((key[k] | 0x20) >= 'a' && (key[k] | 0x20) <= 'z')))
			return 0;
		k++;
		j++;
	}
	/* A key ending in a letter or digit must end a word: "m" is not
	 * "mehr". */
	if (keylen > 0 && j < len) {
		for (pn = keylen - 1; pn > 0 &&
		    ((unsigned char)key[pn] & 0xc0) == 0x80; pn--)
			;
		last = utf8_decode(key + pn, keylen - pn, &n);
		next = utf8_decode(s + j, len - j, &n);
		if ((utf8_is_letter(last) || (last >= '0' && last <= '9')) &&
		    (utf8_is_letter(next) || (next >= '0' && next <= '9')))
			return 0;
	}
	return j;
}

/* Maps a byte offset to the index of the token that starts there, or
 * (size_t)-1 when the offset falls inside a token. */
static size_t
tok_at(const struct norm *nm, size_t from, const char *p)
{
	size_t	j;

	for (j = from; j < nm->n && nm->t[j].s < p; j++)
		;
	if (j < nm->n && nm->t[j].s != p)
		return (size_t)-1;
	return j;
}

/*
 * Looks for a unit at token i ("km/h", "%", "Mio.").  On a match returns
 * the entry and stores in *end the index of the first token after it.
 */
static const struct lex_entry *
unit_at(const struct norm *nm, size_t i, size_t *end)
{
	const struct lex_entry	*e;
	const char		*s;
	size_t			 len, hl, m, j;

	if (i >= nm->n || nm->t[i].type == T_SPACE)
		return NULL;
	s = nm->t[i].s;
	len = nm->len - (size_t)(s - nm->text);
	hl = lexicon_head_len(s, len);
	for (e = lexicon_find(nm->lx, LEX_UNIT, s, hl); e != NULL;
	    e = e->next) {
		if ((m = key_match(e->key, e->keylen, s, len, 0)) == 0)
			continue;
		if ((j = tok_at(nm, i, s + m)) == (size_t)-1)
			continue;
		*end = j;
		return e;
	}
	return NULL;
}

/* Says a unit after a number; plural unless the number is exactly 1. */
static void
say_unit(struct norm *nm, const struct lex_entry *u, int plural)
{
	puts_(nm, " ");
	puts_(nm, plural ? u->say_pl : u->say);
}

/* The number under the cursor: digits with thousands separators and an
 * optional decimal part. */
struct number {
	uint64_t	 val;		/* the integer part */
	int		 ok;		/* val fits */
	const char	*frac;		/* decimal digits or NULL */
	size_t		 nfrac;
	int		 grouped;	/* had thousands separators */
	size_t		 end;		/* first token after it */
};

static void
parse_number(const struct norm *nm, size_t i, struct number *num)
{
	const struct tok	*t = &nm->t[i], *a, *b;
	uint64_t		 v;
	size_t			 j;

	memset(num, 0, sizeof(*num));
	num->ok = digits_value(t, &num->val) == 0;
	j = i + 1;
	if (t->len <= 3 && t->s[0] != '0') {
		/* 1.200.000: dot-separated groups of exactly three. */
		while (is_punct(tok(nm, j), '.') && is_num(tok(nm, j + 1)) &&
		    nm->t[j + 1].len == 3 && !(is_punct(tok(nm, j + 2), '.') &&
		    is_num(tok(nm, j + 3)) && nm->t[j + 3].len != 3)) {
			digits_value(&nm->t[j + 1], &v);
			if (num->val > UINT64_MAX / 1000 / 10)
				num->ok = 0;
			num->val = num->val * 1000 + v;
			num->grouped = 1;
			j += 2;
		}
		/* 12 500: blank-separated groups of exactly three. */
		if (!num->grouped)
			while (is_space(tok(nm, j)) && nm->t[j].len == 1 &&
			    is_num(tok(nm, j + 1)) && nm->t[j + 1].len == 3 &&
			    !is_punct(tok(nm, j + 2), ':') &&
			    !(is_punct(tok(nm, j + 2), '.') &&
			    is_num(tok(nm, j + 3)))) {
				digits_value(&nm->t[j + 1], &v);
				if (num->val > UINT64_MAX / 1000 / 10)
					num->ok = 0;
				num->val = num->val * 1000 + v;
				num->grouped = 1;
				j += 2;
			}
	}
	a = tok(nm, j);
	b = tok(nm, j + 1);
	if (is_punct(a, ',') && is_num(b)) {
		num->frac = b->s;
		num->nfrac = b->len;
		j += 2;
	}
	num->end = j;
}

/* Says a number with its decimal part: "drei Komma fünf". */
static void
say_number(struct norm *nm, const struct number *num, size_t i, enum one form)
{
	if (!num->ok) {
		say_digits(nm, nm->t[i].s, nm->t[i].len);
		return;
	}
	say_int(nm, num->val, num->frac != NULL ? ONE_EINS : form);
	if (num->frac != NULL) {
		puts_(nm, " Komma ");
		say_digits(nm, num->frac, num->nfrac);
	}
}

/*
 * Says the digit groups of a telephone number starting at token i
 * ("030 1234567", "030/123 45-67"), returns the tokens used.
 */
static size_t
say_phone(struct norm *nm, size_t i)
{
	size_t	j = i;

	say_digits(nm, nm->t[j].s, nm->t[j].len);
	j++;
	for (;;) {
		const struct tok	*a = tok(nm, j), *b;

		if (is_space(a) || is_punct(a, '/') || is_punct(a, '-')) {
			b = tok(nm, j + 1);
			if (is_space(b) && !is_space(a))
				b = tok(nm, j + 2);
			else if ((is_punct(b, '/') || is_punct(b, '-')) &&
			    is_space(a))
				b = tok(nm, j + 2);
			if (!is_num(b))
				break;
			/* Only digit groups of two or more continue a
			 * number; "unter 030 1234567 2 Leitungen" stops. */
			if (b->len < 2)
				break;
			puts_(nm, " ");
			say_digits(nm, b->s, b->len);
			j = (size_t)(b - nm->t) + 1;
			continue;
		}
		break;
	}
	return j - i;
}

static int
is_service_number(const struct tok *t)
{
	size_t	i;

	for (i = 0; i < sizeof(service_numbers) / sizeof(service_numbers[0]);
	    i++)
		if (t->len == strlen(service_numbers[i]) &&
		    memcmp(t->s, service_numbers[i], t->len) == 0)
			return 1;
	return 0;
}

/* Whether the number at token i is a telephone number. */
static int
is_phone(const struct norm *nm, size_t i)
{
	const struct tok	*t = &nm->t[i], *p, *n;

	p = prev_tok(nm, i);
	n = tok(nm, i + 1);
	if (is_punct(n, ',') && is_num(tok(nm, i + 2)))
		return 0;			/* 0,5 */
	if (t->len >= 3 && t->s[0] == '0')
		return 1;
	if (is_punct(p, '.') && prev_i(nm, i) > 0 &&
	    wordeq(&nm->t[prev_i(nm, i) - 1], "Tel"))
		return 1;
	if (IN(p, phone_ctx) && t->len >= 3 && !wordeq(p, "nummer"))
		return 1;
	if (p != NULL && is_service_number(t) && (wordeq(p, "die") ||
	    wordeq(p, "unter") || wordeq(p, "Notruf") || wordeq(p, "der") ||
	    wordeq(p, "Notrufnummer") || wordeq(p, "Nummer")))
		return 1;
	return 0;
}

/*
 * Dates with digits: 12.09.2023, 12.9., 2023-09-12.  Returns the tokens
 * used, or 0.
 */
static size_t
rule_date_numeric(struct norm *nm, size_t i)
{
	const struct tok	*d = &nm->t[i], *m, *y = NULL, *a;
	uint64_t		 day, mon, year = 0;
	size_t			 j;

	if (d->len == 4 && is_punct(tok(nm, i + 1), '-') &&
	    is_num(tok(nm, i + 2)) && nm->t[i + 2].len == 2 &&
	    is_punct(tok(nm, i + 3), '-') && is_num(tok(nm, i + 4)) &&
	    nm->t[i + 4].len == 2) {
		digits_value(d, &year);
		digits_value(&nm->t[i + 2], &mon);
		digits_value(&nm->t[i + 4], &day);
		if (mon < 1 || mon > 12 || day < 1 || day > 31)
			return 0;
		say_ordinal(nm, day, ordinal_ending(nm, i, LEX_GENDER_M, 1),
		    0);
		puts_(nm, " ");
		puts_(nm, month_name[mon - 1]);
		puts_(nm, " ");
		say_year(nm, year);
		return 5;
	}
	if (d->len > 2 || !is_punct(tok(nm, i + 1), '.') ||
	    !is_num(tok(nm, i + 2)) || nm->t[i + 2].len > 2 ||
	    !is_punct(tok(nm, i + 3), '.'))
		return 0;
	m = &nm->t[i + 2];
	digits_value(d, &day);
	digits_value(m, &mon);
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	j = i + 4;
	a = tok(nm, j);
	if (is_num(a) && (a->len == 4 || a->len == 2)) {
		y = a;
		digits_value(y, &year);
		if (y->len == 2)
			year += year < 50 ? 2000 : 1900;
		j++;
		if (is_num(tok(nm, j)) || is_punct(tok(nm, j), '.') ||
		    is_punct(tok(nm, j), ','))
			if (is_num(tok(nm, j + 1)))
				return 0;	/* a version number */
	} else if (is_num(a) || is_word(a))
		return 0;
	say_ordinal(nm, day, ordinal_ending(nm, i, LEX_GENDER_M, 1), 0);
	puts_(nm, " ");
	puts_(nm, month_name[mon - 1]);
	if (y != NULL) {
		puts_(nm, " ");
		say_year(nm, year);
	} else if (period_ends_sentence(nm, i + 3))
		puts_(nm, ".");
	return j - i;
}

/* Says hours and minutes: "vierzehn Uhr dreißig", "ein Uhr". */
static void
say_time(struct norm *nm, uint64_t h, uint64_t min)
{
	say_int(nm, h, ONE_EIN);
	puts_(nm, " Uhr");
	if (min > 0) {
		puts_(nm, " ");
		say_int(nm, min, ONE_EINS);
	}
}

/* Whether tokens at j read "H[:.]MM Uhr" or "H Uhr". */
static int
time_follows(const struct norm *nm, size_t j)
{
	const struct tok	*t = tok(nm, j);

	if (!is_num(t) || t->len > 2)
		return 0;
	if ((is_punct(tok(nm, j + 1), ':') || is_punct(tok(nm, j + 1),
	    '.')) && is_num(tok(nm, j + 2)) && nm->t[j + 2].len == 2)
		j += 2;
	return wordeq(next_tok(nm, j) ? next_tok(nm, j) : t, "Uhr") &&
	    next_tok(nm, j) != NULL;
}

/*
 * Times: "14:30 Uhr", "20.15 Uhr", "um 14:30", and the first half of
 * "9.30 bis 17 Uhr".  Returns the tokens used, or 0.
 */
static size_t
rule_time(struct norm *nm, size_t i)
{
	const struct tok	*h = &nm->t[i], *sep, *m, *u;
	uint64_t		 hv, mv;
	size_t			 j, k;
	int			 uhr, range = 0;

	sep = tok(nm, i + 1);
	m = tok(nm, i + 2);
	if (h->len > 2 || !(is_punct(sep, ':') || is_punct(sep, '.')) ||
	    !is_num(m) || m->len != 2)
		return 0;
	digits_value(h, &hv);
	digits_value(m, &mv);
	if (hv > 24 || mv > 59)
		return 0;
	if (is_num(tok(nm, i + 3)) || (is_punct(tok(nm, i + 3), sep->cp) &&
	    is_num(tok(nm, i + 4))))
		return 0;
	j = i + 3;
	u = next_tok(nm, i + 2);
	uhr = u != NULL && wordeq(u, "Uhr");
	if (!uhr) {
		/* "9.30 bis 17 Uhr", "9:30-17:00 Uhr" */
		k = next_i(nm, i + 2);
		if (k < nm->n && (is_dash(&nm->t[k]) || wordeq(&nm->t[k],
		    "bis")) && time_follows(nm, next_i(nm, k)))
			range = 1;
		else if (sep->cp == '.' || !IN(prev_tok(nm, i), time_ctx))
			return 0;
	}
	say_time(nm, hv, mv);
	if (uhr)
		j = next_i(nm, i + 2) + 1;
	else if (range && is_dash(&nm->t[next_i(nm, i + 2)])) {
		puts_(nm, " bis ");
		j = next_i(nm, i + 2) + 1;
		if (is_space(tok(nm, j)))
			j++;
	}
	return j - i;
}

/* Scores and ratios: "2:1" -> "zwei zu eins". */
static size_t
rule_score(struct norm *nm, size_t i)
{
	const struct tok	*a = &nm->t[i], *b = tok(nm, i + 2);
	uint64_t		 x, y;

	if (!is_punct(tok(nm, i + 1), ':') || !is_num(b) || a->len > 3 ||
	    b->len > 3 || is_punct(tok(nm, i + 3), ':'))
		return 0;
	digits_value(a, &x);
	digits_value(b, &y);
	say_int(nm, x, ONE_EINS);
	puts_(nm, " zu ");
	say_int(nm, y, ONE_EINS);
	if (is_punct(tok(nm, i + 3), '-') && is_word(tok(nm, i + 4))) {
		puts_(nm, " ");			/* "2:1-Sieg" */
		return 4;
	}
	return 3;
}

/* Decades: "1990er-Jahren", "90er", "in den 80ern". */
static size_t
rule_decade(struct norm *nm, size_t i)
{
	const struct tok	*t = &nm->t[i], *w = tok(nm, i + 1);
	uint64_t		 v;
	unsigned		 r;

	if (!is_word(w) || w->len < 2 || memcmp(w->s, "er", 2) != 0 ||
	    digits_value(t, &v) == -1)
		return 0;
	if (!(w->len == 2 || (w->len == 3 && (w->s[2] == 'n' ||
	    w->s[2] == 's')) || (w->len > 5 && memcmp(w->s + 2, "jahr", 4) ==
	    0)))
		return 0;
	r = (unsigned)(v % 100);
	if (v >= 100 && r == 0)
		say_year(nm, v);		/* "zweitausender" */
	else {
		if (v >= 100) {
			say_year(nm, v - r);
			puts_(nm, " ");
		}
		say_below100(nm, r, ONE_EIN);
	}
	if (w->len > 5) {			/* "1990erjahre" */
		puts_(nm, "er J");
		put(nm, w->s + 3, w->len - 3);
	} else
		put_tok(nm, i + 1);
	if (is_punct(tok(nm, i + 2), '-') && is_word(tok(nm, i + 3))) {
		puts_(nm, " ");
		return 3;
	}
	return 2;
}

/* Nouns after an ordinal without an article: "Platz", "Jahrhundert". */
static int
ordinal_noun(const struct tok *t)
{
	static const char *const nouns[] = {
		"Jahrhundert", "Jahrhunderts", "Jahrtausend", "Platz",
		"Platzes", "Runde", "Spieltag", "Spieltags", "Liga",
		"Bundesliga", "Mal", "Geburtstag", "Geburtstags", "Jahrestag",
		"Jahrestags", "Stock", "Etage", "Klasse", "Minute", "Halbzeit",
		"Satz", "Akt", "Kapitel", "Auflage", "Amtszeit", "Legislatur",
		"Legislaturperiode", "Wahlgang", "Durchgang", "Lauf", "Etappe",
		"Sitzung", "Tag", "Woche", "Monat", "Quartal", "Quartals",
		"Halbjahr", "Lesung", "Instanz", "Grades", "Grad", "Stufe",
		"Welle", "Staffel", "Folge", "Teil", "Ausgabe", "Rang",
		"Weltkrieg", "Weltkriegs", "Weltkrieges", "Division", "Armee",
		"FC", "Vorsitzender", "Vorsitzende", "Bürgermeister", "Kammer",
		"Senat", "Strafsenat", "Zivilsenat", "Sinfonie", "Symphonie",
		"Advent", "Adventssonntag", "Kalenderwoche", "Stadium",
		"Generation", "Person"
	};
	size_t	i;

	for (i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
		if (t->len == strlen(nouns[i]) &&
		    memcmp(t->s, nouns[i], t->len) == 0)
			return 1;
	return 0;
}

/*
 * "N." followed by a word: an ordinal ("am 3. Oktober", "im 19.
 * Jahrhundert", "den 2. Platz"), possibly a date with a year.  Returns
 * the tokens used, or 0 when the period ends a sentence instead.
 */
static size_t
rule_ordinal(struct norm *nm, size_t i)
{
	const struct tok	*t = &nm->t[i], *nx, *p, *y;
	uint64_t		 v, year;
	size_t			 k, j;
	int			 mon, abbr = 0;

	if (!is_punct(tok(nm, i + 1), '.') || !is_space(tok(nm, i + 2)) ||
	    t->len > 4 || digits_value(t, &v) == -1)
		return 0;
	k = i + 3;
	nx = tok(nm, k);
	if (nx == NULL)
		return 0;
	p = prev_tok(nm, i);
	mon = month_of(nx, &abbr);
	if (mon != 0) {
		if (v < 1 || v > 31)
			return 0;
		say_ordinal(nm, v, ordinal_ending(nm, i, LEX_GENDER_M, 1), 0);
		puts_(nm, " ");
		puts_(nm, month_name[mon - 1]);
		j = k + 1;
		if (abbr && is_punct(tok(nm, j), '.'))
			j++;
		y = next_tok(nm, j - 1);
		if (is_num(y) && y->len == 4 && !is_punct(tok(nm, next_i(nm,
		    j - 1) + 1), '.') && !is_punct(tok(nm, next_i(nm, j - 1) +
		    1), ',')) {
			digits_value(y, &year);
			puts_(nm, " ");
			say_year(nm, year);
			j = next_i(nm, j - 1) + 1;
		}
		return j - i;
	}
	/* Without a month the period may end a sentence: require an
	 * article, a noun that counts, or a lower-case word ("3. und 4.",
	 * "2. größte"), which cannot start a new sentence. */
	if (!(IN(p, det_en) || IN(p, det_e) || IN(p, det_ein) ||
	    is_lower_word(nx) || (is_word(nx) &&
	    ordinal_noun(nx)) || is_dash(nx)))
		return 0;
	if (p != NULL && wordeq(p, "als") && is_lower_word(nx)) {
		/* "Er kam als 3. ins Ziel": a place, said as a noun. */
		say_ordinal(nm, v, "er", 1);
		return 2;
	}
	if (is_dash(nx)) {
		/* "1.-3. Klasse": say the first, the dash becomes "bis". */
		say_ordinal(nm, v, ordinal_ending(nm, i, LEX_GENDER_NONE, 0),
		    0);
		return 2;
	}
	{
		/* The noun may come after "und 4." or an adjective. */
		const struct tok	*noun = nx;
		size_t			 q = k;

		while (noun != NULL && !is_cap_word(noun) && q - k < 6) {
			q = next_i(nm, q);
			noun = tok(nm, q);
			if (is_punct(noun, '.'))
				noun = next_tok(nm, q), q = next_i(nm, q);
		}
		say_ordinal(nm, v, ordinal_ending(nm, i, noun_gender(nm,
		    noun), 0), 0);
	}
	return 2;
}

/*
 * Four-digit numbers 1100-1999 are years unless they count something:
 * "1871 gegründet", "im Jahr 1998", but "1500 Menschen", "1500 Euro".
 */
static int
is_year(const struct norm *nm, size_t i, const struct number *num)
{
	const struct tok	*p, *n, *n2;
	size_t			 e;

	if (nm->t[i].len != 4 || num->grouped || num->frac != NULL ||
	    num->val < 1100 || num->val > 1999)
		return 0;
	p = prev_tok(nm, i);
	if (IN(p, year_strong) || (p != NULL && p->type == T_WORD &&
	    month_of(p, &(int){0})))
		return 1;
	n = next_tok(nm, num->end - 1);
	/* "von 1200 Arbeitsplätzen", "seit 1500 Jahren": a count. */
	if (is_cap_word(n) && !month_of(n, &(int){0}) &&
	    !IN(n, sentence_start))
		return 0;
	if (IN(p, year_ctx))
		return 1;
	if (n == NULL || n->type == T_PUNCT) {
		e = next_i(nm, num->end - 1);
		if (is_dash(n) && is_num(tok(nm, e + 1 + is_space(tok(nm,
		    e + 1)))))
			return tok(nm, e + 1 + is_space(tok(nm, e +
			    1)))->len == 4;
		return n == NULL || !is_punct(n, '%');
	}
	if (is_cap_word(n))
		return month_of(n, &(int){0}) != 0;
	if (is_lower_word(n)) {
		/* "1500 neue Jobs": an adjective before a noun counts. */
		n2 = tok(nm, next_i(nm, next_i(nm, num->end - 1)));
		if (n->len > 3 && n->s[n->len - 1] != 'n' && is_cap_word(n2) &&
		    (n->s[n->len - 1] == 'e' || n->s[n->len - 1] == 'r' ||
		    n->s[n->len - 1] == 's'))
			return 0;
		return 1;
	}
	return 0;
}

/*
 * Money with two decimals after the amount: "1,89 Euro" -> "ein Euro neun
 * und achtzig".  Other numbers with units say the unit after the number.
 */
static void
say_amount_unit(struct norm *nm, size_t i, const struct number *num,
    const struct lex_entry *u, enum gcase c)
{
	uint64_t	cents;
	int		plural;

	plural = !(num->val == 1 && num->frac == NULL);
	if ((u->flags & LEX_F_CURRENCY) && num->frac != NULL &&
	    num->nfrac == 2 && num->ok) {
		cents = (uint64_t)(num->frac[0] - '0') * 10 +
		    (uint64_t)(num->frac[1] - '0');
		if (num->val == 0 && cents > 0) {
			say_int(nm, cents, ONE_EIN);
			puts_(nm, " Cent");
			return;
		}
		say_int(nm, num->val, one_form(u->gender, c));
		say_unit(nm, u, num->val != 1);
		if (cents > 0) {
			puts_(nm, " ");
			say_int(nm, cents, ONE_EINS);
		}
		return;
	}
	say_number(nm, num, i, one_form(u->gender, c));
	say_unit(nm, u, plural);
}

/*
 * A number and what follows it: units and currencies, ranges, years,
 * agreement of "1" with its noun, compounds like "3-Zimmer-Wohnung".
 */
static size_t
rule_cardinal(struct norm *nm, size_t i)
{
	struct number			 num;
	const struct lex_entry		*u, *u2;
	const struct tok		*n, *p;
	size_t				 j, k, e2;
	enum gcase			 c;
	enum one			 form = ONE_EINS;
	int				 label = nm->label;

	nm->label = 0;
	parse_number(nm, i, &num);
	c = case_before(nm, i);
	j = num.end;
	k = j;
	if (is_space(tok(nm, k)))
		k++;
	/* Units, currencies, scale words; "5 Mio. Euro" has two, and
	 * "5-%-Hürde" a hyphen before. */
	u = unit_at(nm, k, &e2);
	if (u == NULL && k == j && is_punct(tok(nm, j), '-') &&
	    (u = unit_at(nm, j + 1, &e2)) != NULL && (u->flags & LEX_F_SCALE))
		u = NULL;
	if (u != NULL) {
		if (u->flags & LEX_F_SCALE) {
			size_t	k2 = e2, e3;

			if (is_space(tok(nm, k2)))
				k2++;
			say_number(nm, &num, i, one_form(u->gender, c));
			say_unit(nm, u, !(num.val == 1 && num.frac == NULL));
			if ((u2 = unit_at(nm, k2, &e3)) != NULL &&
			    (u2->flags & LEX_F_CURRENCY)) {
				say_unit(nm, u2, 1);
				e2 = e3;
			} else if (u->key[u->keylen - 1] == '.' &&
			    period_ends_sentence(nm, e2 - 1))
				puts_(nm, ".");
			return e2 - i;
		}
		say_amount_unit(nm, i, &num, u, c);
		if (u->key[u->keylen - 1] == '.' && period_ends_sentence(nm,
		    e2 - 1))
			puts_(nm, ".");
		if (is_punct(tok(nm, e2), '-') && is_word(tok(nm, e2 + 1))) {
			puts_(nm, " ");		/* "5-%-Hürde" */
			e2++;
		}
		return e2 - i;
	}
	n = tok(nm, k);
	/* Ranges: "10-15 Prozent", "2019–2023", "8 – 18 Uhr". */
	if (is_dash(n) && (k == j || is_space(tok(nm, k + 1)))) {
		size_t	m = k + 1;

		if (is_space(tok(nm, m)))
			m++;
		if (is_num(tok(nm, m)) && !(nm->t[m].len >= 2 &&
		    nm->t[m].s[0] == '0')) {
			if (is_year(nm, i, &num))
				say_year(nm, num.val);
			else
				say_number(nm, &num, i, num.val == 1 ?
				    ONE_EIN : ONE_EINS);
			puts_(nm, " bis ");
			return m - i;
		}
	}
	if (is_year(nm, i, &num)) {
		say_year(nm, num.val);
		return j - i;
	}
	/* "1½ Stunden" -> "eineinhalb", "2½" -> "zweieinhalb". */
	if (is_punct(tok(nm, j), 0xbd) && num.frac == NULL && num.ok) {
		say_int(nm, num.val, ONE_EIN);
		puts_(nm, "einhalb");
		return j + 1 - i;
	}
	/* Fractions: "2/3 der Befragten" -> "zwei Drittel". */
	if (is_punct(tok(nm, j), '/') && is_num(tok(nm, j + 1)) &&
	    num.frac == NULL && !num.grouped && num.val >= 1 && num.val <= 9 &&
	    nm->t[j + 1].len <= 2 && !is_punct(tok(nm, j + 2), '/') &&
	    !is_num(tok(nm, j + 2))) {
		static const char *const denom[] = {
			NULL, NULL, "halb", "Drittel", "Viertel", "Fünftel",
			"Sechstel", NULL, "Achtel", NULL, "Zehntel"
		};
		uint64_t	d;

		digits_value(&nm->t[j + 1], &d);
		if (d < sizeof(denom) / sizeof(denom[0]) && denom[d] != NULL &&
		    num.val < d) {
			say_int(nm, num.val, ONE_EIN);
			puts_(nm, " ");
			puts_(nm, denom[d]);
			return j + 2 - i;
		}
	}
	/* Versions and English decimals: "iOS 17.2" -> "17 Punkt 2". */
	if (is_punct(tok(nm, j), '.') && is_num(tok(nm, j + 1)) &&
	    !num.grouped && num.frac == NULL) {
		say_number(nm, &num, i, ONE_EINS);
		puts_(nm, " Punkt ");
		return j + 1 - i;
	}
	/* "2022/23", "24/7" */
	if (is_punct(tok(nm, j), '/') && is_num(tok(nm, j + 1))) {
		say_number(nm, &num, i, ONE_EINS);
		puts_(nm, " ");
		return j + 1 - i;
	}
	/* "18- bis 25-Jährige": the hyphen of the first half is silent. */
	if (is_punct(tok(nm, j), '-') && (j + 1 >= nm->n ||
	    nm->t[j + 1].type == T_SPACE)) {
		say_number(nm, &num, i, ONE_EIN);
		return j + 1 - i;
	}
	/* Compounds: "3-Zimmer-Wohnung", "18-Jährige". */
	if (is_punct(tok(nm, j), '-') && is_word(tok(nm, j + 1))) {
		say_number(nm, &num, i, ONE_EIN);
		puts_(nm, " ");
		return j + 1 - i;
	}
	if (num.val == 1 && num.frac == NULL && !num.grouped && !label) {
		p = tok(nm, k);
		if (p != NULL && k > j - 1 && wordeq(p, "Uhr"))
			form = ONE_EIN;
		else if (is_cap_word(p) && k != j && !IN(p, sentence_start)) {
			/* "1 Person", "mit 1 Kind"; an all-capitals word
			 * after the number is a label: "Art. 1 GG". */
			size_t		 n2;
			uint32_t	 c2 = utf8_decode(p->s + 1,
			    p->len - 1, &n2);

			if (p->len > 1 && utf8_is_lower(c2))
				form = one_form(noun_gender(nm, p), c);
		} else if (is_lower_word(p) && k != j) {
			/* "1 weiteres Opfer": the adjective's noun. */
			const struct tok *q = next_tok(nm, k);

			if (is_cap_word(q))
				form = one_form(noun_gender(nm, q), c);
		}
	}
	say_number(nm, &num, i, form);
	return j - i;
}

static size_t
rule_number(struct norm *nm, size_t i)
{
	size_t	used;

	if ((used = rule_date_numeric(nm, i)) > 0)
		return used;
	if ((used = rule_time(nm, i)) > 0)
		return used;
	if (nm->label == 0 && is_phone(nm, i)) {
		nm->label = 0;
		return say_phone(nm, i);
	}
	if ((used = rule_score(nm, i)) > 0)
		return used;
	if ((used = rule_decade(nm, i)) > 0)
		return used;
	if ((used = rule_ordinal(nm, i)) > 0)
		return used;
	return rule_cardinal(nm, i);
}

/* Words. */

/* Roman numerals I..XXXIX, as used for regnal numbers; 0 if t is none. */
static int
roman_value(const struct tok *t)
{
	static const char *const r[] = {
		"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"
	};
	size_t	 k = 0, tens = 0, d;

	if (!is_word(t) || t->len > 8 || (t->s[0] != 'I' && t->s[0] != 'V' &&
	    t->s[0] != 'X'))
		return 0;
	while (k < t->len && t->s[k] == 'X' && tens < 3) {
		k++;
		tens++;
	}
	if (k == t->len)
		return (int)tens * 10;
	for (d = 1; d < 10; d++)
		if (t->len - k == strlen(r[d]) &&
		    memcmp(t->s + k, r[d], t->len - k) == 0)
			return (int)(tens * 10 + d);
	return 0;
}

/*
 * Regnal numbers: "Karl III." -> "Karl der Dritte", "mit Karl III." ->
 * "mit Karl dem Dritten", "Königin Elisabeth II." -> "die Zweite".
 */
static size_t
rule_regnal(struct norm *nm, size_t i)
{
	const struct tok	*t = &nm->t[i], *name, *w;
	const struct lex_entry	*e;
	size_t			 pi, k, used = 1;
	int			 v, fem = 0, period;
	enum gcase		 c = NOM;

	v = roman_value(t);
	pi = prev_i(nm, i);
	if (v == 0 || pi == (size_t)-1)
		return 0;
	name = &nm->t[pi];
	period = is_punct(tok(nm, i + 1), '.');
	if (!is_cap_word(name) || !is_space(tok(nm, i - 1)) ||
	    (!period && v < 2))
		return 0;
	/* An all-capitals word before is an acronym, not a name. */
	if (name->len > 1 && utf8_is_upper(utf8_decode(name->s + 1,
	    name->len - 1, &k)))
		return 0;
	/* "das Leben Ludwigs XIV.": a name in -s after a noun that is no
	 * title is a genitive. */
	{
		size_t		 qi = prev_i(nm, pi);
		const struct tok *q = qi == (size_t)-1 ? NULL : &nm->t[qi];

		if (name->len > 2 && name->s[name->len - 1] == 's' &&
		    is_cap_word(q) && !IN(q, titles) &&
		    !at_sentence_start(nm, qi))
			c = GEN;
	}
	/* Walk back over the name and titles to the word that governs
	 * the case. */
	w = NULL;
	for (k = 0; k < 5 && c != GEN; k++) {
		/* Only listed names and titles count: "die Krönung Karls"
		 * does not make Karl a queen. */
		for (e = lexicon_find(nm->lx, LEX_NOUN, name->s, name->len);
		    e != NULL; e = e->next)
			if (e->keylen == name->len && e->gender == LEX_GENDER_F)
				fem = 1;
		pi = prev_i(nm, pi);
		if (pi == (size_t)-1)
			break;
		w = &nm->t[pi];
		if (!is_cap_word(w))
			break;
		if (IN(w, det_e) || IN(w, det_en) || IN(w, prep_any) ||
		    IN(w, prep_acc))
			break;
		name = w;
		w = NULL;
	}
	/* "mit Franziskus und Benedikt XVI.": the case of the first. */
	if (w != NULL && (wordeq(w, "und") || wordeq(w, "oder"))) {
		for (k = 0; k < 5; k++) {
			pi = prev_i(nm, pi);
			if (pi == (size_t)-1)
				break;
			w = &nm->t[pi];
			if (!is_cap_word(w))
				break;
		}
	}
	if (w != NULL && c != GEN) {
		if (wordeq(w, "des") || wordeq(w, "eines"))
			c = GEN;
		else if (IN(w, prep_dat) || wordeq(w, "dem"))
			c = DAT;
		else if (IN(w, prep_acc))
			c = ACC;
		else if (wordeq(w, "der") && fem) {
			const struct tok *q = prev_tok(nm, pi);

			c = IN(q, prep_any) ? DAT : NOM;
		}
	}
	if (fem)
		puts_(nm, c == DAT || c == GEN ? "der " : "die ");
	else
		puts_(nm, c == NOM ? "der " : c == ACC ? "den " : c == DAT ?
		    "dem " : "des ");
	say_ordinal(nm, (uint64_t)v, c == NOM || (fem && c == ACC) ? "e" :
	    "en", 1);
	if (period) {
		used = 2;
		if (period_ends_sentence(nm, i + 1))
			puts_(nm, ".");
	}
	return used;
}

/* Spells letters: "AFP" -> "A F P"; lower-case letters are raised. */
static void
spell(struct norm *nm, const char *s, size_t len)
{
	size_t		i = 0, n;
	uint32_t	cp;

	while (i < len) {
		cp = utf8_decode(s + i, len - i, &n);
		if (i > 0)
			puts_(nm, " ");
		if (cp >= 'a' && cp <= 'z') {
			char c = (char)(cp - 'a' + 'A');

			put(nm, &c, 1);
		} else if (cp == 0xe4)
			puts_(nm, "Ä");
		else if (cp == 0xf6)
			puts_(nm, "Ö");
		else if (cp == 0xfc)
			puts_(nm, "Ü");
		else
			put(nm, s + i, n);
		i += n;
	}
}

/*
 * Acronyms: listed ones as listed ("NATO" -> "Nato", "UNO" -> "Uhno");
 * unlisted all-capitals words of up to five letters spelled ("YTN" ->
 * "Y T N"), longer ones said as words ("ACHTUNG" -> "Achtung"); mixed
 * forms without lower-case vowels spelled ("AfD", "GmbH").  Returns the
 * tokens used, or 0.
 */
static size_t
rule_acronym(struct norm *nm, size_t i)
{
	const struct tok	*t = &nm->t[i];
	const struct lex_entry	*e;
	size_t			 k, n, nup = 0, nlow = 0, nletters = 0;
	uint32_t		 cp;
	int			 lowvowel = 0, plural_s = 0, done = 0;

	for (e = lexicon_find(nm->lx, LEX_ACRONYM, t->s, t->len); e != NULL;
	    e = e->next)
		if (e->keylen == t->len) {
			puts_(nm, e->say);
			done = 1;
			break;
		}
	if (!done) {
		/* Most words have one capital at most: leave them fast. */
		if (!utf8_is_upper(first_cp(t)))
			return 0;
		for (k = 1; k < t->len; k++)
			if ((t->s[k] >= 'A' && t->s[k] <= 'Z') ||
			    ((unsigned char)t->s[k - 1] == 0xc3 &&
			    (unsigned char)t->s[k] >= 0x80 &&
			    (unsigned char)t->s[k] <= 0x9e))
				break;
		if (k == t->len)
			return 0;
		for (k = 0; k < t->len; k += n) {
			cp = utf8_decode(t->s + k, t->len - k, &n);
			nletters++;
			if (utf8_is_upper(cp))
				nup++;
			else {
				nlow++;
				if (strchr("aeiouy", (int)cp) != NULL ||
				    cp == 0xe4 || cp == 0xf6 || cp == 0xfc)
					lowvowel = 1;
			}
		}
		if (nup < 2 || !utf8_is_upper(first_cp(t)))
			return 0;
		/* "NGOs", "PKWs": a plural s after capitals. */
		if (nlow == 1 && t->s[t->len - 1] == 's' && nup >= 2) {
			plural_s = 1;
			lowvowel = 0;
		}
		if (nlow > 0 && (lowvowel || nup < 2))
			return 0;
		if (nlow == 0 && nletters > 5) {
			/* A shouted word: say it in normal spelling. */
			put(nm, t->s, 1);
			for (k = 1; k < t->len; k += n) {
				cp = utf8_decode(t->s + k, t->len - k, &n);
				if (cp >= 'A' && cp <= 'Z') {
					char c = (char)(cp + 32);

					put(nm, &c, 1);
				} else if (cp >= 0xc0 && cp <= 0xde && n == 2) {
					char c2[2] = { t->s[k],
					    (char)(t->s[k + 1] + 0x20) };

					put(nm, c2, 2);
				} else
					put(nm, t->s + k, n);
			}
			done = 1;
		} else {
			spell(nm, t->s, t->len - (size_t)plural_s);
			if (plural_s)
				puts_(nm, " s");
			done = 1;
		}
	}
	/* "CDU-Politiker" -> "C D U Politiker", "EU-weit", "CDU/CSU". */
	if ((is_punct(tok(nm, i + 1), '-') || is_punct(tok(nm, i + 1), '/')) &&
	    (is_word(tok(nm, i + 2)) ||
	    is_num(tok(nm, i + 2)))) {
		puts_(nm, " ");
		return 2;
	}
	return 1;
}

/* Gender forms: "Bürger*innen", "Lehrer:innen", "LehrerInnen". */
static size_t
rule_gender(struct norm *nm, size_t i)
{
	const struct tok	*t = &nm->t[i], *s = tok(nm, i + 1), *w;
	size_t			 k = i + 2, n;

	if (s != NULL && s->type == T_PUNCT && (s->cp == '*' ||
	    s->cp == ':' || s->cp == '_' || s->cp == '/')) {
		if (s->cp == '/' && is_punct(tok(nm, k), '-'))
			k++;
		w = tok(nm, k);
		if (w != NULL && (wordeq(w, "innen") || wordeq(w, "in")) &&
		    w->s[0] == 'i') {
			put_tok(nm, i);
			puts_(nm, " ");
			put_tok(nm, k);
			return k + 1 - i;
		}
	}
	/* The binnen-I: a lower-case letter, then "Innen" at the end. */
	if (t->len > 7 && memcmp(t->s + t->len - 5, "Innen", 5) == 0 &&
	    utf8_is_lower(utf8_decode(t->s + t->len - 6, 1, &n))) {
		put(nm, t->s, t->len - 5);
		puts_(nm, " innen");
		return 1;
	}
	return 0;
}

/* Abbreviations from the lexicon: "z. B.", "bzw.", "Nr. 5", "St. Pauli". */
static size_t
rule_abbrev(struct norm *nm, size_t i)
{
	const struct lex_entry	*e;
	const struct tok	*t = &nm->t[i], *nx;
	const char		*s = t->s;
	char			 low[64];
	size_t			 len = nm->len - (size_t)(s - nm->text);
	size_t			 m, j, hl;
	int			 fold;

	hl = t->len;
	for (fold = 0; fold < 2; fold++) {
		if (fold == 0)
			e = lexicon_find(nm->lx, LEX_ABBREV, s, hl);
		else {
			/* Sentence-initial "Ca." finds "ca.". */
			if (!(s[0] >= 'A' && s[0] <= 'Z') || hl >= sizeof(low))
				break;
			memcpy(low, s, hl);
			low[0] = (char)(low[0] + 32);
			e = lexicon_find(nm->lx, LEX_ABBREV, low, hl);
		}
		for (; e != NULL; e = e->next) {
			if ((m = key_match(e->key, e->keylen, s, len, fold)) ==
			    0)
				continue;
			if ((j = tok_at(nm, i, s + m)) == (size_t)-1)
				continue;
			nx = next_tok(nm, j - 1);
			/* "Mo., 5. Juni" has a comma before the number. */
			if ((e->flags & LEX_F_NUM) && is_punct(nx, ',') &&
			    is_num(next_tok(nm, (size_t)(nx - nm->t))))
				nx = next_tok(nm, (size_t)(nx - nm->t));
			if ((e->flags & LEX_F_NUM) && !is_num(nx) &&
			    !(nx != NULL && roman_value(nx)))
				continue;
			if ((e->flags & LEX_F_CAP) && !is_cap_word(nx))
				continue;
			/* A key without a period must be a whole word. */
			if (fold == 1 && s[0] != e->key[0] &&
			    e->say[0] >= 'a' && e->say[0] <= 'z') {
				char c = (char)(e->say[0] - 32);

				put(nm, &c, 1);
				puts_(nm, e->say + 1);
			} else
				puts_(nm, e->say);
			if ((e->flags & LEX_F_END) &&
			    e->key[e->keylen - 1] == '.' &&
			    period_ends_sentence(nm, j - 1))
				puts_(nm, ".");
			if (e->flags & LEX_F_NUM)
				nm->label = 1;
			return j - i;
		}
	}
	return 0;
}

/* Lower-case labels of addresses that are spoken as words. */
static int
url_word_label(const char *s, size_t len)
{
	static const char *const spoken[] = { "com", "org", "net", "info" };
	size_t			 i;
	int			 vowel = 0;

	for (i = 0; i < sizeof(spoken) / sizeof(spoken[0]); i++)
		if (len == strlen(spoken[i]) && memcmp(s, spoken[i], len) == 0)
			return 1;
	if (len <= 3)
		return 0;
	for (i = 0; i < len; i++)
		if (strchr("aeiouyAEIOUY", s[i]) != NULL ||
		    (unsigned char)s[i] >= 0x80)
			vowel = 1;
	return vowel;
}

static int
is_url_char(unsigned char c)
{
	if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	switch (c) {
	case '-': case '.': case '_': case '~': case ':': case '/': case '?':
	case '#': case '[': case ']': case '@': case '!': case '$': case '&':
	case '\'': case '*': case '+': case ',': case ';': case '=': case '%':
		return 1;
	}
	return 0;
}

/*
 * Web and e-mail addresses: "www.zdf.de" -> "W W W Punkt Z D F Punkt D
 * E", "a@b.de" -> "a Ett b Punkt D E"; "https://" is not read.
 */
static size_t
rule_url(struct norm *nm, size_t i)
{
	static const char *const tlds[] = {
		"de", "com", "org", "net", "eu", "at", "ch", "info", "io",
		"gov", "edu", "fm", "tv", "uk", "fr", "it", "nl", "int"
	};
	const char	*s = nm->t[i].s, *end = nm->text + nm->len, *p, *q;
	const char	*lastdot = NULL, *at = NULL;
	size_t		 j, k, n;
	int		 url = 0, ok = 0;

	/* Most words are not addresses: look at the character after. */
	p = s + nm->t[i].len;
	if (p >= end || !(*p == '.' || *p == '@' || *p == ':' || *p == '-' ||
	    *p == '_' || (*p >= '0' && *p <= '9')))
		return 0;
	for (p = s; p < end && is_url_char((unsigned char)*p); p++)
		;
	/* Punctuation at the end belongs to the sentence. */
	while (p > s && strchr(".,;:!?)]'", p[-1]) != NULL)
		p--;
	for (q = s; q < p; q++) {
		if (*q == '.')
			lastdot = q;
		if (*q == '@')
			at = q;
	}
	if (p - s < 4)
		return 0;
	if ((size_t)(p - s) > 7 && (strncmp(s, "http://", 7) == 0 ||
	    strncmp(s, "https://", 8) == 0))
		url = 1;
	else if (p - s > 4 && strncasecmp(s, "www.", 4) == 0)
		url = 1;
	else if (lastdot != NULL && lastdot < p) {
		for (k = 0; k < sizeof(tlds) / sizeof(tlds[0]); k++) {
			n = strlen(tlds[k]);
			q = lastdot + 1;
			if ((size_t)(p - q) >= n && strncmp(q, tlds[k], n) ==
			    0 && (q + n == p || q[n] == '/'))
				ok = 1;
		}
		/* Before a domain all letters are lower-case or digits; a
		 * sentence like "Ende.de" does not occur. */
		if (ok && (at != NULL || memchr(s, '.', (size_t)(lastdot - s))
		    != NULL || lastdot - s >= 3))
			url = 1;
	}
	if (!url || (at != NULL && at >= p))
		return 0;
	if ((j = tok_at(nm, i, p)) == (size_t)-1)
		return 0;
	q = s;
	if (strncmp(q, "https://", 8) == 0)
		q += 8;
	else if (strncmp(q, "http://", 7) == 0)
		q += 7;
	while (q < p) {
		const char *r = q;

		if ((unsigned char)*q >= 0x80 || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z')) {
			while (r < p && ((unsigned char)*r >= 0x80 ||
			    (*r >= 'a' && *r <= 'z') || (*r >= 'A' &&
			    *r <= 'Z')))
				r++;
			if (url_word_label(q, (size_t)(r - q)) &&
			    !(r == p && lastdot != NULL && q == lastdot + 1 &&
			    r - q <= 3 && !url_word_label(q, 3)))
				put(nm, q, (size_t)(r - q));
			else
				spell(nm, q, (size_t)(r - q));
		} else if (*q >= '0' && *q <= '9') {
			while (r < p && *r >= '0' && *r <= '9')
				r++;
			say_digits(nm, q, (size_t)(r - q));
		} else {
			r++;
			switch (*q) {
			case '.':
				puts_(nm, "Punkt");
				break;
			case '@':
				puts_(nm, "Ett");
				break;
			case '/':
				if (r == p) {
					q = r;		/* a trailing slash */
					continue;
				}
				puts_(nm, "Schrägstrich");
				break;
			case '-':
				puts_(nm, "Strich");
				break;
			case '_':
				puts_(nm, "Unterstrich");
				break;
			case ':':
				puts_(nm, "Doppelpunkt");
				break;
			default:
				q = r;			/* ? = & # % */
				continue;
			}
		}
		if (r < p)
			puts_(nm, " ");
		q = r;
	}
	return j - i;
}

/* Respellings of words eSpeak NG misreads (lexicon.tsv). */
static size_t
rule_respell(struct norm *nm, size_t i)
{
	const struct lex_entry	*e;
	const struct tok	*t = &nm->t[i];

	for (e = lexicon_find(nm->lx, LEX_WORD, t->s, t->len); e != NULL;
	    e = e->next)
		if (e->keylen == t->len) {
			puts_(nm, e->say);
			return 1;
		}
	return 0;
}

/* Roman numerals that are not regnal: "Teil III" -> "Teil drei". */
static size_t
rule_roman(struct norm *nm, size_t i)
{
	const struct tok	*p = prev_tok(nm, i);
	int			 v = roman_value(&nm->t[i]);

	if (v < 2 || nm->t[i].len < 2 || !is_cap_word(p))
		return 0;
	say_int(nm, (uint64_t)v, ONE_EINS);
	return 1;
}

/* "$10", "€ 5 Mio.", "EUR 3.000": a currency before the amount. */
static size_t
rule_currency_first(struct norm *nm, size_t i)
{
	const struct lex_entry	*u, *u2;
	struct number		 num;
	size_t			 j, e2, k;

	/* Cheap test first: this runs at every word. */
	for (k = i + 1; k < nm->n && k - i <= 4; k++)
		if (nm->t[k].type == T_NUM)
			break;
	if (!is_num(tok(nm, k)))
		return 0;
	if ((u = unit_at(nm, i, &e2)) == NULL || !(u->flags & LEX_F_PREFIX))
		return 0;
	k = e2;
	if (is_space(tok(nm, k)))
		k++;
	if (!is_num(tok(nm, k)))
		return 0;
	parse_number(nm, k, &num);
	j = num.end;
	if (is_space(tok(nm, j)))
		j++;
	if ((u2 = unit_at(nm, j, &e2)) != NULL && (u2->flags & LEX_F_SCALE)) {
		say_number(nm, &num, k, one_form(u2->gender,
		    case_before(nm, i)));
		say_unit(nm, u2, !(num.val == 1 && num.frac == NULL));
		say_unit(nm, u, 1);
		return e2 - i;
	}
	say_amount_unit(nm, k, &num, u, case_before(nm, i));
	return num.end - i;
}

/* Street names: "Hauptstr. 5" -> "Hauptstraße fünf". */
static size_t
rule_street(struct norm *nm, size_t i)
{
	const struct tok	*t = &nm->t[i];

	if (t->len < 5 || memcmp(t->s + t->len - 3, "str", 3) != 0 ||
	    !is_punct(tok(nm, i + 1), '.'))
		return 0;
	put_tok(nm, i);
	puts_(nm, "aße");
	if (period_ends_sentence(nm, i + 1))
		puts_(nm, ".");
	return 2;
}

static size_t
rule_word(struct norm *nm, size_t i)
{
	size_t	used;

	nm->label = 0;
	if ((used = rule_url(nm, i)) > 0)
		return used;
	if ((used = rule_abbrev(nm, i)) > 0)
		return used;
	if ((used = rule_gender(nm, i)) > 0)
		return used;
	if ((used = rule_regnal(nm, i)) > 0)
		return used;
	if ((used = rule_respell(nm, i)) > 0)
		return used;
	if ((used = rule_currency_first(nm, i)) > 0)
		return used;
	if ((used = rule_street(nm, i)) > 0)
		return used;
	if ((used = rule_roman(nm, i)) > 0)
		return used;
	if ((used = rule_acronym(nm, i)) > 0)
		return used;
	put_tok(nm, i);
	return 1;
}

/* Symbols. */

static size_t
rule_punct(struct norm *nm, size_t i)
{
	const struct tok	*t = &nm->t[i], *p, *nx;
	const struct lex_entry	*u;
	size_t			 j, e2, k;

	p = i > 0 ? &nm->t[i - 1] : NULL;
	nx = tok(nm, i + 1);
	switch (t->cp) {
	case '(':
	case '[':
		/* After a sentence mark or quote the aside needs no comma. */
		nx = prev_tok(nm, i);
		if (nx == NULL || (nx->type == T_PUNCT && nx->cp != ')' &&
		    nx->cp != ']' && nx->cp != '%' && nx->cp != 0x2030 &&
		    nx->cp != 0x201c))
			return 1;
		puts_(nm, ", ");
		return 1;
	case ')':
	case ']':
		/* Before a punctuation mark the comma would be doubled. */
		nx = next_tok(nm, i);
		if (nx != NULL && nx->type == T_PUNCT && (nx->cp == '.' ||
		    nx->cp == ',' || nx->cp == ';' || nx->cp == ':' ||
		    nx->cp == '!' || nx->cp == '?' || nx->cp == ')' ||
		    nx->cp == 0x201c || nx->cp == '"'))
			return 1;
		if (nx == NULL)
			return 1;
		puts_(nm, ",");
		return 1;
	case 0xa7:				/* § */
		if (is_punct(nx, 0xa7)) {
			puts_(nm, "Paragrafen");
			j = 2;
		} else {
			puts_(nm, "Paragraf");
			j = 1;
		}
		nm->label = 1;
		return j;
	case '&':
		puts_(nm, " und ");
		return 1;
	case '@':
		puts_(nm, " Ett ");
		return 1;
	case '~':
	case 0x2248:				/* ≈ */
		puts_(nm, "circa ");
		return 1;
	case 0xd7:				/* × */
		puts_(nm, " mal ");
		return 1;
	case 0xbd:				/* ½ */
		puts_(nm, "ein halb");
		return 1;
	case 0xbc:				/* ¼ */
		puts_(nm, "ein Viertel");
		return 1;
	case 0xbe:				/* ¾ */
		puts_(nm, "drei Viertel");
		return 1;
	case '+':
		if (is_num(nx) && (p == NULL || p->type == T_SPACE ||
		    is_punct(p, '('))) {
			if (nx->len == 2 && is_space(tok(nm, i + 2))) {
				/* "+49 30 1234567" */
				puts_(nm, "plus ");
				return 1 + say_phone(nm, i + 1);
			}
			puts_(nm, "plus ");
			return 1;
		}
		if (p != NULL && p->type == T_SPACE && is_space(nx)) {
			puts_(nm, "plus");
			return 1;
		}
		break;
	case '-':
	case 0x2212:
		/* "-3 Grad": a sign after a blank, not a range. */
		if (is_num(nx) && (p == NULL || p->type == T_SPACE ||
		    is_punct(p, '(')) && !is_num(prev_tok(nm, i))) {
			puts_(nm, "minus ");
			return 1;
		}
		break;
	case '%':
	case 0x2030:				/* ‰ */
	case 0xb0:				/* ° */
		/* A unit without a number before it. */
		if ((u = unit_at(nm, i, &e2)) != NULL) {
			puts_(nm, u->say_pl);
			return e2 - i;
		}
		break;
	default:
		break;
	}
	if ((k = rule_currency_first(nm, i)) > 0)
		return k;
	put_tok(nm, i);
	return 1;
}

/* Tokens. */

static int
tokenize(struct norm *nm)
{
	const char	*s = nm->text;
	size_t		 len = nm->len, i = 0, n, start;
	uint32_t	 cp;
	struct tok	*t;

	if ((nm->t = calloc(len + 1, sizeof(*nm->t))) == NULL)
		return -1;
	while (i < len) {
		t = &nm->t[nm->n++];
		start = i;
		t->s = s + i;
		cp = utf8_decode(s + i, len - i, &n);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
			t->type = T_SPACE;
			while (i < len && (s[i] == ' ' || s[i] == '\t' ||
			    s[i] == '\n' || s[i] == '\r')) {
				if (s[i] == '\n' || s[i] == '\r')
					t->nl = 1;
				i++;
			}
		} else if (cp >= '0' && cp <= '9') {
			t->type = T_NUM;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
		} else if (utf8_is_letter(cp)) {
			t->type = T_WORD;
			while (i < len) {
				unsigned char	c = (unsigned char)s[i];

				if ((c >= 'a' && c <= 'z') || (c >= 'A' &&
				    c <= 'Z')) {
					i++;
					continue;
				}
				if (c < 0x80)
					break;
				cp = utf8_decode(s + i, len - i, &n);
				if (!utf8_is_letter(cp))
					break;
				i += n;
			}
		} else {
			t->type = T_PUNCT;
			t->cp = cp;
			i += n;
		}
		t->len = i - start;
	}
	return 0;
}

/*
 * Typographic variants that mean the same to a listener: no-break and
 * thin spaces become blanks, soft hyphens and zero-width characters go,
 * guillemets become German quotes.
 */
static char *
prepare(const char *in, size_t len, size_t *outlen)
{
	char		*out, *o;
	size_t		 i = 0, n;
	uint32_t	 cp;

	/* "»" (two bytes) becomes "„" (three): at most 3/2 of the input. */
	if ((out = malloc(len + len / 2 + 1)) == NULL)
		return NULL;
	o = out;
	while (i < len) {
		if ((unsigned char)in[i] < 0x80 && in[i] != '\0') {
			*o++ = in[i++];		/* ASCII: the common case */
			continue;
		}
		cp = utf8_decode(in + i, len - i, &n);
		switch (cp) {
		case 0xa0: case 0x2009: case 0x202f: case 0x2007:
		case 0x2002: case 0x2003: case 0x2008:
			*o++ = ' ';
			break;
		case 0xad: case 0x200b: case 0x200c: case 0x200d:
		case 0xfeff:
			break;
		case 0xbb:				/* » */
			memcpy(o, "\xe2\x80\x9e", 3);	/* „ */
			o += 3;
			break;
		case 0xab:				/* « */
			memcpy(o, "\xe2\x80\x9c", 3);	/* “ */
			o += 3;
			break;
		case 0x203a:				/* › */
			memcpy(o, "\xe2\x80\x9a", 3);	/* ‚ */
			o += 3;
			break;
		case 0x2039:				/* ‹ */
			memcpy(o, "\xe2\x80\x98", 3);	/* ‘ */
			o += 3;
			break;
		case 0:
			*o++ = ' ';
			break;
		default:
			memcpy(o, in + i, n);
			o += n;
		}
		i += n;
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/*
 * Tidies what the rules leave: runs of blanks become one, no blank
 * before a comma or period, no doubled commas, no comma at a line's
 * start or before a period.  Works in place.
 */
static void
tidy(struct buf *b)
{
	char	*s = b->data, *o = b->data;
	size_t	 i, len = b->len;
	char	 last = '\n';		/* last character written */

	for (i = 0; i < len; i++) {
		char	c = s[i];

		if (c == ' ' || c == '\t') {
			if (last == ' ' || last == '\n')
				continue;
			*o++ = ' ';
			last = ' ';
			continue;
		}
		if (c == ',' || c == '.' || c == ';' || c == '!' || c == '?') {
			if (last == ' ')
				o--, last = o > s ? o[-1] : '\n';
			if (c == ',' && (last == ',' || last == '\n'))
				continue;
			if (c != ',' && last == ',') {
				o--;
				last = o > s ? o[-1] : '\n';
			}
		}
		if (c == '\n' && last == ' ')
			o--;
		*o++ = c;
		last = c;
	}
	if (o > s && o[-1] == ' ' && (len == 0 || s[len - 1] != ' '))
		o--;
	*o = '\0';
	b->len = (size_t)(o - s);
}

char *
normalize_text(const struct lexicon *lx, const char *in, size_t len)
{
	struct norm	 nm;
	size_t		 i, used;
	char		*res = NULL;

	if (len > NORMALIZE_MAX_INPUT)
		return NULL;
	memset(&nm, 0, sizeof(nm));
	nm.lx = lx;
	buf_init(&nm.out, len * NORMALIZE_GROWTH + NORMALIZE_SLACK);
	if ((nm.text = prepare(in, len, &nm.len)) == NULL)
		goto fail;
	if (tokenize(&nm) == -1)
		goto fail;
	if (buf_append(&nm.out, "", 0) == -1)
		goto fail;
	for (i = 0; i < nm.n && !nm.err; i += used) {
		/* "A7", "CO2", "5G": letters and digits are said apart. */
		if (i > 0 && ((nm.t[i].type == T_NUM && nm.t[i - 1].type ==
		    T_WORD) || (nm.t[i].type == T_WORD && nm.t[i - 1].type ==
		    T_NUM)))
			put(&nm, " ", 1);
		switch (nm.t[i].type) {
		case T_NUM:
			used = rule_number(&nm, i);
			break;
		case T_WORD:
			used = rule_word(&nm, i);
			break;
		case T_PUNCT:
			used = rule_punct(&nm, i);
			break;
		default:
			if (nm.t[i].nl)
				put_tok(&nm, i);
			else
				put(&nm, " ", 1);
			used = 1;
			break;
		}
		if (used == 0)
			used = 1;		/* never loop */
	}
	if (nm.err)
		goto fail;
	tidy(&nm.out);
	res = buf_release(&nm.out);
fail:
	buf_free(&nm.out);
	free(nm.t);
	free((char *)nm.text);
	return res;
}
