/*
 * feeds: the daemon's subscriptions.  Wires the feeds file (feedlist.c),
 * the store (store.c), the fetcher (fetch.c) and the scheduler (poll.c)
 * together, and answers the socket commands about feeds and articles.
 *
 * The feeds file is the user's: when it exists it says which feeds are
 * subscribed, and changes over the socket are written back to it.  The
 * store holds everything else (HTTP state, items).  No policy lives here:
 * what is new is the store's decision, when to poll is poll's.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "commands.h"
#include "config.h"
#include "control.h"
#include "defaults.h"
#include "feedlist.h"
#include "feeds.h"
#include "fetch.h"
#include "log.h"
#include "loop.h"
#include "paths.h"
#include "poll.h"
#include "store.h"
#include "stories.h"
#include "urlnorm.h"
#include "vorleser.h"
#include "xml.h"

struct feeds {
	struct vorleser	*v;
	uint64_t	 last_checkpoint;	/* loop_now_ms() */
	int		 polls_since_checkpoint;
	long		 retry_timer;	/* while the store cannot write */
	struct fetch	*fetch;
	struct poll	*poll;
	struct feedlist	*list;
	char		 path[PATH_MAX];	/* the feeds file */
	int		 once;		/* --poll-once: stop when idle */
	int		 xml_decided;	/* --poll-once: libxml2 early? */
	int		 xml_loading;	/* xml_thread to join */
	pthread_t	 xml_thread;
	int		 round_over;
	/* --poll-once summary */
	int		 npolled, nnew, nold, ndup, nerrors;
};

static void
fetch_limits_from(const struct config *cfg, struct fetch_limits *l)
{
	fetch_limits_default(l);
	l->max_total = cfg->feeds_max_transfers;
	l->max_per_host = cfg->feeds_max_per_host;
	l->connect_timeout_ms = cfg->feeds_connect_timeout * 1000;
	l->timeout_ms = cfg->feeds_timeout * 1000;
	l->low_speed_bytes = cfg->feeds_low_speed_bytes;
	l->low_speed_s = cfg->feeds_low_speed_time;
}

static void
poll_settings_from(const struct config *cfg, struct poll_settings *s)
{
	poll_settings_default(s);
	s->interval = cfg->feeds_interval;
}

/*
 * Forgets old stories (store_expire: hourly, the store keeps the time)
 * at the end of a burst of polls, so a daemon that runs for months keeps
 * a bounded store; like the checkpoint below it needs no timer.
 */
static void
expire(struct feeds *fs)
{
	struct store_expiry	ex;
	const struct config	*cfg = &fs->v->cfg;

	if (cfg->store_keep == 0 && cfg->store_keep_pages == 0)
		return;
	if (store_expire(fs->v->store, (int64_t)time(NULL),
	    cfg->store_keep_pages, &ex) == -1)
		return;		/* logged; tried again next time */
	if (ex.nitems > 0 || ex.npages > 0) {
		log_info("store: forgot %d old stories, dropped %d pages",
		    ex.nitems, ex.npages);
		fs->polls_since_checkpoint++;	/* worth a checkpoint */
	}
}

/*
 * Copies the WAL into the database now and then, when polls have written
 * something, so the fsyncs fall into quiet time and the WAL stays small:
 * at the end of a burst of polls (nothing in flight any more), at most
 * once per STORE_CHECKPOINT_MS.  There is no timer for it: an idle daemon
 * wakes for nothing but its next poll.  SQLite's own automatic checkpoint
 * (store.c) is the backstop for a daemon that is never quiet.
 */
static void
checkpoint(struct feeds *fs)
{
	uint64_t	now = loop_now_ms();

	if (fs->polls_since_checkpoint == 0 || poll_inflight(fs->poll) > 0)
		return;
	expire(fs);
	if (now - fs->last_checkpoint < STORE_CHECKPOINT_MS)
		return;
	fs->polls_since_checkpoint = 0;
	fs->last_checkpoint = now;
	(void)store_checkpoint(fs->v->store);	/* logs */
}

