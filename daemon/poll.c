/*
 * poll: decides when each feed is fetched and turns each fetch result
 * into one store_save_poll() transaction.
 *
 * Every feed has a due time on the loop's monotonic clock; one loop timer
 * is armed for the earliest, so between polls nothing but that timer wakes
 * the daemon.  The store keeps next_poll in UTC, so a restart resumes the
 * schedule instead of polling everything at once.
 *
 * The schedule is polite on purpose: each feed's own interval with a
 * little jitter (so feeds started together drift apart), many due feeds
 * started at most starts_per_s per second, exponential backoff on
 * errors, and Retry-After, Cache-Control max-age and Expires taken as the
 * earliest next time.  How many transfers run at once is fetch's business.
 *
 * Results are saved in batches: a finished transfer's body is taken from
 * fetch (fetch_take_body, not copied) and parsed on feedwork's thread (in
 * the loop only when that queue is full or the body is big), and every
 * result that came back in the same pass of the loop is written by one
 * flush at the end of that pass, in one store transaction.  While a
 * feed's document is being parsed the feed counts as in flight.  A crash
 * before the commit loses those polls whole (they are fetched again,
 * their validators were not saved either); none is ever half written.
 *
 * poll does not parse (feed.c does) and does not decide what is new
 * (store.c does); it only moves bytes and times between them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "defaults.h"
#include "feed.h"
#include "feedwork.h"
#include "fetch.h"
#include "log.h"
#include "loop.h"
#include "poll.h"
#include "store.h"

struct pfeed {
	struct poll	*p;
	int64_t		 id;
	uint64_t	 due;		/* loop_now_ms() time; 0: not scheduled */
	long		 fetch_id;	/* > 0 while in flight */
	int		 errors;	/* consecutive failures before this poll */
	long		 interval;	/* seconds, the feed's own or global */
	uint64_t	 not_before;	/* loop_now_ms(): the server's
					 * Retry-After; 0: none */
	int		 in_round;	/* part of a poll_all() round */
	int		 gone;		/* removed while in flight */
	int		 parsing;	/* its document is with feedwork */
	/* Copies of the store's values, so a poll costs no query. */
	char		*url;
	char		*etag;
	char		*last_modified;
};

/* A fetch result waiting for the flush; everything in it is owned. */
struct pending {
	struct pfeed		*pf;
	struct store_poll	 sp;	/* sp.feed is set by the flush */
	struct feed		 doc;
	struct store_keys	 keys;	/* doc's, when worked out already */
	int			 has_doc;
	enum fetch_status	 status;
	long			 http_status;
	char			*url;	/* as requested, for the log */
	char			*etag;
	char			*last_modified;
	char			*error;
	uint64_t		 delay;	/* ms until the next poll */
	int			 rc;	/* of store_save_poll */
	struct store_poll_stats	 st;
};

/*
 * A result whose document feedwork parses; what on_fetched() needs from
 * the borrowed fetch_result later is copied here.  pe.pf is NULL once
 * the feed was dropped meanwhile.
 */
struct parsing {
	struct pending		 pe;
	struct feedwork_job	 job;
	/* The worker's input (owned)... */
	char			*body;
	size_t			 len;
	char			*final_url;
	char			*content_type;
	/* ...and output: feed_parse()'s value, document and keys. */
	int			 rc;
	struct feed		 doc;
	struct store_keys	 keys;
	char			*media_type;
	char			*moved_url;
	long			 hint;
	struct parsing		*next;
};

struct poll {
	struct loop		*loop;
	struct fetch		*fetch;
	struct store		*store;
	struct poll_settings	 set;
	struct poll_hooks	 hooks;
	struct pfeed		**feeds;
	size_t			 n, cap;
	size_t			 inflight;
	long			 timer;
	uint64_t		 timer_due;
	int			 round;		/* feeds left in the round */
	uint64_t		 rng;
	struct pending		*pend;		/* results not saved yet */
	size_t			 npend, cappend;
	size_t			 pend_bytes;	/* their bodies' sizes */
	long			 flush_timer;
	struct feedwork		*work;		/* NULL: parse in the loop */
	struct parsing		*parsing;	/* with feedwork */
};

