/* feedwork: feed documents parsed on a worker thread, results on the loop. */
#ifndef FEEDWORK_H
#define FEEDWORK_H

#include <stddef.h>

struct loop;
struct feedwork;

/*
 * One piece of work for the thread.  The caller embeds the job in its own
 * structure and owns it throughout; feedwork borrows it from
 * feedwork_submit() until the done callback runs (or feedwork_free()
 * returns).  run is called on the worker thread and must touch nothing
 * but the caller's structure: no loop, no store, no fds (feed_parse() and
 * store_keys_make() qualify).
 */
struct feedwork_job {
	void			(*run)(struct feedwork_job *);
	size_t			 len;		/* bytes it holds, for the
						 * bound */
	void			*arg;		/* the caller's */
	struct feedwork_job	*next;		/* feedwork's */
};

/* Called from the loop, once per job, in the order of submission. */
typedef void	(*feedwork_done_fn)(struct feedwork_job *, void *arg);

/*
 * Makes a parser for the loop's owner.  The thread starts with the first
 * job (after the loop blocked its signals).  NULL on error (logged).
 */
struct feedwork	*feedwork_new(struct loop *, feedwork_done_fn, void *arg);

/* Stops and joins the worker; jobs not reported are left to their owner,
 * unreported, run or not.  NULL ok. */
void		 feedwork_free(struct feedwork *);

/*
 * Hands a job to the worker: 0, and done is called later from the loop.
 * -1 when the queue is full (FEEDWORK_MAX_JOBS, FEEDWORK_MAX_BYTES) or
 * the worker cannot run: the caller parses the document itself.
 */
int	feedwork_submit(struct feedwork *, struct feedwork_job *);

#endif
