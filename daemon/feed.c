/*
 * feed: RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 documents → a list of
 * entries with plain-text titles, absolute links, UTC dates and UTF-8
 * text.
 *
 * Two passes.  The first (prepare) settles the encoding and repairs what
 * would otherwise stop an XML parser on real feeds: bytes that are not
 * UTF-8 in a document that claims UTF-8 (read as windows-1252, which is
 * what they nearly always are), control characters XML forbids, HTML
 * entities such as &nbsp; that XML does not know, and a bare '&'.  A clean
 * UTF-8 document is not copied.  The second pass streams the bytes through
 * libxml2's SAX2 push parser in small chunks, so memory stays proportional
 * to the entries kept, not to the document.
 *
 * Safety: no declared entity is ever looked up (sax_get_entity), so
 * nothing is expanded; XML_PARSE_NOENT and DTD loading are off,
 * XML_PARSE_NONET is set and no resolver is installed, so the parser
 * touches no file or network.
 * Nesting deeper than FEED_MAX_DEPTH stops the parse.
 *
 * This module does not fetch, log per item, or decide what is new.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "defaults.h"
#include "feed.h"
#include "log.h"
#include "urlnorm.h"
#include "utf8.h"
#include "xml.h"

#define NS_XML		"http://www.w3.org/XML/1998/namespace"
#define NS_ATOM10	"http://www.w3.org/2005/Atom"
#define NS_ATOM03	"http://purl.org/atom/ns#"
#define NS_RDF		"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS10	"http://purl.org/rss/1.0/"
#define NS_RSS090	"http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC		"http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS	"http://purl.org/dc/terms/"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"
#define NS_XHTML	"http://www.w3.org/1999/xhtml"

#define CHUNK		(64 * 1024)	/* bytes handed to libxml2 at once */

/* ---- HTML entities ----------------------------------------------------
 * The named entities feeds actually use.  XML knows only five, so the
 * others are turned into character references before parsing, and HTML
 * titles are decoded with the same table.
 */
struct entity {
	const char	*name;
	unsigned	 cp;
};

static const struct entity entities[] = {
	{ "AElig", 198 }, { "Aacute", 193 }, { "Acirc", 194 },
	{ "Agrave", 192 }, { "Aring", 197 }, { "Atilde", 195 },
	{ "Auml", 196 }, { "Ccedil", 199 }, { "Eacute", 201 },
	{ "Ecirc", 202 }, { "Egrave", 200 }, { "Euml", 203 },
	{ "Iacute", 205 }, { "Icirc", 206 }, { "Igrave", 204 },
	{ "Iuml", 207 }, { "Ntilde", 209 }, { "Oacute", 211 },
	{ "Ocirc", 212 }, { "Ograve", 210 }, { "Oslash", 216 },
	{ "Otilde", 213 }, { "Ouml", 214 }, { "Scaron", 352 },
	{ "Uacute", 218 }, { "Ucirc", 219 }, { "Ugrave", 217 },
	{ "Uuml", 220 }, { "Yacute", 221 }, { "aacute", 225 },
	{ "acirc", 226 }, { "acute", 180 }, { "aelig", 230 },
	{ "agrave", 224 }, { "amp", 38 }, { "apos", 39 }, { "aring", 229 },
	{ "atilde", 227 }, { "auml", 228 }, { "bdquo", 8222 },
	{ "brvbar", 166 }, { "bull", 8226 }, { "ccedil", 231 },
	{ "cedil", 184 }, { "cent", 162 }, { "copy", 169 }, { "curren", 164 },
	{ "dagger", 8224 }, { "deg", 176 }, { "divide", 247 },
	{ "eacute", 233 }, { "ecirc", 234 }, { "egrave", 232 },
	{ "euml", 235 }, { "euro", 8364 }, { "frac12", 189 },
	{ "frac14", 188 }, { "frac34", 190 }, { "gt", 62 }, { "hellip", 8230 },
	{ "iacute", 237 }, { "icirc", 238 }, { "iexcl", 161 },
	{ "igrave", 236 }, { "iquest", 191 }, { "iuml", 239 }, { "laquo", 171 },
	{ "ldquo", 8220 }, { "lsaquo", 8249 }, { "lsquo", 8216 }, { "lt", 60 },
	{ "macr", 175 }, { "mdash", 8212 }, { "micro", 181 }, { "middot", 183 },
	{ "minus", 8722 }, { "nbsp", 160 }, { "ndash", 8211 }, { "not", 172 },
	{ "ntilde", 241 }, { "oacute", 243 }, { "ocirc", 244 },
	{ "oelig", 339 }, { "ograve", 242 }, { "ordf", 170 }, { "ordm", 186 },
	{ "oslash", 248 }, { "otilde", 245 }, { "ouml", 246 }, { "para", 182 },
	{ "permil", 8240 }, { "plusmn", 177 }, { "pound", 163 },
	{ "quot", 34 }, { "raquo", 187 }, { "rdquo", 8221 }, { "reg", 174 },
	{ "rsaquo", 8250 }, { "rsquo", 8217 }, { "sbquo", 8218 },
	{ "scaron", 353 }, { "sect", 167 }, { "shy", 173 }, { "sup1", 185 },
	{ "sup2", 178 }, { "sup3", 179 }, { "szlig", 223 }, { "thinsp", 8201 },
	{ "times", 215 }, { "trade", 8482 }, { "uacute", 250 },
	{ "ucirc", 251 }, { "ugrave", 249 }, { "uml", 168 }, { "uuml", 252 },
	{ "yacute", 253 }, { "yen", 165 }, { "yuml", 255 }, { "zwj", 8205 },
	{ "zwnj", 8204 },
};

static int
entity_cmp(const void *k, const void *e)
{
	const struct entity *en = e;

	return strcmp(k, en->name);
}

/* The code point of a named entity, or 0 when unknown. */
static unsigned
entity_lookup(const char *name, size_t n)
{
	char			 key[16];
	const struct entity	*e;

	if (n == 0 || n >= sizeof(key))
		return 0;
	memcpy(key, name, n);
	key[n] = '\0';
	e = bsearch(key, entities, sizeof(entities) / sizeof(entities[0]),
	    sizeof(entities[0]), entity_cmp);
	return e != NULL ? e->cp : 0;
}

/* ---- UTF-8 ----------------------------------------------------------- */

/* windows-1252 0x80-0x9f; the five undefined bytes map to themselves as
 * C1 controls and are dropped by the caller. */