static void	arm(struct poll *);
static void	pending_free(struct pending *);
static void	on_parsed(struct feedwork_job *, void *);

void
poll_settings_default(struct poll_settings *s)
{
	s->interval = DEFAULT_FEED_INTERVAL;
	s->backoff_max = POLL_BACKOFF_MAX;
	s->hint_max = POLL_HINT_MAX;
	s->starts_per_s = POLL_STARTS_PER_S;
}

/* xorshift64: jitter needs no quality, only to differ between feeds. */
static uint64_t
rnd(struct poll *p)
{
	p->rng ^= p->rng << 13;
	p->rng ^= p->rng >> 7;
	p->rng ^= p->rng << 17;
	return p->rng;
}

struct poll *
poll_new(struct loop *loop, struct fetch *fetch, struct store *store,
    const struct poll_settings *set, const struct poll_hooks *hooks)
{
	struct poll	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		log_warn("poll");
		return NULL;
	}
	p->loop = loop;
	p->fetch = fetch;
	p->store = store;
	if (set != NULL)
		p->set = *set;
	else
		poll_settings_default(&p->set);
	if (p->set.starts_per_s < 1)
		p->set.starts_per_s = 1;
	if (hooks != NULL)
		p->hooks = *hooks;
	/* Without it every document is parsed in the loop: slower, not
	 * broken. */
	p->work = feedwork_new(loop, on_parsed, p);
	p->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
	    loop_now_ms() ^ 0x9e3779b97f4a7c15ULL;
	return p;
}

static void
pfeed_drop(struct poll *p, size_t i)
{
	struct pfeed	*pf = p->feeds[i];
	struct parsing	*pa;
	size_t		 j;

	if (pf->fetch_id > 0) {
		fetch_cancel(p->fetch, pf->fetch_id);
		p->inflight--;
	}
	/* Its documents still being parsed are dropped when they come
	 * back. */
	for (pa = p->parsing; pa != NULL; pa = pa->next)
		if (pa->pe.pf == pf)
			pa->pe.pf = NULL;
	/* Results of the removed feed that wait for the flush (two, if a
	 * reload started it again in the same pass). */
	for (j = 0; j < p->npend; )
		if (p->pend[j].pf == pf) {
			pending_free(&p->pend[j]);
			p->pend[j] = p->pend[--p->npend];
		} else
			j++;
	if (pf->in_round)
		p->round--;
	free(pf->url);
	free(pf->etag);
	free(pf->last_modified);
	free(pf);
	p->feeds[i] = p->feeds[--p->n];
}

static void	parsing_free(struct parsing *);

void
poll_free(struct poll *p)
{
	struct parsing	*pa;

	if (p == NULL)
		return;
	/* The worker is joined first: then no job is lent any more. */
	feedwork_free(p->work);
	while ((pa = p->parsing) != NULL) {
		p->parsing = pa->next;
		parsing_free(pa);
	}
	while (p->n > 0)
		pfeed_drop(p, p->n - 1);
	if (p->timer > 0)
		loop_timer_cancel(p->loop, p->timer);
	if (p->flush_timer > 0)
		loop_timer_cancel(p->loop, p->flush_timer);
	free(p->pend);
	free(p->feeds);
	free(p);
}

void
poll_set_settings(struct poll *p, const struct poll_settings *set)
{
	p->set = *set;
	if (p->set.starts_per_s < 1)
		p->set.starts_per_s = 1;
}

/* Replaces *dst with a copy of src (NULL clears).  -1 when out of
 * memory; *dst is then NULL, which only costs a full GET. */
static int
set_str(char **dst, const char *src)
{
	char	*c = NULL;

	if (src != NULL && (c = strdup(src)) == NULL) {
		log_warn("poll");
		free(*dst);
		*dst = NULL;
		return -1;
	}
	free(*dst);
	*dst = c;
	return 0;
}

