/*
 * siterules: reads the per-host extraction hints, so that a site whose
 * layout fools the generic extractor is fixed with a line of data, not a
 * code change.  The format is described in the shipped siterules.conf.
 * One rule per line:
 *
 *	host	keep|drop	selector
 *	host	trailer|strip	text to the end of the line
 *
 * This module only parses and looks up; extract.c applies the rules.  It
 * does no I/O besides reading the two files in siterules_load.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "defaults.h"
#include "log.h"
#include "siterules.h"

static void
rule_clear(struct siterule *r)
{
	free(r->host);
	free(r->tag);
	free(r->cls);
	free(r->id);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

void
siterules_free(struct siterules *sr)
{
	size_t	i;

	if (sr == NULL)
		return;
	for (i = 0; i < sr->nrules; i++)
		rule_clear(&sr->rules[i]);
	free(sr->rules);
	free(sr);
}

static char *
dupn(const char *s, size_t n)
{
	char	*p;

	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int
is_name_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == ':';
}

/* Splits "tag", ".cls", "#id", "tag.cls" or "tag#id" into r.  Returns a
 * reason for the message or NULL. */
static const char *
parse_selector(const char *s, size_t n, struct siterule *r)
{
	size_t	 i = 0, start;

	while (i < n && is_name_char((unsigned char)s[i]))
		i++;
	if (i > 0) {
		if ((r->tag = dupn(s, i)) == NULL)
			return "out of memory";
	}
	if (i == n)
		return i > 0 ? NULL : "empty selector";
	if (s[i] != '.' && s[i] != '#')
		return "selector is tag, .class, #id, tag.class or tag#id";
	start = ++i;
	while (i < n && is_name_char((unsigned char)s[i]))
		i++;
	if (i != n || i == start)
		return "selector is tag, .class, #id, tag.class or tag#id";
	if (s[start - 1] == '.')
		r->cls = dupn(s + start, n - start);
	else
		r->id = dupn(s + start, n - start);
	if (r->cls == NULL && r->id == NULL)
		return "out of memory";
	return NULL;
}

static const char *
parse_line(const char *p, size_t n, struct siterule *r)
{
	const char	*end = p + n, *w;
	size_t		 wn;

	/* host */
	w = p;
	while (p < end && !isspace((unsigned char)*p))
		p++;
	if ((r->host = dupn(w, (size_t)(p - w))) == NULL)
		return "out of memory";
	while (p < end && isspace((unsigned char)*p))
		p++;
	/* kind */
	w = p;
	while (p < end && !isspace((unsigned char)*p))
		p++;
	wn = (size_t)(p - w);
	if (wn == 4 && strncmp(w, "keep", 4) == 0)
		r->kind = SITERULE_KEEP;
	else if (wn == 4 && strncmp(w, "drop", 4) == 0)
		r->kind = SITERULE_DROP;
	else if (wn == 7 && strncmp(w, "trailer", 7) == 0)
		r->kind = SITERULE_TRAILER;
	else if (wn == 5 && strncmp(w, "strip", 5) == 0)
		r->kind = SITERULE_STRIP;
	else
		return "expected keep, drop, trailer or strip after the host";
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (p == end)
		return "missing selector or text";
	if (r->kind == SITERULE_TRAILER || r->kind == SITERULE_STRIP) {
		if ((r->text = dupn(p, (size_t)(end - p))) == NULL)
			return "out of memory";
		return NULL;
	}
	for (w = p; w < end; w++)
		if (isspace((unsigned char)*w))
			return "one selector per line";
	return parse_selector(p, (size_t)(end - p), r);
}

struct siterules *
siterules_parse(const char *text, size_t len, const char *name)
{
	struct siterules	*sr;
	struct siterule		 r;
	const char		*p = text, *end = text + len, *nl, *s, *e;
	const char		*why;
	size_t			 lineno = 0;

	if ((sr = calloc(1, sizeof(*sr))) == NULL) {
		log_warn("siterules: %s", name);
		return NULL;
	}
	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		s = p;
		e = nl;
		p = nl < end ? nl + 1 : end;
		while (s < e && isspace((unsigned char)*s))
			s++;
		if (s == e || *s == '#')
			continue;
		if (sr->nrules >= SITERULES_MAX_RULES) {
			log_warnx("%s:%zu: more than %d rules", name, lineno,
			    SITERULES_MAX_RULES);
			goto fail;
		}
		memset(&r, 0, sizeof(r));
		if ((why = parse_line(s, (size_t)(e - s), &r)) != NULL) {
			log_warnx("%s:%zu: %s", name, lineno, why);
			rule_clear(&r);
			goto fail;
		}
		if ((sr->nrules & 63) == 0) {
			struct siterule *n;

			n = reallocarray(sr->rules, sr->nrules + 64,
			    sizeof(*n));
			if (n == NULL) {
				log_warn("%s:%zu", name, lineno);
				rule_clear(&r);
				goto fail;
			}
			sr->rules = n;
		}
		sr->rules[sr->nrules++] = r;
	}
	return sr;
