/*
 * feedlist: the subscriptions file "feeds", in the format of newsboat's
 * urls file, and OPML 2.0 import and export.
 *
 * The file belongs to the user, so it is kept as it was written: every
 * line is remembered, and only the lines of feeds that changed are
 * rewritten; comments, blank lines and lines we do not understand (such
 * as newsboat's "query:" feeds) survive a save untouched.  Saving writes
 * a temporary file and renames it over the old one.
 *
 * This module does not touch the database: loop.c or commands.c keep the
 * file and the store in step.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "defaults.h"
#include "feedlist.h"
#include "log.h"
#include "xml.h"

struct line {
	char			*raw;	/* as read; NULL when new or changed */
	int			 is_feed;
	struct feedlist_feed	 feed;
};

struct feedlist {
	struct line	*lines;
	size_t		 nlines, cap;
	size_t		 nfeeds;
};

static void
feed_clear(struct feedlist_feed *f)
{
	size_t	i;

	free(f->url);
	for (i = 0; i < f->ntags; i++)
		free(f->tags[i]);
	free(f->tags);
	free(f->title);
	memset(f, 0, sizeof(*f));
}

static void
clear(struct feedlist *fl)
{
	size_t	i;

	for (i = 0; i < fl->nlines; i++) {
		free(fl->lines[i].raw);
		feed_clear(&fl->lines[i].feed);
	}
	free(fl->lines);
	fl->lines = NULL;
	fl->nlines = fl->cap = fl->nfeeds = 0;
}

struct feedlist *
feedlist_new(void)
{
	struct feedlist	*fl;

	if ((fl = calloc(1, sizeof(*fl))) == NULL)
		log_warn("feedlist: calloc");
	return fl;
}

void
feedlist_free(struct feedlist *fl)
{
	if (fl == NULL)
		return;
	clear(fl);
	free(fl);
}

/* A new zeroed line at the end, or NULL (logged). */
static struct line *
append_line(struct feedlist *fl)
{
	struct line	*nl;

	if (fl->nlines == fl->cap) {
		size_t ncap = fl->cap ? fl->cap * 2 : 32;

		if ((nl = reallocarray(fl->lines, ncap, sizeof(*nl))) ==
		    NULL) {
			log_warn("feedlist: realloc");
			return NULL;
		}
		fl->lines = nl;
		fl->cap = ncap;
	}
	nl = &fl->lines[fl->nlines++];
	memset(nl, 0, sizeof(*nl));
	return nl;
}

/*
 * A copy of s[0..n) fit for one line of the file: control characters
 * (a newline in an OPML title) become spaces.  NULL when out of memory.
 */
static char *
line_dup(const char *s, size_t n)
{
	char	*d, *p;

	if ((d = strndup(s, n)) == NULL)
		return NULL;
	for (p = d; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return d;
}

/*
 * Adds a tag unless it is empty or there already.  A leading '~' is
 * dropped: in the file it would mark the custom title.
 */
static int
add_tag(struct feedlist_feed *f, const char *tag, size_t len)
{
	char	**nt;
	size_t	  i;

	while (len > 0 && *tag == '~')
		tag++, len--;
	if (len == 0 || f->ntags >= FEEDLIST_MAX_TAGS)
		return 0;
	for (i = 0; i < f->ntags; i++)
		if (strlen(f->tags[i]) == len &&
		    strncmp(f->tags[i], tag, len) == 0)
			return 0;
	if ((nt = reallocarray(f->tags, f->ntags + 1, sizeof(*nt))) == NULL)
		return -1;
	f->tags = nt;
	if ((f->tags[f->ntags] = line_dup(tag, len)) == NULL)
		return -1;
	f->ntags++;
	return 0;
}

/*
 * Reads the next token of a line: a run of non-blanks, or a double-quoted
 * string in which \" and \\ stand for themselves.  Returns a new string,
 * NULL at the end of the line; *oom is set when memory ran out.
 */
static char *
token(const char **sp, int *oom)
{
	const char	*s = *sp;
	struct buf	 b;
	char		*t;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		*sp = s;
		return NULL;
	}
	buf_init(&b, MAX_LINE);
	if (*s == '"') {
		for (s++; *s != '\0' && *s != '"'; s++) {
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			if (buf_putc(&b, *s) == -1)
				goto fail;
		}
		if (*s == '"')
			s++;
	} else {
		for (; *s != '\0' && *s != ' ' && *s != '\t'; s++)
			if (buf_putc(&b, *s) == -1)
				goto fail;
	}
	*sp = s;
	if ((t = buf_release(&b)) == NULL)
		*oom = 1;
	return t;
fail:
	buf_free(&b);
	*oom = 1;
	*sp = s + strlen(s);
	return NULL;
}

