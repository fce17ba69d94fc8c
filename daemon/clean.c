/*
 * clean: makes page and feed text fit to be read aloud.  Character work
 * (entities, invisible characters, emoji, quotes, dashes, whitespace)
 * happens per paragraph; boilerplate that survived extraction (photo
 * credits, agency tags, "Mehr zum Thema", "Lesen Sie auch", ad labels,
 * bylines) is recognised per paragraph and dropped.
 *
 * It does not expand numbers, dates or abbreviations (normalize.c does)
 * and knows nothing about HTML structure (extract.c does).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clean.h"
#include "defaults.h"
#include "utf8.h"
#include "xml.h"

/* Reads one UTF-8 character; invalid bytes read as U+FFFD, length 1. */
static size_t
u8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t	len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		*cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		*cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		*cp = s[0] & 0x07;
	} else
		goto bad;
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, and surrogates: CESU-8 from a broken CMS is not
	 * UTF-8 and would reach the speaker as such. */
	if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) ||
	    (len == 4 && (*cp < 0x10000 || *cp > 0x10ffff)) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		goto bad;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

static int
u8_put(struct buf *b, uint32_t cp)
{
	char	s[UTF8_MAX];

	return buf_append(b, s, utf8_encode(cp, s));
}

/* Decodes &name; &#N; and &#xH; into out.  Unknown ones stay. */
static int
decode_entities(const char *in, size_t len, struct buf *out)
{
	const char		*p = in, *end = in + len, *semi;
	char			 name[40];
	const htmlEntityDesc	*e;
	unsigned long		 cp;
	size_t			 n;
	char			*ep;

	while (p < end) {
		/* Copy up to the next '&' in one go. */
		if (*p != '&') {
			if ((semi = memchr(p, '&', (size_t)(end - p))) == NULL)
				semi = end;
			if (buf_append(out, p, (size_t)(semi - p)) == -1)
				return -1;
			p = semi;
			continue;
		}
		if ((semi = memchr(p, ';', (size_t)(end - p))) == NULL ||
		    (n = (size_t)(semi - p - 1)) == 0 || n >= sizeof(name) ||
		    memchr(p + 1, ' ', n) != NULL) {
			if (buf_putc(out, *p++) == -1)
				return -1;
			continue;
		}
		memcpy(name, p + 1, n);
		name[n] = '\0';
		cp = 0;
		if (name[0] == '#') {
			if (name[1] == 'x' || name[1] == 'X')
				cp = strtoul(name + 2, &ep, 16);
			else
				cp = strtoul(name + 1, &ep, 10);
			if (*ep != '\0' || ep == name + 1)
				cp = 0;
			if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
				cp = 0xfffd;
			/* Windows-1252 quotes and dashes sent as &#150; etc. */
			if (cp == 150)
				cp = 0x2013;
			else if (cp == 151)
				cp = 0x2014;
			else if (cp == 145 || cp == 146)
				cp = '\'';
			else if (cp == 147 || cp == 148 || cp == 132)
				cp = '"';
		} else if (xml_load() == 0 &&
		    (e = htmlEntityLookup((const xmlChar *)name)) != NULL)
			cp = e->value;
		else if (strcmp(name, "apos") == 0)
			cp = '\'';
		if (cp == 0) {
			if (buf_putc(out, *p++) == -1)
				return -1;
			continue;
		}
		if (u8_put(out, (uint32_t)cp) == -1)
			return -1;
		p = semi + 1;
	}
	return 0;
}

/* What a character becomes: itself, nothing, a space or a replacement. */
enum { C_KEEP, C_DROP, C_SPACE, C_DQUOTE, C_SQUOTE, C_DASH, C_HYPHEN };

