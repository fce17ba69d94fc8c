/*
 * store: the SQLite database of feeds, items and their read state.
 *
 * One connection, used from the main thread only.  The schema version is
 * PRAGMA user_version, and migrations[] takes any older database up to the
 * current one, each step in its own transaction.  A poll result is written
 * in one transaction (store_save_poll), so a crash leaves either all of a
 * poll or none of it.
 *
 * Durability: WAL with synchronous=NORMAL for poll results, switched to
 * FULL around read-state changes.  A committed transaction is in the WAL
 * in the kernel's page cache before COMMIT returns, so kill -9 loses
 * nothing in either mode; only a power failure can lose the last NORMAL
 * commits, and those are polls the next poll fetches again.  A story
 * marked spoken, or skipped by the listener, is synced to disk at once
 * (FULL), and the sync covers every earlier frame of the WAL, so after
 * any crash a spoken story is still spoken.  See docs/store.md.
 *
 * This module decides identity and first-run newness (they are properties
 * of the data), but not what is read next or in which order: that is
 * queue.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "defaults.h"
#include "feed.h"
#include "log.h"
#include "store.h"
#include "urlnorm.h"

/*
 * Migrations: migrations[i] takes the schema from version i to i + 1.
 * Never edit a released step; append a new one.
 */
static const char *const migrations[] = {
	/* 0 → 1: the first schema. */
	"CREATE TABLE feeds ("
	"  id INTEGER PRIMARY KEY,"
	"  url TEXT NOT NULL UNIQUE,"
	"  title TEXT, custom_title TEXT, tags TEXT, site_link TEXT,"
	"  language TEXT,"
	"  etag TEXT, last_modified TEXT,"
	"  http_status INTEGER NOT NULL DEFAULT 0,"
	"  retry_after INTEGER NOT NULL DEFAULT 0,"
	"  error_count INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
	"  last_poll INTEGER NOT NULL DEFAULT 0,"
	"  last_success INTEGER NOT NULL DEFAULT 0,"
	"  next_poll INTEGER NOT NULL DEFAULT 0,"
	"  interval INTEGER NOT NULL DEFAULT 0,"
	"  priority INTEGER NOT NULL DEFAULT 0,"
	"  fulltext INTEGER NOT NULL DEFAULT 0,"
	"  added INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE items ("
	"  id INTEGER PRIMARY KEY,"
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  ident TEXT NOT NULL,"
	"  guid TEXT, link TEXT, norm_link TEXT,"
	"  title TEXT NOT NULL DEFAULT '', author TEXT,"
	"  published INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL DEFAULT 0,"
	"  summary TEXT, content TEXT, language TEXT, categories TEXT,"
	"  enclosure_url TEXT, enclosure_type TEXT, base TEXT,"
	"  hash INTEGER NOT NULL DEFAULT 0,"
	"  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN"
	"    ('new', 'queued', 'spoken', 'skipped', 'seen')),"
	"  state_reason TEXT,"
	"  first_seen INTEGER NOT NULL DEFAULT 0,"
	"  state_changed INTEGER NOT NULL DEFAULT 0,"
	"  dup_of INTEGER NOT NULL DEFAULT 0,"
	"  page_html TEXT, raw_text TEXT, clean_text TEXT, spoken_text TEXT,"
	"  text_source INTEGER NOT NULL DEFAULT 0,"
	"  paywalled INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX items_ident ON items(feed_id, ident);"
	/* One index serves the queue (state, then date) and the per-feed
	 * unread counts (state, feed); a second one cost a quarter of the
	 * store's time in a cold poll. */
	"CREATE INDEX items_state ON items(state, feed_id, published);"
	"CREATE INDEX items_norm_link ON items(norm_link)"
	"  WHERE norm_link IS NOT NULL;",
	/* 1 → 2: why a story's page was not used, for `article`. */
	"ALTER TABLE items ADD COLUMN page_error TEXT;",
	/*
	 * 2 → 3: the page fetcher and the queue ask for the new stories
	 * whose text is missing or ready once per story made ready; with
	 * items_state alone SQLite read every new story's row to find
	 * text_source behind its texts, and the soak benchmark saw the
	 * daemon's CPU grow with the unread backlog.
	 */
	"CREATE INDEX items_text ON items(state, text_source);",
	/*
	 * 3 → 4: when a story was last in its feed's document, and when
	 * the feed last sent a document, so that store_expire() forgets
	 * only stories the feed no longer carries (forgetting one still
	 * carried would make it new again).  Old stories count as seen at
	 * the feed's last good poll: kept one more window, never lost
	 * early.
	 */
	"ALTER TABLE items ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN last_doc INTEGER NOT NULL DEFAULT 0;"
	"UPDATE feeds SET last_doc = last_success;"
	"UPDATE items SET last_seen = max(first_seen, coalesce((SELECT "
	"  last_success FROM feeds WHERE feeds.id = items.feed_id), 0));"
	/* When expiry last ran, so that it runs hourly also across the
	 * short runs of --poll-once; the pages it looks for, indexed (few
	 * rows have one). */
	"CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS items_pages ON items(state_changed)"
	"  WHERE page_html IS NOT NULL;",
};
#define SCHEMA_VERSION	((int)(sizeof(migrations) / sizeof(migrations[0])))

/* The statements used per item or per poll, prepared once. */
enum {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
	Q_FEED_FIRST, Q_FEED_HAS_ITEMS,
	Q_FIND_FEED, Q_ADD_FEED,
	Q_FIND_IDENT, Q_FIND_LINK, Q_INSERT, Q_UPDATE_TEXT, Q_SET_STATE,
	Q_FEED_POLL, Q_FEED_META_DOC, Q_TOUCH,
	Q_EXPIRE_PAGES, Q_EXPIRE_ITEMS, Q_META_GET, Q_META_SET,
	Q_MAX
};

static const char *const queries[Q_MAX] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_FEED_FIRST] = "SELECT last_success FROM feeds WHERE id = ?1",
	[Q_FEED_HAS_ITEMS] = "SELECT EXISTS (SELECT 1 FROM items WHERE "
	    "feed_id = ?1)",
	[Q_FIND_FEED] = "SELECT id FROM feeds WHERE url = ?1",
	[Q_ADD_FEED] = "INSERT INTO feeds (url, tags, custom_title, added) "
	    "VALUES (?1, ?2, ?3, strftime('%s', 'now'))",
	[Q_FIND_IDENT] = "SELECT id, norm_link, hash, state, last_seen FROM items "
	    "WHERE feed_id = ?1 AND ident = ?2",
	[Q_FIND_LINK] = "SELECT id FROM items WHERE norm_link = ?1 AND "
	    "feed_id != ?2 AND dup_of = 0 ORDER BY id LIMIT 1",
	[Q_INSERT] = "INSERT INTO items (feed_id, ident, guid, link, "
	    "norm_link, title, author, published, updated, summary, content, "
	    "language, categories, enclosure_url, enclosure_type, base, hash, "
	    "state, state_reason, first_seen, state_changed, dup_of, "
	    "last_seen) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "?15, ?16, ?17, ?18, ?19, ?20, ?20, ?21, ?20)",
	[Q_TOUCH] = "UPDATE items SET last_seen = ?2 WHERE id = ?1",
	/* Done stories only: new and queued ones are never forgotten. */
	[Q_EXPIRE_PAGES] = "UPDATE items SET page_html = NULL WHERE id IN "
	    "(SELECT id FROM items WHERE page_html IS NOT NULL AND "
	    "state IN ('spoken', 'skipped', 'seen') AND state_changed < ?1 "
	    "LIMIT ?2)",
	/*
	 * After a document at last_doc every story in it has last_seen
	 * after last_doc - touch (?3); an older last_seen means the feed
	 * dropped it.  (A 304 keeps the last document, and last_doc.)
	 */
	[Q_EXPIRE_ITEMS] = "DELETE FROM items WHERE id IN (SELECT i.id FROM "
	    "items i JOIN feeds f ON f.id = i.feed_id WHERE i.state IN "
	    "('spoken', 'skipped', 'seen') AND i.last_seen < ?1 AND "
	    "i.first_seen < ?1 AND i.last_seen < f.last_doc - ?3 LIMIT ?2)",
	[Q_META_GET] = "SELECT value FROM meta WHERE name = ?1",
	[Q_META_SET] = "INSERT OR REPLACE INTO meta (name, value) "
	    "VALUES (?1, ?2)",
	[Q_UPDATE_TEXT] = "UPDATE items SET title = ?2, author = ?3, "
	    "updated = ?4, summary = ?5, content = ?6, categories = ?7, "
	    "hash = ?8, link = coalesce(?9, link) WHERE id = ?1",
	[Q_SET_STATE] = "UPDATE items SET state = ?2, state_reason = ?3, "
	    "state_changed = ?4 WHERE id = ?1",
	[Q_FEED_POLL] = "UPDATE feeds SET last_poll = ?2, next_poll = ?3, "
	    "http_status = ?4, retry_after = ?5, error_count = CASE WHEN ?6 "
	    "IS NULL THEN 0 ELSE error_count + 1 END, last_error = ?6, "
	    "etag = CASE WHEN ?4 = 200 OR (?4 = 304 AND ?7 IS NOT NULL) "
	    "THEN ?7 ELSE etag END, last_modified = CASE WHEN ?4 = 200 OR "
	    "(?4 = 304 AND ?8 IS NOT NULL) THEN ?8 ELSE last_modified END, "
	    "last_success = CASE WHEN ?6 IS NULL AND (?4 = 200 OR ?4 = 304) "
	    "THEN ?2 ELSE last_success END WHERE id = ?1",
	[Q_FEED_META_DOC] = "UPDATE feeds SET title = coalesce(?2, title), "
	    "site_link = coalesce(?3, site_link), "
	    "language = coalesce(?4, language), last_doc = ?5 WHERE id = ?1",
};

