/*
 * Unit tests for feedlist.c: parsing the feeds file, writing it back with
 * comments kept (through a real file in a mktemp folder), and an OPML
 * round trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "feedlist.h"
#include "log.h"

static const char text[] =
    "# Meine Feeds\n"
    "\n"
    "https://www.tagesschau.de/xml/rss2/ news de\n"
    "   # eingerückter Kommentar\n"
    "https://example.org/feed.atom \"mit leer\" \"~Eigener \\\"Titel\\\"\"\n"
    "query:Ungelesen:unread = \"yes\"\n"
    "https://example.org/feed.atom doppelt\n"
    "http://example.com/rss.xml\r\n"
    "https://last.example/no-newline";

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*s;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = calloc(1, (size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

static void
test_parse(void)
{
	struct feedlist			*fl = feedlist_new();
	const struct feedlist_feed	*f;
	char				*out;

	CHECK_INT_EQ(feedlist_parse(fl, text, strlen(text)), 0);
	CHECK_INT_EQ(feedlist_count(fl), 4);
	f = feedlist_get(fl, 0);
	CHECK_STR_EQ(f->url, "https://www.tagesschau.de/xml/rss2/");
	CHECK_INT_EQ(f->ntags, 2);
	CHECK_STR_EQ(f->tags[0], "news");
	CHECK_STR_EQ(f->tags[1], "de");
	CHECK(f->title == NULL, "no title");
	f = feedlist_get(fl, 1);
	CHECK_STR_EQ(f->url, "https://example.org/feed.atom");
	CHECK_INT_EQ(f->ntags, 1);
	CHECK_STR_EQ(f->tags[0], "mit leer");
	CHECK_STR_EQ(f->title, "Eigener \"Titel\"");
	CHECK_STR_EQ(feedlist_get(fl, 2)->url, "http://example.com/rss.xml");
	CHECK_STR_EQ(feedlist_get(fl, 3)->url,
	    "https://last.example/no-newline");
	CHECK(feedlist_get(fl, 4) == NULL, "past the end");
	CHECK_INT_EQ(feedlist_find(fl, "http://example.com/rss.xml") >= 0, 1);
	CHECK_INT_EQ(feedlist_find(fl, "http://nope.example/"), -1);

	/* Unchanged: the same text, with newlines normalised. */
	out = feedlist_format(fl);
	CHECK(out != NULL && strstr(out, "# Meine Feeds\n\nhttps://www."
	    "tagesschau.de/xml/rss2/ news de\n   # eingerückter Kommentar\n")
	    == out, "comments and lines kept");
	CHECK(out != NULL && strstr(out, "query:Ungelesen:unread = \"yes\"\n")
	    != NULL, "unknown line kept");
	CHECK(out != NULL && strstr(out, "https://example.org/feed.atom "
	    "doppelt\n") != NULL, "duplicate line kept as text");
	free(out);

	/* Add, remove, redirect. */
	const char *tags[] = { "sport", "zwei worte" };
	CHECK_INT_EQ(feedlist_add(fl, "https://new.example/feed", tags, 2,
	    "Neu & \"gut\""), 0);
	CHECK_INT_EQ(feedlist_add(fl, "https://new.example/feed", NULL, 0,
	    NULL), 1);
	CHECK_INT_EQ(feedlist_remove(fl, "http://example.com/rss.xml"), 0);
	CHECK_INT_EQ(feedlist_remove(fl, "http://example.com/rss.xml"), 1);
	CHECK_INT_EQ(feedlist_set_url(fl, "https://last.example/no-newline",
	    "https://last.example/moved"), 0);
	CHECK_INT_EQ(feedlist_count(fl), 4);
	out = feedlist_format(fl);
	CHECK(out != NULL && strstr(out, "https://new.example/feed sport "
	    "\"zwei worte\" \"~Neu & \\\"gut\\\"\"\n") != NULL, "new line");
	CHECK(out != NULL && strstr(out, "rss.xml") == NULL, "removed");
	CHECK(out != NULL && strstr(out, "https://last.example/moved\n") !=
	    NULL, "moved");

	/* And the written form parses back to the same feeds. */
	struct feedlist *again = feedlist_new();
	CHECK_INT_EQ(feedlist_parse(again, out, strlen(out)), 0);
	CHECK_INT_EQ(feedlist_count(again), 4);
	f = feedlist_get(again, 3);
	CHECK(f != NULL && strcmp(f->url, "https://new.example/feed") == 0,
	    "new feed read back");
	if (f != NULL && f->ntags == 2) {
		CHECK_STR_EQ(f->tags[1], "zwei worte");
		CHECK_STR_EQ(f->title, "Neu & \"gut\"");
	} else
		CHECK(0, "tags read back");
	feedlist_free(again);
	free(out);
	feedlist_free(fl);
}

