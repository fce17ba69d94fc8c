/*
 * lexicon: the normaliser's word lists.  Each list is a tab-separated file
 * in voices/de/, one entry a line, '#' starting a comment line; the user's
 * files of the same names override shipped entries key by key.  Entries
 * are indexed by (list, head of the key) in one open-addressing hash table
 * so the normaliser's per-word look-ups cost one hash and a short chain.
 *
 * This is the only part of the normaliser that does I/O; normalize.c gets
 * a loaded lexicon and stays a pure function.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "lexicon.h"
#include "log.h"
#include "utf8.h"

struct bucket {
	enum lex_kind		 kind;
	const char		*head;	/* borrowed from first->key */
	size_t			 headlen;
	struct lex_entry	*first;	/* NULL: empty bucket */
};

struct lexicon {
	/* Which (first byte, head length) pairs occur per list: most words
	 * of a text are in no list, and this answers them without a hash. */
	uint32_t	 seen[LEX_NKINDS][256];
	struct bucket	*buckets;
	size_t		 nbuckets;	/* a power of two */
	size_t		 nused;
	size_t		 nentries;
};

/* The list files, in load order, and how many columns each line has. */
static const struct {
	const char	*name;
	enum lex_kind	 kind;
	int		 mincols, maxcols;
} lex_files[] = {
	{ "abbreviations.tsv",	LEX_ABBREV,	2, 3 },
	{ "acronyms.tsv",	LEX_ACRONYM,	2, 2 },
	{ "lexicon.tsv",	LEX_WORD,	2, 2 },
	{ "units.tsv",		LEX_UNIT,	4, 5 },
	{ "nouns.tsv",		LEX_NOUN,	2, 2 },
};

static const struct {
	const char	*name;
	int		 flag;
} lex_flags[] = {
	{ "end",	LEX_F_END },
	{ "num",	LEX_F_NUM },
	{ "cap",	LEX_F_CAP },
	{ "currency",	LEX_F_CURRENCY },
	{ "scale",	LEX_F_SCALE },
	{ "prefix",	LEX_F_PREFIX },
};

#define MAX_COLS	5

size_t
lexicon_head_len(const char *s, size_t len)
{
	size_t		 i = 0, n;
	uint32_t	 cp;

	while (i < len) {
		cp = utf8_decode(s + i, len - i, &n);
		if (!utf8_is_letter(cp) && !(cp >= '0' && cp <= '9'))
			break;
		i += n;
	}
	if (i == 0 && len > 0)
		utf8_decode(s, len, &i);	/* a leading symbol */
	return i;
}

static uint32_t
lenbit(size_t len)
{
	return 1U << (len < 31 ? len : 31);
}