static int
is_http(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "https://", 8) == 0;
}

/* Parses one line into ln.  Returns 0 or -1 when out of memory. */
static int
parse_line(struct line *ln, const char *text)
{
	const char	*s = text;
	char		*t;
	int		 oom = 0;

	if ((ln->raw = strdup(text)) == NULL)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '#' || *s == '\0')
		return 0;
	if ((t = token(&s, &oom)) == NULL)
		return oom ? -1 : 0;
	if (!is_http(t)) {		/* query:, exec:, filter: ... */
		free(t);
		return 0;
	}
	ln->feed.url = t;
	while ((t = token(&s, &oom)) != NULL) {
		if (t[0] == '~' && ln->feed.title == NULL) {
			ln->feed.title = strdup(t + 1);
			if (ln->feed.title == NULL)
				oom = 1;
		} else if (add_tag(&ln->feed, t, strlen(t)) == -1)
			oom = 1;
		free(t);
	}
	if (oom)
		return -1;
	ln->is_feed = 1;
	return 0;
}

long
feedlist_find(const struct feedlist *fl, const char *url)
{
	size_t	i;

	for (i = 0; i < fl->nlines; i++)
		if (fl->lines[i].is_feed &&
		    strcmp(fl->lines[i].feed.url, url) == 0)
			return (long)i;
	return -1;
}

int
feedlist_parse(struct feedlist *fl, const char *text, size_t len)
{
	const char	*p = text, *end = text + len, *nl;
	struct line	*ln;
	char		*s;
	size_t		 n;

	clear(fl);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		while (n > 0 && p[n - 1] == '\r')
			n--;		/* CRLF files; written back as LF */
		if ((s = strndup(p, n)) == NULL ||
		    (ln = append_line(fl)) == NULL) {
			free(s);
			log_warn("feedlist: parse");
			clear(fl);
			return -1;
		}
		if (parse_line(ln, s) == -1) {
			free(s);
			log_warn("feedlist: parse");
			clear(fl);
			return -1;
		}
		free(s);
		if (ln->is_feed) {
			/* A URL listed twice: the first line counts, the
			 * second is kept as text. */
			if (feedlist_find(fl, ln->feed.url) !=
			    (long)(fl->nlines - 1) ||
			    fl->nfeeds >= FEEDLIST_MAX_FEEDS) {
				ln->is_feed = 0;
				feed_clear(&ln->feed);
			} else
				fl->nfeeds++;
		}
		p += (nl != NULL ? (size_t)(nl - p) + 1 : n);
		if (nl == NULL)
			break;
	}
	return 0;
}

int
feedlist_load(struct feedlist *fl, const char *path)
{
	struct buf	 b;
	char		 chunk[8192];
	ssize_t		 n;
	int		 fd, rv = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT) {
			clear(fl);
			return 0;
		}
		log_warn("feedlist: %s", path);
		return -1;
	}
	buf_init(&b, FEEDLIST_MAX_BYTES);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			log_warn("feedlist: read %s", path);
			goto done;
		}
		if (n == 0)
			break;
		if (buf_append(&b, chunk, (size_t)n) == -1) {
			log_warnx("feedlist: %s: larger than %d bytes", path,
			    FEEDLIST_MAX_BYTES);
			goto done;
		}
	}
	rv = feedlist_parse(fl, b.data != NULL ? b.data : "", b.len);
done:
	close(fd);
	buf_free(&b);
	return rv;
}