fail:
	siterules_free(sr);
	return NULL;
}

/* Reads a whole file into a new string.  *missing is set when the file
 * does not exist, which is not an error for the user's file. */
static char *
read_file(const char *path, size_t *lenp, int *missing)
{
	FILE	*fp;
	char	*data;
	size_t	 n;

	*missing = 0;
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT) {
			*missing = 1;
			return NULL;
		}
		log_warn("siterules: %s", path);
		return NULL;
	}
	if ((data = malloc(SITERULES_MAX_BYTES + 1)) == NULL) {
		log_warn("siterules: %s", path);
		fclose(fp);
		return NULL;
	}
	n = fread(data, 1, SITERULES_MAX_BYTES + 1, fp);
	if (ferror(fp)) {
		log_warn("siterules: read %s", path);
		goto fail;
	}
	if (n > SITERULES_MAX_BYTES) {
		log_warnx("siterules: %s is larger than %d bytes", path,
		    SITERULES_MAX_BYTES);
		goto fail;
	}
	fclose(fp);
	data[n] = '\0';
	*lenp = n;
	return data;
fail:
	fclose(fp);
	free(data);
	return NULL;
}

static struct siterules *
load_one(const char *path, int optional)
{
	char			*data;
	size_t			 len = 0;
	int			 missing;
	struct siterules	*sr;

	if (path == NULL)
		return calloc(1, sizeof(struct siterules));
	if ((data = read_file(path, &len, &missing)) == NULL) {
		/* Without the shipped file the generic extractor still
		 * works, and the user's rules still apply. */
		if (missing && !optional)
			log_warnx("siterules: %s: no such file", path);
		if (missing)
			return calloc(1, sizeof(struct siterules));
		return NULL;
	}
	sr = siterules_parse(data, len, path);
	free(data);
	return sr;
}

static int
has_host(const struct siterules *sr, const char *host)
{
	size_t	i;

	for (i = 0; i < sr->nrules; i++)
		if (strcasecmp(sr->rules[i].host, host) == 0)
			return 1;
	return 0;
}

struct siterules *
siterules_load(const char *shipped, const char *user)
{
	struct siterules	*a, *b;
	struct siterule		*n;
	size_t			 i, j;

	if ((a = load_one(shipped, 0)) == NULL)
		return NULL;
	if ((b = load_one(user, 1)) == NULL) {
		siterules_free(a);
		return NULL;
	}
	/* Drop the shipped rules for every host the user has rules for. */
	for (i = j = 0; i < a->nrules; i++) {
		if (has_host(b, a->rules[i].host))
			rule_clear(&a->rules[i]);
		else
			a->rules[j++] = a->rules[i];
	}
	a->nrules = j;
	if (a->nrules + b->nrules > SITERULES_MAX_RULES) {
		log_warnx("siterules: more than %d rules", SITERULES_MAX_RULES);
		goto fail;
	}
	if (b->nrules > 0) {
		n = reallocarray(a->rules, a->nrules + b->nrules, sizeof(*n));
		if (n == NULL) {
			log_warn("siterules");
			goto fail;
		}
		a->rules = n;
		memcpy(a->rules + a->nrules, b->rules,
		    b->nrules * sizeof(*n));
		a->nrules += b->nrules;
		b->nrules = 0;		/* the strings moved to a */
	}
	siterules_free(b);
	return a;
fail:
	siterules_free(a);
	siterules_free(b);
	return NULL;
}

/* "www.spiegel.de" matches the rule host "spiegel.de"; "*" matches all. */
static int
host_matches(const char *rule, const char *host)
{
	size_t	rl, hl;

	if (strcmp(rule, "*") == 0)
		return 1;
	rl = strlen(rule);
	hl = strlen(host);
	if (hl < rl || strcasecmp(host + hl - rl, rule) != 0)
		return 0;
	return hl == rl || host[hl - rl - 1] == '.';
}

size_t
siterules_for_host(const struct siterules *sr, const char *host,
    const struct siterule **out, size_t max)
{
	size_t	i, n = 0;

	if (sr == NULL || host == NULL)
		return 0;
	for (i = 0; i < sr->nrules && n < max; i++)
		if (host_matches(sr->rules[i].host, host))
			out[n++] = &sr->rules[i];
	return n;
}
