/* Poll scheduling: when each feed is fetched, and what its result does. */
#ifndef POLL_H
#define POLL_H

#include <stddef.h>
#include <stdint.h>

struct fetch;
struct loop;
struct store;
struct store_poll_stats;

struct poll;

/* Scheduling settings; poll_settings_default() fills in defaults.h. */
struct poll_settings {
	long	interval;	/* seconds between polls (feeds.interval) */
	long	backoff_max;	/* seconds: longest wait after errors */
	long	hint_max;	/* seconds: longest wait Retry-After, max-age
				 * or Expires may impose */
	int	starts_per_s;	/* feeds started per second when many are
				 * due at once (startup, reload all) */
};

/*
 * What the owner hears.  polled: after each poll result was saved (or
 * failed to save); stats is NULL when nothing was saved.  moved: a
 * permanent redirect changed a feed's URL in the store (the owner updates
 * the feeds file).  idle: no feed is due or in flight any more after a
 * poll_all() round (used by --poll-once).  Any may be NULL.
 */
struct poll_hooks {
	/* A feed's fetch has started (may be NULL). */
	void	(*started)(int64_t id, void *arg);
	void	(*polled)(int64_t id, const struct store_poll_stats *,
		    void *arg);
	void	(*moved)(int64_t id, const char *oldurl, const char *newurl,
		    void *arg);
	void	(*idle)(void *arg);
	void	*arg;
};

void	poll_settings_default(struct poll_settings *);

/*
 * Makes a scheduler for the feeds in store; fetch and store are borrowed
 * and must outlive it.  Call poll_sync() to load the feeds.  NULL on
 * error (logged).
 */
struct poll	*poll_new(struct loop *, struct fetch *, struct store *,
		    const struct poll_settings *, const struct poll_hooks *);
void		 poll_free(struct poll *);	/* cancels transfers; NULL ok */

void	poll_set_settings(struct poll *, const struct poll_settings *);

/*
 * Re-reads the feed list from the store: new feeds are scheduled (first
 * polls spread at starts_per_s), removed ones cancelled, the others keep
 * their time (from the store's next_poll).  0 or -1 (logged).
 */
int	poll_sync(struct poll *);

/* Polls one feed as soon as a slot is free ("reload ID"), but not before
 * a Retry-After the server gave.  0, 1 when held back by Retry-After, or
 * -1 when the feed is unknown. */
int	poll_now(struct poll *, int64_t id);
/* Polls every feed now, spread at starts_per_s ("reload all").  With
 * at_once set, all start immediately (the one-shot mode: fetch's own caps
 * still apply).  Feeds under a server's Retry-After keep their time. */
void	poll_all(struct poll *, int at_once);
/* Stops polling a feed (before removing it from the store). */
void	poll_forget(struct poll *, int64_t id);

size_t	poll_inflight(const struct poll *);
/* Whether a feed due or in flight has no validators: its answer is a
 * document to parse, not a 304 (a first poll, or a server that sends
 * none). */
int	poll_expects_documents(const struct poll *);

/*
 * The schedule's arithmetic, pure so it can be tested; r is a random
 * number.  poll_delay_ms: milliseconds until a feed's next poll: the
 * interval (seconds), doubled per consecutive error after the first up
 * to backoff_max, +-POLL_JITTER_PCT percent, but never sooner than hint
 * seconds (Retry-After, max-age, Expires; capped at hint_max).
 * poll_spread_ms: when the k-th of many feeds due together starts, so
 * that at most starts_per_s start in any second.
 */
uint64_t	poll_delay_ms(const struct poll_settings *, long interval,
		    int errors, long hint, uint64_t r);
uint64_t	poll_spread_ms(const struct poll_settings *, size_t k,
		    uint64_t r);

/* The next wake-up in milliseconds from now, -1 when nothing is due
 * (for tests and `status`). */
long	poll_next_ms(const struct poll *);

#endif