static void
on_polled(int64_t id, const struct store_poll_stats *st, void *arg)
{
	struct feeds	*fs = arg;

	fs->npolled++;
	fs->polls_since_checkpoint++;
	checkpoint(fs);
	if (st == NULL) {
		fs->nerrors++;
		if (fs->v->control != NULL) {
			control_event(fs->v->control, TOPIC_FEEDS, "poll-done",
			    "id=%lld new=0 errors=1", (long long)id);
			control_event(fs->v->control, TOPIC_ERROR, "feed",
			    "id=%lld", (long long)id);
		}
		return;
	}
	fs->nnew += st->nnew;
	fs->nold += st->nold;
	fs->ndup += st->ndup;
	if (fs->v->control == NULL)
		return;
	control_event(fs->v->control, TOPIC_FEEDS, "poll-done",
	    "id=%lld new=%d errors=0", (long long)id, st->nnew);
	if (st->nnew > 0)
		control_event(fs->v->control, TOPIC_ARTICLES, "new",
		    "feed=%lld count=%d", (long long)id, st->nnew);
	if ((st->nnew > 0 || st->nupdated > 0) && fs->v->stories != NULL)
		stories_kick(fs->v->stories);
}

/*
 * While the database cannot be written (disk full, read-only), a small
 * write is tried every STORE_RETRY_MS, so the marks kept in memory reach
 * the disk soon after the space returns, even when no poll is due.
 */
static void
store_retry_timer(void *arg)
{
	struct feeds	*fs = arg;

	fs->retry_timer = 0;
	if (store_retry(fs->v->store) == -1 && fs->retry_timer == 0)
		fs->retry_timer = loop_timer_add(fs->v->loop, STORE_RETRY_MS,
		    store_retry_timer, fs);
}

/* The store's fault hook: say so to the clients, retry meanwhile. */
static void
on_store_fault(const char *reason, void *arg)
{
	struct feeds	*fs = arg;

	if (fs->v->control != NULL)
		control_event(fs->v->control, TOPIC_ERROR, "store", "%s%s",
		    reason != NULL ? "error=" : "ok", reason != NULL ?
		    reason : "");
	if (reason != NULL && fs->retry_timer <= 0)
		fs->retry_timer = loop_timer_add(fs->v->loop, STORE_RETRY_MS,
		    store_retry_timer, fs);
}

static void *
xml_early(void *arg)
{
	(void)arg;
	(void)xml_load();	/* a failure is logged there */
	return NULL;
}

static void
on_started(int64_t id, void *arg)
{
	struct feeds	*fs = arg;

	/*
	 * --poll-once, first request out: if documents will come (a first
	 * poll), libxml2 and ICU are loaded meanwhile on a short thread,
	 * not in the loop when the first one arrives (1-3 ms while curl
	 * waited).  Not sooner: dlopen() holds the loader's lock, which
	 * libcurl's load wants too.  Not for a poll of 304s, which parses
	 * nothing.  xml_load() is safe from any thread.
	 */
	if (fs->once && !fs->xml_decided) {
		fs->xml_decided = 1;
		fs->xml_loading = poll_expects_documents(fs->poll) &&
		    pthread_create(&fs->xml_thread, NULL, xml_early,
		    NULL) == 0;
	}

	if (fs->v->control != NULL)
		control_event(fs->v->control, TOPIC_FEEDS, "poll-start",
		    "id=%lld", (long long)id);
}

/* A permanent redirect: the store has the new URL, so must the file. */
static void
on_moved(int64_t id, const char *oldurl, const char *newurl, void *arg)
{
	struct feeds	*fs = arg;

	if (feedlist_set_url(fs->list, oldurl, newurl) == 0)
		(void)feedlist_save(fs->list, fs->path);	/* logs */
}

static void
on_idle(void *arg)
{
	struct feeds	*fs = arg;

	fs->round_over = 1;
	if (fs->once)
		loop_break(fs->v->loop);
}

/* Tags joined by spaces into out (the store's form). */
static void
join_tags(char *out, size_t size, char *const *tags, size_t n)
{
	size_t	i, len = 0;
	int	w;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(out + len, size - len, "%s%s", i ? " " : "",
		    tags[i]);
		if (w < 0 || (size_t)w >= size - len)
			break;		/* the rest does not fit; dropped */
		len += w;
	}
}

static int
cmp_feed_url(const void *a, const void *b)
{
	return strcmp(((const struct store_feed *)a)->url,
	    ((const struct store_feed *)b)->url);
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b == NULL || *b == '\0';
	return b != NULL && strcmp(a, b) == 0;
}