static struct pfeed *
find(struct poll *p, int64_t id, size_t *idx)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		if (p->feeds[i]->id == id) {
			if (idx != NULL)
				*idx = i;
			return p->feeds[i];
		}
	return NULL;
}

static struct pfeed *
pfeed_add(struct poll *p, int64_t id)
{
	struct pfeed	**nf, *pf;
	size_t		  ncap;

	if (p->n == p->cap) {
		ncap = p->cap ? p->cap * 2 : 64;
		if ((nf = reallocarray(p->feeds, ncap, sizeof(*nf))) == NULL) {
			log_warn("poll");
			return NULL;
		}
		p->feeds = nf;
		p->cap = ncap;
	}
	if ((pf = calloc(1, sizeof(*pf))) == NULL) {
		log_warn("poll");
		return NULL;
	}
	pf->p = p;
	pf->id = id;
	pf->interval = p->set.interval;
	p->feeds[p->n++] = pf;
	return pf;
}

uint64_t
poll_spread_ms(const struct poll_settings *set, size_t k, uint64_t r)
{
	uint64_t	slot = 1000 / (uint64_t)(set->starts_per_s > 0 ?
			    set->starts_per_s : 1);

	return k * slot + (slot > 1 ? r % slot : 0);
}

static uint64_t
spread(struct poll *p, size_t k)
{
	return loop_now_ms() + poll_spread_ms(&p->set, k, rnd(p));
}

/*
 * A feed the scheduler has not seen in this run takes its times from the
 * store, which keeps them in UTC.  The loop runs on the monotonic clock,
 * so the wall clock is read only here: a last poll in the future means
 * the clock was set back since; the feed is then polled soon rather than
 * when the clock reaches the stored time, and a Retry-After is counted
 * from that last poll.
 */
static void
resume(struct poll *p, struct pfeed *pf, const struct store_feed *sf,
    int64_t now, size_t *k)
{
	int64_t	base = now;

	if (sf->last_poll > now + POLL_CLOCK_SLACK) {
		/* How long ago it really was is unknown: poll soon. */
		log_info("poll: %s was last polled %lld s in the future; "
		    "the clock went back", sf->url,
		    (long long)(sf->last_poll - now));
		base = sf->last_poll;
		pf->due = spread(p, (*k)++);
	} else if (sf->next_poll > base)
		pf->due = loop_now_ms() +
		    (uint64_t)(sf->next_poll - base) * 1000;
	else
		pf->due = spread(p, (*k)++);
	if (sf->retry_after > base)
		pf->not_before = loop_now_ms() +
		    (uint64_t)(sf->retry_after - base) * 1000;
}

int
poll_sync(struct poll *p)
{
	struct store_feed	*sf;
	struct pfeed		*pf;
	size_t			 nsf, i, j, k = 0;
	int64_t			 now = time(NULL);
	int			 keep;

	if (store_list_feeds_brief(p->store, &sf, &nsf) == -1)
		return -1;		/* logged by the store */
	/* Feeds no longer in the store. */
	for (i = 0; i < p->n; ) {
		keep = 0;
		for (j = 0; j < nsf && !keep; j++)
			keep = sf[j].id == p->feeds[i]->id;
		if (keep)
			i++;
		else
			pfeed_drop(p, i);
	}
	for (j = 0; j < nsf; j++) {
		if ((pf = find(p, sf[j].id, NULL)) == NULL) {
			if ((pf = pfeed_add(p, sf[j].id)) == NULL)
				break;
			resume(p, pf, &sf[j], now, &k);
		}
		pf->errors = sf[j].error_count;
		pf->interval = sf[j].interval > 0 ? sf[j].interval :
		    p->set.interval;
		if (pf->fetch_id == 0 && (set_str(&pf->url, sf[j].url) == -1 ||
		    set_str(&pf->etag, sf[j].etag) == -1 ||
		    set_str(&pf->last_modified, sf[j].last_modified) == -1))
			pf->due = 0;	/* no URL: not polled until the next
					 * sync */
	}
	store_feed_list_free(sf, nsf);
	arm(p);
	return 0;
}

