/* URLs: resolving relative references, and a normal form for identity. */
#ifndef URLNORM_H
#define URLNORM_H

/*
 * Resolves ref against base as RFC 3986 section 5.2 says.  base may be
 * NULL or relative itself (then ref is returned as it is, trimmed).
 * Returns a new string the caller frees; NULL when ref is NULL, empty
 * after trimming, longer than URL_MAX, or out of memory.
 */
char	*urlnorm_resolve(const char *base, const char *ref);

/*
 * The identity form of an absolute http(s) URL: scheme and host in lower
 * case, the default port and the fragment removed, an empty path as "/",
 * dot segments removed, and tracking parameters (utm_*, fbclid, gclid,
 * ...) dropped from the query, whose other parameters keep their order.
 * Returns a new string the caller frees, or NULL when url is not an
 * absolute http(s) URL (or is too long, or memory ran out).
 */
char	*urlnorm_normalize(const char *url);

#endif