/*
 * Makes the store's feeds match the feeds file: listed feeds are added
 * or get their tags and title updated; with prune, stored feeds the file
 * no longer lists are removed.  Only differences are written, so a start
 * with an unchanged file costs one query, not a transaction per feed.
 */
/* Per-feed settings written as tags in the feeds file. */
struct feed_opts {
	int	interval;	/* seconds, 0: feeds.interval */
	int	priority;	/* higher is read first */
	int	fulltext;	/* enum store_fulltext */
};

/*
 * Splits a feed's tags into plain tags (joined into out) and options:
 * "interval=30m", "priority=5", "fulltext=always|never|auto".  A bad
 * option is logged with the feed's URL and ignored, the feed stays.
 */
static void
feed_options(struct feeds *fs, const struct feedlist_feed *ff, char *out,
    size_t size, struct feed_opts *o)
{
	struct config	 scratch;
	char		 err[256], *plain[FEEDLIST_MAX_TAGS], *end;
	const char	*t, *val;
	size_t		 i, np = 0;
	long		 n;

	memset(o, 0, sizeof(*o));
	o->fulltext = STORE_FULLTEXT_AUTO;
	for (i = 0; i < ff->ntags; i++) {
		t = ff->tags[i];
		if ((val = strchr(t, '=')) == NULL) {
			if (np < FEEDLIST_MAX_TAGS)
				plain[np++] = ff->tags[i];
			continue;
		}
		val++;
		if (strncmp(t, "interval=", 9) == 0) {
			config_defaults(&scratch);
			if (config_set(&scratch, "feeds.interval", val, err,
			    sizeof(err)) == 0)
				o->interval = (int)scratch.feeds_interval;
			else
				log_warnx("feeds: %s: %s", ff->url, err);
		} else if (strncmp(t, "priority=", 9) == 0) {
			n = strtol(val, &end, 10);
			if (*val != '\0' && *end == '\0' && n >= -100 &&
			    n <= 100)
				o->priority = (int)n;
			else
				log_warnx("feeds: %s: priority=%s is not a "
				    "number from -100 to 100", ff->url, val);
		} else if (strncmp(t, "fulltext=", 9) == 0) {
			if (strcmp(val, "always") == 0)
				o->fulltext = STORE_FULLTEXT_ALWAYS;
			else if (strcmp(val, "never") == 0)
				o->fulltext = STORE_FULLTEXT_NEVER;
			else if (strcmp(val, "auto") != 0)
				log_warnx("feeds: %s: fulltext=%s is not auto, "
				    "always or never", ff->url, val);
		} else
			log_warnx("feeds: %s: unknown option %s (interval=, "
			    "priority=, fulltext=)", ff->url, t);
	}
	join_tags(out, size, plain, np);
	(void)fs;
}

static int
sync_store(struct feeds *fs, int prune)
{
	struct store		*st = fs->v->store;
	const struct feedlist_feed *ff;
	struct store_feed	*sf, key, *hit;
	struct feed_opts	 o;
	char			 tags[1024];
	size_t			 i, n;
	int64_t			 id;
	int			 rc = 0;

	if (store_list_feeds_brief(st, &sf, &n) == -1)
		return -1;
	if (n > 1)
		qsort(sf, n, sizeof(*sf), cmp_feed_url);
	/* One transaction: a first start with 200 feeds is 200 inserts. */
	if (store_batch_begin(st) == -1) {
		store_feed_list_free(sf, n);
		return -1;
	}
	for (i = 0; i < feedlist_count(fs->list) && rc != -1; i++) {
		ff = feedlist_get(fs->list, i);
		feed_options(fs, ff, tags, sizeof(tags), &o);
		memset(&key, 0, sizeof(key));
		key.url = ff->url;
		hit = n > 0 ? bsearch(&key, sf, n, sizeof(*sf),
		    cmp_feed_url) : NULL;
		if (hit == NULL) {
			rc = store_add_feed(st, ff->url, tags, ff->title, &id);
			if (rc != -1 && (o.interval != 0 || o.priority != 0 ||
			    o.fulltext != STORE_FULLTEXT_AUTO))
				rc = store_set_feed_schedule(st, id,
				    o.interval, o.priority, o.fulltext);
			continue;
		}
		if (!same(tags, hit->tags) ||
		    !same(ff->title, hit->custom_title))
			rc = store_set_feed_meta(st, hit->id, tags,
			    ff->title != NULL ? ff->title : "");
		if (rc != -1 && (hit->interval != o.interval ||
		    hit->priority != o.priority || hit->fulltext != o.fulltext))
			rc = store_set_feed_schedule(st, hit->id, o.interval,
			    o.priority, o.fulltext);
	}
	for (i = 0; i < n && prune && rc != -1; i++)
		if (feedlist_find(fs->list, sf[i].url) == -1) {
			log_info("feeds: %s is no longer in %s; removed",
			    sf[i].url, fs->path);
			rc = store_remove_feed(st, sf[i].id);
		}
	store_feed_list_free(sf, n);
	if (store_batch_end(st) == -1)
		rc = -1;
	return rc == -1 ? -1 : 0;
}

