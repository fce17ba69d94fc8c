/* The SQLite store: feeds, items and their read state. */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

struct feed;

/* Expected outcomes that are not failures (failures are -1). */
#define STORE_EXISTS		1	/* the feed URL is already subscribed */
#define STORE_NOT_FOUND		2	/* no feed or item with that id */

enum store_fulltext {
	STORE_FULLTEXT_AUTO = 0,	/* the page if the feed text is short */
	STORE_FULLTEXT_ALWAYS,
	STORE_FULLTEXT_NEVER,
};

enum item_state {
	ITEM_NEW = 0,		/* not yet read out */
	ITEM_QUEUED,		/* in the speaking queue */
	ITEM_SPOKEN,		/* read to the end */
	ITEM_SKIPPED,		/* skipped by the listener or a rule */
	ITEM_SEEN,		/* never to be read (backlog, duplicate,
				 * language...); state_reason says why */
};

enum item_text_source {
	ITEM_TEXT_NONE = 0,	/* not decided yet */
	ITEM_TEXT_FEED,
	ITEM_TEXT_PAGE,
};

/* The text stages later modules fill in (store_set_item_text). */
enum item_text {
	ITEM_TEXT_PAGE_HTML = 0,	/* the article page as fetched */
	ITEM_TEXT_RAW,			/* extracted text, before cleaning */
	ITEM_TEXT_CLEAN,		/* cleaned paragraphs */
	ITEM_TEXT_SPOKEN,		/* what the speech stage reads */
	ITEM_TEXT_PAGE_ERROR,		/* why the page was not used */
};

/*
 * A feed as stored.  Strings are owned by the struct (free with
 * store_feed_free); NULL when unset.  Times are UTC seconds, 0 = never.
 */
struct store_feed {
	int64_t		 id;
	char		*url;
	char		*title;		/* from the document */
	char		*custom_title;	/* from the feeds file */
	char		*tags;		/* space separated */
	char		*site_link;	/* the feed's <link> */
	char		*language;
	/* HTTP cache and error state */
	char		*etag;
	char		*last_modified;
	int		 http_status;	/* last status; 0 = transport error */
	int64_t		 retry_after;	/* don't poll before this time, 0 */
	int		 error_count;	/* consecutive failed polls */
	char		*last_error;	/* NULL when the last poll succeeded */
	/* schedule */
	int64_t		 last_poll;	/* last attempt */
	int64_t		 last_success;	/* last 200/304; 0 = never: the next
					 * result is the first subscription */
	int64_t		 next_poll;
	int		 interval;	/* seconds; 0 = the global default */
	int		 priority;	/* higher is read first; default 0 */
	int		 fulltext;	/* enum store_fulltext */
	int64_t		 added;
	/* counts, filled by store_get_feed and store_list_feeds */
	int64_t		 nitems;
	int64_t		 nunread;	/* state new or queued */
};

/*
 * An item as stored.  Strings are owned by the struct (store_item_free);
 * NULL when unset.  store_list_items leaves the large fields (summary,
 * content and the text stages) NULL; store_get_item fills everything.
 */
struct store_item {
	int64_t		 id;
	int64_t		 feed_id;
	char		*guid;
	char		*link;
	char		*norm_link;	/* urlnorm_normalize(link) */
	char		*title;
	char		*author;
	int64_t		 published;	/* UTC, 0 = unknown */
	int64_t		 updated;
	char		*summary;
	char		*content;
	char		*language;
	char		*categories;	/* '\n' separated */
	char		*enclosure_url;
	char		*enclosure_type;
	char		*base;		/* base URL for links in content */
	int		 state;		/* enum item_state */
	char		*state_reason;	/* why seen/skipped, NULL otherwise */
	int64_t		 first_seen;	/* when we stored it */
	int64_t		 state_changed;
	int64_t		 dup_of;	/* the same story in another feed, 0 */
	/* text stages, filled by later modules */
	char		*page_html;
	char		*raw_text;
	char		*clean_text;
	char		*spoken_text;
	int		 text_source;	/* enum item_text_source */
	int		 paywalled;
	char		*page_error;	/* why the article page was not
					 * used (fetch error, no text), NULL
					 * when it was or was not wanted */
};

/*
 * The identity key, normalised link and text fingerprint of each entry
 * of a document (docs/store.md), which store_save_poll() needs.  Working
 * them out touches no database, so a parser thread can do it.
 */
struct store_keys {
	size_t		 n;		/* the document's nentries */
	char		**ids;
	char		**norm;		/* NULL where an entry has no link */
	int64_t		*hashes;
};

/* Fills *k for feed (any thread).  0, or -1 when out of memory (logged);
 * store_keys_free() it either way. */
int	store_keys_make(const struct feed *, struct store_keys *k);
void	store_keys_free(struct store_keys *);	/* a zeroed one too */

