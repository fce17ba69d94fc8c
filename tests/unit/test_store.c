/*
 * Unit tests for store.c on an in-memory database: feeds, a poll's
 * entries, identity, the first-run backlog rule, dedup across feeds,
 * updated stories, state changes; then a file database in a mktemp
 * folder, closed and reopened.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "defaults.h"
#include "feed.h"
#include "log.h"
#include "store.h"

#define NOW	1748840000	/* 2025-06-02 04:53:20 UTC */

/* A feed document in memory: entries with the given fields. */
struct spec {
	const char	*guid;
	const char	*link;
	const char	*title;
	int64_t		 age;		/* seconds before NOW; -1: no date */
	const char	*content;
};

static void
make_feed(struct feed *f, const struct spec *sp, size_t n)
{
	size_t	i;

	memset(f, 0, sizeof(*f));
	f->format = FEED_FORMAT_RSS;
	f->title = strdup("Testfeed");
	f->entries = calloc(n, sizeof(*f->entries));
	f->nentries = n;
	for (i = 0; i < n; i++) {
		struct entry *e = &f->entries[i];

		e->guid = sp[i].guid ? strdup(sp[i].guid) : NULL;
		e->link = sp[i].link ? strdup(sp[i].link) : NULL;
		e->title = strdup(sp[i].title);
		e->published = sp[i].age < 0 ? 0 : NOW - sp[i].age;
		e->updated = e->published;
		e->content = sp[i].content ? strdup(sp[i].content) : NULL;
	}
}

static int
poll_feed_at(struct store *st, int64_t id, const struct spec *sp, size_t n,
    int64_t now, struct store_poll_stats *stats)
{
	struct feed		 f;
	struct store_poll	 p;
	int			 rv;

	make_feed(&f, sp, n);
	memset(&p, 0, sizeof(p));
	p.polled_at = now;
	p.next_poll = now + 900;
	p.http_status = 200;
	p.etag = "\"abc\"";
	p.last_modified = "Mon, 02 Jun 2025 04:00:00 GMT";
	p.feed = &f;
	rv = store_save_poll(st, id, &p, stats);
	feed_free(&f);
	return rv;
}

static int
poll_feed(struct store *st, int64_t id, const struct spec *sp, size_t n,
    struct store_poll_stats *stats)
{
	return poll_feed_at(st, id, sp, n, NOW, stats);
}

static int64_t
count(struct store *st, int state, int64_t feed)
{
	struct store_query	q;
	int64_t			n = -1;

	memset(&q, 0, sizeof(q));
	q.state = state;
	q.feed_id = feed;
	if (store_count_items(st, &q, &n) == -1)
		return -1;
	return n;
}

static void
test_feeds(struct store *st)
{
	struct store_feed	 f, *fs;
	size_t			 n;
	int64_t			 id, id2, other;

	CHECK_INT_EQ(store_add_feed(st, "http://a.example/feed", "news de",
	    "~Alpha", &id), 0);
	CHECK(id > 0, "feed id");
	CHECK_INT_EQ(store_add_feed(st, "http://a.example/feed", NULL, NULL,
	    &id2), STORE_EXISTS);
	CHECK_INT_EQ(id2, id);
	CHECK_INT_EQ(store_find_feed(st, "http://a.example/feed", &other), 0);
	CHECK_INT_EQ(other, id);
	CHECK_INT_EQ(store_find_feed(st, "http://none.example/", &other),
	    STORE_NOT_FOUND);
	CHECK_INT_EQ(store_get_feed(st, id, &f), 0);
	CHECK_STR_EQ(f.url, "http://a.example/feed");
	CHECK_STR_EQ(f.tags, "news de");
	CHECK_STR_EQ(f.custom_title, "~Alpha");
	CHECK_INT_EQ(f.last_success, 0);
	store_feed_free(&f);

	CHECK_INT_EQ(store_set_feed_meta(st, id, "", NULL), 0);
	CHECK_INT_EQ(store_set_feed_schedule(st, id, 600, 5,
	    STORE_FULLTEXT_ALWAYS), 0);
	CHECK_INT_EQ(store_set_feed_next_poll(st, id, NOW + 5), 0);
	CHECK_INT_EQ(store_get_feed(st, id, &f), 0);
	CHECK(f.tags == NULL, "tags cleared");
	CHECK_STR_EQ(f.custom_title, "~Alpha");
	CHECK_INT_EQ(f.interval, 600);
	CHECK_INT_EQ(f.priority, 5);
	CHECK_INT_EQ(f.fulltext, STORE_FULLTEXT_ALWAYS);
	CHECK_INT_EQ(f.next_poll, NOW + 5);
	store_feed_free(&f);

	CHECK_INT_EQ(store_add_feed(st, "http://b.example/rss", NULL, NULL,
	    &id2), 0);
	CHECK_INT_EQ(store_set_feed_url(st, id2, "http://a.example/feed"),
	    STORE_EXISTS);
	CHECK_INT_EQ(store_set_feed_url(st, id2, "https://b.example/rss"), 0);
	CHECK_INT_EQ(store_list_feeds(st, &fs, &n), 0);
	CHECK_INT_EQ(n, 2);
	if (n == 2)
		CHECK_STR_EQ(fs[1].url, "https://b.example/rss");
	store_feed_list_free(fs, n);
	CHECK_INT_EQ(store_remove_feed(st, id2), 0);
	CHECK_INT_EQ(store_remove_feed(st, id2), STORE_NOT_FOUND);
	CHECK_INT_EQ(store_get_feed(st, id2, &f), STORE_NOT_FOUND);
	CHECK_INT_EQ(store_remove_feed(st, id), 0);
}