/* Reads the feeds file and brings the store in line with it. */
static int
load_list(struct feeds *fs)
{
	struct stat	sb;
	int		exists;

	exists = stat(fs->path, &sb) == 0;
	if (feedlist_load(fs->list, fs->path) == -1)
		return -1;
	/* No feeds file yet: the store's feeds stand (and `feed add` makes
	 * the file).  A file that exists is the list of subscriptions. */
	return sync_store(fs, exists);
}

/*
 * A first start without a feeds file: the shipped default feeds become
 * the user's file, so that feed add and feed rm edit the user's own copy
 * and a later update of the defaults never changes a user's choice.
 */
static void
copy_defaults(struct feeds *fs)
{
	struct feedlist	*def;

	if (access(fs->v->paths.feeds_default, R_OK) == -1)
		return;
	if ((def = feedlist_new()) == NULL)
		return;
	if (feedlist_load(def, fs->v->paths.feeds_default) == 0 &&
	    paths_mkdir(fs->v->paths.config_dir, 0700) == 0 &&
	    feedlist_save(def, fs->path) == 0)
		log_info("feeds: no feeds file yet; starting with the %zu "
		    "default feeds, copied to %s", feedlist_count(def),
		    fs->path);
	feedlist_free(def);
}

int
feeds_start(struct vorleser *v)
{
	struct feeds		*fs;
	struct fetch_limits	 lim;
	struct poll_settings	 ps;
	struct poll_hooks	 hooks;
	char			 db[PATH_MAX + 16];

	if ((fs = calloc(1, sizeof(*fs))) == NULL) {
		log_warn("feeds");
		return -1;
	}
	fs->v = v;
	v->feeds = fs;
	if (snprintf(db, sizeof(db), "%s/%s", v->paths.state_dir,
	    STORE_FILE) >= (int)sizeof(db) ||
	    snprintf(fs->path, sizeof(fs->path), "%s/%s", v->paths.config_dir,
	    FEEDS_FILE) >= (int)sizeof(fs->path)) {
		log_warnx("feeds: path too long");
		return -1;
	}
	if ((v->store = store_open(db)) == NULL)
		return -1;
	store_set_fault_hook(v->store, on_store_fault, fs);
	store_set_backlog(v->store, v->cfg.feeds_backlog,
	    v->cfg.feeds_backlog_max);
	store_set_keep(v->store, v->cfg.store_keep);
	if ((fs->list = feedlist_new()) == NULL)
		return -1;
	if (access(fs->path, F_OK) == -1 && errno == ENOENT)
		copy_defaults(fs);
	if (load_list(fs) == -1)
		return -1;

	fetch_limits_from(&v->cfg, &lim);
	if ((fs->fetch = fetch_new(v->loop, &lim)) == NULL)
		return -1;
	poll_settings_from(&v->cfg, &ps);
	memset(&hooks, 0, sizeof(hooks));
	hooks.started = on_started;
	hooks.polled = on_polled;
	hooks.moved = on_moved;
	hooks.idle = on_idle;
	hooks.arg = fs;
	if ((fs->poll = poll_new(v->loop, fs->fetch, v->store, &ps,
	    &hooks)) == NULL)
		return -1;
	if (poll_sync(fs->poll) == -1)
		return -1;
	fs->last_checkpoint = loop_now_ms();
	log_info("feeds: %zu subscriptions from %s", feedlist_count(fs->list),
	    fs->path);
	return 0;
}