/*
 * A checkpoint costs two fsyncs.  SQLite's default (every 1,000 pages)
 * runs a dozen of them during a cold poll of 200 feeds; the daemon
 * checkpoints when a poll round is over instead (store_checkpoint), and
 * the automatic one is only a backstop.
 */
#define STORE_PRAGMA_CHECKPOINT	"PRAGMA wal_autocheckpoint = 8192"
#define STORE_PRAGMA_WAL_LIMIT	"PRAGMA journal_size_limit = 8388608"
#define STORE_PAGE_SIZE		"8192"
/*
 * The schema's only CHECK, items.state IN (...), made SQLite build and
 * drop a temporary index for the IN list in every INSERT (5% of a cold
 * poll's loop CPU).  Every write of a state binds a name from
 * state_names (store_set_item_state() rejects anything else), so the
 * CHECK stays in the schema as documentation and is not evaluated.  It
 * is a connection setting, so it is set once: changing such a pragma
 * recompiles every prepared statement.
 */
#define STORE_PRAGMA_NO_CHECKS	"PRAGMA ignore_check_constraints = ON"

/* A read-state change that could not be written (disk full, read-only). */
struct pending_state {
	int64_t		 id;
	int		 state;
	char		 reason[STORE_REASON_MAX];
	int64_t		 when;
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*stmts[Q_MAX];
	int64_t		 backlog_secs;
	int		 backlog_max;
	int		 reread_updated;
	int64_t		 keep_secs;	/* store_set_keep(); 0: forever */
	int64_t		 expired_at;	/* meta "expired": -1 not read yet */
	int		 batch;		/* inside store_batch_begin() */
	/*
	 * The write fault now outstanding (full, read-only or failing
	 * disk): logged once when it starts and once when writing works
	 * again, shown in status meanwhile.  Empty when writes work.
	 */
	char		 fault[STORE_FAULT_MAX];
	struct pending_state pending[STORE_PENDING_MAX];
	size_t		 npending;
	int		 flushing;	/* flush_pending() on the stack */
	void		(*hook)(const char *, void *);
	void		*hook_arg;
};

static const char *const state_names[] = {
	[ITEM_NEW] = "new",
	[ITEM_QUEUED] = "queued",
	[ITEM_SPOKEN] = "spoken",
	[ITEM_SKIPPED] = "skipped",
	[ITEM_SEEN] = "seen",
};
#define NSTATES	((int)(sizeof(state_names) / sizeof(state_names[0])))

const char *
store_state_name(int state)
{
	if (state < 0 || state >= NSTATES)
		return "unknown";
	return state_names[state];
}

int
store_state_parse(const char *s)
{
	int	i;

	for (i = 0; s != NULL && i < NSTATES; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	return -1;
}

/*
 * A failed statement: a fault of the disk (full, read-only, I/O error) is
 * logged once when it starts, because every poll and every mark would
 * otherwise log it again until someone mends the disk; other errors are
 * logged each time.
 */
static void
failed(struct store *st, const char *what, const char *msg)
{
	switch (sqlite3_errcode(st->db)) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		if (st->fault[0] != '\0') {
			log_debug("store: %s: %s", what, msg);
			return;
		}
		(void)snprintf(st->fault, sizeof(st->fault), "%s", msg);
		if (st->hook != NULL)
			st->hook(st->fault, st->hook_arg);
		log_warnx("store: cannot write the database: %s; polls are "
		    "not saved and read marks are kept in memory until it "
		    "can be written again", msg);
		return;
	}
	log_warnx("store: %s: %s", what, msg);
}

static void	flush_pending(struct store *);

/* A transaction was committed: the disk takes writes again.  The marks
 * kept meanwhile are written by the next store_save_poll,
 * store_set_item_state or store_retry (not here, inside another
 * statement's run). */
static void
committed(struct store *st)
{
	if (st->fault[0] == '\0' || !sqlite3_get_autocommit(st->db))
		return;
	st->fault[0] = '\0';
	log_info("store: writing the database works again");
	if (st->hook != NULL)
		st->hook(NULL, st->hook_arg);
}

static int
exec(struct store *st, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		failed(st, sql, err != NULL ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* The cached statement, reset and unbound, or NULL (logged). */
static sqlite3_stmt *
stmt(struct store *st, int q)
{
	sqlite3_stmt	*s = st->stmts[q];

	if (s != NULL) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return s;
	}
	if (sqlite3_prepare_v3(st->db, queries[q], -1,
	    SQLITE_PREPARE_PERSISTENT, &st->stmts[q], NULL) != SQLITE_OK) {
		log_warnx("store: prepare %s: %s", queries[q],
		    sqlite3_errmsg(st->db));
		return NULL;
	}
	return st->stmts[q];
}

/* A one-off statement; the caller finalizes it. */
static sqlite3_stmt *
prepare(struct store *st, const char *sql)
{
	sqlite3_stmt	*s;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		log_warnx("store: prepare %s: %s", sql,
		    sqlite3_errmsg(st->db));
		return NULL;
	}
	return s;
}

/*
 * Binds text without copying it: every caller keeps v alive until the
 * statement has been stepped and reset, and the copies of 4,000 bodies
 * were a measurable part of a cold poll.
 */
static int
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* Steps a statement that returns no rows.  0 or -1 (logged). */
static int
run(struct store *st, sqlite3_stmt *s)
{
	int	rc;

	if ((rc = sqlite3_step(s)) != SQLITE_DONE && rc != SQLITE_ROW) {
		failed(st, sqlite3_sql(s), sqlite3_errmsg(st->db));
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	/* COMMIT counts as read-only to SQLite; it is the write. */
	if (!sqlite3_stmt_readonly(s) || s == st->stmts[Q_COMMIT])
		committed(st);
	return 0;
}

static int
migrate(struct store *st)
{
	sqlite3_stmt	*s;
	char		 sql[96];
	int		 version, fresh;

	if ((s = prepare(st, "PRAGMA user_version")) == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		log_warnx("store: user_version: %s", sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
		return -1;
	}
	version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > SCHEMA_VERSION) {
		log_warnx("store: schema version %d is newer than this "
		    "program's %d", version, SCHEMA_VERSION);
		return -1;
	}
	fresh = version == 0;
	for (; version < SCHEMA_VERSION; version++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    version + 1);
		if (exec(st, "BEGIN IMMEDIATE") == -1)
			return -1;
		if (exec(st, migrations[version]) == -1 ||
		    exec(st, sql) == -1) {
			(void)exec(st, "ROLLBACK");
			return -1;
		}
		if (exec(st, "COMMIT") == -1) {
			(void)exec(st, "ROLLBACK");
			return -1;
		}
		log_debug("store: schema migrated to version %d", version + 1);
	}
	/*
	 * A new database has nothing to forget: expiry counts as done now.
	 * Otherwise the first poll ends with a scan of every story it just
	 * stored (a few ms at the end of a cold --poll-once) to find none.
	 */
	if (fresh) {
		snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta "
		    "(name, value) VALUES ('expired', %lld)",
		    (long long)time(NULL));
		if (exec(st, sql) == -1)
			return -1;
	}
	return 0;
}

