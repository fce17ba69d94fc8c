/*
 * filter: the user's rules for stories that must not be read ("nothing
 * about football", "no stories from this feed before 8:00" is a script's
 * job).  A rule is a keyword (case-insensitive substring) or a POSIX
 * extended regular expression, matched against the title, the feed, the
 * tags, the text or all of them.
 *
 * The rules live in a small text file in the configuration folder so a
 * user can read and edit them; the module parses, matches and writes
 * that file and knows nothing about stories or the socket.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "defaults.h"
#include "filter.h"
#include "log.h"

static const char *const field_names[] = {
	"any", "title", "feed", "tag", "text"
};

const char *
filters_field_name(enum filter_field f)
{
	return field_names[f];
}

void
filters_init(struct filters *f)
{
	memset(f, 0, sizeof(*f));
	f->next_id = 1;
}

static void
rule_free(struct filter_rule *r)
{
	if (r->regex)
		regfree(&r->re);
	free(r->pattern);
}

void
filters_free(struct filters *f)
{
	size_t	i;

	for (i = 0; i < f->n; i++)
		rule_free(&f->rules[i]);
	free(f->rules);
	filters_init(f);
}

static int
field_parse(const char *s)
{
	size_t	i;

	for (i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++)
		if (strcmp(s, field_names[i]) == 0)
			return (int)i;
	return -1;
}

/* The ']' that closes the bracket expression opening at p, or NULL. */
static const char *
bracket_end(const char *p)
{
	const char	*q = p + 1, *e;

	if (*q == '^')
		q++;
	if (*q == ']')
		q++;			/* a leading ']' is a plain character */
	for (; *q != '\0' && *q != ']'; q++) {
		if (*q != '[' || (q[1] != ':' && q[1] != '.' && q[1] != '='))
			continue;
		/* [:alpha:], [.-.], [=e=]: up to the matching ":]" */
		for (e = q + 2; *e != '\0' && (e[0] != q[1] || e[1] != ']');
		    e++)
			;
		if (*e == '\0')
			return NULL;
		q = e + 1;
	}
	return *q == ']' ? q : NULL;
}

/*
 * glibc's regcomp copies a subexpression for every repetition it
 * expands: "x+" becomes "xx*" and "x{3}" becomes "xxx", nested ones
 * multiply, so "(a{1000}){1000}" or "e++++...+" costs gigabytes.  This
 * bounds the product of those factors, counted as if every quantifier
 * were nested in the next: conservative, and no real filter comes near.
 *
 * Repeating what can match the empty string costs far more: regcomp's
 * epsilon closures then grow faster than exponentially.  fuzz_protocol
 * found "W*+++++" taking 47 s; "((a?|b?|...)+){1,16}" takes minutes.
 * So a quantifier right after another is refused (POSIX leaves its
 * meaning undefined anyway), and so is a repeated group holding a "*",
 * "?", "{0,n}" or an empty alternative, even where the group as a whole
 * cannot match nothing ("(a*b)+"): counting that is a parser's job, and
 * filters on headlines do not need it.  Bracket expressions are skipped:
 * "[*+]" is two plain characters.  0, or -1 with the reason in err.
 */