static const unsigned short cp1252[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t
seq_len(const unsigned char *p, size_t n)
{
	unsigned	cp;
	size_t		len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	/* U+FFFE and U+FFFF are not XML characters. */
	if (cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

static int
is_utf8(const char *s, size_t n, int *nonascii)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;

	*nonascii = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		*nonascii = 1;
		if ((l = seq_len(p + i, n - i)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

/*
 * Makes s valid UTF-8 in place for output: invalid bytes become '?', and
 * control characters other than tab and newline are dropped.
 */
static void
scrub(char *s)
{
	unsigned char	*r = (unsigned char *)s, *w = r;
	size_t		 n = strlen(s), l;

	while (*r != '\0') {
		/* Printable ASCII is most of any text: move it in runs. */
		if (*r >= 0x20 && *r < 0x80) {
			unsigned char *q = r;

			while (*q >= 0x20 && *q < 0x80)
				q++;
			if (w != r)
				memmove(w, r, (size_t)(q - r));
			w += q - r;
			n -= (size_t)(q - r);
			r = q;
			continue;
		}
		if (*r < 0x20) {
			if (*r == '\t' || *r == '\n')
				*w++ = *r;
			r++, n--;
			continue;
		}
		if ((l = seq_len(r, n)) == 0) {
			*w++ = '?';
			r++, n--;
			continue;
		}
		/* C1 controls (U+0080-U+009F) are never text. */
		if (l == 2 && r[0] == 0xc2 && r[1] < 0xa0) {
			r += 2, n -= 2;
			continue;
		}
		if (w != r)
			memmove(w, r, l);
		w += l, r += l, n -= l;
	}
	*w = '\0';
}

/* ---- first pass: encoding and repairs -------------------------------- */

enum charset {
	CS_UTF8,
	CS_CP1252,	/* also ISO-8859-1, as browsers do: its C1 range is
			 * never text, windows-1252's is */
	CS_OTHER,	/* left to libxml2 */
};

static enum charset
charset_kind(const char *name)
{
	static const char *const utf8[] = { "utf-8", "utf8", "us-ascii",
	    "ascii", NULL };
	static const char *const latin[] = { "iso-8859-1", "iso8859-1",
	    "latin1", "latin-1", "l1", "iso_8859-1", "windows-1252",
	    "cp1252", "x-cp1252", "iso-8859-15", "latin-9", NULL };
	int	i;

	for (i = 0; utf8[i] != NULL; i++)
		if (strcasecmp(name, utf8[i]) == 0)
			return CS_UTF8;
	for (i = 0; latin[i] != NULL; i++)
		if (strcasecmp(name, latin[i]) == 0)
			return CS_CP1252;
	return CS_OTHER;
}

/* Copies the value of a name="value" (or name=value) pair in s[0..n). */
static int
find_param(const char *s, size_t n, const char *name, char *out,
    size_t outsz)
{
	size_t		 nl = strlen(name), i, j;
	const char	*e = s + n, *p;
	char		 q;

	for (p = s; p + nl < e; p++) {
		if (strncasecmp(p, name, nl) != 0 ||
		    (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '-')))
			continue;
		i = nl;
		while (p + i < e && p[i] == ' ')
			i++;
		if (p + i >= e || p[i] != '=')
			continue;
		i++;
		while (p + i < e && p[i] == ' ')
			i++;
		q = p + i < e && (p[i] == '"' || p[i] == '\'') ? p[i++] : 0;
		for (j = 0; p + i < e && j + 1 < outsz; i++, j++) {
			if ((q != 0 && p[i] == q) || (q == 0 &&
			    (p[i] == ';' || p[i] == ' ' || p[i] == ',')))
				break;
			out[j] = p[i];
		}
		out[j] = '\0';
		return j > 0 ? 0 : -1;
	}
	return -1;
}

/* The encoding named by the XML declaration, if any. */
static int
declared_encoding(const char *s, size_t n, char *out, size_t outsz)
{
	const char	*e;

	if (n < 6 || memcmp(s, "<?xml", 5) != 0)
		return -1;
	if ((e = memchr(s, '>', n < 512 ? n : 512)) == NULL)
		return -1;
	return find_param(s, (size_t)(e - s), "encoding", out, outsz);
}

static int
is_xml_entity(const char *name, size_t n)
{
	return (n == 2 && (memcmp(name, "lt", 2) == 0 ||
	    memcmp(name, "gt", 2) == 0)) || (n == 3 &&
	    memcmp(name, "amp", 3) == 0) || (n == 4 &&
	    (memcmp(name, "quot", 4) == 0 || memcmp(name, "apos", 4) == 0));
}

/*
 * The repairs of the first pass, written lazily: out stays empty until the
 * first byte that must change, then receives everything.
 */
struct fixer {
	const char	*src;
	size_t		 done;		/* src bytes already in out */
	struct buf	*out;
	int		 failed;
};

static void
fix(struct fixer *f, size_t at, size_t skip, const char *rep, size_t rl)
{
	if (f->failed)
		return;
	if (buf_append(f->out, f->src + f->done, at - f->done) == -1 ||
	    buf_append(f->out, rep, rl) == -1)
		f->failed = 1;
	f->done = at + skip;
}

/*
 * Returns the first-pass result in out (empty when the input can be used
 * as it is), or -1 when out of memory or over the size limit.
 */
/* Bytes the first pass passes through without a look. */
#define PLAIN(c)	(((c) >= 0x20 && (c) < 0x80 && (c) != '<' && \
			    (c) != '&') || (c) == '\n' || (c) == '\t' || \
			    (c) == '\r')

/* Inside CDATA and comments '<' and '&' are ordinary characters. */
#define PLAIN_RAW(c)	(PLAIN(c) || (c) == '<' || (c) == '&')

/* SWAR: ONES * b repeats byte b in every byte of a 64-bit word. */
#define ONES		0x0101010101010101ULL
#define HIGHS		(ONES * 0x80)
#define ANY_ZERO(v)	(((v) - ONES) & ~(v) & HIGHS)
#define ANY_BELOW(v, b)	(((v) - ONES * (b)) & ~(v) & HIGHS)	/* b <= 128 */

/*
 * Skips ordinary bytes from i on, up to n: returns the index of the first
 * byte that needs a look (or n).  Feeds are mostly long runs of ASCII
 * text, and looking at them byte by byte was a quarter of the time of
 * parsing a large feed; eight bytes are tested at once here (any byte
 * below 0x20 or from 0x80 up, any '<' or '&' outside raw sections), and
 * the byte loop only looks at a word that has one.
 */
static size_t
plain_run(const unsigned char *p, size_t i, size_t n, int raw)
{
	uint64_t	v, hit;
	size_t		end;

	for (;;) {
		for (; i + 8 <= n; i += 8) {
			memcpy(&v, p + i, 8);
			hit = (v & HIGHS) | ANY_BELOW(v, 0x20);
			if (!raw)
				hit |= ANY_ZERO(v ^ (ONES * '<')) |
				    ANY_ZERO(v ^ (ONES * '&'));
			if (hit != 0)
				break;
		}
		/* A word with a tab or newline is still plain. */
		end = i + 8 < n ? i + 8 : n;
		while (i < end && (raw ? PLAIN_RAW(p[i]) : PLAIN(p[i])))
			i++;
		if (i < end || i >= n)
			return i;
	}
}

static int
prepare(const char *s, size_t n, enum charset cs, struct buf *out)
{
	struct fixer	 f = { s, 0, out, 0 };
	const unsigned char *p = (const unsigned char *)s;
	size_t		 i = 0, l, j;
	char		 tmp[16];
	size_t		 raw_until = 0;	/* end of a CDATA section or comment */
	unsigned	 cp;
	int		 has_dtd = 0;
	/* Once a search for "]]>" or "-->" failed, every later one would
	 * too: without this, each of a million unclosed "<!--" scanned the
	 * rest of the document (quadratic; minutes for a 1 MB feed). */
	int		 no_cdata_end = 0, no_comment_end = 0;

	while (i < n) {
		unsigned char c = p[i];

		/* The common case: a run of ordinary ASCII. */
		if (i < raw_until && PLAIN_RAW(c)) {
			i = plain_run(p, i + 1, raw_until < n ? raw_until : n,
			    1);
			continue;
		}
		if (PLAIN(c)) {
			i = plain_run(p, i + 1, n, 0);
			continue;
		}
		if (c == '<' && i >= raw_until) {
			const char *end = NULL, *q = s + i;

			if (n - i >= 9 && memcmp(q, "<![CDATA[", 9) == 0 &&
			    !no_cdata_end) {
				end = memmem(q + 9, n - i - 9, "]]>", 3);
				no_cdata_end = end == NULL;
			} else if (n - i >= 4 && memcmp(q, "<!--", 4) == 0 &&
			    !no_comment_end) {
				end = memmem(q + 4, n - i - 4, "-->", 3);
				no_comment_end = end == NULL;
			} else if (n - i >= 9 &&
			    memcmp(q, "<!DOCTYPE", 9) == 0) {
				/* Left alone; only notes that entities may
				 * be declared.  The parser ignores the
				 * declarations anyway. */
				has_dtd = 1;
				for (j = i, l = 0; j < n; j++) {
					if (p[j] == '[')
						l++;
					else if (p[j] == ']' && l > 0)
						l--;
					else if (p[j] == '>' && l == 0)
						break;
				}
				i = j;
				continue;
			}
			/* In CDATA and comments the bytes are still
			 * repaired, but '&' is just a character. */
			if (end != NULL)
				raw_until = (size_t)(end - s) + 3;
			i++;
			continue;
		}
		if (c == '&' && i >= raw_until) {
			l = 1;
			while (i + l < n && l < 12 &&
			    isalnum((unsigned char)s[i + l]))
				l++;
			if ((i + 1 < n && s[i + 1] == '#') || (l > 1 &&
			    i + l < n && s[i + l] == ';' && is_xml_entity(s +
			    i + 1, l - 1))) {
				i++;
				continue;
			}
			if (l > 1 && i + l < n && s[i + l] == ';' &&
			    (cp = entity_lookup(s + i + 1, l - 1)) != 0) {
				int k = snprintf(tmp, sizeof(tmp), "&#%u;", cp);
				fix(&f, i, l + 1, tmp, (size_t)k);
				i += l + 1;
				continue;
			}
			if (l > 1 && i + l < n && s[i + l] == ';' && has_dtd) {
				i++;	/* maybe declared: the parser decides */
				continue;
			}
			fix(&f, i, 1, "&amp;", 5);	/* a bare '&' */
			i++;
			continue;
		}
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			fix(&f, i, 1, " ", 1);
			i++;
			continue;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (cs == CS_UTF8 && (l = seq_len(p + i, n - i)) != 0) {
			i += l;
			continue;
		}
		/* windows-1252 (declared, or repairing a false UTF-8). */
		cp = c >= 0xa0 ? c : cp1252[c - 0x80];
		if (cp < 0xa0)
			cp = ' ';	/* the five undefined bytes */
		l = utf8_encode(cp, tmp);
		fix(&f, i, 1, tmp, l);
		i++;
	}
	if (f.done > 0)
		fix(&f, n, 0, "", 0);
	return f.failed ? -1 : 0;
}

/* ---- dates ------------------------------------------------------------ */

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		era;
	unsigned	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int64_t
mktime_utc(int y, int mo, int d, int h, int mi, int s)
{
	return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + s;
}

/* The last Sunday of a month, as a day of the month. */
static int
last_sunday(int y, int mo)
{
	int	mdays = mo == 3 || mo == 10 ? 31 : 30;
	int64_t	days = days_from_civil(y, (unsigned)mo, (unsigned)mdays);
	int	wd = (int)(((days % 7) + 11) % 7);	/* 0 = Sunday */

	return mdays - wd;
}

/*
 * German local time to UTC: CEST (+2) from the last Sunday of March,
 * 01:00 UTC, to the last Sunday of October, 01:00 UTC; CET (+1) otherwise.
 * Feeds without a zone are German here, so this guess is usually right.
 */
static int64_t
berlin_to_utc(int y, int mo, int d, int h, int mi, int s)
{
	int64_t	local = mktime_utc(y, mo, d, h, mi, s);
	int64_t	start = mktime_utc(y, 3, last_sunday(y, 3), 1, 0, 0);
	int64_t	end = mktime_utc(y, 10, last_sunday(y, 10), 1, 0, 0);
	int64_t	utc = local - 7200;

	if (utc >= start && utc < end)
		return utc;
	return local - 3600;
}

static const char *const month_names[12][4] = {
	{ "jan", "januar", "january", "jän" },
	{ "feb", "februar", "february", NULL },
	{ "mar", "märz", "march", "mär" },
	{ "apr", "april", NULL, NULL },
	{ "may", "mai", NULL, NULL },
	{ "jun", "juni", "june", NULL },
	{ "jul", "juli", "july", NULL },
	{ "aug", "august", NULL, NULL },
	{ "sep", "september", "sept", NULL },
	{ "oct", "oktober", "october", "okt" },
	{ "nov", "november", NULL, NULL },
	{ "dec", "dezember", "december", "dez" },
};

static int
month_lookup(const char *w, size_t n)
{
	int	m, k;

	for (m = 0; m < 12; m++)
		for (k = 0; k < 4; k++)
			if (month_names[m][k] != NULL &&
			    strlen(month_names[m][k]) == n &&
			    strncasecmp(w, month_names[m][k], n) == 0)
				return m + 1;
	/* "März" in upper case or "Mrz". */
	if ((n == 5 && strncasecmp(w, "M\xc3\x84RZ", 5) == 0) ||
	    (n == 3 && strncasecmp(w, "mrz", 3) == 0))
		return 3;
	return 0;
}

/* Zone names to minutes east of UTC; INT32_MIN when unknown. */
static int
zone_lookup(const char *w, size_t n)
{
	static const struct {
		const char	*name;
		int		 off;
	} zones[] = {
		{ "GMT", 0 }, { "UT", 0 }, { "UTC", 0 }, { "Z", 0 },
		{ "WET", 0 }, { "BST", 60 }, { "WEST", 60 },
		{ "CET", 60 }, { "MEZ", 60 }, { "CEST", 120 }, { "MESZ", 120 },
		{ "EET", 120 }, { "EEST", 180 },
		{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 },
		{ "CDT", -300 }, { "MST", -420 }, { "MDT", -360 },
		{ "PST", -480 }, { "PDT", -420 },
	};
	size_t	i;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strlen(zones[i].name) == n &&
		    strncasecmp(w, zones[i].name, n) == 0)
			return zones[i].off;
	return INT32_MIN;
}

/* Reads digits (at most max) at *s; -1 if there are none. */
static int
num(const char **s, int max, int *len)
{
	int	v = 0, n = 0;

	while (n < max && isdigit((unsigned char)**s)) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	if (len != NULL)
		*len = n;
	return n > 0 ? v : -1;
}

/* "+0200", "+02:00", "-05", "Z", or a zone name; minutes east. */
static int
read_zone(const char **sp, int *off)
{
	const char	*s = *sp, *w;
	int		 sign, h, m = 0, n;

	while (*s == ' ')
		s++;
	if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if ((h = num(&s, 2, &n)) == -1 || n != 2)
			return -1;
		if (*s == ':')
			s++;
		if (isdigit((unsigned char)*s) && (m = num(&s, 2, &n)) == -1)
			return -1;
		*off = sign * (h * 60 + m);
		*sp = s;
		return 0;
	}
	w = s;
	while (isalpha((unsigned char)*s))
		s++;
	if (s == w || (*off = zone_lookup(w, (size_t)(s - w))) == INT32_MIN)
		return -1;
	*sp = s;
	return 0;
}