void
feeds_stop(struct vorleser *v)
{
	struct feeds	*fs = v->feeds;

	if (fs != NULL) {
		if (fs->retry_timer > 0)
			loop_timer_cancel(v->loop, fs->retry_timer);
		poll_free(fs->poll);
		fetch_free(fs->fetch);
		feedlist_free(fs->list);
		free(fs);
		v->feeds = NULL;
	}
	store_close(v->store);
	v->store = NULL;
}

void
feeds_configure(struct vorleser *v)
{
	struct fetch_limits	lim;
	struct poll_settings	ps;

	if (v->feeds == NULL)
		return;
	store_set_backlog(v->store, v->cfg.feeds_backlog,
	    v->cfg.feeds_backlog_max);
	store_set_keep(v->store, v->cfg.store_keep);
	fetch_limits_from(&v->cfg, &lim);
	fetch_set_limits(v->feeds->fetch, &lim);
	poll_settings_from(&v->cfg, &ps);
	poll_set_settings(v->feeds->poll, &ps);
	/* A reload also picks up edits of the feeds file. */
	if (load_list(v->feeds) == 0)
		(void)poll_sync(v->feeds->poll);
}

int
feeds_poll_once(struct vorleser *v)
{
	struct feeds	*fs;
	int		 rc = 0;

	/* Every subscription is fetched at once: libcurl loads while the
	 * store opens. */
	fetch_preload();
	if (feeds_start(v) == -1) {
		feeds_stop(v);
		fetch_preload_end();
		return 1;
	}
	fs = v->feeds;
	fs->once = 1;
	poll_all(fs->poll, 1);
	if (!fs->round_over && loop_run(v->loop) == -1)
		rc = 1;
	if (fs->xml_loading)
		(void)pthread_join(fs->xml_thread, NULL);
	log_info("poll-once: %d feeds polled, %d new, %d old, %d duplicate, "
	    "%d failed", fs->npolled, fs->nnew, fs->nold, fs->ndup,
	    fs->nerrors);
	feeds_stop(v);
	fetch_preload_end();	/* when nothing was fetched */
	return rc;
}

struct fetch *
feeds_fetcher(struct vorleser *v)
{
	return v->feeds != NULL ? v->feeds->fetch : NULL;
}

size_t
feeds_count(struct vorleser *v)
{
	return v->feeds != NULL ? feedlist_count(v->feeds->list) : 0;
}

/* ---- socket commands ---- */

static void
kv_time(struct client *cl, const char *key, int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;
	char		s[32];

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		control_kv(cl, key, "never");
	else
		control_kv(cl, key, "%s", s);
}

static int
parse_id(const char *s, int64_t *id)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n <= 0)
		return -1;
	*id = n;
	return 0;
}

static int
need_feeds(struct vorleser *v, struct client *cl)
{
	if (v->feeds == NULL || v->store == NULL)
		return control_err(cl, ERR_STATE, "feeds are not available");
	return 0;
}

static void
feed_record(struct client *cl, const struct store_feed *f, int full)
{
	control_kv(cl, "id", "%lld", (long long)f->id);
	control_kv(cl, "url", "%s", f->url);
	control_kv(cl, "title", "%s", f->custom_title != NULL ?
	    f->custom_title : f->title != NULL ? f->title : "");
	control_kv(cl, "tags", "%s", f->tags != NULL ? f->tags : "");
	control_kv(cl, "items", "%lld", (long long)f->nitems);
	control_kv(cl, "unread", "%lld", (long long)f->nunread);
	kv_time(cl, "last-poll", f->last_poll);
	kv_time(cl, "next-poll", f->next_poll);
	control_kv(cl, "status", "%s", f->last_error != NULL ? "error" : "ok");
	control_kv(cl, "error", "%s", f->last_error != NULL ?
	    f->last_error : "");
	if (!full)
		return;
	control_kv(cl, "site", "%s", f->site_link != NULL ? f->site_link :
	    "");
	control_kv(cl, "language", "%s", f->language != NULL ? f->language :
	    "");
	control_kv(cl, "etag", "%s", f->etag != NULL ? f->etag : "");
	control_kv(cl, "last-modified", "%s", f->last_modified != NULL ?
	    f->last_modified : "");
	control_kv(cl, "http-status", "%d", f->http_status);
	kv_time(cl, "retry-after", f->retry_after);
	control_kv(cl, "error-count", "%d", f->error_count);
	kv_time(cl, "last-success", f->last_success);
	control_kv(cl, "interval", "%d", f->interval);
	control_kv(cl, "priority", "%d", f->priority);
	control_kv(cl, "fulltext", "%s", f->fulltext == STORE_FULLTEXT_ALWAYS ?
	    "always" : f->fulltext == STORE_FULLTEXT_NEVER ? "never" : "auto");
	kv_time(cl, "added", f->added);
}