/* A server's Retry-After binds manual reloads too: it is the one thing
 * that gets a client blocked.  Returns the wait in ms, 0 if none. */
static uint64_t
held_back(const struct pfeed *pf)
{
	uint64_t	now = loop_now_ms();

	return pf->not_before > now ? pf->not_before - now : 0;
}

int
poll_now(struct poll *p, int64_t id)
{
	struct pfeed	*pf;
	uint64_t	 wait;

	if ((pf = find(p, id, NULL)) == NULL)
		return -1;
	wait = held_back(pf);
	if (pf->fetch_id == 0 && !pf->parsing) {
		pf->due = loop_now_ms() + wait;
		arm(p);
	}
	return wait > 0 ? 1 : 0;
}

void
poll_all(struct poll *p, int at_once)
{
	size_t	i, k = 0;

	for (i = 0; i < p->n; i++) {
		if (held_back(p->feeds[i]) > 0)
			continue;	/* keeps its time after Retry-After */
		if (!p->feeds[i]->in_round) {
			p->feeds[i]->in_round = 1;
			p->round++;
		}
		if (p->feeds[i]->fetch_id == 0 && !p->feeds[i]->parsing)
			p->feeds[i]->due = at_once ? loop_now_ms() :
			    spread(p, k++);
	}
	arm(p);
	if (p->round == 0 && p->hooks.idle != NULL)
		p->hooks.idle(p->hooks.arg);
}

void
poll_forget(struct poll *p, int64_t id)
{
	size_t	i;

	if (find(p, id, &i) != NULL)
		pfeed_drop(p, i);
	arm(p);
}

size_t
poll_inflight(const struct poll *p)
{
	return p->inflight;
}

int
poll_expects_documents(const struct poll *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		if ((p->feeds[i]->fetch_id > 0 || p->feeds[i]->due != 0) &&
		    p->feeds[i]->etag == NULL &&
		    p->feeds[i]->last_modified == NULL)
			return 1;
	return 0;
}

long
poll_next_ms(const struct poll *p)
{
	uint64_t	now;

	if (p->timer <= 0)
		return -1;
	now = loop_now_ms();
	return p->timer_due > now ? (long)(p->timer_due - now) : 0;
}

/* The round of poll_all() is over when its last feed reported. */
static void
round_done(struct poll *p, struct pfeed *pf)
{
	if (!pf->in_round)
		return;
	pf->in_round = 0;
	if (--p->round == 0 && p->hooks.idle != NULL)
		p->hooks.idle(p->hooks.arg);
}

uint64_t
poll_delay_ms(const struct poll_settings *set, long interval, int errors,
    long hint, uint64_t r)
{
	uint64_t	ms, cap, j;
	int		i;

	ms = (uint64_t)interval * 1000;
	if (errors > 0) {
		cap = (uint64_t)(set->backoff_max > interval ?
		    set->backoff_max : interval) * 1000;
		for (i = 1; i < errors && ms < cap; i++)
			ms *= 2;
		if (ms > cap)
			ms = cap;
	}
	j = ms * POLL_JITTER_PCT / 100;
	if (j > 0)
		ms = ms - j + r % (2 * j + 1);
	if (hint > set->hint_max)
		hint = set->hint_max;
	if (hint > 0 && (uint64_t)hint * 1000 > ms)
		ms = (uint64_t)hint * 1000;
	return ms;
}

static void
pending_free(struct pending *pe)
{
	if (pe->has_doc)
		feed_free(&pe->doc);
	store_keys_free(&pe->keys);
	free(pe->url);
	free(pe->etag);
	free(pe->last_modified);
	free(pe->error);
	memset(pe, 0, sizeof(*pe));
}

/* Copies src into *dst (NULL stays NULL).  -1 when out of memory. */
static int
dup_or_null(char **dst, const char *src)
{
	*dst = NULL;
	if (src != NULL && (*dst = strdup(src)) == NULL) {
		log_warn("poll");
		return -1;
	}
	return 0;
}