static int
char_class(uint32_t c)
{
	if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		return C_SPACE;
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return C_DROP;			/* control characters */
	if (c == 0xa0 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f ||
	    c == 0x205f || c == 0x3000 || c == 0x1680)
		return C_SPACE;			/* no-break and wide spaces */
	if (c == 0xad || (c >= 0x200b && c <= 0x200f) || c == 0x034f ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) ||
	    c == 0xfeff || c == 0x180e || c == 0xfffd || c == 0xfffc)
		return C_DROP;		/* soft hyphen, zero-width, bidi */
	if (c == 0x201c || c == 0x201d || c == 0x201e || c == 0x201f ||
	    c == 0xab || c == 0xbb || c == 0x2033 || c == 0x301d ||
	    c == 0x301e || c == 0xff02)
		return C_DQUOTE;
	if (c == 0x2018 || c == 0x2019 || c == 0x201a || c == 0x201b ||
	    c == 0x2039 || c == 0x203a || c == 0x2032 || c == 0xb4 ||
	    c == 0x60)
		return C_SQUOTE;
	if (c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2015 ||
	    c == 0x2e3a || c == 0x2e3b)
		return C_DASH;
	if (c == 0x2010 || c == 0x2011 || c == 0x2212 || c == 0xfe63 ||
	    c == 0xff0d)
		return C_HYPHEN;
	/* Emoji and pictographs, their modifiers and joiners. */
	if ((c >= 0x1f000 && c <= 0x1faff) || (c >= 0x2600 && c <= 0x27bf) ||
	    (c >= 0x2b00 && c <= 0x2bff) || (c >= 0xfe00 && c <= 0xfe0f) ||
	    (c >= 0xe0000 && c <= 0xe007f) || c == 0x20e3 ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || c == 0x2122 || c == 0xae ||
	    (c >= 0x2190 && c <= 0x21ff && c != 0x2192) ||
	    (c >= 0x25a0 && c <= 0x25ff) || c == 0x2022)
		return C_DROP;
	return C_KEEP;
}

/* Maps characters and collapses whitespace into out. */
static int
map_chars(const char *in, size_t len, struct buf *out)
{
	const unsigned char	*s = (const unsigned char *)in;
	size_t			 i = 0, k;
	uint32_t		 c;
	int			 space = 0, r = 0, cls;

	while (i < len && r == 0) {
		/* Plain printable ASCII goes through in runs. */
		if (s[i] > 0x20 && s[i] < 0x7f && s[i] != '`') {
			size_t	e = i;

			while (e < len && s[e] > 0x20 && s[e] < 0x7f &&
			    s[e] != '`')
				e++;
			if (space && out->len > 0)
				r |= buf_putc(out, ' ');
			space = 0;
			r |= buf_append(out, s + i, e - i);
			i = e;
			continue;
		}
		k = u8_get(s + i, len - i, &c);
		cls = char_class(c);
		switch (cls) {
		case C_DROP:
			break;
		case C_SPACE:
			space = 1;
			break;
		default:
			if (space && out->len > 0)
				r |= buf_putc(out, ' ');
			space = 0;
			switch (cls) {
			case C_DQUOTE:
				r |= buf_putc(out, '"');
				break;
			case C_SQUOTE:
				r |= buf_putc(out, '\'');
				break;
			case C_DASH:
				r |= buf_puts(out, "\xe2\x80\x93");
				break;
			case C_HYPHEN:
				r |= buf_putc(out, '-');
				break;
			default:
				r |= buf_append(out, s + i, k);
				break;
			}
			break;
		}
		i += k;
	}
	return r;
}

static int
starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Trailers that follow the story's last sentence in scraped text. */
static const char *const trailers[] = {
	"Mehr zum Thema", "Lesen Sie auch", "Lesen Sie mehr", "Weiterlesen",
	"Auch interessant", "Das könnte Sie auch interessieren", "Mehr dazu",
	"Zum Thema", "Siehe auch", "Lesetipp", NULL
};

/* Cuts "... vor. Mehr zum Thema - Nordkorea ..." after the sentence. */
static void
cut_fused_trailer(char *s)
{
	char	*p;
	size_t	 i, l;

	if (*s == '\0')
		return;
	for (i = 0; trailers[i] != NULL; i++) {
		l = strlen(trailers[i]);
		for (p = s + 1; (p = strstr(p, trailers[i])) != NULL; p += l) {
			/* after ". " / "! " / "? " / "\" " */
			if (p - s < 2 || p[-1] != ' ' ||
			    strchr(".!?\"", p[-2]) == NULL)
				continue;
			if (p[l] != ':' && strncmp(p + l, " -", 2) != 0 &&
			    strncmp(p + l, " \xe2\x80\x93", 4) != 0 &&
			    p[l] != '\0')
				continue;
			p[-1] = '\0';
			return;
		}
	}
}