/* One poll's result, written in one transaction by store_save_poll. */
struct store_poll {
	int64_t		 polled_at;	/* now, UTC seconds */
	int64_t		 next_poll;	/* when the scheduler polls next */
	int		 http_status;	/* 200, 304, 429..., 0 = no response */
	const char	*etag;		/* on 200 these replace the stored ones
					 * (NULL clears); on 304 a non-NULL
					 * value replaces; otherwise unused */
	const char	*last_modified;
	int64_t		 retry_after;	/* absolute UTC time, 0 = none */
	const char	*error;		/* NULL: success (error count reset);
					 * else the reason, count incremented */
	const struct feed *feed;	/* parsed document, NULL if none */
	const struct store_keys *keys;	/* feed's keys from store_keys_make,
					 * or NULL: store_save_poll works
					 * them out */
};

/* What store_save_poll did with the document's entries. */
struct store_poll_stats {
	int		 nnew;		/* stored as new: to be read */
	int		 nold;		/* stored as seen (first-run backlog) */
	int		 ndup;		/* stored as seen: a story elsewhere */
	int		 nupdated;	/* known items whose text changed */
	int		 nknown;	/* known items, unchanged */
};

/* Which items store_list_items returns. */
struct store_query {
	int		 state;		/* enum item_state, -1 for all, or
					 * STORE_UNREAD: new or queued */
	int64_t		 feed_id;	/* 0 for all feeds */
	int64_t		 after_id;	/* only ids > after_id; 0 for all */
	int		 limit;		/* 0: STORE_MAX_LIST */
	int		 oldest_first;	/* else newest first (date, id) */
	int		 text;		/* 0 any, or STORE_TEXT_* */
};
#define STORE_UNREAD		(-2)	/* store_query.state: not read yet */
#define STORE_TEXT_MISSING	1	/* text stages not prepared yet */
#define STORE_TEXT_READY	2	/* prepared: ready to be read */

struct store;

/*
 * Opens or creates the database at path (":memory:" for tests), switches it
 * to WAL and migrates the schema to the current version.  Returns NULL on
 * error (logged).
 */
struct store	*store_open(const char *path);
void		 store_close(struct store *);	/* accepts NULL */

/*
 * Policy knobs (the defaults come from defaults.h): the first-subscription
 * backlog window in seconds and how many items of it may be new, and
 * whether an updated story (same identity, changed text) becomes new again.
 */
void	store_set_backlog(struct store *, int64_t seconds, int max_new);
void	store_set_reread_updated(struct store *, int on);
/*
 * How long a story is kept once it is done (spoken, skipped or seen) and
 * its feed no longer carries it, in seconds; 0 keeps everything.  A new
 * entry dated before this window is stored as seen ("old"): it may be
 * one forgotten and back in its feed.  Default DEFAULT_STORE_KEEP.
 */
void	store_set_keep(struct store *, int64_t seconds);

/*
 * Batches: everything written between store_batch_begin() and
 * store_batch_end() is one transaction, committed by store_batch_end(),
 * or not written at all if the process dies before (nothing is half
 * written either way).  When a write inside fails (-1), the batch is
 * spoilt: call store_batch_abort(), which undoes all of it, and write
 * again without a batch.  Keep a batch short and call nothing inside
 * that must be durable on its own (store_set_item_state).  begin and end
 * return 0 or -1 (logged); after a failed end nothing of it was written.
 */
int	store_batch_begin(struct store *);
int	store_batch_end(struct store *);
void	store_batch_abort(struct store *);

/*
 * Feeds.  store_add_feed returns 0 and sets *id, STORE_EXISTS (and *id of
 * the existing feed) or -1.  tags (space separated) and custom_title may
 * be NULL.
 */
int	store_add_feed(struct store *, const char *url, const char *tags,
	    const char *custom_title, int64_t *id);
/* Deletes the feed and its items.  0, STORE_NOT_FOUND or -1. */
int	store_remove_feed(struct store *, int64_t id);
/* 0 and *id, STORE_NOT_FOUND or -1. */
int	store_find_feed(struct store *, const char *url, int64_t *id);
/* Fills *out (store_feed_free it).  0, STORE_NOT_FOUND or -1. */
int	store_get_feed(struct store *, int64_t id, struct store_feed *out);
/* All feeds by id: *feeds is a new array the caller frees with
 * store_feed_list_free.  0 or -1. */
int	store_list_feeds(struct store *, struct store_feed **feeds, size_t *n);
/* The same without the counts (nitems and nunread are 0): cheaper. */
int	store_list_feeds_brief(struct store *, struct store_feed **feeds,
	    size_t *n);
void	store_feed_free(struct store_feed *);	/* frees the strings only */
void	store_feed_list_free(struct store_feed *, size_t n);
/* A permanent redirect: the feed keeps its id and items.  0, STORE_EXISTS
 * (another feed has that URL), STORE_NOT_FOUND or -1. */