/* After the save: the feed's next time, its validators and the hooks. */
static void
finish(struct poll *p, struct pending *pe)
{
	struct pfeed			*pf = pe->pf;
	const struct store_poll_stats	*stp = NULL;
	int				 failed = pe->sp.error != NULL;

	if (pe->rc == 0) {
		stp = &pe->st;
		/* What the store now holds (see struct store_poll). */
		if (pe->status == FETCH_OK && !failed) {
			(void)set_str(&pf->etag, pe->etag);
			(void)set_str(&pf->last_modified, pe->last_modified);
		} else if (pe->status == FETCH_NOT_MODIFIED) {
			if (pe->etag != NULL)
				(void)set_str(&pf->etag, pe->etag);
			if (pe->last_modified != NULL)
				(void)set_str(&pf->last_modified,
				    pe->last_modified);
		}
		log_debug("poll: %s: %ld, %d new, %d old, %d dup, %d known",
		    pe->url != NULL ? pe->url : "?", pe->http_status,
		    pe->st.nnew, pe->st.nold,
		    pe->st.ndup, pe->st.nknown);
	}
	pf->errors = failed ? pf->errors + 1 : 0;
	if (pe->rc == STORE_NOT_FOUND)
		pf->gone = 1;		/* removed meanwhile */
	else
		pf->due = loop_now_ms() + pe->delay;
	if (p->hooks.polled != NULL)
		p->hooks.polled(pf->id, stp, p->hooks.arg);
	round_done(p, pf);
	if (pf->gone)
		poll_forget(p, pf->id);
}

static void
save(struct poll *p, struct pending *pe)
{
	pe->sp.feed = pe->has_doc ? &pe->doc : NULL;
	pe->sp.keys = pe->has_doc && pe->keys.n == pe->doc.nentries ?
	    &pe->keys : NULL;
	pe->rc = store_save_poll(p->store, pe->pf->id, &pe->sp, &pe->st);
}

/*
 * Saves every waiting result, in one transaction when there are several,
 * then runs the hooks.  The hooks come after the commit, so nothing is
 * reported (or read aloud) that a crash could still take back.
 */
static void
flush(void *arg)
{
	struct poll	*p = arg;
	struct pending	*pend = p->pend;
	size_t		 i, n = p->npend;
	int		 batch, spoilt;

	p->flush_timer = 0;
	p->pend_bytes = 0;
	if (n == 0)
		return;
	/* Taken from p: a hook may drop feeds (pfeed_drop looks here). */
	p->pend = NULL;
	p->npend = p->cappend = 0;
	batch = n > 1 && store_batch_begin(p->store) == 0;
	spoilt = 0;
	for (i = 0; i < n && !spoilt; i++) {
		save(p, &pend[i]);
		spoilt = batch && pend[i].rc == -1;
	}
	if (batch && (spoilt || store_batch_end(p->store) == -1)) {
		/* Rare (a full disk...): each poll alone, so one bad result
		 * does not take the others with it. */
		store_batch_abort(p->store);
		for (i = 0; i < n; i++)
			save(p, &pend[i]);
	}
	for (i = 0; i < n; i++) {
		finish(p, &pend[i]);
		pending_free(&pend[i]);
	}
	free(pend);
	arm(p);
}

/* A slot for one more result, or NULL (logged). */
static struct pending *
pending_add(struct poll *p)
{
	struct pending	*np;
	size_t		 ncap;

	if (p->npend == p->cappend) {
		ncap = p->cappend ? p->cappend * 2 : 16;
		if ((np = reallocarray(p->pend, ncap, sizeof(*np))) == NULL) {
			log_warn("poll");
			return NULL;
		}
		p->pend = np;
		p->cappend = ncap;
	}
	np = &p->pend[p->npend++];
	memset(np, 0, sizeof(*np));
	return np;
}

/*
 * The rest of a result once its document is parsed (or there is none):
 * the next time, a permanent redirect, the log, and the queue for the
 * flush.  error is NULL, or why the poll failed; moved_url may be NULL.
 */