static int
valid_fields(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
	    d <= 31 && h >= 0 && h <= 24 && mi >= 0 && mi <= 59 && s >= 0 &&
	    s <= 60;
}

static int
finish_date(int y, int mo, int d, int h, int mi, int s, int have_zone,
    int off, int64_t *t, int *guessed)
{
	if (!valid_fields(y, mo, d, h, mi, s))
		return -1;
	if (s == 60)
		s = 59;		/* a leap second is not worth a story */
	if (have_zone) {
		*t = mktime_utc(y, mo, d, h, mi, s) - (int64_t)off * 60;
		if (guessed != NULL)
			*guessed = 0;
	} else {
		*t = berlin_to_utc(y, mo, d, h, mi, s);
		if (guessed != NULL)
			*guessed = 1;
	}
	return 0;
}

/* "HH:MM[:SS[.frac]]" */
static int
read_time(const char **sp, int *h, int *mi, int *sec)
{
	const char	*s = *sp;

	*sec = 0;
	if ((*h = num(&s, 2, NULL)) == -1 || (*s != ':' && *s != '.'))
		return -1;
	s++;
	if ((*mi = num(&s, 2, NULL)) == -1)
		return -1;
	if (*s == ':') {
		s++;
		if ((*sec = num(&s, 2, NULL)) == -1)
			return -1;
		if (*s == '.' || *s == ',') {
			s++;
			while (isdigit((unsigned char)*s))
				s++;
		}
	}
	*sp = s;
	return 0;
}

