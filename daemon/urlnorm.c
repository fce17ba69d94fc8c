/*
 * urlnorm: RFC 3986 reference resolution (for xml:base chains and relative
 * links in feeds) and a normal form of http(s) URLs used to recognise the
 * same story under cosmetically different links.
 *
 * It does not percent-decode or re-encode anything: two links that differ
 * in escaping are rare in feeds, and guessing wrong would merge different
 * stories.  It knows nothing about hosts (no IDNA, no "www." folding).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "defaults.h"
#include "urlnorm.h"

/* The five parts of a URI reference; each is a pointer/length into the
 * string, or NULL when the part is absent (not the same as empty). */
struct uri {
	const char	*scheme, *auth, *path, *query, *frag;
	size_t		 lscheme, lauth, lpath, lquery, lfrag;
};

static void
uri_split(const char *s, struct uri *u)
{
	const char	*p, *e;

	memset(u, 0, sizeof(*u));
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	p = s;
	if (isalpha((unsigned char)*p)) {
		while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
		    *p == '.')
			p++;
		if (*p == ':') {
			u->scheme = s;
			u->lscheme = (size_t)(p - s);
			s = p + 1;
		}
	}
	if (s[0] == '/' && s[1] == '/') {
		s += 2;
		e = s + strcspn(s, "/?#");
		u->auth = s;
		u->lauth = (size_t)(e - s);
		s = e;
	}
	e = s + strcspn(s, "?#");
	u->path = s;
	u->lpath = (size_t)(e - s);
	s = e;
	if (*s == '?') {
		s++;
		e = s + strcspn(s, "#");
		u->query = s;
		u->lquery = (size_t)(e - s);
		s = e;
	}
	if (*s == '#') {
		u->frag = s + 1;
		u->lfrag = strlen(s + 1);
	}
}

/*
 * Removes dot segments (RFC 3986 5.2.4) from path/len, appending the result
 * to out.  Works on whole segments: a stack of segment starts in out.
 */
static int
remove_dots(struct buf *out, const char *path, size_t len)
{
	size_t		 start = out->len, i, seg;
	const char	*p = path, *end = path + len;

	while (p < end) {
		/* The segment runs from p (a '/' or the first char) to the
		 * next '/'. */
		const char *q = p, *slash;

		if (*q == '/')
			q++;
		slash = memchr(q, '/', (size_t)(end - q));
		seg = (size_t)((slash != NULL ? slash : end) - q);
		if (seg == 1 && q[0] == '.') {
			p = q + 1;
			if (p == end && buf_putc(out, '/') == -1)
				return -1;
			continue;
		}
		if (seg == 2 && q[0] == '.' && q[1] == '.') {
			/* Drop the last segment written. */
			for (i = out->len; i > start; i--)
				if (out->data[i - 1] == '/')
					break;
			out->len = i > start ? i - 1 : start;
			out->data[out->len] = '\0';
			p = q + 2;
			if (p == end && buf_putc(out, '/') == -1)
				return -1;
			continue;
		}
		if (buf_append(out, p, (size_t)(q - p) + seg) == -1)
			return -1;
		p = q + seg;
	}
	return 0;
}

static int
merge_path(struct buf *out, const struct uri *b, const struct uri *r)
{
	struct buf	 tmp;
	const char	*slash = NULL;
	size_t		 i;
	int		 rv = -1;

	buf_init(&tmp, URL_MAX);
	if (b->auth != NULL && b->lpath == 0) {
		if (buf_putc(&tmp, '/') == -1)
			goto done;
	} else {
		for (i = b->lpath; i > 0; i--)
			if (b->path[i - 1] == '/') {
				slash = b->path + i;
				break;
			}
		if (slash != NULL &&
		    buf_append(&tmp, b->path, (size_t)(slash - b->path)) == -1)
			goto done;
	}
	if (buf_append(&tmp, r->path, r->lpath) == -1)
		goto done;
	rv = remove_dots(out, tmp.data, tmp.len);
done:
	buf_free(&tmp);
	return rv;
}

static char *
trimmed(const char *s)
{
	size_t	n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n > URL_MAX)
		return NULL;
	return strndup(s, n);
}