static void
conclude(struct poll *p, struct pending *pe, const char *error,
    const char *moved_url, long hint, size_t body_len)
{
	struct pfeed	*pf = pe->pf;
	struct pending	*slot;
	int		 rc;

	if (dup_or_null(&pe->error, error) == -1)
		pe->sp.error = "out of memory";	/* still a failure */
	else
		pe->sp.error = pe->error;
	pe->sp.etag = pe->etag;
	pe->sp.last_modified = pe->last_modified;
	pe->delay = poll_delay_ms(&p->set, pf->interval,
	    error != NULL ? pf->errors + 1 : 0, hint, rnd(p));
	pe->sp.next_poll = pe->sp.polled_at +
	    (int64_t)((pe->delay + 999) / 1000);

	if (error == NULL && moved_url != NULL && pe->url != NULL) {
		rc = store_set_feed_url(p->store, pf->id, moved_url);
		if (rc == 0) {
			(void)set_str(&pf->url, moved_url);
			log_info("poll: %s moved permanently to %s", pe->url,
			    moved_url);
			if (p->hooks.moved != NULL)
				p->hooks.moved(pf->id, pe->url, moved_url,
				    p->hooks.arg);
		} else if (rc == STORE_EXISTS)
			log_warnx("poll: %s moved to %s, which is already "
			    "subscribed; keeping both", pe->url, moved_url);
	}
	if (error != NULL)
		log_info("poll: %s: %s", pe->url != NULL ? pe->url : "?",
		    error);
	/* Without memory for the queue the result is saved at once. */
	if ((slot = pending_add(p)) == NULL) {
		save(p, pe);
		finish(p, pe);
		pending_free(pe);
		arm(p);
		return;
	}
	*slot = *pe;		/* the queue owns it now */
	memset(pe, 0, sizeof(*pe));
	/*
	 * Saved at the end of this pass of the loop, with the others that
	 * finished in it; at once when the parsed documents waiting add
	 * up to POLL_BATCH_BYTES of feed, so a batch does not cost memory,
	 * or when no other result can come (nothing fetched or parsed any
	 * more): the wait would only delay the end of a round.
	 */
	p->pend_bytes += body_len;
	if (p->pend_bytes >= POLL_BATCH_BYTES ||
	    (p->inflight == 0 && p->parsing == NULL)) {
		if (p->flush_timer > 0)
			loop_timer_cancel(p->loop, p->flush_timer);
		flush(p);
	} else if (p->flush_timer <= 0 &&
	    (p->flush_timer = loop_timer_add(p->loop, POLL_FLUSH_MS, flush,
	    p)) == -1) {
		p->flush_timer = 0;
		flush(p);	/* no timer: save now, alone */
	}
}

/*
 * A parsed document (rc of feed_parse) into pe; NULL, or why the poll
 * failed, in why.  On failure the validators are not kept, so the next
 * poll fetches the document whole.
 */
static const char *
take_doc(struct pending *pe, int rc, const char *media_type, char *why,
    size_t size)
{
	if (rc == -1 && pe->doc.no_parser) {
		snprintf(why, size, "%s", pe->doc.reason);
		feed_free(&pe->doc);
	} else if (rc == -1) {
		snprintf(why, size, "not a feed (%s): %s", media_type != NULL ?
		    media_type : "no content type", pe->doc.reason);
		feed_free(&pe->doc);
	} else if (pe->doc.truncated && pe->doc.nentries == 0) {
		/* A broken document without a single complete item (an
		 * entity bomb, a cut-off download) is an error, not an
		 * empty feed; one with items is used as far as it goes. */
		snprintf(why, size, "broken feed: %s", pe->doc.reason);
		feed_free(&pe->doc);
	} else {
		pe->has_doc = 1;
		return NULL;
	}
	free(pe->etag);
	free(pe->last_modified);
	pe->etag = pe->last_modified = NULL;
	return why;
}

