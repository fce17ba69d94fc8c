/*
 * Unit tests for urlnorm.c: the RFC 3986 section 5.4 examples for
 * resolution, and the identity form of links.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "urlnorm.h"

static void
resolve(const char *base, const char *ref, const char *want)
{
	char	*got = urlnorm_resolve(base, ref);

	if (want == NULL)
		CHECK(got == NULL, ref);
	else
		CHECK_STR_EQ(got, want);
	free(got);
}

static void
norm(const char *in, const char *want)
{
	char	*got = urlnorm_normalize(in);

	if (want == NULL)
		CHECK(got == NULL, in);
	else
		CHECK_STR_EQ(got, want);
	free(got);
}

int
main(void)
{
	const char	*b = "http://a/b/c/d;p?q";

	/* RFC 3986 5.4.1, normal examples. */
	resolve(b, "g:h", "g:h");
	resolve(b, "g", "http://a/b/c/g");
	resolve(b, "./g", "http://a/b/c/g");
	resolve(b, "g/", "http://a/b/c/g/");
	resolve(b, "/g", "http://a/g");
	resolve(b, "//g", "http://g");
	resolve(b, "?y", "http://a/b/c/d;p?y");
	resolve(b, "g?y", "http://a/b/c/g?y");
	resolve(b, "#s", "http://a/b/c/d;p?q#s");
	resolve(b, "g#s", "http://a/b/c/g#s");
	resolve(b, "g?y#s", "http://a/b/c/g?y#s");
	resolve(b, ";x", "http://a/b/c/;x");
	resolve(b, "g;x", "http://a/b/c/g;x");
	resolve(b, "g;x?y#s", "http://a/b/c/g;x?y#s");
	resolve(b, "", NULL);
	resolve(b, ".", "http://a/b/c/");
	resolve(b, "./", "http://a/b/c/");
	resolve(b, "..", "http://a/b/");
	resolve(b, "../", "http://a/b/");
	resolve(b, "../g", "http://a/b/g");
	resolve(b, "../..", "http://a/");
	resolve(b, "../../", "http://a/");
	resolve(b, "../../g", "http://a/g");
	/* 5.4.2, abnormal examples. */
	resolve(b, "../../../g", "http://a/g");
	resolve(b, "../../../../g", "http://a/g");
	resolve(b, "/./g", "http://a/g");
	resolve(b, "/../g", "http://a/g");
	resolve(b, "g.", "http://a/b/c/g.");
	resolve(b, ".g", "http://a/b/c/.g");
	resolve(b, "g..", "http://a/b/c/g..");
	resolve(b, "..g", "http://a/b/c/..g");
	resolve(b, "./../g", "http://a/b/g");
	resolve(b, "./g/.", "http://a/b/c/g/");
	resolve(b, "g/./h", "http://a/b/c/g/h");
	resolve(b, "g/../h", "http://a/b/c/h");
	resolve(b, "g;x=1/./y", "http://a/b/c/g;x=1/y");
	resolve(b, "g;x=1/../y", "http://a/b/c/y");
	resolve(b, "g?y/./x", "http://a/b/c/g?y/./x");
	resolve(b, "g#s/../x", "http://a/b/c/g#s/../x");
	/* Feeds: white space, no base, a base without a path. */
	resolve("http://x.example", "a.html", "http://x.example/a.html");
	resolve(NULL, "  http://x.example/a  ", "http://x.example/a");
	resolve("relative/base/", "a", "a");
	resolve(b, NULL, NULL);
	resolve("http://x.example/de/", "../sport/", "http://x.example/sport/");

	norm("HTTP://Www.Example.COM/a/b?x=1",
	    "http://www.example.com/a/b?x=1");
	norm("http://example.com:80/a", "http://example.com/a");
	norm("https://example.com:443/a", "https://example.com/a");
	norm("https://example.com:8443/a", "https://example.com:8443/a");
	norm("http://example.com", "http://example.com/");
	norm("http://example.com/a#frag", "http://example.com/a");
	norm("http://example.com/a/./b/../c", "http://example.com/a/c");
	norm("http://example.com/a?utm_source=rss&id=5&utm_medium=feed",
	    "http://example.com/a?id=5");
	norm("http://example.com/a?UTM_Campaign=x&fbclid=1&gclid=2",
	    "http://example.com/a");
	norm("http://example.com/a?b=2&a=1", "http://example.com/a?b=2&a=1");
	norm("http://example.com./a", "http://example.com/a");
	norm("http://user@Example.com/Path", "http://user@example.com/Path");
	norm("ftp://example.com/a", NULL);
	norm("/relative", NULL);
	norm("mailto:x@example.com", NULL);
	norm(NULL, NULL);
	return CHECK_SUMMARY();
}