int
feed_parse_date(const char *str, int64_t *t, int *guessed)
{
	const char	*s = str, *w;
	int		 y, mo = 0, d, h = 0, mi = 0, sec = 0, off = 0, n;
	int		 have_zone = 0;

	if (s == NULL)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3])) {
		/* RFC 3339 / W3CDTF / "YYYY-MM-DD hh:mm:ss" */
		y = num(&s, 4, NULL);
		mo = d = 1;
		if (*s == '-') {
			s++;
			if ((mo = num(&s, 2, NULL)) == -1)
				return -1;
			if (*s == '-') {
				s++;
				if ((d = num(&s, 2, NULL)) == -1)
					return -1;
			}
		}
		if (*s == 'T' || *s == 't' || *s == ' ') {
			w = s + 1;
			if (read_time(&w, &h, &mi, &sec) == 0) {
				s = w;
				if (read_zone(&s, &off) == 0)
					have_zone = 1;
			}
		} else if (*s == 'Z' || *s == 'z') {
			have_zone = 1;	/* a date with Z: midnight UTC */
		}
		return finish_date(y, mo, d, h, mi, sec, have_zone, off, t,
		    guessed);
	}
	w = s;
	if (isdigit((unsigned char)w[0]) && (w[1] == '.' ||
	    (isdigit((unsigned char)w[1]) && w[2] == '.')) &&
	    isdigit((unsigned char)w[w[1] == '.' ? 2 : 3])) {
		/* German "30.05.2025 13:23" or "30.5.25, 13:23 Uhr" */
		d = num(&s, 2, NULL);
		s++;
		if ((mo = num(&s, 2, NULL)) == -1 || *s++ != '.')
			return -1;
		if ((y = num(&s, 4, &n)) == -1)
			return -1;
		if (n == 2)
			y += y < 70 ? 2000 : 1900;
		while (*s == ' ' || *s == ',')
			s++;
		if (isdigit((unsigned char)*s) &&
		    read_time(&s, &h, &mi, &sec) == -1)
			return -1;
		if (read_zone(&s, &off) == 0)
			have_zone = 1;
		return finish_date(y, mo, d, h, mi, sec, have_zone, off, t,
		    guessed);
	}
	/* RFC 822: [weekday ","] day month year time zone.  The weekday is
	 * ignored (feeds get it wrong), any language. */
	/* Also "Montag, 2. Juni 2025" and "Mo 2 Jun 2025". */
	while (*s != '\0' && !isdigit((unsigned char)*s))
		s++;
	if ((d = num(&s, 2, NULL)) == -1)
		return -1;
	while (*s == ' ' || *s == '-' || *s == '.')
		s++;
	w = s;
	while (*s != '\0' && *s != ' ' && *s != '-' && *s != '.')
		s++;
	if ((mo = month_lookup(w, (size_t)(s - w))) == 0)
		return -1;
	while (*s == ' ' || *s == '-' || *s == '.')
		s++;
	if ((y = num(&s, 4, &n)) == -1)
		return -1;
	if (n == 2)
		y += y < 70 ? 2000 : 1900;
	else if (n != 4)
		return -1;
	while (*s == ' ' || *s == ',')
		s++;
	if (isdigit((unsigned char)*s)) {
		if (read_time(&s, &h, &mi, &sec) == -1)
			return -1;
		if (read_zone(&s, &off) == 0)
			have_zone = 1;
	}
	return finish_date(y, mo, d, h, mi, sec, have_zone, off, t, guessed);
}

/* ---- second pass: SAX ------------------------------------------------ */

enum field {
	F_NONE = 0,
	F_TITLE, F_LINK, F_GUID, F_AUTHOR, F_SUMMARY, F_CONTENT,
	F_PUBLISHED, F_UPDATED, F_CATEGORY, F_LANGUAGE,
	F_FEED_TITLE, F_FEED_LINK, F_FEED_LANGUAGE, F_FEED_AUTHOR,
	F_IGNORE,		/* captured text thrown away */
};

/* How a captured text becomes the field's value. */
enum textkind {
	TK_TEXT,		/* plain text */
	TK_HTML,		/* escaped HTML */
	TK_XHTML,		/* inline XHTML, serialised by us */
};

struct frame {
	char		*base;		/* xml:base in effect (own_base) */
	char		*lang;		/* xml:lang in effect (own_lang) */
	int		 own_base, own_lang;
};

struct slot {
	struct entry	 e;
	size_t		 seq;		/* document order */
};

struct parser {
	xmlParserCtxtPtr ctxt;
	const char	*url;
	struct feed	*feed;
	int		 depth;		/* of the current element, root = 1 */
	struct frame	 frames[FEED_MAX_DEPTH + 2];
	int		 stopped;	/* not a feed, or too deep */
	int		 not_feed;
	char		 err[FEED_MAX_REASON];	/* the first XML error */
	/* the entry being read */
	int		 item_depth;	/* 0 when outside an item */
	struct entry	 cur;
	char		*cur_published, *cur_updated, *cur_dcdate;
	struct buf	 cats;
	int		 link_rank;	/* quality of cur.link (Atom rel) */
	int		 author_depth;	/* inside atom:author */
	int		 guid_permalink;	/* isPermaLink="true" */
	char		*rss_ns;	/* namespace of a root <rss>, if any */
	char		*feed_author;	/* Atom feed author: the entries' default */
	/* the text being captured */
	enum field	 field;
	enum textkind	 kind;
	int		 cap_depth;
	struct buf	 text;
	char		*cap_base;	/* base of the capturing element */
	/* the result */
	struct slot	*slots;
	size_t		 nslots, seq;
	size_t		 minslot;	/* the oldest kept, when full */
	int		 replaced;
};

static void
frame_pop(struct frame *f)
{
	if (f->own_base)
		free(f->base);
	if (f->own_lang)
		free(f->lang);
	memset(f, 0, sizeof(*f));
}

static void
entry_clear(struct entry *e)
{
	free(e->title);
	free(e->link);
	free(e->guid);
	free(e->author);
	free(e->summary);
	free(e->content);
	free(e->language);
	free(e->base);
	free(e->enclosure_url);
	free(e->enclosure_type);
	free(e->categories);
	memset(e, 0, sizeof(*e));
}

static void
cur_reset(struct parser *p)
{
	entry_clear(&p->cur);
	free(p->cur_published);
	free(p->cur_updated);
	free(p->cur_dcdate);
	p->cur_published = p->cur_updated = p->cur_dcdate = NULL;
	buf_reset(&p->cats);
	p->link_rank = 0;
	p->author_depth = 0;
	p->guid_permalink = 0;
}

static int
is_ns(const xmlChar *uri, const char *ns)
{
	return uri != NULL && strcmp((const char *)uri, ns) == 0;
}

static int
is_atom(const xmlChar *uri)
{
	return is_ns(uri, NS_ATOM10) || is_ns(uri, NS_ATOM03);
}

/* Elements of RSS itself: no namespace (RSS 0.9x/2.0), RSS 1.0/0.90, or
 * the namespace the root <rss> declared (Userland's RSS 2.0 one exists). */
static int
is_rss(const struct parser *p, const xmlChar *uri)
{
	return uri == NULL || is_ns(uri, NS_RSS10) || is_ns(uri, NS_RSS090) ||
	    (p->rss_ns != NULL && is_ns(uri, p->rss_ns));
}

static int
name_is(const xmlChar *name, const char *s)
{
	return strcmp((const char *)name, s) == 0;
}

static const char *
attr(int nattr, const xmlChar **attrs, const char *name, const char *ns,
    size_t *len)
{
	int	i;

	for (i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + i * 5;

		if (!name_is(a[0], name))
			continue;
		if (ns == NULL ? a[2] != NULL : !is_ns(a[2], ns))
			continue;
		*len = (size_t)(a[4] - a[3]);
		return (const char *)a[3];
	}
	return NULL;
}

static char *
attr_dup(int nattr, const xmlChar **attrs, const char *name, const char *ns)
{
	const char	*v;
	size_t		 len;

	if ((v = attr(nattr, attrs, name, ns, &len)) == NULL)
		return NULL;
	if (len > FEED_MAX_FIELD)
		len = FEED_MAX_FIELD;
	return strndup(v, len);
}

static int
attr_is(int nattr, const xmlChar **attrs, const char *name, const char *val)
{
	const char	*v;
	size_t		 len;

	if ((v = attr(nattr, attrs, name, NULL, &len)) == NULL)
		return val == NULL;
	return val != NULL && strlen(val) == len &&
	    strncasecmp(v, val, len) == 0;
}

/* Appends as much of s/n as fits under the buffer's max. */
static void
append_some(struct buf *b, const char *s, size_t n)
{
	size_t	room = b->max - b->len;

	if (n > room)
		n = room;
	(void)buf_append(b, s, n);	/* fails only when out of memory */
}

static void
append_escaped(struct buf *b, const char *s, size_t n)
{
	size_t	i, start = 0;

	for (i = 0; i < n; i++) {
		const char *rep = NULL;

		switch (s[i]) {
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '&':
			rep = "&amp;";
			break;
		case '"':
			rep = "&quot;";
			break;
		}
		if (rep == NULL)
			continue;
		append_some(b, s + start, i - start);
		append_some(b, rep, strlen(rep));
		start = i + 1;
	}
	append_some(b, s + start, n - start);
}

