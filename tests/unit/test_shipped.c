/*
 * Unit tests for the data vorleser ships: the default feeds file
 * (daemon/feeds.default) must parse as a feeds file with the feeds its
 * comments promise, and the offline demo's feed (daemon/demo/feed.xml)
 * must parse into its four stories, each with a page to fetch.  Run from
 * the top of the source tree, as tests/run does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "feed.h"
#include "feedlist.h"

/* Reads a whole file into a new string; NULL on error. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*s = NULL;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1)) != NULL) {
		*len = fread(s, 1, (size_t)n, f);
		s[*len] = '\0';
	}
	fclose(f);
	return s;
}

static int
has_tag(const struct feedlist_feed *f, const char *tag)
{
	size_t	i;

	for (i = 0; i < f->ntags; i++)
		if (strcmp(f->tags[i], tag) == 0)
			return 1;
	return 0;
}

static void
test_default_feeds(void)
{
	static const char *const want[] = {
		"https://www.tagesschau.de/xml/rss2/",
		"https://www.deutschlandfunk.de/nachrichten-100.rss",
		"https://www.zdf.de/rss/zdf/nachrichten",
		"https://rss.dw.com/xml/rss-de-top",
		"https://rss.sueddeutsche.de/rss/Topthemen",
		"https://newsfeed.zeit.de/index",
	};
	const struct feedlist_feed	*f;
	struct feedlist			*fl;
	size_t				 i, j;

	fl = feedlist_new();
	CHECK(fl != NULL, "feedlist_new");
	CHECK_INT_EQ(feedlist_load(fl, "daemon/feeds.default"), 0);
	/* The commented-out feeds are not subscriptions. */
	CHECK_INT_EQ(feedlist_count(fl), sizeof(want) / sizeof(want[0]));
	for (i = 0; i < feedlist_count(fl) && i < 6; i++) {
		f = feedlist_get(fl, i);
		CHECK_STR_EQ(f->url, want[i]);
		CHECK(f->title != NULL && f->title[0] != '\0', "custom title");
		CHECK(has_tag(f, "nachrichten"), "tag nachrichten");
		CHECK(strchr(f->url, ' ') == NULL, "no space in URL");
		for (j = 0; j < i; j++)
			CHECK(strcmp(feedlist_get(fl, j)->url, f->url) != 0,
			    "no duplicate");
	}
	f = feedlist_get(fl, 0);
	CHECK(f != NULL && f->title != NULL &&
	    strcmp(f->title, "tagesschau.de") == 0, "first title");
	f = feedlist_get(fl, 4);
	CHECK(f != NULL && f->title != NULL &&
	    strcmp(f->title, "Süddeutsche Zeitung") == 0, "UTF-8 title");
	feedlist_free(fl);
}

/* The demo replaces @DEMO_BASE@ with its address before parsing. */
static char *
replace_base(const char *s, const char *base)
{
	const char	*tok = "@DEMO_BASE@", *p;
	size_t		 n = 0, tl = strlen(tok), bl = strlen(base);
	char		*out, *w;

	for (p = s; (p = strstr(p, tok)) != NULL; p += tl)
		n++;
	if ((out = malloc(strlen(s) + n * bl + 1)) == NULL)
		return NULL;
	for (w = out; *s != '\0';) {
		if (strncmp(s, tok, tl) == 0) {
			memcpy(w, base, bl);
			w += bl;
			s += tl;
		} else
			*w++ = *s++;
	}
	*w = '\0';
	return out;
}

static void
test_demo_feed(void)
{
	static const char *const pages[] = {
		"kim-jong-un-russland.html",
		"herbststurm-bahn.html",
		"stadtbibliothek-sonntag.html",
		"e-busse-linie-7.html",
	};
	struct feed	 feed;
	char		*raw, *xml, *page, path[256], url[256];
	size_t		 len, plen, i;

	raw = slurp("daemon/demo/feed.xml", &len);
	CHECK(raw != NULL, "read demo feed");
	if (raw == NULL)
		return;
	xml = replace_base(raw, "http://127.0.0.1:8080");
	CHECK(strstr(xml, "@DEMO_BASE@") == NULL, "every token replaced");
	memset(&feed, 0, sizeof(feed));
	CHECK_INT_EQ(feed_parse(xml, strlen(xml), "http://127.0.0.1:8080/"
	    "feed.xml", "application/rss+xml", &feed), 0);
	CHECK_INT_EQ(feed.format, FEED_FORMAT_RSS);
	CHECK_INT_EQ(feed.nentries, 4);
	CHECK(!feed.truncated, "not truncated");
	CHECK(feed.language != NULL && strncmp(feed.language, "de", 2) == 0,
	    "German");
	CHECK_STR_EQ(feed.nentries > 0 ? feed.entries[0].title : NULL,
	    "Kreml: Kim Jong-un wird Russland besuchen");
	for (i = 0; i < feed.nentries && i < 4; i++) {
		snprintf(url, sizeof(url), "http://127.0.0.1:8080/%s",
		    pages[i]);
		CHECK_STR_EQ(feed.entries[i].link, url);
		CHECK(feed.entries[i].published > 0, "dated");
		CHECK(feed.entries[i].summary != NULL, "summary");
		/* Each story has its page, with the headline in it. */
		snprintf(path, sizeof(path), "daemon/demo/%s", pages[i]);
		page = slurp(path, &plen);
		CHECK(page != NULL && strstr(page, feed.entries[i].title) !=
		    NULL, path);
		free(page);
	}
	/* Only the second story carries its full text in the feed. */
	if (feed.nentries == 4) {
		CHECK(feed.entries[0].content == NULL, "1: summary only");
		CHECK(feed.entries[1].content != NULL &&
		    strstr(feed.entries[1].content, "110 km/h") != NULL,
		    "2: full text");
	}
	/* The seed page keeps what the extractor must drop. */
	page = slurp("daemon/demo/kim-jong-un-russland.html", &plen);
	CHECK(page != NULL && strstr(page, "Quelle: AFP © © Yuri Kadobnov") !=
	    NULL, "photo credit");
	CHECK(page != NULL && strstr(page, "Verteidigungsminister Schoigu "
	    "trifft in Nordkorea zum Arbeitsbesuch ein") != NULL,
	    "related-article box");
	CHECK(page != NULL && strstr(page, "Mehr zum Thema") != NULL,
	    "trailer");
	free(page);
	feed_free(&feed);
	free(xml);
	free(raw);
}

int
main(void)
{
	test_default_feeds();
	test_demo_feed();
	return CHECK_SUMMARY();
}