/*
 * Appends a token, quoted when it must be, after a blank; the URL, which
 * starts the line, has prefix NULL and no blank.  A title has prefix "~"
 * and is always quoted.
 */
static int
put_token(struct buf *b, const char *prefix, const char *s)
{
	const char	*p;
	int		 quote = (prefix != NULL && prefix[0] != '\0') ||
			    s[0] == '\0' || s[0] == '#' || s[0] == '"' ||
			    strpbrk(s, " \t\"\\") != NULL;

	if (prefix != NULL && buf_putc(b, ' ') == -1)
		return -1;
	if (!quote)
		return buf_puts(b, s);
	if (buf_putc(b, '"') == -1 ||
	    (prefix != NULL && buf_puts(b, prefix) == -1))
		return -1;
	for (p = s; *p != '\0'; p++)
		if ((*p == '"' || *p == '\\') && buf_putc(b, '\\') == -1)
			return -1;
		else if (buf_putc(b, *p) == -1)
			return -1;
	return buf_putc(b, '"');
}

char *
feedlist_format(const struct feedlist *fl)
{
	struct buf	 b;
	size_t		 i, k;

	buf_init(&b, FEEDLIST_MAX_BYTES);
	for (i = 0; i < fl->nlines; i++) {
		const struct line *ln = &fl->lines[i];

		if (ln->raw != NULL) {
			if (buf_puts(&b, ln->raw) == -1)
				goto fail;
		} else if (ln->is_feed) {
			if (put_token(&b, NULL, ln->feed.url) == -1)
				goto fail;
			for (k = 0; k < ln->feed.ntags; k++)
				if (put_token(&b, "", ln->feed.tags[k]) == -1)
					goto fail;
			if (ln->feed.title != NULL &&
			    put_token(&b, "~", ln->feed.title) == -1)
				goto fail;
		}
		if (ln->raw == NULL && !ln->is_feed)
			continue;		/* a removed line */
		if (buf_putc(&b, '\n') == -1)
			goto fail;
	}
	return buf_release(&b);
fail:
	log_warnx("feedlist: the list is larger than %d bytes",
	    FEEDLIST_MAX_BYTES);
	buf_free(&b);
	return NULL;
}