/*
 * feeds import FILE: every feed outline of an OPML file joins the feeds
 * file (those already there are skipped) and is polled.  The file is
 * read by the daemon, which runs as the client's user (SO_PEERCRED).
 */
static int
feeds_import(struct vorleser *v, struct client *cl, const char *path)
{
	struct feeds	*fs = v->feeds;
	struct buf	 b;
	FILE		*f;
	int		 added;

	if ((f = fopen(path, "rb")) == NULL)
		return control_err(cl, ERR_NOTFOUND, "%s: %s", path,
		    strerror(errno));
	buf_init(&b, FEEDLIST_MAX_BYTES);
	if (buf_read_file(&b, f) == -1) {
		fclose(f);
		buf_free(&b);
		return control_err(cl, errno == EFBIG ? ERR_ARG : ERR_INTERNAL,
		    "%s: %s (at most %d bytes)", path, strerror(errno),
		    FEEDLIST_MAX_BYTES);
	}
	fclose(f);
	added = feedlist_import_opml(fs->list, b.data != NULL ? b.data : "",
	    b.len);
	buf_free(&b);
	if (added == -1)
		return control_err(cl, ERR_ARG, "%s: not an OPML file", path);
	if (added > 0) {
		if (feedlist_save(fs->list, fs->path) == -1)
			return control_err(cl, ERR_INTERNAL, "cannot write %s",
			    fs->path);
		if (sync_store(fs, 1) == -1)
			return control_err(cl, ERR_INTERNAL, "database error");
		(void)poll_sync(fs->poll);
		if (v->control != NULL)
			control_event(v->control, TOPIC_FEEDS, "imported",
			    "count=%d", added);
	}
	control_kv(cl, "imported", "%d", added);
	return CMD_OK;
}

/* feeds export: the subscriptions as OPML 2.0, one "opml:" line per
 * line of the document (vorleser feeds export prints the document). */
static int
feeds_export(struct vorleser *v, struct client *cl)
{
	char	*doc, *line, *next;

	if ((doc = feedlist_export_opml(v->feeds->list)) == NULL)
		return control_err(cl, ERR_INTERNAL, "out of memory");
	for (line = doc; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		control_kv(cl, "opml", "%s", line);
	}
	free(doc);
	return CMD_OK;
}

int
feeds_cmd_feeds(struct vorleser *v, struct client *cl, int argc,
    char **argv)
{
	struct store_feed	*sf;
	size_t			 i, n;

	if (need_feeds(v, cl) == -1)
		return -1;
	if (argc >= 2 && strcmp(argv[1], "import") == 0 && argc == 3)
		return feeds_import(v, cl, argv[2]);
	if (argc == 2 && strcmp(argv[1], "export") == 0)
		return feeds_export(v, cl);
	if (argc > 1)
		return control_err(cl, ERR_ARG, "usage: feeds [import "
		    "<file.opml> | export]");
	if (store_list_feeds(v->store, &sf, &n) == -1)
		return control_err(cl, ERR_INTERNAL, "database error");
	for (i = 0; i < n; i++)
		feed_record(cl, &sf[i], 0);
	store_feed_list_free(sf, n);
	return CMD_OK;
}

static int
feed_add(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct feeds	*fs = v->feeds;
	char		*norm, tags[1024];
	int64_t		 id;
	int		 rc;

	if ((norm = urlnorm_normalize(argv[2])) == NULL)
		return control_err(cl, ERR_ARG, "'%s' is not an http or "
		    "https URL", argv[2]);
	free(norm);
	rc = feedlist_add(fs->list, argv[2], (const char * const *)argv + 3,
	    (size_t)(argc - 3), NULL);
	if (rc == -1)
		return control_err(cl, ERR_INTERNAL, "cannot add the feed");
	join_tags(tags, sizeof(tags), argv + 3, (size_t)(argc - 3));
	rc = store_add_feed(v->store, argv[2], tags, NULL, &id);
	if (rc == -1)
		return control_err(cl, ERR_INTERNAL, "database error");
	if (feedlist_save(fs->list, fs->path) == -1)
		return control_err(cl, ERR_INTERNAL, "cannot write %s",
		    fs->path);
	if (rc == STORE_EXISTS)
		return control_err(cl, ERR_STATE, "already subscribed as "
		    "feed %lld", (long long)id);
	(void)poll_sync(fs->poll);
	(void)poll_now(fs->poll, id);
	control_kv(cl, "id", "%lld", (long long)id);
	if (v->control != NULL)
		control_event(v->control, TOPIC_FEEDS, "added", "id=%lld",
		    (long long)id);
	return CMD_OK;
}