static uint64_t
hash(enum lex_kind kind, const char *s, size_t len)
{
	uint64_t	h = 1469598103934665603ULL ^ (uint64_t)kind;
	size_t		i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct bucket *
bucket_find(const struct lexicon *lx, enum lex_kind kind, const char *head,
    size_t headlen)
{
	struct bucket	*b;
	size_t		 i, mask = lx->nbuckets - 1;

	i = hash(kind, head, headlen) & mask;
	for (;;) {
		b = &lx->buckets[i];
		if (b->first == NULL)
			return b;
		if (b->kind == kind && b->headlen == headlen &&
		    memcmp(b->head, head, headlen) == 0)
			return b;
		i = (i + 1) & mask;
	}
}

static int
grow(struct lexicon *lx)
{
	struct bucket	*old = lx->buckets, *b;
	size_t		 oldn = lx->nbuckets, i;

	lx->nbuckets = oldn ? oldn * 2 : 1024;
	if ((lx->buckets = calloc(lx->nbuckets, sizeof(*b))) == NULL) {
		log_warn("lexicon: calloc");
		lx->buckets = old;
		lx->nbuckets = oldn;
		return -1;
	}
	for (i = 0; i < oldn; i++) {
		if (old[i].first == NULL)
			continue;
		b = bucket_find(lx, old[i].kind, old[i].head, old[i].headlen);
		*b = old[i];
	}
	free(old);
	return 0;
}

/* Makes one entry with its strings in the same allocation. */
static struct lex_entry *
entry_new(char **col, enum lex_kind kind)
{
	struct lex_entry	*e;
	size_t			 klen, slen, plen;
	char			*p;
	const char		*plural;

	plural = kind == LEX_UNIT ? col[2] : col[1];
	klen = strlen(col[0]);
	slen = strlen(col[1]);
	plen = strlen(plural);
	if ((e = calloc(1, sizeof(*e) + klen + slen + plen + 3)) == NULL)
		return NULL;
	p = (char *)(e + 1);
	memcpy(p, col[0], klen + 1);
	e->key = p;
	e->keylen = klen;
	p += klen + 1;
	memcpy(p, col[1], slen + 1);
	e->say = p;
	p += slen + 1;
	memcpy(p, plural, plen + 1);
	e->say_pl = p;
	return e;
}

static int
parse_gender(const char *s, enum lex_gender *g)
{
	if (strcmp(s, "m") == 0)
		*g = LEX_GENDER_M;
	else if (strcmp(s, "f") == 0)
		*g = LEX_GENDER_F;
	else if (strcmp(s, "n") == 0)
		*g = LEX_GENDER_N;
	else if (strcmp(s, "-") == 0)
		*g = LEX_GENDER_NONE;
	else
		return -1;
	return 0;
}

static int
parse_flags(char *s, int *flags)
{
	char	*tok;
	size_t	 i;

	*flags = 0;
	while ((tok = strsep(&s, ",")) != NULL) {
		if (*tok == '\0' || strcmp(tok, "-") == 0)
			continue;
		for (i = 0; i < sizeof(lex_flags) / sizeof(lex_flags[0]); i++)
			if (strcmp(tok, lex_flags[i].name) == 0)
				break;
		if (i == sizeof(lex_flags) / sizeof(lex_flags[0]))
			return -1;
		*flags |= lex_flags[i].flag;
	}
	return 0;
}

/* Adds e, replacing an entry of the same list and key (user override). */
static int
lexicon_add(struct lexicon *lx, enum lex_kind kind, struct lex_entry *e)
{
	struct bucket		*b;
	struct lex_entry	**pp;
	size_t			 headlen;

	if (lx->nentries >= LEXICON_MAX_ENTRIES) {
		log_warnx("lexicon: more than %d entries", LEXICON_MAX_ENTRIES);
		return -1;
	}
	if ((lx->nused + 1) * 2 > lx->nbuckets && grow(lx) == -1)
		return -1;
	headlen = lexicon_head_len(e->key, e->keylen);
	lx->seen[kind][(unsigned char)e->key[0]] |= lenbit(headlen);
	b = bucket_find(lx, kind, e->key, headlen);
	if (b->first == NULL) {
		b->kind = kind;
		b->first = e;
		b->head = e->key;
		b->headlen = headlen;
		lx->nused++;
		lx->nentries++;
		return 0;
	}
	for (pp = &b->first; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->keylen == e->keylen &&
		    memcmp((*pp)->key, e->key, e->keylen) == 0) {
			e->next = (*pp)->next;
			if (b->head == (*pp)->key)
				b->head = e->key;
			free(*pp);
			*pp = e;
			return 0;
		}
	}
	/* Longest key first, so the first full match is the longest. */
	for (pp = &b->first; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->keylen < e->keylen)
			break;
	e->next = *pp;
	*pp = e;
	b->head = b->first->key;
	lx->nentries++;
	return 0;
}

/*
 * Reads one list.  A missing user file is fine (optional says so); a
 * missing shipped file means a broken installation.
 */