static int
regex_bounded(const char *p, char *err, size_t errsize)
{
	const char	*q;
	char		 open[MAX_FILTER_PATTERN + 1];	/* per open group:
							 * may match nothing */
	long		 n, most, factor = 1;
	size_t		 depth = 0;
	int		 quant, after_quant = 0, empty, closes;
	int		 after_group = 0, group_empty = 0;

	for (; *p != '\0'; p++) {
		quant = empty = closes = 0;
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '[') {
			if ((q = bracket_end(p)) == NULL)
				return 0;	/* unbalanced: regcomp says so */
			p = q;
		} else if (*p == '(') {
			if (depth == sizeof(open))
				return 0;	/* longer than any pattern */
			open[depth++] = p[1] == '|' || p[1] == ')';
		} else if (*p == '|')
			empty = p[1] == '|' || p[1] == ')' || p[1] == '\0';
		else if (*p == ')' && depth > 0) {
			closes = 1;
			group_empty = open[--depth];
			if (depth > 0)
				open[depth - 1] |= group_empty;
		} else if (*p == '*' || *p == '?')
			quant = empty = 1;
		else if (*p == '+')
			quant = 1;
		else if (*p == '{' && ((p[1] >= '0' && p[1] <= '9') ||
		    (p[1] == ',' && p[2] >= '0' && p[2] <= '9'))) {
			quant = 1;
			empty = p[1] == ',' || (p[1] == '0' && (p[2] == ',' ||
			    p[2] == '}'));
			most = 0;
			for (q = p + 1; *q != '\0' && *q != '}'; q++) {
				if (*q < '0' || *q > '9')
					continue;
				n = strtol(q, (char **)&q, 10);
				if (n > most)
					most = n > FILTER_MAX_EXPANSION ?
					    FILTER_MAX_EXPANSION : n;
				q--;
			}
			if (*q == '\0')
				return 0;	/* unbalanced: regcomp says so */
			factor *= most + 1;
			p = q;
		}
		if (*p == '+')
			factor *= 2;
		if (quant && after_quant) {
			snprintf(err, errsize, "bad regular expression: a "
			    "repetition of a repetition (\"x*+\", \"x{2}{3}\"); "
			    "use parentheses");
			return -1;
		}
		if (quant && after_group && group_empty) {
			snprintf(err, errsize, "bad regular expression: a "
			    "repeated group with *, ?, {0,n} or an empty "
			    "alternative inside (\"(a?b)+\")");
			return -1;
		}
		if (factor > FILTER_MAX_EXPANSION) {
			snprintf(err, errsize, "bad regular expression: too "
			    "many repetitions ({m,n} and + multiply to more "
			    "than %d)", FILTER_MAX_EXPANSION);
			return -1;
		}
		if (empty && depth > 0)
			open[depth - 1] = 1;
		after_quant = quant;
		after_group = closes;
	}
	return 0;
}

/* Adds a rule with a given id (0: the next one). */
static int
add(struct filters *f, int id, const char *field, int regex,
    const char *pattern, char *err, size_t errsize)
{
	struct filter_rule	 r, *nr;
	int			 fld, rc;

	memset(&r, 0, sizeof(r));
	if ((fld = field_parse(field)) == -1) {
		snprintf(err, errsize, "unknown field '%s' (any, title, feed, "
		    "tag, text)", field);
		return -1;
	}
	if (*pattern == '\0' || strlen(pattern) > MAX_FILTER_PATTERN) {
		snprintf(err, errsize, "the pattern must have 1 to %d bytes",
		    MAX_FILTER_PATTERN);
		return -1;
	}
	if (f->n >= MAX_FILTERS) {
		snprintf(err, errsize, "at most %d rules", MAX_FILTERS);
		return -1;
	}
	r.field = fld;
	r.regex = regex;
	if (regex && regex_bounded(pattern, err, errsize) == -1)
		return -1;
	if (regex && (rc = regcomp(&r.re, pattern,
	    REG_EXTENDED | REG_ICASE | REG_NOSUB)) != 0) {
		char	why[128];

		regerror(rc, &r.re, why, sizeof(why));
		snprintf(err, errsize, "bad regular expression: %s", why);
		return -1;
	}
	if ((r.pattern = strdup(pattern)) == NULL ||
	    (nr = realloc(f->rules, (f->n + 1) * sizeof(*nr))) == NULL) {
		snprintf(err, errsize, "out of memory");
		rule_free(&r);
		return -1;
	}
	r.id = id > 0 ? id : f->next_id;
	if (r.id >= f->next_id)
		f->next_id = r.id + 1;
	f->rules = nr;
	f->rules[f->n++] = r;
	return r.id;
}

int
filters_add(struct filters *f, const char *field, int regex,
    const char *pattern, char *err, size_t errsize)
{
	return add(f, 0, field, regex, pattern, err, errsize);
}