static int
feed_rm(struct vorleser *v, struct client *cl, int64_t id)
{
	struct feeds		*fs = v->feeds;
	struct store_feed	 sf;
	int			 rc;

	memset(&sf, 0, sizeof(sf));
	if ((rc = store_get_feed(v->store, id, &sf)) != 0)
		return control_err(cl, rc == STORE_NOT_FOUND ? ERR_NOTFOUND :
		    ERR_INTERNAL, "no feed %lld", (long long)id);
	poll_forget(fs->poll, id);
	rc = store_remove_feed(v->store, id);
	if (rc == 0 && feedlist_remove(fs->list, sf.url) == 0 &&
	    feedlist_save(fs->list, fs->path) == -1)
		rc = -1;
	store_feed_free(&sf);
	if (rc != 0)
		return control_err(cl, ERR_INTERNAL, "cannot remove feed %lld",
		    (long long)id);
	if (v->control != NULL)
		control_event(v->control, TOPIC_FEEDS, "removed", "id=%lld",
		    (long long)id);
	return CMD_OK;
}

int
feeds_cmd_feed(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct store_feed	sf;
	int64_t			id;
	int			rc;

	if (need_feeds(v, cl) == -1)
		return -1;
	if (strcmp(argv[1], "add") == 0)
		return feed_add(v, cl, argc, argv);
	if (strcmp(argv[1], "rm") != 0 && strcmp(argv[1], "info") != 0)
		return control_err(cl, ERR_ARG, "usage: feed add <url> "
		    "[tag...] | feed rm <id> | feed info <id>");
	if (argc != 3 || parse_id(argv[2], &id) == -1)
		return control_err(cl, ERR_ARG, "usage: feed %s <id>",
		    argv[1]);
	if (strcmp(argv[1], "rm") == 0)
		return feed_rm(v, cl, id);
	memset(&sf, 0, sizeof(sf));
	if ((rc = store_get_feed(v->store, id, &sf)) != 0) {
		store_feed_free(&sf);
		return control_err(cl, rc == STORE_NOT_FOUND ? ERR_NOTFOUND :
		    ERR_INTERNAL, "no feed %lld", (long long)id);
	}
	feed_record(cl, &sf, 1);
	store_feed_free(&sf);
	return CMD_OK;
}

int
feeds_cmd_reload(struct vorleser *v, struct client *cl, int argc,
    char **argv)
{
	int64_t	id;

	if (need_feeds(v, cl) == -1)
		return -1;
	if (argc == 1 || strcmp(argv[1], "all") == 0) {
		poll_all(v->feeds->poll, 1);
		return CMD_OK;
	}
	if (parse_id(argv[1], &id) == -1)
		return control_err(cl, ERR_ARG, "usage: reload [id|all]");
	switch (poll_now(v->feeds->poll, id)) {
	case -1:
		return control_err(cl, ERR_NOTFOUND, "no feed %lld",
		    (long long)id);
	case 1:
		control_kv(cl, "held-back", "the server asked for a pause "
		    "(Retry-After); see feed info %lld", (long long)id);
		break;
	}
	return CMD_OK;
}