int
feedlist_save(const struct feedlist *fl, const char *path)
{
	char		 tmp[PATH_MAX];
	char		*text;
	struct stat	 sb;
	size_t		 len, off = 0;
	ssize_t		 n;
	mode_t		 mode = 0644;
	int		 fd;

	if ((text = feedlist_format(fl)) == NULL)
		return -1;
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >=
	    (int)sizeof(tmp)) {
		log_warnx("feedlist: %s: path too long", path);
		free(text);
		return -1;
	}
	if (stat(path, &sb) == 0)
		mode = sb.st_mode & 07777;	/* keep the user's choice */
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		log_warn("feedlist: %s", tmp);
		free(text);
		return -1;
	}
	len = strlen(text);
	while (off < len) {
		if ((n = write(fd, text + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("feedlist: write %s", tmp);
			goto fail;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, mode) == -1 || fsync(fd) == -1) {
		log_warn("feedlist: %s", tmp);
		goto fail;
	}
	if (close(fd) == -1) {
		fd = -1;
		log_warn("feedlist: close %s", tmp);
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		log_warn("feedlist: rename %s", path);
		goto fail;
	}
	free(text);
	return 0;
fail:
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(text);
	return -1;
}

size_t
feedlist_count(const struct feedlist *fl)
{
	return fl->nfeeds;
}

const struct feedlist_feed *
feedlist_get(const struct feedlist *fl, size_t i)
{
	size_t	k;

	for (k = 0; k < fl->nlines; k++)
		if (fl->lines[k].is_feed && i-- == 0)
			return &fl->lines[k].feed;
	return NULL;
}

int
feedlist_add(struct feedlist *fl, const char *url,
    const char * const *tags, size_t ntags, const char *title)
{
	struct line	*ln;
	size_t		 i;

	if (feedlist_find(fl, url) != -1)
		return 1;
	if (fl->nfeeds >= FEEDLIST_MAX_FEEDS) {
		log_warnx("feedlist: more than %d feeds", FEEDLIST_MAX_FEEDS);
		return -1;
	}
	if ((ln = append_line(fl)) == NULL)
		return -1;
	if ((ln->feed.url = line_dup(url, strlen(url))) == NULL)
		goto fail;
	for (i = 0; i < ntags; i++)
		if (tags[i] != NULL &&
		    add_tag(&ln->feed, tags[i], strlen(tags[i])) == -1)
			goto fail;
	if (title != NULL && title[0] != '\0' &&
	    (ln->feed.title = line_dup(title, strlen(title))) == NULL)
		goto fail;
	ln->is_feed = 1;
	fl->nfeeds++;
	return 0;
fail:
	log_warn("feedlist: add %s", url);
	feed_clear(&ln->feed);
	fl->nlines--;
	return -1;
}

int
feedlist_remove(struct feedlist *fl, const char *url)
{
	long		 i;
	struct line	*ln;

	if ((i = feedlist_find(fl, url)) == -1)
		return 1;
	ln = &fl->lines[i];
	free(ln->raw);
	feed_clear(&ln->feed);
	memmove(ln, ln + 1, (fl->nlines - (size_t)i - 1) * sizeof(*ln));
	fl->nlines--;
	fl->nfeeds--;
	return 0;
}

int
feedlist_set_url(struct feedlist *fl, const char *url, const char *newurl)
{
	long		 i;
	char		*u;
	struct line	*ln;

	if ((i = feedlist_find(fl, url)) == -1)
		return 1;
	if (feedlist_find(fl, newurl) != -1)
		return feedlist_remove(fl, url) == 0 ? 0 : -1;
	if ((u = line_dup(newurl, strlen(newurl))) == NULL) {
		log_warn("feedlist: set url");
		return -1;
	}
	ln = &fl->lines[i];
	free(ln->feed.url);
	ln->feed.url = u;
	free(ln->raw);		/* the line is written anew */
	ln->raw = NULL;
	return 0;
}

/* ---- OPML -------------------------------------------------------------- */

static char *
prop(xmlNode *n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s;

	if (v == NULL)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Adds the tags of a category attribute: "a,b" or "/a/b,/c". */
static int
add_categories(struct feedlist_feed *f, const char *cat)
{
	const char	*p = cat, *e;
	size_t		 n;

	while (*p != '\0') {
		e = p + strcspn(p, ",/");
		n = (size_t)(e - p);
		while (n > 0 && isspace((unsigned char)*p))
			p++, n--;
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (add_tag(f, p, n) == -1)
			return -1;
		p = *e != '\0' ? e + 1 : e;
	}
	return 0;
}

struct folders {
	const char	*names[FEEDLIST_MAX_TAGS];
	size_t		 n;
};

static int
import_outlines(struct feedlist *fl, xmlNode *n, struct folders *fo,
    int depth)
{
	xmlNode			*c;
	struct feedlist_feed	 f;
	char			*url, *text, *cat;
	int			 added = 0, r;
	size_t			 i;

	if (depth > FEED_MAX_DEPTH)
		return 0;
	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)c->name, "outline") != 0)
			continue;
		url = prop(c, "xmlUrl");
		if ((text = prop(c, "text")) == NULL || text[0] == '\0') {
			free(text);
			text = prop(c, "title");
		}
		if (url == NULL) {
			/* A folder: its name tags the feeds inside. */
			if (text != NULL && text[0] != '\0' &&
			    fo->n < FEEDLIST_MAX_TAGS)
				fo->names[fo->n++] = text;
			else {
				free(text);
				text = NULL;
			}
			r = import_outlines(fl, c->children, fo, depth + 1);
			if (text != NULL)
				fo->n--;
			free(text);
			if (r == -1)
				return -1;
			added += r;
			continue;
		}
		memset(&f, 0, sizeof(f));
		f.url = url;
		for (i = 0; i < fo->n; i++)
			if (add_tag(&f, fo->names[i], strlen(fo->names[i])) ==
			    -1)
				goto oom;
		if ((cat = prop(c, "category")) != NULL) {
			r = add_categories(&f, cat);
			free(cat);
			if (r == -1)
				goto oom;
		}
		if (is_http(url)) {
			r = feedlist_add(fl, url, (const char * const *)f.tags,
			    f.ntags, text != NULL && strcmp(text, url) != 0 ?
			    text : NULL);
			if (r == -1) {
				free(text);
				feed_clear(&f);
				return -1;
			}
			if (r == 0)
				added++;
		}
		free(text);
		feed_clear(&f);
		continue;