char *
urlnorm_resolve(const char *base, const char *ref)
{
	struct uri	 b, r;
	struct buf	 out;
	char		*rs = NULL, *bs = NULL, *res = NULL;

	if (ref == NULL || (rs = trimmed(ref)) == NULL)
		return NULL;
	if (base == NULL || (bs = trimmed(base)) == NULL)
		return rs;
	uri_split(bs, &b);
	uri_split(rs, &r);
	if (b.scheme == NULL && r.scheme == NULL) {
		free(bs);
		return rs;
	}
	buf_init(&out, URL_MAX);
#define PUT(p, l) do { if (buf_append(&out, (p), (l)) == -1) goto fail; } \
	while (0)
	if (r.scheme != NULL) {
		PUT(r.scheme, r.lscheme);
		PUT(":", 1);
		if (r.auth != NULL) {
			PUT("//", 2);
			PUT(r.auth, r.lauth);
		}
		if (remove_dots(&out, r.path, r.lpath) == -1)
			goto fail;
		if (r.query != NULL) {
			PUT("?", 1);
			PUT(r.query, r.lquery);
		}
	} else {
		PUT(b.scheme, b.lscheme);
		PUT(":", 1);
		if (r.auth != NULL) {
			PUT("//", 2);
			PUT(r.auth, r.lauth);
			if (remove_dots(&out, r.path, r.lpath) == -1)
				goto fail;
			if (r.query != NULL) {
				PUT("?", 1);
				PUT(r.query, r.lquery);
			}
		} else {
			if (b.auth != NULL) {
				PUT("//", 2);
				PUT(b.auth, b.lauth);
			}
			if (r.lpath == 0) {
				PUT(b.path, b.lpath);
				if (r.query != NULL) {
					PUT("?", 1);
					PUT(r.query, r.lquery);
				} else if (b.query != NULL) {
					PUT("?", 1);
					PUT(b.query, b.lquery);
				}
			} else {
				if (r.path[0] == '/') {
					if (remove_dots(&out, r.path,
					    r.lpath) == -1)
						goto fail;
				} else if (merge_path(&out, &b, &r) == -1)
					goto fail;
				if (r.query != NULL) {
					PUT("?", 1);
					PUT(r.query, r.lquery);
				}
			}
		}
	}
	if (r.frag != NULL) {
		PUT("#", 1);
		PUT(r.frag, r.lfrag);
	}
#undef PUT
	res = buf_release(&out);
fail:
	buf_free(&out);
	free(rs);
	free(bs);
	return res;
}

/* Query parameters that only say where a click came from. */
static const char *const tracking[] = {
	"utm_*", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
	"yclid", "_hsenc", "_hsmi", "igshid", "wt_mc", "wt.mc_id", "wt_zmc",
	"ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
	"ns_fee", "xtor", "at_medium", "at_campaign", "ref_src",
};

static int
is_tracking(const char *p, size_t n)
{
	const char	*e = memchr(p, '=', n);
	size_t		 kl = e != NULL ? (size_t)(e - p) : n, i, tl;

	for (i = 0; i < sizeof(tracking) / sizeof(tracking[0]); i++) {
		tl = strlen(tracking[i]);
		if (tracking[i][tl - 1] == '*') {
			if (kl >= tl - 1 &&
			    strncasecmp(p, tracking[i], tl - 1) == 0)
				return 1;
		} else if (kl == tl && strncasecmp(p, tracking[i], tl) == 0)
			return 1;
	}
	return 0;
}

char *
urlnorm_normalize(const char *url)
{
	struct uri	 u;
	struct buf	 out;
	char		*s, *res = NULL;
	const char	*host, *port, *p, *e, *at;
	size_t		 lhost, lport, i, n;
	int		 https, first = 1;

	if (url == NULL || (s = trimmed(url)) == NULL)
		return NULL;
	uri_split(s, &u);
	if (u.scheme == NULL || u.auth == NULL || u.lauth == 0)
		goto fail0;
	if (u.lscheme == 5 && strncasecmp(u.scheme, "https", 5) == 0)
		https = 1;
	else if (u.lscheme == 4 && strncasecmp(u.scheme, "http", 4) == 0)
		https = 0;
	else
		goto fail0;
	buf_init(&out, URL_MAX);
	if (buf_puts(&out, https ? "https://" : "http://") == -1)
		goto fail;
	/* userinfo@host:port; userinfo is kept as it is. */
	host = u.auth;
	lhost = u.lauth;
	at = memchr(host, '@', lhost);
	if (at != NULL) {
		if (buf_append(&out, host, (size_t)(at - host) + 1) == -1)
			goto fail;
		lhost -= (size_t)(at - host) + 1;
		host = at + 1;
	}
	port = NULL;
	lport = 0;
	for (i = lhost; i > 0; i--) {
		if (host[i - 1] == ']')
			break;
		if (host[i - 1] == ':') {
			port = host + i;
			lport = lhost - i;
			lhost = i - 1;
			break;
		}
	}
	while (lhost > 0 && host[lhost - 1] == '.')
		lhost--;			/* "example.com." */
	if (lhost == 0)
		goto fail;
	for (i = 0; i < lhost; i++)
		if (buf_putc(&out, tolower((unsigned char)host[i])) == -1)
			goto fail;
	while (lport > 1 && port[0] == '0') {
		port++;
		lport--;
	}
	if (lport > 0 && !(https && lport == 3 && memcmp(port, "443", 3) == 0)
	    && !(!https && lport == 2 && memcmp(port, "80", 2) == 0)) {
		if (buf_putc(&out, ':') == -1 ||
		    buf_append(&out, port, lport) == -1)
			goto fail;
	}
	if (u.lpath == 0) {
		if (buf_putc(&out, '/') == -1)
			goto fail;
	} else if (remove_dots(&out, u.path, u.lpath) == -1)
		goto fail;
	if (u.query != NULL) {
		p = u.query;
		e = u.query + u.lquery;
		while (p < e) {
			const char *amp = memchr(p, '&', (size_t)(e - p));

			n = amp != NULL ? (size_t)(amp - p) : (size_t)(e - p);
			if (n > 0 && !is_tracking(p, n)) {
				if (buf_putc(&out, first ? '?' : '&') == -1 ||
				    buf_append(&out, p, n) == -1)
					goto fail;
				first = 0;
			}
			p += n + 1;
		}
	}
	res = buf_release(&out);
fail:
	buf_free(&out);
fail0:
	free(s);
	return res;
}