static void
test_file(void)
{
	char		 dir[] = "/tmp/test_feedlist.XXXXXX", path[128];
	char		 cmd[160], *got;
	struct feedlist	*fl = feedlist_new();
	struct stat	 sb;
	FILE		*f;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/feeds", dir);
	CHECK_INT_EQ(feedlist_load(fl, path), 0);	/* missing: empty */
	CHECK_INT_EQ(feedlist_count(fl), 0);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, 0600);
	CHECK_INT_EQ(feedlist_load(fl, path), 0);
	CHECK_INT_EQ(feedlist_count(fl), 4);
	CHECK_INT_EQ(feedlist_add(fl, "https://x.example/", NULL, 0, NULL), 0);
	CHECK_INT_EQ(feedlist_save(fl, path), 0);
	got = slurp(path);
	CHECK(got != NULL && strncmp(got, "# Meine Feeds\n\n", 15) == 0,
	    "comment kept in the file");
	CHECK(got != NULL && strstr(got, "   # eingerückter Kommentar\n") !=
	    NULL, "indented comment kept");
	CHECK(got != NULL && strstr(got, "\nhttps://x.example/\n") != NULL,
	    "added feed written");
	free(got);
	CHECK_INT_EQ(stat(path, &sb), 0);
	CHECK_INT_EQ(sb.st_mode & 0777, 0600);
	snprintf(cmd, sizeof(cmd), "test $(ls '%s' | wc -l) -eq 1", dir);
	CHECK_INT_EQ(system(cmd), 0);		/* no temporary left */
	CHECK_INT_EQ(feedlist_load(fl, path), 0);
	CHECK_INT_EQ(feedlist_count(fl), 5);
	feedlist_free(fl);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT_EQ(system(cmd), 0);
}

static void
test_opml(void)
{
	static const char opml[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\"><head><title>x</title></head><body>"
	    "<outline text=\"Politik\">"
	    "  <outline type=\"rss\" text=\"Tagesschau\" "
	    "xmlUrl=\"https://www.tagesschau.de/xml/rss2/\"/>"
	    "  <outline text=\"Inland\"><outline type=\"rss\" "
	    "text=\"https://a.example/f\" xmlUrl=\"https://a.example/f\" "
	    "category=\"/de/lokal,eilig\"/></outline>"
	    "</outline>"
	    "<outline type=\"rss\" title=\"Nur &amp; Titel\" "
	    "xmlUrl=\"http://b.example/rss\"/>"
	    "<outline type=\"rss\" text=\"kaputt\" xmlUrl=\"ftp://c.example/\""
	    "/>"
	    "</body></opml>";
	struct feedlist			*fl = feedlist_new(), *back;
	const struct feedlist_feed	*f;
	char				*out, *out2;

	CHECK_INT_EQ(feedlist_import_opml(fl, opml, strlen(opml)), 3);
	CHECK_INT_EQ(feedlist_count(fl), 3);
	f = feedlist_get(fl, 0);
	CHECK_STR_EQ(f->url, "https://www.tagesschau.de/xml/rss2/");
	CHECK_STR_EQ(f->title, "Tagesschau");
	CHECK_INT_EQ(f->ntags, 1);
	CHECK_STR_EQ(f->tags[0], "Politik");
	f = feedlist_get(fl, 1);
	CHECK(f->title == NULL, "text equal to the URL is no title");
	/* Folder names first, then the category path parts. */
	CHECK_INT_EQ(f->ntags, 5);
	if (f->ntags == 5) {
		CHECK_STR_EQ(f->tags[0], "Politik");
		CHECK_STR_EQ(f->tags[1], "Inland");
		CHECK_STR_EQ(f->tags[2], "de");
		CHECK_STR_EQ(f->tags[3], "lokal");
		CHECK_STR_EQ(f->tags[4], "eilig");
	}
	CHECK_STR_EQ(feedlist_get(fl, 2)->title, "Nur & Titel");
	/* Importing again adds nothing. */
	CHECK_INT_EQ(feedlist_import_opml(fl, opml, strlen(opml)), 0);
	CHECK_INT_EQ(feedlist_import_opml(fl, "<html/>", 7), -1);
	CHECK_INT_EQ(feedlist_import_opml(fl, "not xml", 7), -1);

	/* Round trip: export, import into an empty list, export again. */
	out = feedlist_export_opml(fl);
	CHECK(out != NULL && strstr(out, "<opml version=\"2.0\">") != NULL,
	    "OPML 2.0");
	CHECK(out != NULL && strstr(out, "text=\"Nur &amp; Titel\"") != NULL,
	    "escaped");
	back = feedlist_new();
	CHECK_INT_EQ(feedlist_import_opml(back, out, strlen(out)), 3);
	out2 = feedlist_export_opml(back);
	CHECK_STR_EQ(out2, out);
	f = feedlist_get(back, 1);
	CHECK_INT_EQ(f->ntags, 5);
	free(out);
	free(out2);
	feedlist_free(back);
	feedlist_free(fl);
}

int
main(void)
{
	log_init("test_feedlist", LOG_LEVEL_ERR);
	test_parse();
	test_file();
	test_opml();
	return CHECK_SUMMARY();
}