static int
load_file(struct lexicon *lx, const char *dir, const char *name,
    enum lex_kind kind, int mincols, int maxcols, int optional)
{
	char			 path[PATH_MAX], *line = NULL, *p;
	char			*col[MAX_COLS];
	size_t			 cap = 0, lineno = 0;
	ssize_t			 n;
	FILE			*fp;
	struct lex_entry	*e;
	enum lex_gender		 g = LEX_GENDER_NONE;
	int			 ncols, flags = 0, rc = -1, fcol;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path)) {
		log_warnx("lexicon: path too long: %s/%s", dir, name);
		return -1;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		if (optional && errno == ENOENT)
			return 0;
		log_warn("lexicon: %s", path);
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if ((size_t)n > LEXICON_MAX_LINE) {
			log_warnx("%s:%zu: line longer than %d bytes", path,
			    lineno, LEXICON_MAX_LINE);
			goto fail;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (strlen(line) != (size_t)n) {
			log_warnx("%s:%zu: NUL byte", path, lineno);
			goto fail;
		}
		p = line;
		ncols = 0;
		while (p != NULL && ncols < MAX_COLS)
			col[ncols++] = strsep(&p, "\t");
		if (p != NULL || ncols < mincols || ncols > maxcols) {
			log_warnx("%s:%zu: want %d to %d tab-separated "
			    "columns", path, lineno, mincols, maxcols);
			goto fail;
		}
		if (col[0][0] == '\0' || col[1][0] == '\0') {
			log_warnx("%s:%zu: empty key or value", path, lineno);
			goto fail;
		}
		flags = 0;
		g = LEX_GENDER_NONE;
		if (kind == LEX_UNIT && parse_gender(col[3], &g) == -1) {
			log_warnx("%s:%zu: gender must be m, f, n or -", path,
			    lineno);
			goto fail;
		}
		if (kind == LEX_NOUN && parse_gender(col[1], &g) == -1) {
			log_warnx("%s:%zu: gender must be m, f, n or -", path,
			    lineno);
			goto fail;
		}
		fcol = kind == LEX_UNIT ? 4 : 2;
		if (ncols > fcol && parse_flags(col[fcol], &flags) == -1) {
			log_warnx("%s:%zu: unknown flag in \"%s\"", path,
			    lineno, col[fcol]);
			goto fail;
		}
		if ((e = entry_new(col, kind)) == NULL) {
			log_warn("lexicon: calloc");
			goto fail;
		}
		e->flags = flags;
		e->gender = g;
		if (lexicon_add(lx, kind, e) == -1) {
			free(e);
			goto fail;
		}
	}
	if (ferror(fp)) {
		log_warn("lexicon: read %s", path);
		goto fail;
	}
	rc = 0;
fail:
	free(line);
	fclose(fp);
	return rc;
}

struct lexicon *
lexicon_load(const char *voices_dir, const char *user_dir)
{
	struct lexicon	*lx;
	char		 dir[PATH_MAX];
	size_t		 i;

	if ((lx = calloc(1, sizeof(*lx))) == NULL) {
		log_warn("lexicon: calloc");
		return NULL;
	}
	if (grow(lx) == -1)
		goto fail;
	if ((size_t)snprintf(dir, sizeof(dir), "%s/de", voices_dir) >=
	    sizeof(dir)) {
		log_warnx("lexicon: path too long: %s", voices_dir);
		goto fail;
	}
	for (i = 0; i < sizeof(lex_files) / sizeof(lex_files[0]); i++)
		if (load_file(lx, dir, lex_files[i].name, lex_files[i].kind,
		    lex_files[i].mincols, lex_files[i].maxcols, 0) == -1)
			goto fail;
	if (user_dir == NULL)
		return lx;
	for (i = 0; i < sizeof(lex_files) / sizeof(lex_files[0]); i++)
		if (load_file(lx, user_dir, lex_files[i].name,
		    lex_files[i].kind, lex_files[i].mincols,
		    lex_files[i].maxcols, 1) == -1)
			goto fail;
	return lx;
fail:
	lexicon_free(lx);
	return NULL;
}

void
lexicon_free(struct lexicon *lx)
{
	struct lex_entry	*e, *next;
	size_t			 i;

	if (lx == NULL)
		return;
	for (i = 0; i < lx->nbuckets; i++)
		for (e = lx->buckets[i].first; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	free(lx->buckets);
	free(lx);
}

const struct lex_entry *
lexicon_find(const struct lexicon *lx, enum lex_kind kind, const char *s,
    size_t len)
{
	struct bucket	*b;

	if (lx == NULL || len == 0 ||
	    (lx->seen[kind][(unsigned char)s[0]] & lenbit(len)) == 0)
		return NULL;
	b = bucket_find(lx, kind, s, len);
	return b->first;
}

size_t
lexicon_count(const struct lexicon *lx)
{
	return lx == NULL ? 0 : lx->nentries;
}
