/* Filter rules: stories that match are stored but not read aloud. */
#ifndef FILTER_H
#define FILTER_H

#include <regex.h>
#include <stddef.h>

enum filter_field {
	FILTER_ANY,		/* title, feed, tags or text */
	FILTER_TITLE,
	FILTER_FEED,		/* the feed's title or URL */
	FILTER_TAG,
	FILTER_TEXT,
};

struct filter_rule {
	int			 id;		/* stable, never reused */
	enum filter_field	 field;
	int			 regex;		/* else a keyword */
	char			*pattern;
	regex_t			 re;		/* compiled when regex */
};

struct filters {
	struct filter_rule	*rules;
	size_t			 n;
	int			 next_id;
};

/* What a rule is matched against; NULL fields are empty. */
struct filter_subject {
	const char	*title;
	const char	*feed;
	const char	*tags;		/* space-separated */
	const char	*text;
};

void	filters_init(struct filters *);
void	filters_free(struct filters *);

/*
 * Reads rules from path ("<id> <field> keyword|regex <pattern>" lines,
 * '#' comments); a missing file is an empty list.  On error returns -1
 * with "file:line: reason" in err and leaves f unchanged.
 */
int	filters_load(struct filters *, const char *path, char *err,
	    size_t errsize);

/* Writes the rules to path atomically (temporary file and rename). */
int	filters_save(const struct filters *, const char *path);

/* Adds a rule; returns its id, or -1 with the reason in err (unknown
 * field, bad regular expression, too many rules). */
int	filters_add(struct filters *, const char *field, int regex,
	    const char *pattern, char *err, size_t errsize);

/* Removes rule id; 0, or -1 when there is none. */
int	filters_remove(struct filters *, int id);

/* Returns the id of the first rule that matches, or 0. */
int	filters_match(const struct filters *, const struct filter_subject *);

const char	*filters_field_name(enum filter_field);

#endif