struct store *
store_open(const char *path)
{
	struct store	*st;
	char		 sql[64];

	if ((st = calloc(1, sizeof(*st))) == NULL) {
		log_warn("store: calloc");
		return NULL;
	}
	st->backlog_secs = DEFAULT_BACKLOG;
	st->backlog_max = DEFAULT_BACKLOG_MAX;
	st->keep_secs = DEFAULT_STORE_KEEP;
	st->expired_at = -1;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_warnx("store: open %s: %s", path, st->db != NULL ?
		    sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	/*
	 * No checkpoint when the last connection closes: it copied the whole
	 * WAL into the database and fsynced both, a third of the time of a
	 * --poll-once run, at the moment the daemon is asked to go.  The WAL
	 * holds every commit just as well (see "Durability" above), the next
	 * start reads it, and the daemon checkpoints in quiet time
	 * (feeds.c); SQLite's automatic checkpoint bounds the WAL meanwhile.
	 */
	if (sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
	    NULL) != SQLITE_OK)
		log_debug("store: %s: checkpoint on close stays on", path);
	/*
	 * journal_mode answers with a row, which exec() ignores; an
	 * in-memory database stays "memory", which is fine for tests.
	 * page_size only takes for a new database: items of a few KiB
	 * fit a page of 8 KiB without overflow pages, which made saving a
	 * cold poll a tenth cheaper.  synchronous comes first so that
	 * creating the database costs fewer fsyncs.
	 */
	if (exec(st, "PRAGMA page_size = " STORE_PAGE_SIZE) == -1 ||
	    exec(st, "PRAGMA synchronous = NORMAL") == -1 ||
	    exec(st, "PRAGMA journal_mode = WAL") == -1 ||
	    exec(st, "PRAGMA foreign_keys = ON") == -1 ||
	    exec(st, STORE_PRAGMA_NO_CHECKS) == -1 ||
	    exec(st, STORE_PRAGMA_CHECKPOINT) == -1 ||
	    exec(st, STORE_PRAGMA_WAL_LIMIT) == -1)
		goto fail;
	/* Negative: KiB, not pages.  The file's pages stay in the kernel's
	 * cache anyway; SQLite's own copy is heap the daemon holds. */
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", STORE_CACHE_KB);
	if (exec(st, sql) == -1)
		goto fail;
	if (migrate(st) == -1)
		goto fail;	/* migrate logged the cause */
	return st;
fail:
	store_close(st);
	return NULL;
}

void
store_close(struct store *st)
{
	int	i;

	if (st == NULL)
		return;
	for (i = 0; i < Q_MAX; i++)
		sqlite3_finalize(st->stmts[i]);
	if (st->db != NULL && sqlite3_close(st->db) != SQLITE_OK)
		log_warnx("store: close: %s", sqlite3_errmsg(st->db));
	free(st);
}

void
store_set_backlog(struct store *st, int64_t seconds, int max_new)
{
	st->backlog_secs = seconds;
	st->backlog_max = max_new;
}

void
store_set_keep(struct store *st, int64_t seconds)
{
	st->keep_secs = seconds > 0 ? seconds : 0;
}

void
store_set_reread_updated(struct store *st, int on)
{
	st->reread_updated = on;
}

/*
 * A batch is one transaction around several writes.  The WAL then gets
 * each changed page once per batch, not once per poll: with 200 feeds
 * answering within milliseconds of each other, per-poll commits wrote
 * the same index pages again and again, twice the database's size.  No
 * savepoints: a statement journal per batch cost as many writes again,
 * and a failed poll is rare enough for the caller to abort the batch and
 * save the polls one by one.
 */
int
store_batch_begin(struct store *st)
{
	sqlite3_stmt	*s;

	if (st->batch) {
		log_warnx("store: batch already open");
		return -1;
	}
	if ((s = stmt(st, Q_BEGIN)) == NULL || run(st, s) == -1)
		return -1;
	st->batch = 1;
	return 0;
}

int
store_batch_end(struct store *st)
{
	sqlite3_stmt	*s;

	if (!st->batch)
		return 0;
	st->batch = 0;
	if ((s = stmt(st, Q_COMMIT)) != NULL && run(st, s) == 0) {
		flush_pending(st);
		return 0;
	}
	/* A failed COMMIT (disk full) may have rolled back already. */
	if (!sqlite3_get_autocommit(st->db) &&
	    (s = stmt(st, Q_ROLLBACK)) != NULL)
		(void)run(st, s);
	return -1;
}

void
store_batch_abort(struct store *st)
{
	sqlite3_stmt	*s;

	if (!st->batch)
		return;
	st->batch = 0;
	if ((s = stmt(st, Q_ROLLBACK)) != NULL)
		(void)run(st, s);
}

/* ---- feeds ------------------------------------------------------------- */

static char *
col_dup(sqlite3_stmt *s, int i, int *oom)
{
	const unsigned char	*v = sqlite3_column_text(s, i);
	char			*d;

	if (v == NULL)
		return NULL;
	if ((d = strdup((const char *)v)) == NULL)
		*oom = 1;
	return d;
}

#define FEED_COLUMNS_BRIEF \
	"id, url, title, custom_title, tags, site_link, language, etag, " \
	"last_modified, http_status, retry_after, error_count, last_error, " \
	"last_poll, last_success, next_poll, interval, priority, fulltext, " \
	"added, 0, 0"
#define FEED_COLUMNS \
	"id, url, title, custom_title, tags, site_link, language, etag, " \
	"last_modified, http_status, retry_after, error_count, last_error, " \
	"last_poll, last_success, next_poll, interval, priority, fulltext, " \
	"added, (SELECT count(*) FROM items WHERE feed_id = feeds.id), " \
	"(SELECT count(*) FROM items WHERE feed_id = feeds.id AND " \
	"state IN ('new', 'queued'))"

static int
read_feed(sqlite3_stmt *s, struct store_feed *f)
{
	int	oom = 0;

	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(s, 0);
	f->url = col_dup(s, 1, &oom);
	f->title = col_dup(s, 2, &oom);
	f->custom_title = col_dup(s, 3, &oom);
	f->tags = col_dup(s, 4, &oom);
	f->site_link = col_dup(s, 5, &oom);
	f->language = col_dup(s, 6, &oom);
	f->etag = col_dup(s, 7, &oom);
	f->last_modified = col_dup(s, 8, &oom);
	f->http_status = sqlite3_column_int(s, 9);
	f->retry_after = sqlite3_column_int64(s, 10);
	f->error_count = sqlite3_column_int(s, 11);
	f->last_error = col_dup(s, 12, &oom);
	f->last_poll = sqlite3_column_int64(s, 13);
	f->last_success = sqlite3_column_int64(s, 14);
	f->next_poll = sqlite3_column_int64(s, 15);
	f->interval = sqlite3_column_int(s, 16);
	f->priority = sqlite3_column_int(s, 17);
	f->fulltext = sqlite3_column_int(s, 18);
	f->added = sqlite3_column_int64(s, 19);
	f->nitems = sqlite3_column_int64(s, 20);
	f->nunread = sqlite3_column_int64(s, 21);
	if (oom) {
		log_warnx("store: out of memory reading a feed");
		store_feed_free(f);
		return -1;
	}
	return 0;
}