int	store_set_feed_url(struct store *, int64_t id, const char *url);
/* From the feeds file: NULL leaves a field as it is, "" clears it. */
int	store_set_feed_meta(struct store *, int64_t id, const char *tags,
	    const char *custom_title);
/* interval 0 = global default; fulltext is enum store_fulltext. */
int	store_set_feed_schedule(struct store *, int64_t id, int interval,
	    int priority, int fulltext);
/* Sets next_poll only (e.g. "reload" makes it now).  0 or -1. */
int	store_set_feed_next_poll(struct store *, int64_t id, int64_t when);

/*
 * Saves one poll of feed id in a single transaction: the HTTP and error
 * state, the feed's title/link/language, and every entry of poll->feed
 * (if any) by the identity rules of docs/store.md.  On the feed's first
 * successful poll the backlog rule applies.  stats may be NULL.  Returns
 * 0, STORE_NOT_FOUND, or -1 (logged; nothing of the poll was written).
 * Inside a batch the poll is committed by store_batch_end(), and -1
 * means the batch must be aborted (store_batch_abort).
 */
int	store_save_poll(struct store *, int64_t id,
	    const struct store_poll *poll, struct store_poll_stats *stats);

/* Items.  Fills *out (store_item_free it).  0, STORE_NOT_FOUND or -1. */
int	store_get_item(struct store *, int64_t id, struct store_item *out);
/* *items is a new array the caller frees with store_item_list_free. */
int	store_list_items(struct store *, const struct store_query *,
	    struct store_item **items, size_t *n);
void	store_item_free(struct store_item *);	/* frees the strings only */
void	store_item_list_free(struct store_item *, size_t n);
/* Counts items matching the query (limit and order are ignored). */
int	store_count_items(struct store *, const struct store_query *,
	    int64_t *count);
/*
 * Sets an item's state (reason may be NULL) and state_changed = now.  No
 * transition is refused here: policy (what may follow what) belongs to the
 * queue.  0, STORE_NOT_FOUND or -1.  While the disk cannot be written
 * (store_fault), the change is kept in memory and written when it can,
 * and the answer is 0.
 */
int	store_set_item_state(struct store *, int64_t id, enum item_state,
	    const char *reason, int64_t now);
/* Stores one text stage (text NULL clears it).  0, STORE_NOT_FOUND, -1. */
int	store_set_item_text(struct store *, int64_t id, enum item_text,
	    const char *text);
int	store_set_item_source(struct store *, int64_t id,
	    enum item_text_source, int paywalled);

/* What one store_expire() did. */
struct store_expiry {
	int	nitems;		/* stories forgotten */
	int	npages;		/* page HTML dropped */
	int	more;		/* the per-call bound was reached */
};

/*
 * Forgets what the store need not keep: the page HTML of done stories
 * whose state changed more than keep_pages seconds before now (0: keep
 * pages), and done stories older than the store_set_keep() window that
 * their feed has not carried for as long.  New and queued stories are
 * never touched.  Runs at most once per STORE_EXPIRE_SECS (the time is
 * kept in the database, so short runs share it) and is a cheap no-op
 * otherwise; at most STORE_EXPIRE_MAX rows of each per call, in chunks
 * of STORE_EXPIRE_CHUNK rows, so the loop never waits long (with more
 * left, the next call goes on).  out (may be NULL) says what was done.
 * Does nothing inside a batch or while writes fail.  0, or -1 (logged).
 */
int	store_expire(struct store *, int64_t now, int64_t keep_pages,
	    struct store_expiry *out);
/*
 * Copies the WAL into the database file (a passive checkpoint: it never
 * waits for readers).  Call it when a poll round is over, so the fsyncs
 * a checkpoint costs fall into idle time.  0 or -1 (logged).
 */
int	store_checkpoint(struct store *);

/* Every queued item back to new (after a restart).  0 or -1. */
int	store_requeue(struct store *, int64_t now);

/*
 * Write faults.  When a write fails because of the disk (full, read-only,
 * I/O error), the store logs it once and remembers the reason until a
 * commit works again; read-state changes that failed meanwhile are kept
 * in memory (at most STORE_PENDING_MAX) and written then.
 *
 * store_fault: the reason, borrowed, or NULL while writes work.
 * store_pending: how many read marks wait to be written.
 * store_retry: tries a small write now (and then the kept marks); 0 when
 * the database can be written again, -1 while the fault lasts.
 * store_set_fault_hook: fn(reason, arg) when a fault starts, and
 * fn(NULL, arg) when it ends; called from inside the failing or the
 * first working store_* call, so fn must not call the store.
 */
const char	*store_fault(const struct store *);
size_t		 store_pending(const struct store *);
int		 store_retry(struct store *);
void		 store_set_fault_hook(struct store *,
		    void (*fn)(const char *, void *), void *arg);

const char	*store_state_name(int state);	/* "new", "queued", ... */
int		 store_state_parse(const char *);	/* -1 when unknown */

#endif