oom:
		log_warn("feedlist: import");
		free(text);
		feed_clear(&f);
		return -1;
	}
	return added;
}

int
feedlist_import_opml(struct feedlist *fl, const char *xml, size_t len)
{
	xmlDoc		*doc;
	xmlNode		*root, *c;
	struct folders	 fo;
	int		 rv = -1;

	if (len > FEEDLIST_MAX_BYTES) {
		log_warnx("feedlist: OPML larger than %d bytes",
		    FEEDLIST_MAX_BYTES);
		return -1;
	}
	if (xml_load() == -1)
		return -1;		/* logged there */
	/* No NOENT, no DTD loading, no network: like feed.c. */
	doc = xmlReadMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    strcmp((const char *)root->name, "opml") != 0) {
		log_warnx("feedlist: not an OPML document");
		goto done;
	}
	memset(&fo, 0, sizeof(fo));
	rv = 0;
	for (c = root->children; c != NULL; c = c->next) {
		int r;

		if (c->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)c->name, "body") != 0)
			continue;
		if ((r = import_outlines(fl, c->children, &fo, 0)) == -1) {
			rv = -1;
			break;
		}
		rv += r;
	}
done:
	xmlFreeDoc(doc);
	return rv;
}

static int
put_attr(struct buf *b, const char *name, const char *v)
{
	if (buf_printf(b, " %s=\"", name) == -1)
		return -1;
	for (; *v != '\0'; v++) {
		int r;

		switch (*v) {
		case '&':
			r = buf_puts(b, "&amp;");
			break;
		case '<':
			r = buf_puts(b, "&lt;");
			break;
		case '>':
			r = buf_puts(b, "&gt;");
			break;
		case '"':
			r = buf_puts(b, "&quot;");
			break;
		case '\t':
			r = buf_puts(b, "&#9;");
			break;
		case '\n':
			r = buf_puts(b, "&#10;");
			break;
		default:
			r = buf_putc(b, *v);
			break;
		}
		if (r == -1)
			return -1;
	}
	return buf_putc(b, '"');
}

char *
feedlist_export_opml(const struct feedlist *fl)
{
	struct buf			 b, cat;
	const struct feedlist_feed	*f;
	size_t				 i, k;
	const char			*text;

	buf_init(&b, FEEDLIST_MAX_BYTES * 2);
	buf_init(&cat, FEEDLIST_MAX_BYTES);
	if (buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n<head>\n<title>vorleser</title>\n"
	    "</head>\n<body>\n") == -1)
		goto fail;
	for (i = 0; (f = feedlist_get(fl, i)) != NULL; i++) {
		text = f->title != NULL ? f->title : f->url;
		buf_reset(&cat);
		for (k = 0; k < f->ntags; k++)
			if ((k > 0 && buf_putc(&cat, ',') == -1) ||
			    buf_puts(&cat, f->tags[k]) == -1)
				goto fail;
		if (buf_puts(&b, "<outline type=\"rss\"") == -1 ||
		    put_attr(&b, "text", text) == -1 ||
		    put_attr(&b, "title", text) == -1 ||
		    put_attr(&b, "xmlUrl", f->url) == -1 ||
		    (cat.len > 0 && put_attr(&b, "category", cat.data) == -1) ||
		    buf_puts(&b, "/>\n") == -1)
			goto fail;
	}
	if (buf_puts(&b, "</body>\n</opml>\n") == -1)
		goto fail;
	buf_free(&cat);
	return buf_release(&b);
fail:
	log_warnx("feedlist: OPML export too large");
	buf_free(&b);
	buf_free(&cat);
	return NULL;
}