void
store_feed_free(struct store_feed *f)
{
	if (f == NULL)
		return;
	free(f->url);
	free(f->title);
	free(f->custom_title);
	free(f->tags);
	free(f->site_link);
	free(f->language);
	free(f->etag);
	free(f->last_modified);
	free(f->last_error);
	memset(f, 0, sizeof(*f));
}

void
store_feed_list_free(struct store_feed *fs, size_t n)
{
	size_t	i;

	for (i = 0; fs != NULL && i < n; i++)
		store_feed_free(&fs[i]);
	free(fs);
}

int
store_find_feed(struct store *st, const char *url, int64_t *id)
{
	sqlite3_stmt	*s;
	int		 rc, rv = -1;

	if ((s = stmt(st, Q_FIND_FEED)) == NULL)
		return -1;
	bind_text(s, 1, url);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rv = 0;
	} else if (rc == SQLITE_DONE)
		rv = STORE_NOT_FOUND;
	else
		log_warnx("store: find feed: %s", sqlite3_errmsg(st->db));
	sqlite3_reset(s);
	return rv;
}

int
store_add_feed(struct store *st, const char *url, const char *tags,
    const char *custom_title, int64_t *id)
{
	sqlite3_stmt	*s;
	int		 rv;

	if ((rv = store_find_feed(st, url, id)) != STORE_NOT_FOUND)
		return rv == 0 ? STORE_EXISTS : -1;
	if ((s = stmt(st, Q_ADD_FEED)) == NULL)
		return -1;
	bind_text(s, 1, url);
	bind_text(s, 2, tags != NULL && tags[0] != '\0' ? tags : NULL);
	bind_text(s, 3, custom_title != NULL && custom_title[0] != '\0' ?
	    custom_title : NULL);
	rv = run(st, s);
	if (rv == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rv;
}

/* Runs a one-off UPDATE/DELETE on one id: 0, STORE_NOT_FOUND or -1. */
static int
change_one(struct store *st, sqlite3_stmt *s)
{
	int	rv;

	if (s == NULL)
		return -1;
	rv = run(st, s);
	if (rv == 0 && sqlite3_changes(st->db) == 0)
		rv = STORE_NOT_FOUND;
	return rv;
}

int
store_remove_feed(struct store *st, int64_t id)
{
	sqlite3_stmt	*s;
	int		 rv;

	if ((s = prepare(st, "DELETE FROM feeds WHERE id = ?1")) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rv = change_one(st, s);
	sqlite3_finalize(s);
	return rv;
}

int
store_get_feed(struct store *st, int64_t id, struct store_feed *out)
{
	sqlite3_stmt	*s;
	int		 rc, rv = -1;

	memset(out, 0, sizeof(*out));
	if ((s = prepare(st, "SELECT " FEED_COLUMNS " FROM feeds WHERE "
	    "id = ?1")) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		rv = read_feed(s, out);
	else if (rc == SQLITE_DONE)
		rv = STORE_NOT_FOUND;
	else
		log_warnx("store: get feed: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	return rv;
}

static int
list_feeds(struct store *st, const char *sql, struct store_feed **feeds,
    size_t *n)
{
	sqlite3_stmt		*s;
	struct store_feed	*fs = NULL, *nfs;
	size_t			 len = 0, cap = 0;
	int			 rc;

	*feeds = NULL;
	*n = 0;
	if ((s = prepare(st, sql)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			nfs = reallocarray(fs, cap, sizeof(*fs));
			if (nfs == NULL) {
				log_warn("store: list feeds");
				goto fail;
			}
			fs = nfs;
		}
		if (read_feed(s, &fs[len]) == -1)
			goto fail;
		len++;
	}
	if (rc != SQLITE_DONE) {
		log_warnx("store: list feeds: %s", sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_finalize(s);
	*feeds = fs;
	*n = len;
	return 0;
fail:
	sqlite3_finalize(s);
	store_feed_list_free(fs, len);
	return -1;
}

int
store_list_feeds(struct store *st, struct store_feed **feeds, size_t *n)
{
	return list_feeds(st, "SELECT " FEED_COLUMNS " FROM feeds ORDER BY id",
	    feeds, n);
}

/* Two counts per feed were a tenth of the CPU time of a poll of 200
 * unchanged feeds, asked for twice at start-up by callers that ignore
 * them. */
int
store_list_feeds_brief(struct store *st, struct store_feed **feeds,
    size_t *n)
{
	return list_feeds(st, "SELECT " FEED_COLUMNS_BRIEF " FROM feeds "
	    "ORDER BY id", feeds, n);
}

int
store_set_feed_url(struct store *st, int64_t id, const char *url)
{
	sqlite3_stmt	*s;
	int64_t		 other;
	int		 rv;

	if ((rv = store_find_feed(st, url, &other)) == 0)
		return other == id ? 0 : STORE_EXISTS;
	if (rv == -1)
		return -1;
	if ((s = prepare(st, "UPDATE feeds SET url = ?2 WHERE id = ?1")) ==
	    NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, url);
	rv = change_one(st, s);
	sqlite3_finalize(s);
	return rv;
}

int
store_set_feed_meta(struct store *st, int64_t id, const char *tags,
    const char *custom_title)
{
	sqlite3_stmt	*s;
	int		 rv;

	/* ?2/?4: NULL keeps the value; "" clears it (NULLIF). */
	if ((s = prepare(st, "UPDATE feeds SET "
	    "tags = CASE WHEN ?2 IS NULL THEN tags ELSE nullif(?2, '') END, "
	    "custom_title = CASE WHEN ?3 IS NULL THEN custom_title "
	    "ELSE nullif(?3, '') END WHERE id = ?1")) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, tags);
	bind_text(s, 3, custom_title);
	rv = change_one(st, s);
	sqlite3_finalize(s);
	return rv;
}

int
store_set_feed_schedule(struct store *st, int64_t id, int interval,
    int priority, int fulltext)
{
	sqlite3_stmt	*s;
	int		 rv;

	if ((s = prepare(st, "UPDATE feeds SET interval = ?2, priority = ?3, "
	    "fulltext = ?4 WHERE id = ?1")) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, interval);
	sqlite3_bind_int(s, 3, priority);
	sqlite3_bind_int(s, 4, fulltext);
	rv = change_one(st, s);
	sqlite3_finalize(s);
	return rv;
}

int
store_set_feed_next_poll(struct store *st, int64_t id, int64_t when)
{
	sqlite3_stmt	*s;
	int		 rv;

	if ((s = prepare(st, "UPDATE feeds SET next_poll = ?2 WHERE id = ?1"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, when);
	rv = change_one(st, s);
	sqlite3_finalize(s);
	return rv;
}

/* ---- identity and a poll's entries ------------------------------------ */

/* FNV-1a, 64 bits: a stable fingerprint, not a defence. */
static uint64_t
fnv(uint64_t h, const char *s)
{
	if (s == NULL)
		s = "";
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h * 0x100000001b3ULL;	/* separates "ab","c" from "a","bc" */
}

#define FNV_BASIS	0xcbf29ce484222325ULL

/* What the listener would hear: a change here is an updated story. */
static int64_t
text_hash(const struct entry *e)
{
	uint64_t	h = FNV_BASIS;

	h = fnv(h, e->title);
	h = fnv(h, e->summary);
	h = fnv(h, e->content);
	return (int64_t)(h >> 1);	/* fits SQLite's signed integer */
}

/*
 * The identity key of an entry within its feed (see docs/store.md):
 * "g:<guid>", else "l:<normalised link>", else "h:<hash of title and
 * date>".  Returns a new string, NULL when out of memory.
 */
static char *
ident(const struct entry *e, const char *norm_link)
{
	char		*s;
	char		 date[32];
	uint64_t	 h;

	if (e->guid != NULL && e->guid[0] != '\0') {
		if (asprintf(&s, "g:%s", e->guid) == -1)
			return NULL;
		return s;
	}
	if (norm_link != NULL) {
		if (asprintf(&s, "l:%s", norm_link) == -1)
			return NULL;
		return s;
	}
	snprintf(date, sizeof(date), "%lld", (long long)e->published);
	h = fnv(fnv(FNV_BASIS, e->title), date);
	if (asprintf(&s, "h:%016llx", (unsigned long long)h) == -1)
		return NULL;
	return s;
}

int
store_keys_make(const struct feed *feed, struct store_keys *k)
{
	size_t	i, n = feed != NULL ? feed->nentries : 0;

	memset(k, 0, sizeof(*k));
	if (n == 0)
		return 0;
	if ((k->ids = calloc(n, sizeof(*k->ids))) == NULL ||
	    (k->norm = calloc(n, sizeof(*k->norm))) == NULL ||
	    (k->hashes = calloc(n, sizeof(*k->hashes))) == NULL)
		goto fail;
	k->n = n;
	for (i = 0; i < n; i++) {
		k->norm[i] = urlnorm_normalize(feed->entries[i].link);
		if ((k->ids[i] = ident(&feed->entries[i], k->norm[i])) == NULL)
			goto fail;
		k->hashes[i] = text_hash(&feed->entries[i]);
	}
	return 0;
fail:
	log_warn("store: entry keys");
	return -1;
}

void
store_keys_free(struct store_keys *k)
{
	size_t	i;

	for (i = 0; i < k->n; i++) {
		free(k->ids[i]);
		free(k->norm[i]);
	}
	free(k->ids);
	free(k->norm);
	free(k->hashes);
	memset(k, 0, sizeof(*k));
}

struct known {
	int64_t		 id;
	int64_t		 hash;
	int		 state;
	int64_t		 last_seen;
};

/*
 * Finds the stored item with this identity in this feed.  Items sharing a
 * guid but with different links are different stories (feeds that reuse
 * one guid for everything exist), so with a guid the links must agree,
 * unless one side has none.  0 and *k, 1 when unknown, -1 on error.
 */
static int
find_known(struct store *st, int64_t feed_id, const char *id,
    const char *norm_link, int has_guid, struct known *k)
{
	sqlite3_stmt	*s;
	const char	*nl;
	int		 rc;

	if ((s = stmt(st, Q_FIND_IDENT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	bind_text(s, 2, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		nl = (const char *)sqlite3_column_text(s, 1);
		if (has_guid && nl != NULL && norm_link != NULL &&
		    strcmp(nl, norm_link) != 0)
			continue;
		k->id = sqlite3_column_int64(s, 0);
		k->hash = sqlite3_column_int64(s, 2);
		k->state = store_state_parse((const char *)
		    sqlite3_column_text(s, 3));
		k->last_seen = sqlite3_column_int64(s, 4);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		log_warnx("store: find item: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	return 1;
}

/* Whether feed id has any items stored: 1, 0, or -1 (logged). */
static int
has_items(struct store *st, int64_t id)
{
	sqlite3_stmt	*s;
	int		 rc, r = -1;

	if ((s = stmt(st, Q_FEED_HAS_ITEMS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		r = sqlite3_column_int(s, 0) != 0;
	else
		log_warnx("store: has items: %s", sqlite3_errmsg(st->db));
	sqlite3_reset(s);
	return r;
}

/* The same story already stored from another feed: its id, 0, or -1. */
static int64_t
find_elsewhere(struct store *st, int64_t feed_id, const char *norm_link)
{
	sqlite3_stmt	*s;
	int64_t		 id = 0;
	int		 rc;

	if (norm_link == NULL)
		return 0;
	if ((s = stmt(st, Q_FIND_LINK)) == NULL)
		return -1;
	bind_text(s, 1, norm_link);
	sqlite3_bind_int64(s, 2, feed_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE) {
		log_warnx("store: find link: %s", sqlite3_errmsg(st->db));
		id = -1;
	}
	sqlite3_reset(s);
	return id;
}

static int
insert_item(struct store *st, int64_t feed_id, const struct entry *e,
    const char *id, const char *norm_link, int64_t hash, int state,
    const char *reason, int64_t now, int64_t dup_of)
{
	sqlite3_stmt	*s;

	if ((s = stmt(st, Q_INSERT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, feed_id);
	bind_text(s, 2, id);
	bind_text(s, 3, e->guid);
	bind_text(s, 4, e->link);
	bind_text(s, 5, norm_link);
	bind_text(s, 6, e->title != NULL ? e->title : "");
	bind_text(s, 7, e->author);
	sqlite3_bind_int64(s, 8, e->published);
	sqlite3_bind_int64(s, 9, e->updated);
	bind_text(s, 10, e->summary);
	bind_text(s, 11, e->content);
	bind_text(s, 12, e->language);
	bind_text(s, 13, e->categories);
	bind_text(s, 14, e->enclosure_url);
	bind_text(s, 15, e->enclosure_type);
	bind_text(s, 16, e->base);
	sqlite3_bind_int64(s, 17, hash);
	bind_text(s, 18, store_state_name(state));
	bind_text(s, 19, reason);
	sqlite3_bind_int64(s, 20, now);
	sqlite3_bind_int64(s, 21, dup_of);
	return run(st, s);
}

/*
 * How stale a story's last_seen may get while its feed carries it: one
 * write a day, or per half keep window if that is shorter.
 */
static int64_t
touch_secs(const struct store *st)
{
	if (st->keep_secs > 0 && st->keep_secs / 2 < STORE_TOUCH_SECS)
		return st->keep_secs / 2;
	return STORE_TOUCH_SECS;
}

static int
touch_item(struct store *st, int64_t id, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = stmt(st, Q_TOUCH)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	return run(st, s);
}

static int
update_item(struct store *st, const struct known *k, const struct entry *e,
    int64_t hash, int64_t now)
{
	sqlite3_stmt	*s;

	if ((s = stmt(st, Q_UPDATE_TEXT)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, k->id);
	bind_text(s, 2, e->title != NULL ? e->title : "");
	bind_text(s, 3, e->author);
	sqlite3_bind_int64(s, 4, e->updated);
	bind_text(s, 5, e->summary);
	bind_text(s, 6, e->content);
	bind_text(s, 7, e->categories);
	sqlite3_bind_int64(s, 8, hash);
	bind_text(s, 9, e->link);
	if (run(st, s) == -1)
		return -1;
	if (st->reread_updated && (k->state == ITEM_SPOKEN ||
	    k->state == ITEM_SKIPPED)) {
		if ((s = stmt(st, Q_SET_STATE)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, k->id);
		bind_text(s, 2, store_state_name(ITEM_NEW));
		bind_text(s, 3, "updated");
		sqlite3_bind_int64(s, 4, now);
		return run(st, s);
	}
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Marks in twin[i] the entries whose identity another entry of the same
 * document may share (by a 64-bit fingerprint: a false match only costs
 * a query).  On a feed with nothing stored only those can be known when
 * they are saved, so the others need no lookup.  -1 when out of memory.
 */
static int
mark_twins(char *const *ids, size_t n, char *twin)
{
	uint64_t	*h, *sorted;
	size_t		 i, j;

	if ((h = calloc(2 * n, sizeof(*h))) == NULL)
		return -1;
	sorted = h + n;
	for (i = 0; i < n; i++)
		sorted[i] = h[i] = fnv(FNV_BASIS, ids[i]);
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	/* Keeps only the fingerprints that occur more than once. */
	for (i = j = 0; i + 1 < n; i++)
		if (sorted[i] == sorted[i + 1] &&
		    (j == 0 || sorted[j - 1] != sorted[i]))
			sorted[j++] = sorted[i];
	for (i = 0; i < n; i++)
		twin[i] = j > 0 && bsearch(&h[i], sorted, j, sizeof(*sorted),
		    cmp_u64) != NULL;
	free(h);
	return 0;
}

/*
 * The first-run rule: of the entries not stored yet, only the newest
 * backlog_max with a date inside the backlog window are new.  Marks
 * young[i] for those.  Entries without a date are old: we cannot tell.
 */
static void
pick_backlog(struct store *st, const struct feed *feed, const int *fresh,
    int64_t now, char *young)
{
	size_t	i, best;
	int	k;

	memset(young, 0, feed->nentries);
	for (k = 0; k < st->backlog_max; k++) {
		best = feed->nentries;
		for (i = 0; i < feed->nentries; i++) {
			const struct entry *e = &feed->entries[i];

			if (!fresh[i] || young[i] || e->published == 0 ||
			    e->published < now - st->backlog_secs)
				continue;
			if (best == feed->nentries ||
			    e->published > feed->entries[best].published)
				best = i;
		}
		if (best == feed->nentries)
			break;
		young[best] = 1;
	}
}

int
store_save_poll(struct store *st, int64_t id, const struct store_poll *poll,
    struct store_poll_stats *stats)
{
	struct store_poll_stats	 sts;
	const struct feed	*feed = poll->feed;
	struct known		 k;
	struct store_keys	 own;
	const struct store_keys	*keys = poll->keys;
	sqlite3_stmt		*s;
	char			**norm, **ids, *young = NULL;
	char			*twin = NULL;
	int			*fresh = NULL, first, rv = -1, r, stored = 1;
	int64_t			*hashes;
	size_t			 i, n = feed != NULL ? feed->nentries : 0;
	int64_t			 dup, touch = touch_secs(st);

	memset(&sts, 0, sizeof(sts));
	memset(&own, 0, sizeof(own));
	if ((s = stmt(st, Q_FEED_FIRST)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s);
	first = r == SQLITE_ROW && sqlite3_column_int64(s, 0) == 0;
	sqlite3_reset(s);
	if (r == SQLITE_DONE)
		return STORE_NOT_FOUND;
	if (r != SQLITE_ROW) {
		log_warnx("store: save poll: %s", sqlite3_errmsg(st->db));
		return -1;
	}

	if (n > 0 && ((fresh = calloc(n, sizeof(*fresh))) == NULL ||
	    (young = calloc(n, 1)) == NULL ||
	    (twin = calloc(n, 1)) == NULL)) {
		log_warn("store: save poll");
		goto done;
	}
	/* Usually worked out by the parser thread (poll.c). */
	if (keys == NULL || keys->n != n) {
		if (store_keys_make(feed, &own) == -1)
			goto done;
		keys = &own;
	}
	ids = keys->ids;
	norm = keys->norm;
	hashes = keys->hashes;

	/* In a batch the caller began the transaction and ends it. */
	if (!st->batch && ((s = stmt(st, Q_BEGIN)) == NULL ||
	    run(st, s) == -1))
		goto done;
	if ((s = stmt(st, Q_FEED_POLL)) == NULL)
		goto rollback;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, poll->polled_at);
	sqlite3_bind_int64(s, 3, poll->next_poll);
	sqlite3_bind_int(s, 4, poll->http_status);
	sqlite3_bind_int64(s, 5, poll->retry_after);
	bind_text(s, 6, poll->error);
	bind_text(s, 7, poll->etag);
	bind_text(s, 8, poll->last_modified);
	if (run(st, s) == -1)
		goto rollback;
	if (feed != NULL) {
		if ((s = stmt(st, Q_FEED_META_DOC)) == NULL)
			goto rollback;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, feed->title != NULL && feed->title[0] != '\0' ?
		    feed->title : NULL);
		bind_text(s, 3, feed->link);
		bind_text(s, 4, feed->language);
		sqlite3_bind_int64(s, 5, poll->polled_at);
		if (run(st, s) == -1)
			goto rollback;
	}

	/* The first poll: which entries are not stored yet (a failed
	 * earlier poll may have stored some), for the backlog rule. */
	if (first && poll->error == NULL && n > 0) {
		/* Usually there are none: one query instead of one per
		 * entry. */
		if ((stored = has_items(st, id)) == -1)
			goto rollback;
		for (i = 0; i < n; i++) {
			r = stored ? find_known(st, id, ids[i], norm[i],
			    feed->entries[i].guid != NULL, &k) : 1;
			if (r == -1)
				goto rollback;
			fresh[i] = r == 1;
		}
		pick_backlog(st, feed, fresh, poll->polled_at, young);
		/* Nothing stored before: an entry can only be known from
		 * earlier in this document, which a cold poll of many feeds
		 * asked the database thousands of times for nothing. */
		if (!stored && mark_twins(ids, n, twin) == -1) {
			log_warn("store: save poll");
			goto rollback;
		}
	}

	for (i = 0; i < n; i++) {
		const struct entry *e = &feed->entries[i];

		r = stored || twin[i] ? find_known(st, id, ids[i], norm[i],
		    e->guid != NULL, &k) : 1;
		if (r == -1)
			goto rollback;
		if (r == 0) {
			/* Known (perhaps from earlier in this document).
			 * Still in the feed, so not to be forgotten (see
			 * touch_secs()). */
			if (poll->polled_at - k.last_seen >= touch &&
			    touch_item(st, k.id, poll->polled_at) == -1)
				goto rollback;
			if (k.hash == hashes[i]) {
				sts.nknown++;
				continue;
			}
			if (update_item(st, &k, e, hashes[i],
			    poll->polled_at) == -1)
				goto rollback;
			sts.nupdated++;
			continue;
		}
		if ((dup = find_elsewhere(st, id, norm[i])) == -1)
			goto rollback;
		if (dup > 0) {
			r = insert_item(st, id, e, ids[i], norm[i], hashes[i],
			    ITEM_SEEN, "duplicate", poll->polled_at, dup);
			sts.ndup++;
		} else if (first && !young[i]) {
			r = insert_item(st, id, e, ids[i], norm[i], hashes[i],
			    ITEM_SEEN, "backlog", poll->polled_at, 0);
			sts.nold++;
		} else if (!first && st->keep_secs > 0 && e->published > 0 &&
		    e->published < poll->polled_at - st->keep_secs) {
			/* After the first poll (whose backlog rule decides
			 * alone), older than what the store keeps: perhaps
			 * one it forgot, back in the feed. */
			r = insert_item(st, id, e, ids[i], norm[i], hashes[i],
			    ITEM_SEEN, "old", poll->polled_at, 0);
			sts.nold++;
		} else {
			r = insert_item(st, id, e, ids[i], norm[i], hashes[i],
			    ITEM_NEW, NULL, poll->polled_at, 0);
			sts.nnew++;
		}
		if (r == -1)
			goto rollback;
	}
	if (!st->batch && ((s = stmt(st, Q_COMMIT)) == NULL ||
	    run(st, s) == -1))
		goto rollback;
	rv = 0;
	if (stats != NULL)
		*stats = sts;
	if (!st->batch)
		flush_pending(st);	/* else at store_batch_end() */
	goto done;
rollback:
	/* In a batch the caller aborts it (store_batch_abort); a failed
	 * COMMIT (disk full) has rolled back already. */
	if (!st->batch && !sqlite3_get_autocommit(st->db) &&
	    (s = stmt(st, Q_ROLLBACK)) != NULL)
		(void)run(st, s);
done:
	store_keys_free(&own);
	free(fresh);
	free(young);
	free(twin);
	return rv;
}

/* ---- items ------------------------------------------------------------- */

#define ITEM_COLUMNS_LIST \
	"id, feed_id, guid, link, norm_link, title, author, published, " \
	"updated, language, categories, enclosure_url, enclosure_type, base, " \
	"state, state_reason, first_seen, state_changed, dup_of, " \
	"text_source, paywalled"
#define ITEM_COLUMNS_FULL ITEM_COLUMNS_LIST ", summary, content, " \
	"page_html, raw_text, clean_text, spoken_text, page_error"

static int
read_item(sqlite3_stmt *s, struct store_item *it, int full)
{
	int	oom = 0;

	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(s, 0);
	it->feed_id = sqlite3_column_int64(s, 1);
	it->guid = col_dup(s, 2, &oom);
	it->link = col_dup(s, 3, &oom);
	it->norm_link = col_dup(s, 4, &oom);
	it->title = col_dup(s, 5, &oom);
	it->author = col_dup(s, 6, &oom);
	it->published = sqlite3_column_int64(s, 7);
	it->updated = sqlite3_column_int64(s, 8);
	it->language = col_dup(s, 9, &oom);
	it->categories = col_dup(s, 10, &oom);
	it->enclosure_url = col_dup(s, 11, &oom);
	it->enclosure_type = col_dup(s, 12, &oom);
	it->base = col_dup(s, 13, &oom);
	it->state = store_state_parse((const char *)sqlite3_column_text(s, 14));
	it->state_reason = col_dup(s, 15, &oom);
	it->first_seen = sqlite3_column_int64(s, 16);
	it->state_changed = sqlite3_column_int64(s, 17);
	it->dup_of = sqlite3_column_int64(s, 18);
	it->text_source = sqlite3_column_int(s, 19);
	it->paywalled = sqlite3_column_int(s, 20);
	if (full) {
		it->summary = col_dup(s, 21, &oom);
		it->content = col_dup(s, 22, &oom);
		it->page_html = col_dup(s, 23, &oom);
		it->raw_text = col_dup(s, 24, &oom);
		it->clean_text = col_dup(s, 25, &oom);
		it->spoken_text = col_dup(s, 26, &oom);
		it->page_error = col_dup(s, 27, &oom);
	}
	if (oom) {
		log_warnx("store: out of memory reading an item");
		store_item_free(it);
		return -1;
	}
	return 0;
}

void
store_item_free(struct store_item *it)
{
	if (it == NULL)
		return;
	free(it->guid);
	free(it->link);
	free(it->norm_link);
	free(it->title);
	free(it->author);
	free(it->summary);
	free(it->content);
	free(it->language);
	free(it->categories);
	free(it->enclosure_url);
	free(it->enclosure_type);
	free(it->base);
	free(it->state_reason);
	free(it->page_html);
	free(it->raw_text);
	free(it->clean_text);
	free(it->spoken_text);
	free(it->page_error);
	memset(it, 0, sizeof(*it));
}

void
store_item_list_free(struct store_item *its, size_t n)
{
	size_t	i;

	for (i = 0; its != NULL && i < n; i++)
		store_item_free(&its[i]);
	free(its);
}

int
store_get_item(struct store *st, int64_t id, struct store_item *out)
{
	sqlite3_stmt	*s;
	int		 rc, rv = -1;

	memset(out, 0, sizeof(*out));
	if ((s = prepare(st, "SELECT " ITEM_COLUMNS_FULL " FROM items "
	    "WHERE id = ?1")) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		rv = read_item(s, out, 1);
	else if (rc == SQLITE_DONE)
		rv = STORE_NOT_FOUND;
	else
		log_warnx("store: get item: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	return rv;
}

/*
 * Writes "SELECT what FROM items WHERE ... order" for a query, with the
 * parameters ?1 state, ?2 feed, ?3 after (and ?4 for the caller).  One
 * named state and the text condition are written out rather than bound,
 * so that SQLite can search items_state and items_text with them; the
 * general form with parameters makes it scan the whole table.
 */
static const char *
query_sql(char *buf, size_t size, const char *what,
    const struct store_query *q, const char *order)
{
	int	n;

	n = snprintf(buf, size, "SELECT %s FROM items WHERE %s%s "
	    "AND (?2 = 0 OR feed_id = ?2) AND id > ?3%s", what,
	    q->state >= 0 ? "state = ?1" : "(?1 IS NULL OR state = ?1 OR "
	    "(?1 = 'unread' AND state IN ('new', 'queued')))",
	    q->text == STORE_TEXT_MISSING ? " AND text_source = 0" :
	    q->text == STORE_TEXT_READY ? " AND text_source <> 0" : "",
	    order);
	if (n < 0 || (size_t)n >= size)
		return NULL;	/* only if the buffer is made too small */
	return buf;
}
/* Items without a date sort by when we first saw them. */
#define ITEM_DATE \
	"(CASE WHEN published > 0 THEN published ELSE first_seen END)"

static void
bind_query(sqlite3_stmt *s, const struct store_query *q)
{
	if (q->state == STORE_UNREAD)
		bind_text(s, 1, "unread");
	else if (q->state >= 0)
		bind_text(s, 1, store_state_name(q->state));
	else
		sqlite3_bind_null(s, 1);
	sqlite3_bind_int64(s, 2, q->feed_id);
	sqlite3_bind_int64(s, 3, q->after_id);
}

int
store_list_items(struct store *st, const struct store_query *q,
    struct store_item **items, size_t *n)
{
	sqlite3_stmt		*s;
	struct store_item	*its = NULL;
	const char		*sql;
	char			 buf[STORE_MAX_SQL];
	size_t			 len = 0, cap;
	int			 rc, limit;

	*items = NULL;
	*n = 0;
	limit = q->limit > 0 && q->limit < STORE_MAX_LIST ? q->limit :
	    STORE_MAX_LIST;
	if ((sql = query_sql(buf, sizeof(buf), ITEM_COLUMNS_LIST, q,
	    q->oldest_first ? " ORDER BY " ITEM_DATE ", id LIMIT ?4" :
	    " ORDER BY " ITEM_DATE " DESC, id DESC LIMIT ?4")) == NULL)
		fatalx("store: query_sql: buffer too small");
	if ((s = prepare(st, sql)) == NULL)
		return -1;
	bind_query(s, q);
	sqlite3_bind_int(s, 4, limit);
	cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			struct store_item *nits;

			cap = cap ? cap * 2 : 32;
			if ((nits = reallocarray(its, cap, sizeof(*its))) ==
			    NULL) {
				log_warn("store: list items");
				goto fail;
			}
			its = nits;
		}
		if (read_item(s, &its[len], 0) == -1)
			goto fail;
		len++;
	}
	if (rc != SQLITE_DONE) {
		log_warnx("store: list items: %s", sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_finalize(s);
	*items = its;
	*n = len;
	return 0;
fail:
	sqlite3_finalize(s);
	store_item_list_free(its, len);
	return -1;
}

int
store_count_items(struct store *st, const struct store_query *q,
    int64_t *count)
{
	sqlite3_stmt	*s;
	const char	*sql;
	char		 buf[STORE_MAX_SQL];
	int		 rv = -1;

	if ((sql = query_sql(buf, sizeof(buf), "count(*)", q, "")) == NULL)
		fatalx("store: query_sql: buffer too small");
	if ((s = prepare(st, sql)) == NULL)
		return -1;
	bind_query(s, q);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*count = sqlite3_column_int64(s, 0);
		rv = 0;
	} else
		log_warnx("store: count items: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	return rv;
}

/* The state of an item, or -1. */
static int
item_state(struct store *st, int64_t id)
{
	sqlite3_stmt	*s;
	int		 state = -1;

	if ((s = prepare(st, "SELECT state FROM items WHERE id = ?1")) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		state = store_state_parse((const char *)
		    sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return state;
}

/*
 * A mark that met a disk fault is kept (the latest per story) and written
 * when a commit works again, so a story heard while the disk was full is
 * not read again after the space returns.  Only a restart before that
 * loses the marks; the table is bounded, and the oldest mark goes first.
 */
static void
keep_pending(struct store *st, int64_t id, int state, const char *reason,
    int64_t when)
{
	struct pending_state	*p = NULL;
	size_t			 i;

	for (i = 0; i < st->npending && p == NULL; i++)
		if (st->pending[i].id == id)
			p = &st->pending[i];
	if (p == NULL) {
		if (st->npending == STORE_PENDING_MAX) {
			log_warnx("store: more than %d read marks not "
			    "written; forgetting story %lld's",
			    STORE_PENDING_MAX, (long long)st->pending[0].id);
			memmove(&st->pending[0], &st->pending[1],
			    (STORE_PENDING_MAX - 1) * sizeof(st->pending[0]));
			st->npending--;
		}
		p = &st->pending[st->npending++];
	}
	p->id = id;
	p->state = state;
	(void)snprintf(p->reason, sizeof(p->reason), "%s",
	    reason != NULL ? reason : "");
	p->when = when;
}

static void
flush_pending(struct store *st)
{
	struct pending_state	 p;
	size_t			 n = 0;

	if (st->flushing)
		return;
	st->flushing = 1;
	while (st->npending > 0 && st->fault[0] == '\0') {
		p = st->pending[0];
		if (store_set_item_state(st, p.id, p.state, p.reason[0] !=
		    '\0' ? p.reason : NULL, p.when) == -1)
			break;		/* the fault is back; keep it */
		memmove(&st->pending[0], &st->pending[1],
		    (st->npending - 1) * sizeof(st->pending[0]));
		st->npending--;
		n++;
	}
	st->flushing = 0;
	if (n > 0)
		log_info("store: %zu read marks written late", n);
}

void
store_set_fault_hook(struct store *st, void (*fn)(const char *, void *),
    void *arg)
{
	st->hook = fn;
	st->hook_arg = arg;
}

const char *
store_fault(const struct store *st)
{
	return st == NULL || st->fault[0] == '\0' ? NULL : st->fault;
}

size_t
store_pending(const struct store *st)
{
	return st == NULL ? 0 : st->npending;
}

int
store_set_item_state(struct store *st, int64_t id, enum item_state state,
    const char *reason, int64_t now)
{
	sqlite3_stmt	*s;
	int		 rv, durable;

	if ((int)state < 0 || (int)state >= NSTATES) {
		log_warnx("store: item %lld: bad state %d", (long long)id,
		    (int)state);
		return -1;
	}
	/*
	 * What the listener heard or skipped must survive a power cut, so
	 * that commit is synced (see the top of this file).  A skip of a
	 * story that was never queued is a rule's (a filter), decided again
	 * after a crash; syncing each of those would block the loop for
	 * every filtered story of a poll.
	 */
	durable = state == ITEM_SPOKEN ||
	    (state == ITEM_SKIPPED && item_state(st, id) == ITEM_QUEUED);
	if (durable && exec(st, "PRAGMA synchronous = FULL") == -1)
		return -1;
	if ((s = stmt(st, Q_SET_STATE)) == NULL) {
		rv = -1;
		goto done;
	}
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, store_state_name(state));
	bind_text(s, 3, reason);
	sqlite3_bind_int64(s, 4, now);
	rv = run(st, s);
	if (rv == 0 && sqlite3_changes(st->db) == 0)
		rv = STORE_NOT_FOUND;
done:
	if (durable && exec(st, "PRAGMA synchronous = NORMAL") == -1)
		rv = -1;
	if (rv == -1 && st->fault[0] != '\0' && !st->flushing) {
		keep_pending(st, id, state, reason, now);
		rv = 0;		/* taken; written when the disk allows */
	} else if (rv != -1)
		flush_pending(st);
	return rv;
}

int
store_set_item_text(struct store *st, int64_t id, enum item_text which,
    const char *text)
{
	static const char *const sql[] = {
		[ITEM_TEXT_PAGE_HTML] =
		    "UPDATE items SET page_html = ?2 WHERE id = ?1",
		[ITEM_TEXT_RAW] =
		    "UPDATE items SET raw_text = ?2 WHERE id = ?1",
		[ITEM_TEXT_CLEAN] =
		    "UPDATE items SET clean_text = ?2 WHERE id = ?1",
		[ITEM_TEXT_SPOKEN] =
		    "UPDATE items SET spoken_text = ?2 WHERE id = ?1",
		[ITEM_TEXT_PAGE_ERROR] =
		    "UPDATE items SET page_error = ?2 WHERE id = ?1",
	};
	sqlite3_stmt	*s;
	int		 rv;

	if ((int)which < 0 || (size_t)which >= sizeof(sql) / sizeof(sql[0])) {
		log_warnx("store: item %lld: bad text stage %d",
		    (long long)id, (int)which);
		return -1;
	}
	if ((s = prepare(st, sql[which])) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, text);
	rv = change_one(st, s);
	sqlite3_finalize(s);
	return rv;
}

int
store_set_item_source(struct store *st, int64_t id,
    enum item_text_source source, int paywalled)
{
	sqlite3_stmt	*s;
	int		 rv;

	if ((s = prepare(st, "UPDATE items SET text_source = ?2, "
	    "paywalled = ?3 WHERE id = ?1")) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, (int)source);
	sqlite3_bind_int(s, 3, paywalled != 0);
	rv = change_one(st, s);
	sqlite3_finalize(s);
	return rv;
}

/*
 * Runs one chunked statement of store_expire() until it changes fewer
 * rows than a chunk or max rows are done.  The rows changed, or -1.
 */
static int
expire_chunks(struct store *st, int q, int64_t cutoff, int max)
{
	sqlite3_stmt	*s;
	int		 n, total = 0;

	do {
		if ((s = stmt(st, q)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, cutoff);
		sqlite3_bind_int(s, 2, STORE_EXPIRE_CHUNK);
		if (q == Q_EXPIRE_ITEMS)
			sqlite3_bind_int64(s, 3, touch_secs(st));
		if (run(st, s) == -1)
			return -1;
		n = sqlite3_changes(st->db);
		total += n;
	} while (n == STORE_EXPIRE_CHUNK && total < max);
	return total;
}

/* Whether expiry is due: never ran, ran STORE_EXPIRE_SECS ago, or the
 * clock went back since.  -1 on error. */
static int
expire_due(struct store *st, int64_t now)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (st->expired_at == -1) {
		if ((s = stmt(st, Q_META_GET)) == NULL)
			return -1;
		bind_text(s, 1, "expired");
		rc = sqlite3_step(s);
		st->expired_at = rc == SQLITE_ROW ?
		    sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			st->expired_at = -1;
			log_warnx("store: expiry: %s", sqlite3_errmsg(st->db));
			return -1;
		}
	}
	return st->expired_at == 0 || now < st->expired_at ||
	    now - st->expired_at >= STORE_EXPIRE_SECS;
}

int
store_expire(struct store *st, int64_t now, int64_t keep_pages,
    struct store_expiry *out)
{
	struct store_expiry	ex;
	sqlite3_stmt		*s;
	int			n;

	memset(&ex, 0, sizeof(ex));
	if (out != NULL)
		*out = ex;
	if (st->batch || st->fault[0] != '\0')
		return 0;	/* not inside a poll's batch; not while the
				 * disk refuses writes (the retry is on) */
	if ((n = expire_due(st, now)) <= 0)
		return n;
	if (keep_pages > 0) {
		if ((n = expire_chunks(st, Q_EXPIRE_PAGES, now - keep_pages,
		    STORE_EXPIRE_MAX)) == -1)
			return -1;
		ex.npages = n;
		ex.more = n >= STORE_EXPIRE_MAX;
	}
	if (st->keep_secs > 0) {
		if ((n = expire_chunks(st, Q_EXPIRE_ITEMS,
		    now - st->keep_secs, STORE_EXPIRE_MAX)) == -1)
			return -1;
		ex.nitems = n;
		ex.more |= n >= STORE_EXPIRE_MAX;
	}
	/* With more to do, the next call goes on. */
	if (!ex.more) {
		if ((s = stmt(st, Q_META_SET)) == NULL)
			return -1;
		bind_text(s, 1, "expired");
		sqlite3_bind_int64(s, 2, now);
		if (run(st, s) == -1)
			return -1;
		st->expired_at = now;
	}
	if (out != NULL)
		*out = ex;
	return 0;
}

int
store_checkpoint(struct store *st)
{
	int	rc;

	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		failed(st, "checkpoint", sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

int
store_retry(struct store *st)
{
	char	sql[64];
	int	rc = 0;

	if (st->fault[0] == '\0' && st->npending == 0)
		return 0;
	/*
	 * An empty write transaction touches no page and would commit even
	 * on a full disk; rewriting user_version writes the header page.
	 */
	(void)snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	    SCHEMA_VERSION);
	if (exec(st, "BEGIN IMMEDIATE") == -1)
		return -1;
	if (exec(st, sql) == -1 || exec(st, "COMMIT") == -1)
		rc = -1;
	if (!sqlite3_get_autocommit(st->db))
		(void)exec(st, "ROLLBACK");
	if (rc == -1)
		return -1;
	committed(st);
	flush_pending(st);
	return st->fault[0] == '\0' ? 0 : -1;
}

int
store_requeue(struct store *st, int64_t now)
{
	sqlite3_stmt	*s;
	int		 rv;

	if ((s = prepare(st, "UPDATE items SET state = 'new', "
	    "state_reason = NULL, state_changed = ?1 WHERE state = 'queued'"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	rv = run(st, s);
	sqlite3_finalize(s);
	return rv;
}
