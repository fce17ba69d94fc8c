/* The German word lists of the normaliser, loaded from voices/de. */
#ifndef LEXICON_H
#define LEXICON_H

#include <stddef.h>

/* Which list an entry comes from; each list is one file. */
enum lex_kind {
	LEX_ABBREV,	/* abbreviations.tsv: "z. B." -> "zum Beispiel" */
	LEX_ACRONYM,	/* acronyms.tsv: "NATO" -> "Nato" */
	LEX_WORD,	/* lexicon.tsv: respellings of words eSpeak misreads */
	LEX_UNIT,	/* units.tsv: "km/h" -> "Kilometer pro Stunde" */
	LEX_NOUN,	/* nouns.tsv: grammatical gender of nouns and names */
	LEX_NKINDS
};

/* Grammatical gender, for "eine Person" and "der Dritte"/"die Zweite". */
enum lex_gender {
	LEX_GENDER_NONE = 0,
	LEX_GENDER_M,
	LEX_GENDER_F,
	LEX_GENDER_N
};

/* Flags of abbreviations and units (the last column of their files). */
#define LEX_F_END	0x01	/* may end a sentence: keep the period */
#define LEX_F_NUM	0x02	/* only before a number ("Nr. 5") */
#define LEX_F_CAP	0x04	/* only before a capitalised word ("St.") */
#define LEX_F_CURRENCY	0x08	/* unit is money: "1,89 Euro", "$10" */
#define LEX_F_SCALE	0x10	/* unit is a scale word: "5 Mio. Euro" */
#define LEX_F_PREFIX	0x20	/* currency symbol may precede: "$10" */

struct lex_entry {
	const char		*key;	/* the text as written */
	size_t			 keylen;
	const char		*say;	/* expansion; singular for units */
	const char		*say_pl; /* plural of a unit, else == say */
	int			 flags;	/* LEX_F_* */
	enum lex_gender		 gender;
	struct lex_entry	*next;	/* same head, longer keys first */
};

struct lexicon;

/*
 * Reads voices_dir/de/{abbreviations,acronyms,lexicon,units,nouns}.tsv,
 * then the same file names in user_dir, whose entries replace shipped
 * ones with the same key.  user_dir may be NULL and its files may be
 * missing.  Returns a new lexicon (free with lexicon_free), or NULL on
 * error, logged with the file and line of the offending entry.
 */
struct lexicon	*lexicon_load(const char *voices_dir, const char *user_dir);
void		 lexicon_free(struct lexicon *);	/* accepts NULL */

/*
 * Returns the first entry of the given kind whose head is s[0..len), or
 * NULL.  The head of a key is its leading run of letters and digits, or
 * its first character when it starts with a symbol ("z" for "z. B.",
 * "km" for "km/h", "%" for "%-Punkte").  Entries sharing a head are
 * chained through next, longest key first, so the first full match is
 * the longest.  Entries are borrowed from the lexicon.
 */
const struct lex_entry *lexicon_find(const struct lexicon *, enum lex_kind,
	    const char *s, size_t len);

/* Number of entries, for tests and the startup log. */
size_t		 lexicon_count(const struct lexicon *);

/* Length in bytes of the head of s (see lexicon_find); 0 for "". */
size_t		 lexicon_head_len(const char *s, size_t len);

#endif