static int
is_url_start(const char *p)
{
	return starts_with_ci(p, "http://") || starts_with_ci(p, "https://") ||
	    starts_with_ci(p, "www.");
}

/* Removes bare URLs, keeping punctuation that ends the sentence. */
static void
remove_urls(char *s)
{
	char	*r = s, *w = s, *e;

	while (*r != '\0') {
		if ((r == s || r[-1] == ' ' || r[-1] == '(') &&
		    is_url_start(r)) {
			for (e = r; *e != '\0' && *e != ' '; e++)
				;
			while (e > r && strchr(".,;:!?)\"'", e[-1]) != NULL)
				e--;
			r = e;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* News agencies, as they appear in source tags and credits. */
static const char *const agencies[] = {
	"dpa", "afp", "ap", "reuters", "rtr", "kna", "epd", "sid", "dts",
	"apa", "sda", "ddp", "dapd", "ots", "afx", "idea", "jW", "ANP",
	"getty", "imago", "picture alliance", "picture-alliance", "keystone",
	"epa", "istock", "shutterstock", "ntv.de", "mdr.de", "ndr.de",
	"tagesschau.de", NULL
};

static int
has_agency(const char *s, size_t n)
{
	size_t	i, l;
	const char *p;

	for (i = 0; agencies[i] != NULL; i++) {
		l = strlen(agencies[i]);
		for (p = s; p + l <= s + n; p++)
			if (strncasecmp(p, agencies[i], l) == 0 &&
			    (p == s || !isalnum((unsigned char)p[-1])) &&
			    (p + l == s + n ||
			    !isalnum((unsigned char)p[l])))
				return 1;
	}
	return 0;
}

/* "(dpa)", "(dpa/lcs)", "(AFP)", "(ter/mit Material von dpa, Reuters)" */
static int
is_source_tag(const char *s, size_t n)
{
	size_t	i;
	int	slash = 0;

	if (n < 3 || s[0] != '(' || s[n - 1] != ')' || n > 80)
		return 0;
	if (has_agency(s + 1, n - 2))
		return 1;
	/* Editors' initials: "(lcs)", "(ter/mli)". */
	for (i = 1; i < n - 1; i++) {
		if (s[i] == '/')
			slash = 1;
		else if (!islower((unsigned char)s[i]))
			return 0;
	}
	return slash || n - 2 <= 3;
}

/* Drops a trailing "(dpa)" and a leading "Berlin (dpa) - ". */
static void
remove_tags(char *s)
{
	size_t	 n = strlen(s), i;
	char	*o, *c, *d;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > 0 && s[n - 1] == ')' && (o = strrchr(s, '(')) != NULL &&
	    o > s && o[-1] == ' ' && is_source_tag(o, (size_t)(s + n - o)) &&
	    o - s >= 2 && strchr(".!?\"", o[-2]) != NULL) {
		o[-1] = '\0';
		n = strlen(s);
	}
	/* A dateline: up to three words, "(agency)", a dash. */
	if ((o = strchr(s, '(')) == NULL || o - s > 40 || o == s ||
	    (c = strchr(o, ')')) == NULL || !is_source_tag(o,
	    (size_t)(c - o + 1)))
		return;
	d = c + 1;
	while (*d == ' ')
		d++;
	if (*d == '-')
		d++;
	else if (strncmp(d, "\xe2\x80\x93", 3) == 0)
		d += 3;
	else
		return;
	for (i = 0; s + i < o; i++)
		if (s[i] == '.' || s[i] == ',')
			return;
	while (*d == ' ')
		d++;
	memmove(s, d, strlen(d) + 1);
}

/* Collapses spaces, drops the space before punctuation and the empty
 * brackets that removing a URL can leave. */
static void
trim(char *s)
{
	char	*r = s, *w = s;
	int	 sp = 0;

	while (*r == ' ')
		r++;
	for (; *r != '\0'; r++) {
		if (*r == ' ') {
			sp = 1;
			continue;
		}
		if (r[0] == '(' && r[1] == ')') {
			r++;
			continue;
		}
		if (sp && w > s && strchr(".,;:!?)", *r) == NULL)
			*w++ = ' ';
		sp = 0;
		*w++ = *r;
	}
	*w = '\0';
}

char *
clean_text(const char *in, size_t len)
{
	struct buf	 a, b;
	char		*s = NULL;

	buf_init(&a, EXTRACT_MAX_TEXT);
	buf_init(&b, EXTRACT_MAX_TEXT);
	if (decode_entities(in, len, &a) == -1)
		goto done;
	/* Feeds often escape twice: "&amp;quot;". */
	if (a.data != NULL && strchr(a.data, '&') != NULL) {
		if (decode_entities(a.data, a.len, &b) == -1)
			goto done;
		buf_reset(&a);
		if (buf_append(&a, b.data, b.len) == -1)
			goto done;
		buf_reset(&b);
	}
	if (a.data != NULL && map_chars(a.data, a.len, &b) == -1)
		goto done;
	if ((s = buf_release(&b)) == NULL)
		goto done;
	cut_fused_trailer(s);
	remove_urls(s);
	remove_tags(s);
	trim(s);
done:
	buf_free(&a);
	buf_free(&b);
	return s;
}

static int
ends_sentence(const char *s)
{
	size_t	n = strlen(s);

	return n > 0 && strchr(".!?\"", s[n - 1]) != NULL;
}

static unsigned
words(const char *s)
{
	unsigned	n = 0;
	int		in = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Credit lines: "Foto: dpa", "Bild: Screenshot", "Quelle: AFP © ...". */
static const char *const credit_prefixes[] = {
	"Foto", "Fotos", "Fotograf", "Bild", "Bilder", "Bildquelle",
	"Bildrechte", "Quelle", "Quellen", "Grafik", "Titelbild",
	"Symbolbild", "Copyright", "Photo", "Image", "Credit", "Video",
	"Archivbild", "Montage", NULL
};

/* Lines that point elsewhere or sell something. */
static const char *const pointers[] = {
	"Mehr zum Thema", "Lesen Sie auch", "Lesen Sie mehr", "Lesen Sie hier",
	"Weiterlesen", "Auch interessant", "Das könnte Sie auch interessieren",
	"Mehr dazu", "Mehr lesen", "Siehe auch", "Lesetipp", "Hören Sie auch",
	"Sehen Sie auch", "Verwandte Artikel", "Zur Startseite",
	"Mehr Nachrichten", "Weitere Nachrichten", "Mehr aus ",
	"Dieses Thema im Programm", "Zum Thema:", "Alle Artikel zum Thema",
	"Unsere Empfehlung", "Anzeige", "Werbung", "Sponsored",
	"Advertisement", "Artikel anhören", "Diesen Artikel anhören",
	"Artikel vorlesen", "Link kopieren", "Artikel teilen",
	"Zur Merkliste", NULL
};

/* Metadata lines: dates and reading times ... */
static const char *const meta_prefixes[] = {
	"Stand:", "Lesedauer", "Aktualisiert", "Veröffentlicht am",
	"Erstellt:", "Erstellt am", "Zuletzt aktualisiert", NULL
};
/* ... and bylines, which never end a sentence. */
static const char *const byline_prefixes[] = {
	"Von ", "Ein Kommentar von", "Eine Analyse von", "Ein Gastbeitrag von",
	NULL
};

/* "08.09.2023, 13.05 Uhr", "30.10.2023 09:15", "Stand 12:44 Uhr": digits,
 * separators and at most a few clock words. */
static int
is_datetime(const char *p)
{
	static const char *const words[] = { "Uhr", "Stand", "am", "um",
	    "Aktualisiert", "aktualisiert", "Januar", "Februar", "März",
	    "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
	    "November", "Dezember", "Jan", "Feb", "Mär", "Apr", "Jun", "Jul",
	    "Aug", "Sep", "Sept", "Okt", "Nov", "Dez", NULL };
	const char	*s = p, *e;
	size_t		 i, l;
	int		 digits = 0;

	while (*s != '\0') {
		if (isdigit((unsigned char)*s)) {
			digits++;
			s++;
			continue;
		}
		if (strchr(" .,:-/", *s) != NULL) {
			s++;
			continue;
		}
		for (e = s; isalpha((unsigned char)*e) ||
		    (unsigned char)*e >= 0x80; e++)
			;
		l = (size_t)(e - s);
		for (i = 0; words[i] != NULL; i++)
			if (strlen(words[i]) == l &&
			    strncmp(s, words[i], l) == 0)
				break;
		if (l == 0 || words[i] == NULL)
			return 0;
		s = e;
	}
	return digits >= 4;
}

int
clean_is_boilerplate(const char *p)
{
	size_t	 n = strlen(p), i, l;
	unsigned w = words(p);

	if (n == 0)
		return 1;
	for (i = 0; credit_prefixes[i] != NULL; i++) {
		l = strlen(credit_prefixes[i]);
		if (strncasecmp(p, credit_prefixes[i], l) == 0 &&
		    (p[l] == ':' || (p[l] == ' ' && p[l + 1] == ':')) &&
		    n < 200)
			return 1;
	}
	if (strstr(p, "\xc2\xa9") != NULL && n < 150)
		return 1;			/* © */
	if (starts_with_ci(p, "(c) ") && n < 150)
		return 1;
	if (is_source_tag(p, n))
		return 1;
	for (i = 0; pointers[i] != NULL; i++)
		if (starts_with_ci(p, pointers[i]) && n < 200 &&
		    (n == strlen(pointers[i]) ||
		    !isalpha((unsigned char)p[strlen(pointers[i])]) ||
		    pointers[i][strlen(pointers[i]) - 1] == ' '))
			return 1;
	/* Cookie banners that slipped through: they speak of themselves. */
	if (n < 800 && (strstr(p, "verwenden Cookies") != NULL ||
	    strstr(p, "nutzen Cookies") != NULL ||
	    strstr(p, "setzen Cookies") != NULL ||
	    strstr(p, "verwendet Cookies") != NULL ||
	    strstr(p, "nutzt Cookies") != NULL ||
	    strstr(p, "Alle akzeptieren") != NULL ||
	    strstr(p, "Cookie-Einstellungen") != NULL))
		return 1;
	/* Placeholders of embedded posts waiting for consent. */
	if (n < 500 && (strstr(p, "Drittanbieter") != NULL ||
	    strstr(p, "externe Inhalte") != NULL ||
	    strstr(p, "externen Inhalt") != NULL ||
	    strstr(p, "externer Inhalt") != NULL) &&
	    (strstr(p, "Zustimmung") != NULL ||
	    strstr(p, "einverstanden") != NULL ||
	    strstr(p, "aktivieren") != NULL || strstr(p, "laden") != NULL ||
	    strstr(p, "anzeigen") != NULL))
		return 1;
	/* Newsletter and subscription prompts. */
	if (n < 300 && (strstr(p, "Newsletter") != NULL ||
	    strstr(p, "Abonnieren Sie") != NULL || strstr(p, "Abo ") != NULL) &&
	    (strstr(p, "Melden Sie sich") != NULL ||
	    strstr(p, "abonnieren") != NULL ||
	    strstr(p, "Abonnieren") != NULL || strstr(p, "anmelden") != NULL ||
	    strstr(p, "bestellen") != NULL))
		return 1;
	/* "Mehr aktuelle News aus der Wirtschaft finden Sie hier." */
	if (n < 120 && (strstr(p, "finden Sie hier") != NULL ||
	    strstr(p, "lesen Sie hier") != NULL ||
	    strstr(p, "Hier geht es zu") != NULL ||
	    strstr(p, "hier klicken") != NULL))
		return 1;
	for (i = 0; meta_prefixes[i] != NULL; i++)
		if (strncmp(p, meta_prefixes[i], strlen(meta_prefixes[i])) ==
		    0 && w <= 8)
			return 1;
	/* "Von Thorsten Leemhuis 30.10.2023, 09:15 Uhr Lesezeit: 2 Min." */
	if (n < 120 && (strstr(p, "Lesezeit") != NULL ||
	    strstr(p, "Lesedauer") != NULL))
		return 1;
	if (is_datetime(p))
		return 1;
	if (!ends_sentence(p)) {
		for (i = 0; byline_prefixes[i] != NULL; i++)
			if (strncmp(p, byline_prefixes[i],
			    strlen(byline_prefixes[i])) == 0 && w <= 8)
				return 1;
		/* "NDR 1 | Regional Oldenburg | 21.10.2023 | 08:30 Uhr" */
		{
			const char	*q = p;
			int		 bars = 0;

			while ((q = strstr(q, " | ")) != NULL) {
				bars++;
				q += 3;
			}
			if (bars >= 2 && n < 200)
				return 1;
		}
		/* "dpa/Michael Kappeler", "ntv.de, mli/dpa" */
		if (n < 60 && has_agency(p, n))
			return 1;
	}
	return 0;
}

void
clean_squash(const char *s, char *out, size_t outsz)
{
	size_t	j = 0;

	for (; *s != '\0' && j + 1 < outsz; s++)
		if (isalnum((unsigned char)*s) || (*s & 0x80))
			out[j++] = tolower((unsigned char)*s);
	out[j] = '\0';
}

int
clean_story(char **title, char **paras, size_t *nparas)
{
	char	*c, st[512], sp[512];
	size_t	 i, j;
	int	 rc = 0;

	if (*title != NULL) {
		if ((c = clean_text(*title, strlen(*title))) == NULL)
			rc = -1;
		else {
			free(*title);
			*title = c;
		}
	}
	for (i = j = 0; i < *nparas; i++) {
		if ((c = clean_text(paras[i], strlen(paras[i]))) == NULL) {
			rc = -1;
			paras[j++] = paras[i];
			continue;
		}
		free(paras[i]);
		if (clean_is_boilerplate(c)) {
			free(c);
			continue;
		}
		paras[j++] = c;
	}
	*nparas = j;
	/* A headline repeated as the first paragraph. */
	if (*title != NULL && **title != '\0' && *nparas > 0) {
		clean_squash(*title, st, sizeof(st));
		clean_squash(paras[0], sp, sizeof(sp));
		/* Also with a kicker before it: "Energiewende Netzbetreiber
		 * warnen ...". */
		if (strcmp(st, sp) == 0 || (st[0] != '\0' &&
		    strlen(sp) < strlen(st) + 40 && !ends_sentence(paras[0]) &&
		    strlen(sp) > strlen(st) &&
		    strcmp(sp + strlen(sp) - strlen(st), st) == 0)) {
			free(paras[0]);
			memmove(paras, paras + 1,
			    (*nparas - 1) * sizeof(*paras));
			(*nparas)--;
		}
	}
	return rc;
}

int
clean_split(const char *text, char ***parasp, size_t *np)
{
	char		**paras = NULL, **n;
	const char	 *p = text, *e;
	size_t		  count = 0;

	*parasp = NULL;
	*np = 0;
	while (*p != '\0') {
		e = p + strcspn(p, "\n");
		while (p < e && isspace((unsigned char)*p))
			p++;
		if (p < e) {
			if (count >= EXTRACT_MAX_PARAS)
				goto fail;
			if ((count & 15) == 0) {
				n = reallocarray(paras, count + 16,
				    sizeof(*n));
				if (n == NULL)
					goto fail;
				paras = n;
			}
			paras[count] = strndup(p, (size_t)(e - p));
			if (paras[count] == NULL)
				goto fail;
			count++;
		}
		p = *e != '\0' ? e + 1 : e;
	}
	*parasp = paras;
	*np = count;
	return 0;
fail:
	while (count > 0)
		free(paras[--count]);
	free(paras);
	return -1;
}