static void
item_record(struct client *cl, const struct store_item *it, int full)
{
	control_kv(cl, "id", "%lld", (long long)it->id);
	control_kv(cl, "feed", "%lld", (long long)it->feed_id);
	control_kv(cl, "state", "%s", store_state_name(it->state));
	kv_time(cl, "published", it->published);
	control_kv(cl, "title", "%s", it->title != NULL ? it->title : "");
	control_kv(cl, "link", "%s", it->link != NULL ? it->link : "");
	if (!full)
		return;
	control_kv(cl, "guid", "%s", it->guid != NULL ? it->guid : "");
	control_kv(cl, "norm-link", "%s", it->norm_link != NULL ?
	    it->norm_link : "");
	control_kv(cl, "author", "%s", it->author != NULL ? it->author : "");
	kv_time(cl, "updated", it->updated);
	kv_time(cl, "first-seen", it->first_seen);
	kv_time(cl, "state-changed", it->state_changed);
	control_kv(cl, "state-reason", "%s", it->state_reason != NULL ?
	    it->state_reason : "");
	control_kv(cl, "dup-of", "%lld", (long long)it->dup_of);
	control_kv(cl, "language", "%s", it->language != NULL ?
	    it->language : "");
	control_kv(cl, "categories", "%s", it->categories != NULL ?
	    it->categories : "");
	control_kv(cl, "enclosure", "%s", it->enclosure_url != NULL ?
	    it->enclosure_url : "");
	control_kv(cl, "enclosure-type", "%s", it->enclosure_type != NULL ?
	    it->enclosure_type : "");
	control_kv(cl, "base", "%s", it->base != NULL ? it->base : "");
	control_kv(cl, "summary", "%s", it->summary != NULL ? it->summary :
	    "");
	control_kv(cl, "content", "%s", it->content != NULL ? it->content :
	    "");
	control_kv(cl, "text-source", "%s",
	    it->text_source == ITEM_TEXT_PAGE ? "page" :
	    it->text_source == ITEM_TEXT_FEED ? "feed" : "none");
	control_kv(cl, "paywalled", "%s", it->paywalled ? "yes" : "no");
	control_kv(cl, "page-error", "%s", it->page_error != NULL ?
	    it->page_error : "");
	control_kv(cl, "page-html", "%s", it->page_html != NULL ?
	    it->page_html : "");
	control_kv(cl, "raw-text", "%s", it->raw_text != NULL ?
	    it->raw_text : "");
	control_kv(cl, "clean-text", "%s", it->clean_text != NULL ?
	    it->clean_text : "");
	control_kv(cl, "spoken-text", "%s", it->spoken_text != NULL ?
	    it->spoken_text : "");
}

int
feeds_cmd_articles(struct vorleser *v, struct client *cl, int argc,
    char **argv)
{
	struct store_query	 q;
	struct store_item	*items;
	size_t			 i, n;
	int64_t			 num;

	if (need_feeds(v, cl) == -1)
		return -1;
	memset(&q, 0, sizeof(q));
	/* "New" to a listener: not read yet, whether queued or not. */
	q.state = STORE_UNREAD;
	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--new") == 0)
			q.state = STORE_UNREAD;
		else if (strcmp(argv[i], "--all") == 0)
			q.state = -1;
		else if ((strcmp(argv[i], "--feed") == 0 ||
		    strcmp(argv[i], "--limit") == 0) && i + 1 < (size_t)argc &&
		    parse_id(argv[i + 1], &num) == 0) {
			if (argv[i][2] == 'f')
				q.feed_id = num;
			else
				q.limit = num > STORE_MAX_LIST ?
				    STORE_MAX_LIST : (int)num;
			i++;
		} else
			return control_err(cl, ERR_ARG, "usage: articles "
			    "[--new|--all] [--feed ID] [--limit N]");
	}
	if (store_list_items(v->store, &q, &items, &n) == -1)
		return control_err(cl, ERR_INTERNAL, "database error");
	for (i = 0; i < n; i++)
		item_record(cl, &items[i], 0);
	store_item_list_free(items, n);
	return CMD_OK;
}

int
feeds_cmd_article(struct vorleser *v, struct client *cl, int argc,
    char **argv)
{
	struct store_item	it;
	int64_t			id;
	int			rc;

	if (need_feeds(v, cl) == -1)
		return -1;
	if (parse_id(argv[1], &id) == -1)
		return control_err(cl, ERR_ARG, "usage: article <id>");
	memset(&it, 0, sizeof(it));
	if ((rc = store_get_item(v->store, id, &it)) != 0) {
		store_item_free(&it);
		return control_err(cl, rc == STORE_NOT_FOUND ? ERR_NOTFOUND :
		    ERR_INTERNAL, "no article %lld", (long long)id);
	}
	item_record(cl, &it, 1);
	store_item_free(&it);
	return CMD_OK;
}