/*
 * Batches: two polls in one transaction are both there after the end,
 * neither after an abort; the brief listing has no counts.
 */
static void
test_batch(struct store *st)
{
	static const struct spec doc[] = {
		{ "b1", "http://batch.example/1", "eins", 60, NULL },
		{ "b2", "http://batch.example/2", "zwei", 120, NULL },
	};
	struct store_poll_stats	 sts;
	struct store_feed	 f, *fs;
	size_t			 n, i;
	int64_t			 a, b;

	CHECK_INT_EQ(store_add_feed(st, "http://batch.example/a", NULL, NULL,
	    &a), 0);
	CHECK_INT_EQ(store_add_feed(st, "http://batch.example/b", NULL, NULL,
	    &b), 0);

	CHECK_INT_EQ(store_batch_begin(st), 0);
	CHECK_INT_EQ(store_batch_begin(st), -1);	/* no nesting */
	CHECK_INT_EQ(poll_feed(st, a, doc, 2, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 2);
	store_batch_abort(st);
	CHECK_INT_EQ(count(st, -1, a), 0);
	CHECK_INT_EQ(store_get_feed(st, a, &f), 0);
	CHECK_INT_EQ(f.last_success, 0);	/* the poll is gone whole */
	CHECK(f.etag == NULL, "no ETag from an aborted batch");
	store_feed_free(&f);

	CHECK_INT_EQ(store_batch_begin(st), 0);
	CHECK_INT_EQ(poll_feed(st, a, doc, 2, &sts), 0);
	CHECK_INT_EQ(poll_feed(st, b, doc, 2, &sts), 0);
	CHECK_INT_EQ(sts.ndup, 2);	/* same links: a's stories */
	CHECK_INT_EQ(store_batch_end(st), 0);
	CHECK_INT_EQ(store_batch_end(st), 0);		/* nothing open */
	CHECK_INT_EQ(count(st, ITEM_NEW, a), 2);
	CHECK_INT_EQ(count(st, ITEM_SEEN, b), 2);

	CHECK_INT_EQ(store_list_feeds_brief(st, &fs, &n), 0);
	for (i = 0; i < n; i++)
		if (fs[i].id == a) {
			CHECK_STR_EQ(fs[i].url, "http://batch.example/a");
			CHECK_STR_EQ(fs[i].etag, "\"abc\"");
			CHECK_INT_EQ(fs[i].last_success, NOW);
			CHECK_INT_EQ(fs[i].nitems, 0);	/* not counted */
		}
	store_feed_list_free(fs, n);
	CHECK_INT_EQ(store_list_feeds(st, &fs, &n), 0);
	for (i = 0; i < n; i++)
		if (fs[i].id == a) {
			CHECK_INT_EQ(fs[i].nitems, 2);
			CHECK_INT_EQ(fs[i].nunread, 2);
		}
	store_feed_list_free(fs, n);
	CHECK_INT_EQ(store_remove_feed(st, a), 0);
	CHECK_INT_EQ(store_remove_feed(st, b), 0);
}

/*
 * A failed poll that still stored entries, then the first successful
 * one: the backlog rule counts only the entries not stored yet.
 */
static void
test_first_after_failure(struct store *st)
{
	static const struct spec early[] = {
		{ "p1", "http://part.example/1", "eins", 60, NULL },
	};
	static const struct spec later[] = {
		{ "p1", "http://part.example/1", "eins", 60, NULL },
		{ "p2", "http://part.example/2", "zwei", 120, NULL },
		{ "p3", "http://part.example/3", "drei", 180, NULL },
		{ "p4", "http://part.example/4", "vier", 240, NULL },
		{ "p5", "http://part.example/5", "fuenf", 300, NULL },
	};
	struct store_poll_stats	 sts;
	struct store_poll	 p;
	struct feed		 f;
	int64_t			 id;

	CHECK_INT_EQ(store_add_feed(st, "http://part.example/feed", NULL,
	    NULL, &id), 0);
	make_feed(&f, early, 1);
	memset(&p, 0, sizeof(p));
	p.polled_at = NOW;
	p.next_poll = NOW + 900;
	p.http_status = 200;
	p.error = "cut short";
	p.feed = &f;
	CHECK_INT_EQ(store_save_poll(st, id, &p, &sts), 0);
	feed_free(&f);
	CHECK_INT_EQ(count(st, -1, id), 1);

	/* p1 is stored; of p2..p5 the newest DEFAULT_BACKLOG_MAX are new. */
	CHECK_INT_EQ(poll_feed(st, id, later, 5, &sts), 0);
	CHECK_INT_EQ(sts.nknown, 1);
	CHECK_INT_EQ(sts.nnew, DEFAULT_BACKLOG_MAX);
	CHECK_INT_EQ(sts.nold, 4 - DEFAULT_BACKLOG_MAX);
	CHECK_INT_EQ(store_remove_feed(st, id), 0);
}

/* The first poll of a feed: the backlog rule; then a second poll. */
static void
test_backlog(struct store *st)
{
	static const struct spec first[] = {
		{ "g1", "http://n.example/1", "eins", 60, NULL },
		{ "g2", "http://n.example/2", "zwei", 3600, NULL },
		{ "g3", "http://n.example/3", "drei", 2 * 3600, NULL },
		{ "g4", "http://n.example/4", "vier", 3 * 3600, NULL },
		{ "g5", "http://n.example/5", "fuenf", 7 * 3600, NULL },
		{ "g6", "http://n.example/6", "sechs", -1, NULL },
		{ "g7", "http://n.example/7", "sieben", 30 * 86400, NULL },
	};
	static const struct spec second[] = {
		{ "g0", "http://n.example/0", "null", 10, NULL },
		{ "g1", "http://n.example/1", "eins", 60, NULL },
		{ "g2", "http://n.example/2", "zwei", 3600, NULL },
		{ "gx", "http://n.example/x", "alt aber neu", 90 * 86400,
		    NULL },
	};
	struct store_poll_stats	 sts;
	struct store_item	*its;
	struct store_query	 q;
	struct store_feed	 f;
	size_t			 n, i;
	int64_t			 id;

	CHECK_INT_EQ(store_add_feed(st, "http://n.example/feed", NULL, NULL,
	    &id), 0);
	CHECK_INT_EQ(poll_feed(st, id, first, 7, &sts), 0);
	CHECK_INT_EQ(sts.nnew, DEFAULT_BACKLOG_MAX);
	CHECK_INT_EQ(sts.nold, 7 - DEFAULT_BACKLOG_MAX);
	CHECK_INT_EQ(count(st, ITEM_NEW, id), 3);
	CHECK_INT_EQ(count(st, ITEM_SEEN, id), 4);

	memset(&q, 0, sizeof(q));
	q.state = ITEM_NEW;
	q.feed_id = id;
	q.oldest_first = 1;
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	CHECK_INT_EQ(n, 3);
	if (n == 3) {
		CHECK_STR_EQ(its[0].title, "drei");
		CHECK_STR_EQ(its[1].title, "zwei");
		CHECK_STR_EQ(its[2].title, "eins");
		CHECK_STR_EQ(its[2].norm_link, "http://n.example/1");
		CHECK(its[2].summary == NULL, "list leaves bodies out");
	}
	store_item_list_free(its, n);
	q.state = ITEM_SEEN;
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	for (i = 0; i < n; i++)
		CHECK_STR_EQ(its[i].state_reason, "backlog");
	store_item_list_free(its, n);

	CHECK_INT_EQ(store_get_feed(st, id, &f), 0);
	CHECK_INT_EQ(f.last_success, NOW);
	CHECK_STR_EQ(f.etag, "\"abc\"");
	CHECK_INT_EQ(f.nitems, 7);
	CHECK_INT_EQ(f.nunread, 3);
	CHECK_STR_EQ(f.title, "Testfeed");
	store_feed_free(&f);

	/* Later polls: every unknown item is new, unless it is dated
	 * before what the store keeps (it may be one forgotten). */
	CHECK_INT_EQ(poll_feed(st, id, second, 4, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 1);
	CHECK_INT_EQ(sts.nold, 1);
	CHECK_INT_EQ(sts.nknown, 2);
	CHECK_INT_EQ(count(st, ITEM_NEW, id), 4);
	/* The same document again adds nothing. */
	CHECK_INT_EQ(poll_feed(st, id, second, 4, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 0);
	CHECK_INT_EQ(sts.nknown, 4);
	CHECK_INT_EQ(count(st, -1, id), 9);
}

/* The queries of the page fetcher and the queue: new stories whose text
 * is missing or ready, unread ones, any; lists and counts agree. */
static void
test_text_query(struct store *st)
{
	static const struct spec items[] = {
		{ "t1", "http://t.example/1", "eins", 60, NULL },
		{ "t2", "http://t.example/2", "zwei", 120, NULL },
		{ "t3", "http://t.example/3", "drei", 180, NULL },
	};
	struct store_poll_stats	 sts;
	struct store_item	*its;
	struct store_query	 q;
	size_t			 n;
	int64_t			 id, c;

	CHECK_INT_EQ(store_add_feed(st, "http://t.example/feed", NULL, NULL,
	    &id), 0);
	CHECK_INT_EQ(poll_feed(st, id, items, 3, &sts), 0);
	memset(&q, 0, sizeof(q));
	q.state = ITEM_NEW;
	q.feed_id = id;
	q.oldest_first = 1;
	q.text = STORE_TEXT_MISSING;
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	CHECK_INT_EQ(n, 3);
	if (n == 3) {
		CHECK_STR_EQ(its[0].title, "drei");	/* oldest first */
		CHECK_INT_EQ(store_set_item_source(st, its[0].id,
		    ITEM_TEXT_FEED, 0), 0);
		CHECK_INT_EQ(store_set_item_source(st, its[1].id,
		    ITEM_TEXT_PAGE, 0), 0);
		CHECK_INT_EQ(store_set_item_state(st, its[1].id, ITEM_QUEUED,
		    NULL, NOW), 0);
	}
	store_item_list_free(its, n);
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	CHECK_INT_EQ(n, 1);
	if (n == 1)
		CHECK_STR_EQ(its[0].title, "eins");
	store_item_list_free(its, n);
	q.text = STORE_TEXT_READY;
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	CHECK_INT_EQ(n, 1);
	if (n == 1)
		CHECK_STR_EQ(its[0].title, "drei");
	store_item_list_free(its, n);
	CHECK_INT_EQ(store_count_items(st, &q, &c), 0);
	CHECK_INT_EQ(c, 1);
	q.state = STORE_UNREAD;
	CHECK_INT_EQ(store_count_items(st, &q, &c), 0);
	CHECK_INT_EQ(c, 2);		/* "drei" new, "zwei" queued */
	q.oldest_first = 0;
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	CHECK_INT_EQ(n, 2);
	if (n == 2)
		CHECK_STR_EQ(its[0].title, "zwei");	/* newest first */
	store_item_list_free(its, n);
	q.state = -1;
	q.text = 0;
	CHECK_INT_EQ(store_count_items(st, &q, &c), 0);
	CHECK_INT_EQ(c, 3);
	q.after_id = 0;
	q.state = ITEM_QUEUED;
	CHECK_INT_EQ(store_count_items(st, &q, &c), 0);
	CHECK_INT_EQ(c, 1);
}

static void
test_identity(struct store *st)
{
	/* Same guid, different link: two stories.  No guid: the link,
	 * normalised.  Neither: title and date. */
	static const struct spec a[] = {
		{ "same", "http://i.example/a", "A", 10, NULL },
		{ "same", "http://i.example/b", "B", 20, NULL },
		{ NULL, "HTTP://I.Example:80/c?utm_source=x#top", "C", 30,
		    NULL },
		{ NULL, NULL, "D", 40, NULL },
	};
	static const struct spec b[] = {
		{ "same", "http://i.example/a", "A", 10, NULL },
		{ "same", "http://i.example/b", "B", 20, NULL },
		{ NULL, "http://i.example/c", "C", 30, NULL },
		{ NULL, NULL, "D", 40, NULL },
		{ NULL, NULL, "D", 50, NULL },	/* other date: other story */
	};
	struct store_poll_stats	 sts;
	int64_t			 id;

	CHECK_INT_EQ(store_add_feed(st, "http://i.example/feed", NULL, NULL,
	    &id), 0);
	store_set_backlog(st, 86400, 100);
	CHECK_INT_EQ(poll_feed(st, id, a, 4, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 4);
	CHECK_INT_EQ(poll_feed(st, id, b, 5, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 1);
	CHECK_INT_EQ(sts.nknown, 4);
	store_set_backlog(st, DEFAULT_BACKLOG, DEFAULT_BACKLOG_MAX);
}

/*
 * A first poll whose document repeats entries: a feed with nothing stored
 * skips the per-entry lookup, except for the entries that share an
 * identity within the document, which must still be found.
 */
static void
test_first_twins(struct store *st)
{
	static const struct spec doc[] = {
		{ "t1", "http://twin.example/1", "T1", 10, "<p>a</p>" },
		{ "t1", "http://twin.example/1", "T1", 10, "<p>a</p>" },
		{ "t2", "http://twin.example/2", "T2", 20, "<p>b</p>" },
		{ "t2", "http://twin.example/2", "T2 neu", 20, "<p>c</p>" },
		{ "t3", "http://twin.example/3a", "T3", 30, NULL },
		{ "t3", "http://twin.example/3b", "T3b", 40, NULL },
		{ NULL, "http://twin.example/4", "T4", 50, NULL },
	};
	struct store_poll_stats	 sts;
	int64_t			 id;

	CHECK_INT_EQ(store_add_feed(st, "http://twin.example/feed", NULL, NULL,
	    &id), 0);
	store_set_backlog(st, 86400, 100);
	CHECK_INT_EQ(poll_feed(st, id, doc, 7, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 5);
	CHECK_INT_EQ(sts.nknown, 1);
	CHECK_INT_EQ(sts.nupdated, 1);
	CHECK_INT_EQ(count(st, ITEM_NEW, id), 5);
	/* The second poll asks for every entry: nothing new. */
	CHECK_INT_EQ(poll_feed(st, id, doc, 7, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 0);
	CHECK_INT_EQ(count(st, ITEM_NEW, id), 5);
	store_set_backlog(st, DEFAULT_BACKLOG, DEFAULT_BACKLOG_MAX);
}

/* The same story in two feeds is one story. */
static void
test_dedup(struct store *st)
{
	static const struct spec one[] = {
		{ "x1", "https://d.example/story?utm_medium=rss", "Story", 10,
		    NULL },
	};
	static const struct spec two[] = {
		{ "other-guid", "https://D.example/story#comments", "Story!",
		    20, NULL },
		{ "y2", "https://d.example/own", "Own", 30, NULL },
	};
	struct store_poll_stats	 sts;
	struct store_item	*its;
	struct store_query	 q;
	size_t			 n;
	int64_t			 f1, f2;

	CHECK_INT_EQ(store_add_feed(st, "http://d.example/1", NULL, NULL, &f1),
	    0);
	CHECK_INT_EQ(store_add_feed(st, "http://d.example/2", NULL, NULL, &f2),
	    0);
	CHECK_INT_EQ(poll_feed(st, f1, one, 1, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 1);
	CHECK_INT_EQ(poll_feed(st, f2, two, 2, &sts), 0);
	CHECK_INT_EQ(sts.ndup, 1);
	CHECK_INT_EQ(sts.nnew, 1);
	memset(&q, 0, sizeof(q));
	q.state = ITEM_SEEN;
	q.feed_id = f2;
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	CHECK_INT_EQ(n, 1);
	if (n == 1) {
		CHECK_STR_EQ(its[0].state_reason, "duplicate");
		CHECK(its[0].dup_of > 0, "dup_of set");
	}
	store_item_list_free(its, n);
}

/* An updated story is stored but not read again (unless configured). */
static void
test_updated(struct store *st)
{
	static const struct spec v1[] = {
		{ "u1", "http://u.example/1", "Erst", 10, "<p>alt</p>" },
	};
	static const struct spec v2[] = {
		{ "u1", "http://u.example/1", "Erst (aktualisiert)", 10,
		    "<p>neu</p>" },
	};
	static const struct spec v3[] = {
		{ "u1", "http://u.example/1", "Dritte Fassung", 10,
		    "<p>neuer</p>" },
	};
	struct store_poll_stats	 sts;
	struct store_item	 it;
	struct store_item	*its;
	struct store_query	 q;
	size_t			 n;
	int64_t			 id, item;

	CHECK_INT_EQ(store_add_feed(st, "http://u.example/feed", NULL, NULL,
	    &id), 0);
	CHECK_INT_EQ(poll_feed(st, id, v1, 1, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 1);
	memset(&q, 0, sizeof(q));
	q.state = -1;
	q.feed_id = id;
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	CHECK_INT_EQ(n, 1);
	item = n == 1 ? its[0].id : 0;
	store_item_list_free(its, n);

	CHECK_INT_EQ(store_set_item_state(st, item, ITEM_QUEUED, NULL, NOW),
	    0);
	CHECK_INT_EQ(store_set_item_state(st, item, ITEM_SPOKEN, NULL,
	    NOW + 1), 0);
	CHECK_INT_EQ(poll_feed(st, id, v2, 1, &sts), 0);
	CHECK_INT_EQ(sts.nupdated, 1);
	CHECK_INT_EQ(sts.nnew, 0);
	CHECK_INT_EQ(store_get_item(st, item, &it), 0);
	CHECK_STR_EQ(it.title, "Erst (aktualisiert)");
	CHECK_STR_EQ(it.content, "<p>neu</p>");
	CHECK_INT_EQ(it.state, ITEM_SPOKEN);
	CHECK_INT_EQ(it.state_changed, NOW + 1);
	store_item_free(&it);

	store_set_reread_updated(st, 1);
	CHECK_INT_EQ(poll_feed(st, id, v3, 1, &sts), 0);
	CHECK_INT_EQ(store_get_item(st, item, &it), 0);
	CHECK_INT_EQ(it.state, ITEM_NEW);
	CHECK_STR_EQ(it.state_reason, "updated");
	store_item_free(&it);
	store_set_reread_updated(st, 0);

	/* Text stages and states. */
	CHECK_INT_EQ(store_set_item_text(st, item, ITEM_TEXT_CLEAN, "Sauber."),
	    0);
	CHECK_INT_EQ(store_set_item_text(st, item, ITEM_TEXT_PAGE_HTML,
	    "<html/>"), 0);
	CHECK_INT_EQ(store_set_item_text(st, item, ITEM_TEXT_PAGE_ERROR,
	    "HTTP 404"), 0);
	CHECK_INT_EQ(store_set_item_source(st, item, ITEM_TEXT_PAGE, 1), 0);
	CHECK_INT_EQ(store_set_item_state(st, item, ITEM_SKIPPED, "language",
	    NOW + 2), 0);
	CHECK_INT_EQ(store_get_item(st, item, &it), 0);
	CHECK_STR_EQ(it.clean_text, "Sauber.");
	CHECK_STR_EQ(it.page_html, "<html/>");
	CHECK_STR_EQ(it.page_error, "HTTP 404");
	CHECK(it.spoken_text == NULL, "spoken text unset");
	CHECK_INT_EQ(it.text_source, ITEM_TEXT_PAGE);
	CHECK_INT_EQ(it.paywalled, 1);
	CHECK_INT_EQ(it.state, ITEM_SKIPPED);
	CHECK_STR_EQ(it.state_reason, "language");
	store_item_free(&it);
	CHECK_INT_EQ(store_get_item(st, 999999, &it), STORE_NOT_FOUND);
	CHECK_INT_EQ(store_set_item_state(st, 999999, ITEM_NEW, NULL, NOW),
	    STORE_NOT_FOUND);

	CHECK_INT_EQ(store_set_item_state(st, item, ITEM_QUEUED, NULL, NOW),
	    0);
	CHECK_INT_EQ(store_requeue(st, NOW), 0);
	CHECK_INT_EQ(store_get_item(st, item, &it), 0);
	CHECK_INT_EQ(it.state, ITEM_NEW);
	store_item_free(&it);

	CHECK_STR_EQ(store_state_name(ITEM_SPOKEN), "spoken");
	CHECK_INT_EQ(store_state_parse("seen"), ITEM_SEEN);
	CHECK_INT_EQ(store_state_parse("bogus"), -1);
}

/* Errors, 304 and 429 keep the right HTTP fields. */
static void
test_poll_state(struct store *st)
{
	struct store_poll	p;
	struct store_feed	f;
	int64_t			id;

	CHECK_INT_EQ(store_add_feed(st, "http://e.example/feed", NULL, NULL,
	    &id), 0);
	memset(&p, 0, sizeof(p));
	p.polled_at = NOW;
	p.http_status = 503;
	p.retry_after = NOW + 120;
	p.error = "HTTP 503";
	CHECK_INT_EQ(store_save_poll(st, id, &p, NULL), 0);
	p.error = "HTTP 503 again";
	CHECK_INT_EQ(store_save_poll(st, id, &p, NULL), 0);
	CHECK_INT_EQ(store_get_feed(st, id, &f), 0);
	CHECK_INT_EQ(f.error_count, 2);
	CHECK_STR_EQ(f.last_error, "HTTP 503 again");
	CHECK_INT_EQ(f.retry_after, NOW + 120);
	CHECK_INT_EQ(f.last_success, 0);
	store_feed_free(&f);

	memset(&p, 0, sizeof(p));
	p.polled_at = NOW + 200;
	p.http_status = 200;
	p.etag = "\"e1\"";
	CHECK_INT_EQ(store_save_poll(st, id, &p, NULL), 0);
	p.polled_at = NOW + 300;
	p.http_status = 304;
	p.etag = NULL;		/* a 304 without ETag keeps the old one */
	CHECK_INT_EQ(store_save_poll(st, id, &p, NULL), 0);
	CHECK_INT_EQ(store_get_feed(st, id, &f), 0);
	CHECK_INT_EQ(f.error_count, 0);
	CHECK(f.last_error == NULL, "error cleared");
	CHECK_STR_EQ(f.etag, "\"e1\"");
	CHECK_INT_EQ(f.http_status, 304);
	CHECK_INT_EQ(f.last_success, NOW + 300);
	store_feed_free(&f);
	CHECK_INT_EQ(store_save_poll(st, 424242, &p, NULL), STORE_NOT_FOUND);
}

/* The id of the item with this guid, or 0. */
static int64_t
item_by_guid(struct store *st, const char *guid)
{
	struct store_query	 q;
	struct store_item	*its;
	size_t			 n, i;
	int64_t			 id = 0;

	memset(&q, 0, sizeof(q));
	q.state = -1;
	if (store_list_items(st, &q, &its, &n) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (its[i].guid != NULL && strcmp(its[i].guid, guid) == 0)
			id = its[i].id;
	store_item_list_free(its, n);
	return id;
}

/*
 * Expiry: a done story its feed dropped is forgotten after the keep
 * window, one the feed still carries is not, new ones never are; page
 * HTML of done stories goes after keep-pages; a forgotten story back in
 * its feed is old news, not new.
 */
static void
test_expire(void)
{
	static const struct spec first[] = {
		{ "ea", "http://e.example/a", "A", 60, NULL },
		{ "eb", "http://e.example/b", "B", 120, NULL },
		{ "ec", "http://e.example/c", "C", 180, NULL },
	};
	static const struct spec later[] = {
		{ "ec", "http://e.example/c", "C", 180, NULL },
	};
	const int64_t		 day = 86400;
	struct store		*st;
	struct store_poll_stats	 sts;
	struct store_expiry	 ex;
	struct store_item	 it;
	int64_t			 id, a, b, c;

	if ((st = store_open(":memory:")) == NULL) {
		CHECK(0, "store_open");
		return;
	}
	CHECK_INT_EQ(store_add_feed(st, "http://e.example/feed", NULL, NULL,
	    &id), 0);
	CHECK_INT_EQ(poll_feed_at(st, id, first, 3, NOW, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 3);
	a = item_by_guid(st, "ea");
	b = item_by_guid(st, "eb");
	c = item_by_guid(st, "ec");
	CHECK(a > 0 && b > 0 && c > 0, "three items stored");
	/* a and c spoken, b still new; all three with a page. */
	CHECK_INT_EQ(store_set_item_state(st, a, ITEM_SPOKEN, NULL, NOW), 0);
	CHECK_INT_EQ(store_set_item_state(st, c, ITEM_SPOKEN, NULL, NOW), 0);
	CHECK_INT_EQ(store_set_item_text(st, a, ITEM_TEXT_PAGE_HTML,
	    "<p>a</p>"), 0);
	CHECK_INT_EQ(store_set_item_text(st, b, ITEM_TEXT_PAGE_HTML,
	    "<p>b</p>"), 0);

	/* The feed keeps only c, polled now and then. */
	CHECK_INT_EQ(poll_feed_at(st, id, later, 1, NOW + 20 * day, &sts),
	    0);
	CHECK_INT_EQ(sts.nknown, 1);

	/* Day 3: a's page goes (spoken two days ago), b's stays (new). */
	CHECK_INT_EQ(store_expire(st, NOW + 3 * day, 2 * day, &ex), 0);
	CHECK_INT_EQ(ex.npages, 1);
	CHECK_INT_EQ(ex.nitems, 0);
	CHECK_INT_EQ(store_get_item(st, a, &it), 0);
	CHECK(it.page_html == NULL, "a's page dropped");
	store_item_free(&it);
	CHECK_INT_EQ(store_get_item(st, b, &it), 0);
	CHECK(it.page_html != NULL, "b's page kept");
	store_item_free(&it);

	/* Day 31: a is forgotten (spoken, out of the feed since day 0);
	 * b is new and c still in the feed (seen on day 20): kept. */
	CHECK_INT_EQ(store_expire(st, NOW + 31 * day, 0, &ex), 0);
	CHECK_INT_EQ(ex.nitems, 1);
	CHECK_INT_EQ(ex.npages, 0);
	CHECK_INT_EQ(store_get_item(st, a, &it), STORE_NOT_FOUND);
	CHECK_INT_EQ(count(st, -1, id), 2);

	/* Hourly: a page to drop waits for the next hour. */
	CHECK_INT_EQ(store_set_item_text(st, c, ITEM_TEXT_PAGE_HTML,
	    "<p>c</p>"), 0);
	CHECK_INT_EQ(store_expire(st, NOW + 31 * day + 60, 2 * day, &ex), 0);
	CHECK_INT_EQ(ex.npages, 0);
	CHECK_INT_EQ(store_expire(st, NOW + 31 * day + STORE_EXPIRE_SECS,
	    2 * day, &ex), 0);
	CHECK_INT_EQ(ex.npages, 1);
	CHECK_INT_EQ(store_expire(st, NOW + 49 * day, 0, &ex), 0);
	CHECK_INT_EQ(ex.nitems, 0);

	/* a back in the feed on day 32: dated a month ago, so old news. */
	CHECK_INT_EQ(poll_feed_at(st, id, first, 3, NOW + 32 * day, &sts),
	    0);
	CHECK_INT_EQ(sts.nnew, 0);
	CHECK_INT_EQ(sts.nold, 1);
	CHECK_INT_EQ(count(st, ITEM_NEW, id), 1);

	/* A first poll's backlog rule decides alone: with a window of
	 * years (the demo's), a story older than keep is new. */
	{
		static const struct spec old[] = {
			{ "eo", "http://o.example/o", "O", 90 * 86400, NULL },
		};
		int64_t	 id2;

		store_set_backlog(st, 3650 * day, 100);
		CHECK_INT_EQ(store_add_feed(st, "http://o.example/feed", NULL,
		    NULL, &id2), 0);
		CHECK_INT_EQ(poll_feed_at(st, id2, old, 1, NOW, &sts), 0);
		CHECK_INT_EQ(sts.nnew, 1);
		CHECK_INT_EQ(store_remove_feed(st, id2), 0);
		store_set_backlog(st, DEFAULT_BACKLOG, DEFAULT_BACKLOG_MAX);
	}

	/* Keep 0 keeps everything. */
	store_set_keep(st, 0);
	CHECK_INT_EQ(store_expire(st, NOW + 3650 * day, 0, &ex), 0);
	CHECK_INT_EQ(ex.nitems, 0);
	CHECK_INT_EQ(count(st, -1, id), 3);
	store_close(st);
}

/*
 * A new database has nothing to forget: its first expiry is due an hour
 * after it was made, not at the end of its first poll.  Stories a month
 * old by the real clock, dropped by their feed, wait until then.
 */
static void
test_expire_new(void)
{
	static const struct spec first[] = {
		{ "na", "http://n.example/a", "A", 60, NULL },
		{ "nb", "http://n.example/b", "B", 120, NULL },
	};
	static const struct spec later[] = {
		{ "nb", "http://n.example/b", "B", 120, NULL },
	};
	const int64_t		 day = 86400, now = time(NULL);
	struct store		*st;
	struct store_poll_stats	 sts;
	struct store_expiry	 ex;
	int64_t			 id;

	if ((st = store_open(":memory:")) == NULL) {
		CHECK(0, "store_open");
		return;
	}
	CHECK_INT_EQ(store_add_feed(st, "http://n.example/feed", NULL, NULL,
	    &id), 0);
	CHECK_INT_EQ(poll_feed_at(st, id, first, 2, now - 40 * day, &sts), 0);
	CHECK_INT_EQ(poll_feed_at(st, id, later, 1, now - 20 * day, &sts), 0);
	CHECK_INT_EQ(count(st, -1, id), 2);
	CHECK_INT_EQ(store_expire(st, now + 60, 0, &ex), 0);
	CHECK_INT_EQ(ex.nitems, 0);
	CHECK_INT_EQ(count(st, -1, id), 2);
	CHECK_INT_EQ(store_expire(st, now + STORE_EXPIRE_SECS + 60, 0, &ex),
	    0);
	CHECK_INT_EQ(ex.nitems, 1);
	CHECK_INT_EQ(count(st, -1, id), 1);
	store_close(st);
}

/* Runs sql on the database file at path; the first column of the last
 * row it returns, or -1. */
static int64_t
sql_on(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	const char	*tail = sql;
	int64_t		 v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	while (tail != NULL && *tail != '\0') {
		if (sqlite3_prepare_v2(db, tail, -1, &s, &tail) != SQLITE_OK) {
			v = -1;
			break;
		}
		if (s == NULL)
			break;
		while (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return v;
}

/* A version 3 database (before last_seen) migrates, stories keeping
 * their first_seen as last_seen. */
static void
test_migrate(void)
{
	char		 dir[] = "/tmp/test_store.XXXXXX", path[128];
	char		 cmd[160];
	struct store	*st;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/state.db", dir);
	CHECK((st = store_open(path)) != NULL, "create file db");
	store_close(st);
	CHECK_INT_EQ(sql_on(path, "ALTER TABLE items DROP COLUMN last_seen;"
	    "ALTER TABLE feeds DROP COLUMN last_doc;"
	    "PRAGMA user_version = 3;"
	    "INSERT INTO feeds (id, url) VALUES (1, 'http://m.example/');"
	    "INSERT INTO items (feed_id, ident, first_seen, state) "
	    "VALUES (1, 'x', 1234, 'spoken');"
	    "PRAGMA user_version;"), 3);
	CHECK((st = store_open(path)) != NULL, "open version 3 db");
	store_close(st);
	CHECK_INT_EQ(sql_on(path, "PRAGMA user_version"), 4);
	CHECK_INT_EQ(sql_on(path, "SELECT last_seen FROM items"), 1234);
	CHECK_INT_EQ(sql_on(path, "SELECT last_doc FROM feeds"), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT_EQ(system(cmd), 0);
}

/* A file database keeps everything across close and reopen. */
static void
test_reopen(void)
{
	static const struct spec sp[] = {
		{ "p1", "http://p.example/1", "eins", 10, NULL },
		{ "p2", "http://p.example/2", "zwei", 20, NULL },
	};
	char			 dir[] = "/tmp/test_store.XXXXXX", path[128];
	char			 cmd[160];
	struct store		*st;
	struct store_poll_stats	 sts;
	struct store_item	 it;
	struct store_query	 q;
	struct store_item	*its;
	size_t			 n;
	int64_t			 id, item = 0;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/state.db", dir);
	CHECK((st = store_open(path)) != NULL, "open file db");
	if (st == NULL)
		return;
	CHECK_INT_EQ(store_add_feed(st, "http://p.example/feed", NULL, NULL,
	    &id), 0);
	CHECK_INT_EQ(poll_feed(st, id, sp, 2, &sts), 0);
	CHECK_INT_EQ(sts.nnew, 2);
	memset(&q, 0, sizeof(q));
	q.state = ITEM_NEW;
	CHECK_INT_EQ(store_list_items(st, &q, &its, &n), 0);
	if (n > 0)
		item = its[0].id;
	store_item_list_free(its, n);
	CHECK_INT_EQ(store_set_item_state(st, item, ITEM_SPOKEN, NULL, NOW),
	    0);
	CHECK_INT_EQ(store_checkpoint(st), 0);
	store_close(st);

	CHECK((st = store_open(path)) != NULL, "reopen file db");
	if (st != NULL) {
		CHECK_INT_EQ(count(st, -1, 0), 2);
		CHECK_INT_EQ(store_get_item(st, item, &it), 0);
		CHECK_INT_EQ(it.state, ITEM_SPOKEN);
		store_item_free(&it);
		/* Polling the same document again makes nothing new. */
		CHECK_INT_EQ(poll_feed(st, id, sp, 2, &sts), 0);
		CHECK_INT_EQ(sts.nnew, 0);
		CHECK_INT_EQ(count(st, ITEM_NEW, 0), 1);
		store_close(st);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT_EQ(system(cmd), 0);
}

/*
 * kill -9 in the middle of polls: a child polls a file database and
 * marks each story spoken, reporting every committed step on a pipe; the
 * parent kills it without warning, reopens the database and checks that
 * every reported step is there and no spoken story is new.
 */
static void
test_kill9(void)
{
	char			 dir[] = "/tmp/test_store.XXXXXX", path[128];
	char			 cmd[160];
	int			 fds[2], status;
	pid_t			 pid;
	struct store		*st;
	int64_t			 acked = -1, v, n;

	if (mkdtemp(dir) == NULL || pipe(fds) == -1) {
		CHECK(0, "mkdtemp/pipe");
		return;
	}
	snprintf(path, sizeof(path), "%s/state.db", dir);
	if ((pid = fork()) == 0) {
		char		 guid[32], link[64];
		struct spec	 sp;
		int64_t		 id, i;
		struct store_query q;
		struct store_item *its;
		size_t		 ni;

		close(fds[0]);
		if ((st = store_open(path)) == NULL ||
		    store_add_feed(st, "http://k.example/", NULL, NULL, &id))
			_exit(1);
		for (i = 0;; i++) {
			snprintf(guid, sizeof(guid), "k%lld", (long long)i);
			snprintf(link, sizeof(link), "http://k.example/%lld",
			    (long long)i);
			sp = (struct spec){ guid, link, guid, 10, "<p>x</p>" };
			if (poll_feed(st, id, &sp, 1, NULL) != 0)
				_exit(1);
			memset(&q, 0, sizeof(q));
			q.state = ITEM_NEW;
			if (store_list_items(st, &q, &its, &ni) != 0)
				_exit(1);
			if (ni > 0 && store_set_item_state(st, its[0].id,
			    ITEM_SPOKEN, NULL, NOW) != 0)
				_exit(1);
			store_item_list_free(its, ni);
			if (write(fds[1], &i, sizeof(i)) != sizeof(i))
				_exit(1);
		}
	}
	close(fds[1]);
	while (read(fds[0], &v, sizeof(v)) == sizeof(v)) {
		acked = v;
		if (acked == 40)
			kill(pid, SIGKILL);	/* it may have gone on a bit */
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	    "child killed");
	CHECK(acked >= 40, "child made progress");
	CHECK((st = store_open(path)) != NULL, "reopen after kill -9");
	if (st != NULL) {
		/* Every acknowledged poll is there, spoken; at most the
		 * one in flight is new (its mark was not committed). */
		CHECK(count(st, ITEM_SPOKEN, 0) >= acked + 1, "spoken kept");
		n = count(st, ITEM_NEW, 0);
		CHECK(n == 0 || n == 1, "at most the item in flight is new");
		store_close(st);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT_EQ(system(cmd), 0);
}

int
main(void)
{
	struct store	*st;

	log_init("test_store", LOG_LEVEL_ERR);
	if ((st = store_open(":memory:")) == NULL) {
		CHECK(0, "store_open");
		return CHECK_SUMMARY();
	}
	test_feeds(st);
	test_backlog(st);
	test_text_query(st);
	test_identity(st);
	test_first_twins(st);
	test_dedup(st);
	test_updated(st);
	test_poll_state(st);
	test_batch(st);
	test_first_after_failure(st);
	store_close(st);
	test_expire();
	test_expire_new();
	test_migrate();
	test_reopen();
	test_kill9();
	return CHECK_SUMMARY();
}
