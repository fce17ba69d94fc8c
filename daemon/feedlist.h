/* The subscriptions file "feeds" (newsboat's urls format) and OPML. */
#ifndef FEEDLIST_H
#define FEEDLIST_H

#include <stddef.h>

/*
 * One subscription.  The strings belong to the feedlist.  A line of the
 * file is:
 *
 *	URL [tag ...] ["~Custom title"]
 *
 * Tags and the title may be double-quoted (needed for spaces); '#' starts
 * a comment line.  Lines the parser does not understand are kept as they
 * are, like comments and blank lines.
 */
struct feedlist_feed {
	char		 *url;
	char		**tags;
	size_t		  ntags;
	char		 *title;	/* custom title, NULL if none */
};

struct feedlist;

/* Returns an empty list, or NULL when out of memory (logged). */
struct feedlist	*feedlist_new(void);
void		 feedlist_free(struct feedlist *);	/* accepts NULL */

/*
 * Replaces the list with the file's content.  A missing file is an empty
 * list (0).  -1 on a read error or a file over FEEDLIST_MAX_BYTES (logged).
 */
int	feedlist_load(struct feedlist *, const char *path);
int	feedlist_parse(struct feedlist *, const char *text, size_t len);

/*
 * Writes the list to path atomically: a temporary file in the same
 * folder, fsync, rename, so a crash leaves the old or the new file.
 * Comments, blank lines and unchanged lines are written as they were
 * read.  0 or -1 (logged).
 */
int	feedlist_save(const struct feedlist *, const char *path);
/* The file's text; a new string the caller frees, NULL on error. */
char	*feedlist_format(const struct feedlist *);

size_t	feedlist_count(const struct feedlist *);
/* The i-th feed (0-based, file order), borrowed; NULL when out of range. */
const struct feedlist_feed *feedlist_get(const struct feedlist *, size_t);
/* Index of the feed with this URL (exact match), or -1. */
long	feedlist_find(const struct feedlist *, const char *url);

/*
 * Appends a feed (tags and title may be NULL/0).  Returns 0, 1 when the URL
 * is already listed (nothing changed), -1 on error (logged).
 */
int	feedlist_add(struct feedlist *, const char *url,
	    const char * const *tags, size_t ntags, const char *title);
/* Removes the feed's line.  0, or 1 when the URL is not listed. */
int	feedlist_remove(struct feedlist *, const char *url);
/*
 * Replaces the URL of a listed feed (a permanent redirect); the line is
 * rewritten, its tags and title kept.  If newurl is listed already, the
 * old line is removed instead.  0, 1 when url is not listed, -1 (logged).
 */
int	feedlist_set_url(struct feedlist *, const char *url,
	    const char *newurl);

/*
 * Adds every feed outline (an outline with xmlUrl) of an OPML document.
 * The outline's text (else title) becomes the custom title unless it is
 * empty or the URL itself; its category attribute ("a,b" or "/a/b") and
 * the text of enclosing folder outlines become tags.  Feeds already listed
 * are skipped.  Returns the number added, or -1 if the document is not
 * OPML (logged).
 */
int	feedlist_import_opml(struct feedlist *, const char *xml, size_t len);
/*
 * An OPML 2.0 document with one flat outline per feed: text and title are
 * the custom title (else the URL), type="rss", xmlUrl, and category the
 * tags joined by ','.  A new string the caller frees, NULL on error.
 */
char	*feedlist_export_opml(const struct feedlist *);

#endif