/* Decodes HTML entities in place (the result is never longer). */
static void
decode_entities(char *s)
{
	char		*r = s, *w = s, *e, tmp[4];
	unsigned long	 cp;
	size_t		 l;

	while (*r != '\0') {
		if (*r != '&' || (e = strchr(r, ';')) == NULL || e - r > 12) {
			*w++ = *r++;
			continue;
		}
		cp = 0;
		if (r[1] == '#') {
			if (r[2] == 'x' || r[2] == 'X')
				cp = strtoul(r + 3, NULL, 16);
			else if (isdigit((unsigned char)r[2]))
				cp = strtoul(r + 2, NULL, 10);
		} else
			cp = entity_lookup(r + 1, (size_t)(e - r - 1));
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 &&
		    cp <= 0xdfff)) {
			*w++ = *r++;
			continue;
		}
		if (cp >= 0x80 && cp < 0xa0)
			cp = cp1252[cp - 0x80];	/* &#150; means a dash */
		l = utf8_encode((uint32_t)cp, tmp);
		if ((size_t)(e + 1 - r) < l) {	/* cannot happen: "&#N;" >= 4 */
			*w++ = *r++;
			continue;
		}
		memcpy(w, tmp, l);
		w += l;
		r = e + 1;
	}
	*w = '\0';
}

