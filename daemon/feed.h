/* Feed documents (RSS 0.9x/2.0, RSS 1.0/RDF, Atom 0.3/1.0) → entries. */
#ifndef FEED_H
#define FEED_H

#include <stddef.h>
#include <stdint.h>

#include "defaults.h"

enum feed_format {
	FEED_FORMAT_UNKNOWN = 0,
	FEED_FORMAT_RSS,		/* RSS 0.9x and 2.0 */
	FEED_FORMAT_RDF,		/* RSS 1.0 and 0.90 (RDF) */
	FEED_FORMAT_ATOM,		/* Atom 1.0 and 0.3 */
};

/*
 * One item of a feed.  Every string is valid UTF-8 and owned by the
 * struct feed it belongs to; a string the document lacks is NULL, except
 * title, which is "" then.  Times are UTC seconds since the epoch; 0 means
 * the document had no (readable) date.
 */
struct entry {
	char		*title;		/* plain text, <= FEED_MAX_TITLE */
	char		*link;		/* absolute (xml:base resolved) */
	char		*guid;		/* RSS guid, Atom id, RDF rdf:about */
	char		*author;	/* plain text */
	char		*summary;	/* description/summary, may be HTML */
	char		*content;	/* full body (HTML), NULL if none */
	char		*language;	/* item xml:lang, else the feed's */
	char		*base;		/* base URL for links inside content */
	char		*enclosure_url;
	char		*enclosure_type;
	int64_t		 enclosure_length;
	char		*categories;	/* one per line, '\n' separated */
	int64_t		 published;	/* pubDate, published, dc:date */
	int64_t		 updated;	/* updated, else published */
	int		 date_guessed;	/* the date text had no zone: read as
					 * German local time (Europe/Berlin) */
};

struct feed {
	enum feed_format format;
	char		*title;		/* plain text, may be NULL */
	char		*link;		/* the site, absolute, may be NULL */
	char		*language;	/* <language>, dc:language, xml:lang */
	struct entry	*entries;	/* the newest FEED_MAX_ENTRIES, in
					 * document order */
	size_t		 nentries;
	size_t		 ndropped;	/* older items dropped past the limit */
	int		 truncated;	/* the document broke off or was
					 * malformed; entries holds the
					 * items complete before that */
	char		 reason[FEED_MAX_REASON];	/* why it is truncated
					 * or (feed_parse -1) not a feed:
					 * the parser's first error */
	int		 no_parser;	/* feed_parse -1 because libxml2
					 * could not be loaded (reason
					 * says why): not the document's
					 * fault */
};

/*
 * Parses a feed document.  body/len is borrowed.  url is the document's
 * address (the base for relative links; may be NULL).  content_type is the
 * HTTP Content-Type header value, whose charset parameter is used when the
 * document does not say (may be NULL).  Never reads files or the network.
 *
 * Returns 0 and fills *feed (the caller calls feed_free()), also for a
 * feed with no items or a truncated one (feed->truncated).  Returns -1 if
 * the bytes are not a feed at all, or libxml2 cannot be loaded
 * (feed->no_parser); the reason is logged once, and *feed is left empty
 * but for reason and no_parser (feed_free() on it is harmless).
 */
int	feed_parse(const char *body, size_t len, const char *url,
	    const char *content_type, struct feed *feed);
void	feed_free(struct feed *);	/* accepts a zeroed struct */

/*
 * Reads a feed date: RFC 822/1123 (also with German day and month names,
 * two-digit years, a wrong weekday, "+02:00", MEZ/MESZ and the usual US
 * zone names), RFC 3339/W3CDTF (fractional seconds), "YYYY-MM-DD hh:mm:ss"
 * and "DD.MM.YYYY hh:mm".  A date without a zone is read as German local
 * time and *guessed is set to 1 (guessed may be NULL).  Returns 0 and sets
 * *t (UTC seconds), or -1 when s is not a date.
 */
int	feed_parse_date(const char *s, int64_t *t, int *guessed);

#endif
