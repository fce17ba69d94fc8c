/* Site rules: per-host hints for article extraction, kept as data. */
#ifndef SITERULES_H
#define SITERULES_H

#include <stddef.h>

enum siterule_kind {
	SITERULE_KEEP,		/* the element holding the article */
	SITERULE_DROP,		/* an element never read aloud */
	SITERULE_TRAILER,	/* a paragraph starting so ends the story */
	SITERULE_STRIP,		/* a paragraph starting so is dropped */
};

/*
 * A selector is "tag", ".class", "#id", "tag.class" or "tag#id"; a class
 * matches one whole word of the class attribute.  Unused parts are NULL.
 * For TRAILER and STRIP only text is set.
 */
struct siterule {
	char	*host;		/* "example.de" (and its subdomains) or "*" */
	int	 kind;		/* enum siterule_kind */
	char	*tag;
	char	*cls;
	char	*id;
	char	*text;
};

struct siterules {
	struct siterule	*rules;
	size_t		 nrules;
};

/*
 * Reads the shipped rules file and then the user's (either path may be
 * NULL).  A missing file is no error (a missing shipped one is logged).
 * The user's rules for a host replace all shipped rules for that host.
 * Returns a new set the caller frees with siterules_free, or NULL after
 * logging "file:line: reason" for the first bad line; the caller then
 * keeps its old set.
 */
struct siterules *siterules_load(const char *shipped, const char *user);

/* Parses rules from memory; name is used in messages.  Same contract. */
struct siterules *siterules_parse(const char *text, size_t len,
	    const char *name);

void	siterules_free(struct siterules *);	/* accepts NULL */

/*
 * Fills out with pointers to the rules that apply to host (borrowed from
 * rules, valid until it is freed), at most max of them, and returns how
 * many.  rules and host may be NULL: no rules apply.
 */
size_t	siterules_for_host(const struct siterules *, const char *host,
	    const struct siterule **out, size_t max);

#endif