int
filters_remove(struct filters *f, int id)
{
	size_t	i;

	for (i = 0; i < f->n; i++)
		if (f->rules[i].id == id) {
			rule_free(&f->rules[i]);
			memmove(&f->rules[i], &f->rules[i + 1],
			    (f->n - i - 1) * sizeof(f->rules[0]));
			f->n--;
			return 0;
		}
	return -1;
}

int
filters_load(struct filters *out, const char *path, char *err,
    size_t errsize)
{
	struct filters	 f;
	FILE		*fp;
	char		 line[MAX_FILTER_PATTERN + 128], field[16], kind[16];
	char		 why[256], *p;
	int		 id, n, lineno = 0;

	filters_init(&f);
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT) {
			filters_free(out);
			*out = f;
			return 0;
		}
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p == '\0' || *p == '#')
			continue;
		n = 0;
		if (sscanf(p, "%d %15s %15s %n", &id, field, kind, &n) != 3 ||
		    n == 0 || id <= 0 || (strcmp(kind, "keyword") != 0 &&
		    strcmp(kind, "regex") != 0)) {
			snprintf(err, errsize, "%s:%d: expected '<id> <field> "
			    "keyword|regex <pattern>'", path, lineno);
			goto fail;
		}
		if (add(&f, id, field, strcmp(kind, "regex") == 0, p + n, why,
		    sizeof(why)) == -1) {
			snprintf(err, errsize, "%s:%d: %s", path, lineno, why);
			goto fail;
		}
	}
	fclose(fp);
	filters_free(out);
	*out = f;
	return 0;
fail:
	fclose(fp);
	filters_free(&f);
	return -1;
}

int
filters_save(const struct filters *f, const char *path)
{
	char	 tmp[4096];
	FILE	*fp;
	size_t	 i;
	int	 n;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		log_warnx("filters: path too long: %s", path);
		return -1;
	}
	if ((fp = fopen(tmp, "w")) == NULL) {
		log_warn("filters: %s", tmp);
		return -1;
	}
	fprintf(fp, "# vorleser filter rules: stories that match are not "
	    "read.\n# <id> <field> keyword|regex <pattern>\n");
	for (i = 0; i < f->n; i++)
		fprintf(fp, "%d %s %s %s\n", f->rules[i].id,
		    field_names[f->rules[i].field],
		    f->rules[i].regex ? "regex" : "keyword",
		    f->rules[i].pattern);
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		log_warn("filters: write %s", tmp);
		fclose(fp);
		unlink(tmp);
		return -1;
	}
	fclose(fp);
	if (rename(tmp, path) == -1) {
		log_warn("filters: rename %s", tmp);
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Case-insensitive substring search; ASCII folding is enough for the
 * keywords people type, and UTF-8 bytes above 0x7f compare exactly. */
static int
contains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle);

	if (hay == NULL)
		return 0;
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

static int
match_one(const struct filter_rule *r, const char *s)
{
	if (s == NULL)
		return 0;
	if (r->regex)
		return regexec(&r->re, s, 0, NULL, 0) == 0;
	return contains(s, r->pattern);
}

int
filters_match(const struct filters *f, const struct filter_subject *s)
{
	const struct filter_rule	*r;
	size_t				 i;
	int				 hit;

	for (i = 0; i < f->n; i++) {
		r = &f->rules[i];
		switch (r->field) {
		case FILTER_TITLE:
			hit = match_one(r, s->title);
			break;
		case FILTER_FEED:
			hit = match_one(r, s->feed);
			break;
		case FILTER_TAG:
			hit = match_one(r, s->tags);
			break;
		case FILTER_TEXT:
			hit = match_one(r, s->text);
			break;
		default:
			hit = match_one(r, s->title) || match_one(r, s->feed) ||
			    match_one(r, s->tags) || match_one(r, s->text);
			break;
		}
		if (hit)
			return r->id;
	}
	return 0;
}