static void
parsing_free(struct parsing *pa)
{
	pending_free(&pa->pe);
	feed_free(&pa->doc);
	store_keys_free(&pa->keys);
	free(pa->body);
	free(pa->final_url);
	free(pa->content_type);
	free(pa->media_type);
	free(pa->moved_url);
	free(pa);
}

/*
 * On feedwork's thread: parses the body and works out the entries' keys
 * (without them, or on a failure, store_save_poll() does it).
 */
static void
parse_job(struct feedwork_job *j)
{
	struct parsing	*pa = j->arg;

	pa->rc = feed_parse(pa->body, pa->len, pa->final_url,
	    pa->content_type, &pa->doc);
	if (pa->rc == 0 && pa->doc.nentries > 0 &&
	    store_keys_make(&pa->doc, &pa->keys) == -1)
		store_keys_free(&pa->keys);
}

/*
 * Hands a body to feedwork, with copies of what on_parsed() needs; the
 * body itself is taken from fetch, not copied.  0, or -1 when the caller
 * is to parse it (no worker, a body over FEEDWORK_MAX_BYTES, no memory).
 * When the worker's queue is full the document is parsed here, and
 * on_parsed() runs at once.
 */
static int
parse_later(struct poll *p, struct pending *pe, const struct fetch_result *r,
    long hint)
{
	struct parsing	*pa;

	/* A big document is parsed in the loop, one at a time, as the
	 * memory bound of docs/hardening.md assumes. */
	if (p->work == NULL || r->body->len > FEEDWORK_MAX_BYTES)
		return -1;
	if ((pa = calloc(1, sizeof(*pa))) == NULL)
		return -1;
	if (dup_or_null(&pa->final_url, r->final_url) == -1 ||
	    dup_or_null(&pa->content_type, r->content_type) == -1 ||
	    dup_or_null(&pa->media_type, r->media_type) == -1 ||
	    dup_or_null(&pa->moved_url, r->moved_url) == -1 ||
	    (pa->body = fetch_take_body(r, &pa->len)) == NULL) {
		parsing_free(pa);
		return -1;
	}
	pa->job.run = parse_job;
	pa->job.len = pa->len;
	pa->job.arg = pa;
	pa->hint = hint;
	pa->pe = *pe;		/* owned by pa from here */
	memset(pe, 0, sizeof(*pe));
	pa->pe.pf->parsing = 1;
	pa->next = p->parsing;
	p->parsing = pa;
	if (feedwork_submit(p->work, &pa->job) == -1) {
		parse_job(&pa->job);
		on_parsed(&pa->job, p);
	}
	return 0;
}

/* feedwork → poll: a document came back parsed. */
static void
on_parsed(struct feedwork_job *j, void *arg)
{
	struct poll	*p = arg;
	struct parsing	*pa = j->arg, **pp;
	char		 why[FETCH_MAX_VALUE + FEED_MAX_REASON + 64];
	const char	*error;

	for (pp = &p->parsing; *pp != pa; pp = &(*pp)->next)
		;
	*pp = pa->next;
	if (pa->pe.pf == NULL) {	/* dropped meanwhile */
		parsing_free(pa);
		return;
	}
	pa->pe.pf->parsing = 0;
	pa->pe.doc = pa->doc;
	memset(&pa->doc, 0, sizeof(pa->doc));
	pa->pe.keys = pa->keys;
	memset(&pa->keys, 0, sizeof(pa->keys));
	error = take_doc(&pa->pe, pa->rc, pa->media_type, why, sizeof(why));
	conclude(p, &pa->pe, error, pa->moved_url, pa->hint, pa->len);
	parsing_free(pa);
	arm(p);
}