/* Removes tags from HTML text in place. */
static void
strip_tags(char *s)
{
	char	*r = s, *w = s;

	while (*r != '\0') {
		if (*r == '<' && (isalpha((unsigned char)r[1]) || r[1] == '/' ||
		    r[1] == '!') && strchr(r, '>') != NULL) {
			r = strchr(r, '>') + 1;
			*w++ = ' ';
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* Collapses runs of white space (including no-break space) to one space
 * and trims. */
static void
squeeze(char *s)
{
	char	*r = s, *w = s;
	int	 sp = 0;

	while (*r != '\0') {
		if (isspace((unsigned char)*r) ||
		    ((unsigned char)r[0] == 0xc2 &&
		    (unsigned char)r[1] == 0xa0)) {
			r += (unsigned char)*r == 0xc2 ? 2 : 1;
			sp = w != s;
			continue;
		}
		if (sp)
			*w++ = ' ';
		sp = 0;
		*w++ = *r++;
	}
	*w = '\0';
}

/* Cuts s to at most max bytes at a character boundary. */
static void
cut_utf8(char *s, size_t max)
{
	size_t	n = strlen(s);

	if (n <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	s[max] = '\0';
}

static char *
trim_dup(const char *s)
{
	size_t	n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return strndup(s, n);
}

/* A plain-text title from captured text of the given kind. */
static char *
make_title(const char *text, enum textkind kind)
{
	char	*t;

	if ((t = strdup(text)) == NULL)
		return NULL;
	if (kind != TK_TEXT)
		strip_tags(t);
	/* RSS titles are plain text by the spec, but feeds put entities
	 * in them twice often enough; decoding never hurts a real title. */
	decode_entities(t);
	scrub(t);
	squeeze(t);
	cut_utf8(t, FEED_MAX_TITLE);
	return t;
}

static void
set_str(char **dst, char *val)
{
	if (val == NULL)
		return;
	if (*dst != NULL || val[0] == '\0') {	/* the first one wins */
		free(val);
		return;
	}
	*dst = val;
}

static const char *
cur_base(struct parser *p)
{
	return p->frames[p->depth].base;
}

static void
start_capture(struct parser *p, enum field f, enum textkind k)
{
	p->field = f;
	p->kind = k;
	p->cap_depth = p->depth;
	buf_reset(&p->text);
	p->text.max = f == F_SUMMARY || f == F_CONTENT ? FEED_MAX_TEXT :
	    f == F_TITLE || f == F_FEED_TITLE ? FEED_MAX_TITLE * 2 :
	    FEED_MAX_FIELD;
	free(p->cap_base);
	p->cap_base = cur_base(p) != NULL ? strdup(cur_base(p)) : NULL;
}

static enum textkind
atom_kind(int nattr, const xmlChar **attrs)
{
	const char	*v;
	size_t		 len;

	if ((v = attr(nattr, attrs, "type", NULL, &len)) != NULL) {
		if ((len == 4 && strncasecmp(v, "html", 4) == 0) ||
		    (len == 9 && strncasecmp(v, "text/html", 9) == 0))
			return TK_HTML;
		if ((len == 5 && strncasecmp(v, "xhtml", 5) == 0) ||
		    (len == 21 && strncasecmp(v, "application/xhtml+xml",
		    21) == 0))
			return TK_XHTML;
	}
	/* Atom 0.3: mode="xml" is inline markup, "escaped" is HTML. */
	if ((v = attr(nattr, attrs, "mode", NULL, &len)) != NULL) {
		if (len == 3 && strncmp(v, "xml", 3) == 0)
			return TK_XHTML;
		if (len == 7 && strncmp(v, "escaped", 7) == 0)
			return TK_HTML;
	}
	return TK_TEXT;
}

static void
stop(struct parser *p)
{
	p->stopped = 1;
	xmlStopParser(p->ctxt);
}

/* Atom <link>: picks the best alternate link, and enclosures. */
static void
atom_link(struct parser *p, int nattr, const xmlChar **attrs)
{
	char	*href, *rel, *type, *len;
	int	 rank;

	if ((href = attr_dup(nattr, attrs, "href", NULL)) == NULL)
		return;
	rel = attr_dup(nattr, attrs, "rel", NULL);
	type = attr_dup(nattr, attrs, "type", NULL);
	if (p->item_depth == 0) {
		if (rel == NULL || strcmp(rel, "alternate") == 0)
			set_str(&p->feed->link, urlnorm_resolve(cur_base(p),
			    href));
		goto done;
	}
	if (rel != NULL && strcmp(rel, "enclosure") == 0) {
		if (p->cur.enclosure_url == NULL) {
			p->cur.enclosure_url = urlnorm_resolve(cur_base(p),
			    href);
			p->cur.enclosure_type = type;
			type = NULL;
			if ((len = attr_dup(nattr, attrs, "length",
			    NULL)) != NULL) {
				p->cur.enclosure_length = strtoll(len, NULL,
				    10);
				free(len);
			}
		}
		goto done;
	}
	if (rel != NULL && strcmp(rel, "alternate") != 0)
		goto done;
	/* An HTML alternate beats any other alternate. */
	rank = type == NULL || strcmp(type, "text/html") == 0 ? 2 : 1;
	if (rank > p->link_rank) {
		free(p->cur.link);
		p->cur.link = urlnorm_resolve(cur_base(p), href);
		p->link_rank = rank;
	}
done:
	free(href);
	free(rel);
	free(type);
}

/* Decides which field a child element of an item or channel fills. */
static void
item_child(struct parser *p, const xmlChar *name, const xmlChar *uri,
    int nattr, const xmlChar **attrs)
{
	enum feed_format fmt = p->feed->format;
	char		*v;

	if (fmt == FEED_FORMAT_ATOM && is_atom(uri)) {
		if (name_is(name, "title"))
			start_capture(p, F_TITLE, atom_kind(nattr, attrs));
		else if (name_is(name, "link"))
			atom_link(p, nattr, attrs);
		else if (name_is(name, "id"))
			start_capture(p, F_GUID, TK_TEXT);
		else if (name_is(name, "published") ||
		    name_is(name, "issued") || name_is(name, "created"))
			start_capture(p, F_PUBLISHED, TK_TEXT);
		else if (name_is(name, "updated") || name_is(name, "modified"))
			start_capture(p, F_UPDATED, TK_TEXT);
		else if (name_is(name, "author"))
			p->author_depth = p->depth;
		else if (name_is(name, "summary"))
			start_capture(p, F_SUMMARY, atom_kind(nattr, attrs));
		else if (name_is(name, "content")) {
			/* Out-of-line content (src=) has no text here. */
			if (attr_is(nattr, attrs, "src", NULL))
				start_capture(p, F_CONTENT,
				    atom_kind(nattr, attrs));
		} else if (name_is(name, "category")) {
			if ((v = attr_dup(nattr, attrs, "term",
			    NULL)) != NULL) {
				if (p->cats.len > 0)
					append_some(&p->cats, "\n", 1);
				append_some(&p->cats, v, strlen(v));
				free(v);
			}
		}
		return;
	}
	if (fmt != FEED_FORMAT_ATOM && is_rss(p, uri)) {
		if (name_is(name, "title"))
			start_capture(p, F_TITLE, TK_TEXT);
		else if (name_is(name, "link"))
			start_capture(p, F_LINK, TK_TEXT);
		else if (name_is(name, "guid")) {
			/* isPermaLink (default true) travels as TK_HTML,
			 * read by end_capture; a guid is never HTML. */
			start_capture(p, F_GUID, TK_TEXT);
			p->kind = attr_is(nattr, attrs, "isPermaLink",
			    "false") ? TK_TEXT : TK_HTML;
		} else if (name_is(name, "pubDate"))
			start_capture(p, F_PUBLISHED, TK_TEXT);
		else if (name_is(name, "description"))
			start_capture(p, F_SUMMARY, TK_HTML);
		else if (name_is(name, "author"))
			start_capture(p, F_AUTHOR, TK_TEXT);
		else if (name_is(name, "category"))
			start_capture(p, F_CATEGORY, TK_TEXT);
		else if (name_is(name, "enclosure") &&
		    p->cur.enclosure_url == NULL) {
			if ((v = attr_dup(nattr, attrs, "url",
			    NULL)) != NULL) {
				p->cur.enclosure_url =
				    urlnorm_resolve(cur_base(p), v);
				free(v);
			}
			p->cur.enclosure_type = attr_dup(nattr, attrs, "type",
			    NULL);
			if ((v = attr_dup(nattr, attrs, "length",
			    NULL)) != NULL) {
				p->cur.enclosure_length = strtoll(v, NULL, 10);
				free(v);
			}
		}
		return;
	}
	if (is_ns(uri, NS_DC)) {
		if (name_is(name, "date"))
			start_capture(p, F_PUBLISHED, TK_TEXT);
		else if (name_is(name, "creator"))
			start_capture(p, F_AUTHOR, TK_TEXT);
		else if (name_is(name, "subject"))
			start_capture(p, F_CATEGORY, TK_TEXT);
		else if (name_is(name, "language"))
			start_capture(p, F_LANGUAGE, TK_TEXT);
		return;
	}
	if (is_ns(uri, NS_DCTERMS) && name_is(name, "modified")) {
		start_capture(p, F_UPDATED, TK_TEXT);
		return;
	}
	if (is_ns(uri, NS_CONTENT) && name_is(name, "encoded"))
		start_capture(p, F_CONTENT, TK_HTML);
}

static void
channel_child(struct parser *p, const xmlChar *name, const xmlChar *uri,
    int nattr, const xmlChar **attrs)
{
	if (p->feed->format == FEED_FORMAT_ATOM) {
		if (!is_atom(uri))
			return;
		if (name_is(name, "title"))
			start_capture(p, F_FEED_TITLE, atom_kind(nattr, attrs));
		else if (name_is(name, "link"))
			atom_link(p, nattr, attrs);
		else if (name_is(name, "author"))
			p->author_depth = p->depth;
		return;
	}
	if (is_rss(p, uri)) {
		if (name_is(name, "title"))
			start_capture(p, F_FEED_TITLE, TK_TEXT);
		else if (name_is(name, "link"))
			start_capture(p, F_FEED_LINK, TK_TEXT);
		else if (name_is(name, "language"))
			start_capture(p, F_FEED_LANGUAGE, TK_TEXT);
	} else if (is_ns(uri, NS_DC) && name_is(name, "language"))
		start_capture(p, F_FEED_LANGUAGE, TK_TEXT);
}

static int
is_item(struct parser *p, const xmlChar *name, const xmlChar *uri)
{
	if (p->feed->format == FEED_FORMAT_ATOM)
		return is_atom(uri) && name_is(name, "entry");
	return is_rss(p, uri) && name_is(name, "item");
}

static void
sax_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
    int ndefaulted, const xmlChar **attrs)
{
	struct parser	*p = ctx;
	struct frame	*f, *up;
	const char	*v;
	size_t		 len;
	char		*s;
	int		 i;

	if (p->stopped)
		return;
	if (p->depth >= FEED_MAX_DEPTH) {
		snprintf(p->err, sizeof(p->err), "nesting deeper than %d",
		    FEED_MAX_DEPTH);
		stop(p);
		return;
	}
	up = &p->frames[p->depth];
	p->depth++;
	f = &p->frames[p->depth];
	memset(f, 0, sizeof(*f));
	f->base = up->base;
	f->lang = up->lang;
	if ((v = attr(nattr, attrs, "base", NS_XML, &len)) != NULL &&
	    (s = strndup(v, len)) != NULL) {
		char *r = urlnorm_resolve(up->base, s);

		free(s);
		if (r != NULL) {
			f->base = r;
			f->own_base = 1;
		}
	}
	if ((v = attr(nattr, attrs, "lang", NS_XML, &len)) != NULL && len > 0 &&
	    len < 64 && (s = strndup(v, len)) != NULL) {
		f->lang = s;
		f->own_lang = 1;
	}

	/* Inside a captured element: only XHTML content is kept, as
	 * markup; text elsewhere keeps its characters, loses its tags. */
	if (p->field != F_NONE) {
		if (p->kind != TK_XHTML || p->depth == p->cap_depth + 1)
			return;	/* the xhtml wrapper <div> is dropped */
		append_some(&p->text, "<", 1);
		append_some(&p->text, (const char *)name,
		    strlen((const char *)name));
		for (i = 0; i < nattr; i++) {
			const xmlChar **a = attrs + i * 5;

			append_some(&p->text, " ", 1);
			append_some(&p->text, (const char *)a[0],
			    strlen((const char *)a[0]));
			append_some(&p->text, "=\"", 2);
			append_escaped(&p->text, (const char *)a[3],
			    (size_t)(a[4] - a[3]));
			append_some(&p->text, "\"", 1);
		}
		append_some(&p->text, ">", 1);
		return;
	}

	if (p->depth == 1) {
		/* The root says what this is. */
		if (name_is(name, "rss")) {
			p->feed->format = FEED_FORMAT_RSS;
			if (uri != NULL)
				p->rss_ns = strdup((const char *)uri);
		}
		else if (name_is(name, "RDF") && is_ns(uri, NS_RDF))
			p->feed->format = FEED_FORMAT_RDF;
		else if (name_is(name, "feed") && is_atom(uri))
			p->feed->format = FEED_FORMAT_ATOM;
		else {
			p->not_feed = 1;
			snprintf(p->err, sizeof(p->err),
			    "root element <%.40s> is not RSS, RDF or Atom",
			    (const char *)name);
			stop(p);
		}
		if (f->lang != NULL)
			p->feed->language = strdup(f->lang);
		return;
	}
	if (p->item_depth == 0 && is_item(p, name, uri)) {
		cur_reset(p);
		p->item_depth = p->depth;
		if (p->feed->format == FEED_FORMAT_RDF)
			p->cur.guid = attr_dup(nattr, attrs, "about", NS_RDF);
		return;
	}
	if (p->item_depth != 0) {
		if (p->depth == p->item_depth + 1)
			item_child(p, name, uri, nattr, attrs);
		else if (p->author_depth != 0 &&
		    p->depth == p->author_depth + 1 && is_atom(uri) &&
		    name_is(name, "name"))
			start_capture(p, F_AUTHOR, TK_TEXT);
		return;
	}
	if (p->author_depth != 0 && p->depth == p->author_depth + 1 &&
	    is_atom(uri) && name_is(name, "name")) {
		start_capture(p, F_FEED_AUTHOR, TK_TEXT);
		return;
	}
	/* Channel level: RSS <channel> children (depth 3), Atom <feed>
	 * children (depth 2), RDF <channel> children (depth 3). */
	if ((p->feed->format == FEED_FORMAT_ATOM && p->depth == 2) ||
	    (p->feed->format != FEED_FORMAT_ATOM && p->depth == 3))
		channel_child(p, name, uri, nattr, attrs);
	if (p->depth == 1 + (p->feed->format != FEED_FORMAT_ATOM) &&
	    p->feed->language == NULL && f->lang != NULL)
		p->feed->language = strdup(f->lang);
}

static void
scrub_opt(char *s)
{
	if (s != NULL)
		scrub(s);
}

/*
 * Text fields were scrubbed when captured, except summary and content
 * (done here, for kept entries only); attribute values (links, terms)
 * come straight from libxml2, which may pass C1 controls.
 */
static void
scrub_entry(struct entry *e)
{
	scrub_opt(e->link);
	scrub_opt(e->guid);
	scrub_opt(e->summary);
	scrub_opt(e->content);
	scrub_opt(e->language);
	scrub_opt(e->base);
	scrub_opt(e->enclosure_url);
	scrub_opt(e->enclosure_type);
	scrub_opt(e->categories);
}

/* Keeps a finished entry, or drops the oldest when FEED_MAX_ENTRIES are
 * kept already. */
static void
keep_entry(struct parser *p)
{
	struct slot	*s;
	size_t		 i;

	if (p->nslots < FEED_MAX_ENTRIES) {
		s = &p->slots[p->nslots++];
	} else {
		/* Full: the new one replaces the oldest kept, if newer.
		 * A feed in newest-first order never gets here twice
		 * without dropping, so the rescan is rare. */
		s = &p->slots[p->minslot];
		p->feed->ndropped++;
		if (p->cur.published <= s->e.published) {
			cur_reset(p);
			return;
		}
		entry_clear(&s->e);
		p->replaced = 1;
	}
	s->e = p->cur;
	s->seq = p->seq++;
	scrub_entry(&s->e);
	memset(&p->cur, 0, sizeof(p->cur));
	cur_reset(p);
	if (p->nslots == FEED_MAX_ENTRIES) {
		p->minslot = 0;
		for (i = 1; i < p->nslots; i++)
			if (p->slots[i].e.published <
			    p->slots[p->minslot].e.published)
				p->minslot = i;
	}
}

static void
finish_item(struct parser *p)
{
	struct entry	*e = &p->cur;
	int64_t		 t;
	int		 g;

	/* An RSS permalink guid is the link when there is none. */
	if (e->link == NULL && p->guid_permalink && e->guid != NULL &&
	    (strncmp(e->guid, "http://", 7) == 0 ||
	    strncmp(e->guid, "https://", 8) == 0))
		e->link = strdup(e->guid);
	if (e->title == NULL)
		e->title = strdup("");
	if (e->title == NULL) {
		cur_reset(p);
		return;
	}
	if (p->cur_published != NULL &&
	    feed_parse_date(p->cur_published, &t, &g) == 0) {
		e->published = t;
		e->date_guessed = g;
	} else if (p->cur_dcdate != NULL &&
	    feed_parse_date(p->cur_dcdate, &t, &g) == 0) {
		e->published = t;
		e->date_guessed = g;
	}
	if (p->cur_updated != NULL &&
	    feed_parse_date(p->cur_updated, &t, &g) == 0) {
		e->updated = t;
		if (e->published == 0) {
			e->published = t;
			e->date_guessed = g;
		}
	}
	if (e->updated == 0)
		e->updated = e->published;
	if (e->language == NULL && p->feed->language != NULL)
		e->language = strdup(p->feed->language);
	/* Atom: an entry without an author has the feed's. */
	if (e->author == NULL && p->feed_author != NULL)
		e->author = strdup(p->feed_author);
	if (e->base == NULL && cur_base(p) != NULL)
		e->base = strdup(cur_base(p));
	if (p->cats.len > 0)
		e->categories = strdup(p->cats.data);
	keep_entry(p);
}

/* Turns the captured text into the field it was captured for. */
static void
end_capture(struct parser *p)
{
	struct entry	*e = &p->cur;
	char		 empty[1] = "";
	char		*t = p->text.data != NULL ? p->text.data : empty;
	char		*v = NULL;

	/* Summary and content are scrubbed in keep_entry, so the items
	 * past FEED_MAX_ENTRIES cost no more than their parse. */
	if (p->field != F_SUMMARY && p->field != F_CONTENT)
		scrub(t);
	switch (p->field) {
	case F_TITLE:
		set_str(&e->title, make_title(t, p->kind));
		break;
	case F_FEED_TITLE:
		set_str(&p->feed->title, make_title(t, p->kind));
		break;
	case F_LINK:
		if ((v = trim_dup(t)) != NULL) {
			set_str(&e->link, urlnorm_resolve(p->cap_base, v));
			free(v);
		}
		break;
	case F_FEED_LINK:
		if ((v = trim_dup(t)) != NULL) {
			set_str(&p->feed->link, urlnorm_resolve(p->cap_base,
			    v));
			free(v);
		}
		break;
	case F_GUID:
		set_str(&e->guid, trim_dup(t));
		if (p->feed->format == FEED_FORMAT_RSS && p->kind == TK_HTML)
			p->guid_permalink = 1;
		break;
	case F_AUTHOR:
		if ((v = strdup(t)) != NULL) {
			squeeze(v);
			set_str(&e->author, v);
		}
		break;
	case F_SUMMARY:
		set_str(&e->summary, trim_dup(t));
		break;
	case F_CONTENT:
		set_str(&e->content, trim_dup(t));
		if (e->content != NULL && e->base == NULL &&
		    p->cap_base != NULL)
			e->base = strdup(p->cap_base);
		break;
	case F_PUBLISHED:
		/* dc:date and pubDate both come here; the first wins. */
		if (p->cur_published == NULL)
			p->cur_published = trim_dup(t);
		break;
	case F_UPDATED:
		if (p->cur_updated == NULL)
			p->cur_updated = trim_dup(t);
		break;
	case F_CATEGORY:
		if ((v = trim_dup(t)) != NULL && v[0] != '\0') {
			if (p->cats.len > 0)
				append_some(&p->cats, "\n", 1);
			append_some(&p->cats, v, strlen(v));
		}
		free(v);
		break;
	case F_LANGUAGE:
		set_str(&e->language, trim_dup(t));
		break;
	case F_FEED_AUTHOR:
		if ((v = strdup(t)) != NULL) {
			squeeze(v);
			set_str(&p->feed_author, v);
		}
		break;
	case F_FEED_LANGUAGE:
		set_str(&p->feed->language, trim_dup(t));
		break;
	default:
		break;
	}
	p->field = F_NONE;
	buf_reset(&p->text);
}

/* HTML elements without an end tag: "</br>" would be read as another
 * line break. */
static int
is_void(const char *name)
{
	static const char *const v[] = { "area", "base", "br", "col",
	    "embed", "hr", "img", "input", "link", "meta", "param", "source",
	    "track", "wbr" };
	size_t	i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(name, v[i]) == 0)
			return 1;
	return 0;
}

static void
sax_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct parser	*p = ctx;

	if (p->stopped || p->depth == 0)
		return;
	if (p->field != F_NONE) {
		if (p->depth == p->cap_depth)
			end_capture(p);
		else if (p->kind == TK_XHTML && p->depth > p->cap_depth + 1 &&
		    !is_void((const char *)name)) {
			append_some(&p->text, "</", 2);
			append_some(&p->text, (const char *)name,
			    strlen((const char *)name));
			append_some(&p->text, ">", 1);
		}
	} else if (p->item_depth != 0 && p->depth == p->item_depth) {
		if (p->cur.language == NULL &&
		    p->frames[p->depth].own_lang)
			p->cur.language = strdup(p->frames[p->depth].lang);
		if (p->frames[p->depth].own_base && p->cur.base == NULL)
			p->cur.base = strdup(p->frames[p->depth].base);
		finish_item(p);
		p->item_depth = 0;
	} else if (p->author_depth != 0 && p->depth == p->author_depth)
		p->author_depth = 0;
	frame_pop(&p->frames[p->depth]);
	p->depth--;
}

static void
sax_text(void *ctx, const xmlChar *ch, int len)
{
	struct parser	*p = ctx;

	if (p->field == F_NONE || p->stopped || len <= 0)
		return;
	if (p->kind == TK_XHTML)
		append_escaped(&p->text, (const char *)ch, (size_t)len);
	else
		append_some(&p->text, (const char *)ch, (size_t)len);
}

/*
 * After a fatal error libxml2 delivers nothing more (it is not in
 * recovery mode), but it goes on reading and reporting: a feed of a
 * million "<!--<!--" raised a million errors, each formatted and
 * allocated.  So the first fatal error stops the parser; the items
 * complete before it are kept either way.
 */
static void
sax_error(void *ctx, xmlErrorPtr err)
{
	struct parser	*p = ctx;
	size_t		 n;

	if (err == NULL || err->level < XML_ERR_ERROR)
		return;
	if (p->err[0] == '\0') {
		snprintf(p->err, sizeof(p->err), "line %d: %s", err->line,
		    err->message != NULL ? err->message : "XML error");
		n = strlen(p->err);
		if (n > 0 && p->err[n - 1] == '\n')
			p->err[n - 1] = '\0';
	}
	if (err->level == XML_ERR_FATAL && !p->stopped)
		stop(p);
}

/*
 * Every declared entity is unknown to us, so a reference to one is an
 * error that ends the parse: nothing is expanded (billion laughs) and no
 * external entity is read (file:///etc/passwd).  The five predefined
 * entities and character references never come here.
 */
static xmlEntityPtr
sax_get_entity(void *ctx, const xmlChar *name)
{
	return NULL;
}

static int
slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The charset parameter of a Content-Type value. */
static int
http_charset(const char *ct, char *out, size_t outsz)
{
	const char	*semi;

	if (ct == NULL || (semi = strchr(ct, ';')) == NULL)
		return -1;
	return find_param(semi, strlen(semi), "charset", out, outsz);
}

int
feed_parse(const char *body, size_t len, const char *url,
    const char *content_type, struct feed *feed)
{
	struct parser	 p;
	xmlSAXHandler	 sax;
	struct buf	 fixed;
	char		 decl[64], http[64];
	const char	*doc = body, *chosen = NULL, *what = url ? url : "feed";
	size_t		 doclen = len, off, n;
	enum charset	 cs;
	int		 have_decl, have_http, nonascii, valid, opts, rv = -1;
	int		 utf16 = 0;

	memset(feed, 0, sizeof(*feed));
	if (xml_load() == -1) {		/* logged there */
		snprintf(feed->reason, sizeof(feed->reason),
		    "cannot load libxml2: %s", xml_error());
		feed->no_parser = 1;
		return -1;
	}
	memset(&p, 0, sizeof(p));
	/* A repair can triple a byte (windows-1252 to UTF-8); a document
	 * that needs more than that is not a feed worth reading. */
	buf_init(&fixed, len <= (SIZE_MAX - 1024) / 3 ? len * 3 + 1024 :
	    SIZE_MAX);
	buf_init(&p.text, FEED_MAX_TEXT);
	buf_init(&p.cats, FEED_MAX_FIELD);

	/* The encoding: a BOM wins; then the XML declaration and the HTTP
	 * charset; when they disagree about UTF-8, the bytes decide. */
	if (len >= 3 && memcmp(doc, "\xef\xbb\xbf", 3) == 0) {
		doc += 3;
		doclen -= 3;
		chosen = "utf-8";
	} else if (len >= 2 && (memcmp(doc, "\xff\xfe", 2) == 0 ||
	    memcmp(doc, "\xfe\xff", 2) == 0))
		utf16 = 1;
	/* White space before the declaration is an error to libxml2. */
	while (doclen > 0 && (doc[0] == ' ' || doc[0] == '\n' ||
	    doc[0] == '\r' || doc[0] == '\t')) {
		doc++;
		doclen--;
	}
	have_decl = declared_encoding(doc, doclen, decl, sizeof(decl)) == 0;
	have_http = http_charset(content_type, http, sizeof(http)) == 0;
	if (chosen == NULL) {
		if (have_decl && have_http &&
		    (charset_kind(decl) == CS_UTF8) !=
		    (charset_kind(http) == CS_UTF8)) {
			valid = is_utf8(doc, doclen, &nonascii);
			if (valid && nonascii)
				chosen = charset_kind(decl) == CS_UTF8 ?
				    decl : http;
			else
				chosen = charset_kind(decl) == CS_UTF8 ?
				    http : decl;
		} else if (have_decl)
			chosen = decl;
		else if (have_http)
			chosen = http;
		else
			chosen = "utf-8";
	}
	cs = utf16 ? CS_OTHER : charset_kind(chosen);
	/*
	 * The opposite mislabelling: a feed that says ISO-8859-1 but is
	 * UTF-8.  Latin-1 German text practically never forms valid
	 * multi-byte UTF-8 sequences, so valid UTF-8 with non-ASCII bytes
	 * is UTF-8 whatever the label says.
	 */
	if (cs == CS_CP1252 && is_utf8(doc, doclen, &nonascii) && nonascii)
		cs = CS_UTF8;
	if (cs != CS_OTHER) {
		if (prepare(doc, doclen, cs, &fixed) == -1) {
			log_warnx("%s: cannot repair the document (out of "
			    "memory, or too much to repair)", what);
			goto done;
		}
		if (fixed.len > 0) {
			doc = fixed.data;
			doclen = fixed.len;
		}
	}

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = sax_start;
	sax.endElementNs = sax_end;
	sax.characters = sax_text;
	sax.cdataBlock = sax_text;
	sax.serror = sax_error;
	sax.getEntity = sax_get_entity;
	/* No resolveEntity or externalSubset: nothing is ever fetched. */

	p.feed = feed;
	p.url = url;
	if ((p.slots = calloc(FEED_MAX_ENTRIES, sizeof(*p.slots))) == NULL) {
		log_warn("%s: calloc", what);
		goto done;
	}
	if (url != NULL && (p.frames[0].base = strdup(url)) != NULL)
		p.frames[0].own_base = 1;
	p.ctxt = xmlCreatePushParserCtxt(&sax, &p, NULL, 0, url);
	if (p.ctxt == NULL) {
		log_warnx("%s: cannot create an XML parser", what);
		goto done;
	}
	opts = XML_PARSE_NONET | XML_PARSE_NOCDATA;
	if (cs != CS_OTHER)
		opts |= XML_PARSE_IGNORE_ENC;	/* it is UTF-8 now */
	xmlCtxtUseOptions(p.ctxt, opts);
	if (cs == CS_OTHER && !utf16 && !have_decl) {
		xmlCharEncodingHandlerPtr h;

		if ((h = xmlFindCharEncodingHandler(chosen)) != NULL)
			xmlSwitchToEncoding(p.ctxt, h);
	}
	for (off = 0; off < doclen && !p.stopped; off += n) {
		n = doclen - off < CHUNK ? doclen - off : CHUNK;
		if (xmlParseChunk(p.ctxt, doc + off, (int)n,
		    off + n == doclen) != 0)
			break;
	}
	if (doclen == 0)
		(void)xmlParseChunk(p.ctxt, NULL, 0, 1);

	if (p.err[0] == '\0')
		snprintf(p.err, sizeof(p.err), "%s", p.not_feed ||
		    feed->format == FEED_FORMAT_UNKNOWN ? "no root element" :
		    "ends early");
	if (p.not_feed || feed->format == FEED_FORMAT_UNKNOWN) {
		log_warnx("%s: not a feed: %s", what, p.err);
		goto done;
	}
	if (p.stopped || !p.ctxt->wellFormed || p.depth != 0) {
		feed->truncated = 1;
		snprintf(feed->reason, sizeof(feed->reason), "%s", p.err);
		log_warnx("%s: broken document (%s); keeping %zu complete "
		    "items", what, p.err, p.nslots);
	}
	scrub_opt(feed->title);
	scrub_opt(feed->link);
	scrub_opt(feed->language);
	if (p.replaced)
		qsort(p.slots, p.nslots, sizeof(*p.slots), slot_cmp);
	if (p.nslots > 0) {
		size_t i;

		if ((feed->entries = calloc(p.nslots,
		    sizeof(*feed->entries))) == NULL) {
			log_warn("%s: calloc", what);
			goto done;
		}
		for (i = 0; i < p.nslots; i++) {
			feed->entries[i] = p.slots[i].e;
			memset(&p.slots[i].e, 0, sizeof(p.slots[i].e));
		}
		feed->nentries = p.nslots;
	}
	rv = 0;
done:
	if (p.ctxt != NULL) {
		/* libxml2 keeps a document of entity declarations even in
		 * SAX mode; nothing reads it (see sax_get_entity). */
		if (p.ctxt->myDoc != NULL)
			xmlFreeDoc(p.ctxt->myDoc);
		xmlFreeParserCtxt(p.ctxt);
	}
	while (p.depth > 0)
		frame_pop(&p.frames[p.depth--]);
	frame_pop(&p.frames[0]);
	cur_reset(&p);
	if (p.slots != NULL) {
		size_t i;

		for (i = 0; i < p.nslots; i++)
			entry_clear(&p.slots[i].e);
		free(p.slots);
	}
	free(p.cap_base);
	free(p.rss_ns);
	free(p.feed_author);
	buf_free(&p.text);
	buf_free(&p.cats);
	buf_free(&fixed);
	if (rv == -1) {
		feed_free(feed);
		snprintf(feed->reason, sizeof(feed->reason), "%s", p.err[0] !=
		    '\0' ? p.err : "cannot parse");
	}
	return rv;
}

void
feed_free(struct feed *feed)
{
	size_t	i;

	if (feed == NULL)
		return;
	for (i = 0; i < feed->nentries; i++)
		entry_clear(&feed->entries[i]);
	free(feed->entries);
	free(feed->title);
	free(feed->link);
	free(feed->language);
	memset(feed, 0, sizeof(*feed));
}