static void
on_fetched(const struct fetch_result *r, void *arg)
{
	struct pfeed		*pf = arg;
	struct poll		*p = pf->p;
	struct pending		 pe;
	char			 why[FETCH_MAX_VALUE + FEED_MAX_REASON + 64];
	const char		*error = NULL;
	int64_t			 now = time(NULL);
	long			 hint;

	pf->fetch_id = 0;
	p->inflight--;
	memset(&pe, 0, sizeof(pe));
	pe.pf = pf;
	pe.status = r->status;
	pe.http_status = r->http_status;
	pe.sp.polled_at = now;
	pe.sp.http_status = (int)r->http_status;
	(void)dup_or_null(&pe.url, r->url);	/* only for the log */
	if (r->retry_after > 0)
		pe.sp.retry_after = now + (r->retry_after < p->set.hint_max ?
		    r->retry_after : p->set.hint_max);
	/* Kept on the monotonic clock: a wall clock set back must not
	 * hold the feed for as long as it jumped. */
	pf->not_before = pe.sp.retry_after > 0 ? loop_now_ms() +
	    (uint64_t)(pe.sp.retry_after - now) * 1000 : 0;
	hint = r->retry_after > r->max_age ? r->retry_after : r->max_age;

	switch (r->status) {
	case FETCH_OK:
	case FETCH_NOT_MODIFIED:
		if (dup_or_null(&pe.etag, r->etag) == -1 ||
		    dup_or_null(&pe.last_modified, r->last_modified) == -1) {
			error = "out of memory";
			break;
		}
		if (r->status == FETCH_NOT_MODIFIED)
			break;
		if (parse_later(p, &pe, r, hint) == 0)
			return;		/* on_parsed() goes on */
		error = take_doc(&pe, feed_parse(r->body->data != NULL ?
		    r->body->data : "", r->body->len, r->final_url,
		    r->content_type, &pe.doc), r->media_type, why,
		    sizeof(why));
		break;
	default:
		error = r->error != NULL ? r->error :
		    fetch_status_name(r->status);
		break;
	}
	conclude(p, &pe, error, r->moved_url, hint,
	    r->status == FETCH_OK ? r->body->len : 0);
}

/* Starts one feed's poll with its stored validators. */
static void
start(struct poll *p, struct pfeed *pf)
{
	struct fetch_request	req;

	pf->due = 0;
	if (pf->url == NULL)
		return;
	memset(&req, 0, sizeof(req));
	req.url = pf->url;
	req.etag = pf->etag;
	req.last_modified = pf->last_modified;
	if ((pf->fetch_id = fetch_start(p->fetch, &req, on_fetched, pf)) ==
	    -1) {
		pf->fetch_id = 0;
		pf->due = loop_now_ms() + POLL_RETRY_MS;	/* queue full */
	} else {
		p->inflight++;
		if (p->hooks.started != NULL)
			p->hooks.started(pf->id, p->hooks.arg);
	}
}

static void
on_timer(void *arg)
{
	struct poll	*p = arg;
	uint64_t	 now = loop_now_ms();
	size_t		 i;

	p->timer = 0;
	for (i = 0; i < p->n; i++)
		if (p->feeds[i]->due != 0 && p->feeds[i]->due <= now &&
		    p->feeds[i]->fetch_id == 0 && !p->feeds[i]->parsing)
			start(p, p->feeds[i]);
	for (i = 0; i < p->n; )
		if (p->feeds[i]->gone) {
			round_done(p, p->feeds[i]);
			pfeed_drop(p, i);
		} else
			i++;
	arm(p);
}

/* One timer for the earliest due feed: idle means one wake-up per poll. */
static void
arm(struct poll *p)
{
	uint64_t	best = UINT64_MAX, now;
	size_t		i;

	for (i = 0; i < p->n; i++)
		if (p->feeds[i]->due != 0 && p->feeds[i]->fetch_id == 0 &&
		    !p->feeds[i]->parsing && p->feeds[i]->due < best)
			best = p->feeds[i]->due;
	if (p->timer > 0 && p->timer_due == best)
		return;
	if (p->timer > 0) {
		loop_timer_cancel(p->loop, p->timer);
		p->timer = 0;
	}
	if (best == UINT64_MAX)
		return;
	now = loop_now_ms();
	if ((p->timer = loop_timer_add(p->loop, best > now ? best - now : 0,
	    on_timer, p)) == -1) {
		p->timer = 0;	/* logged; the next result re-arms */
		return;
	}
	p->timer_due = best;
}
