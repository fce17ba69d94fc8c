/* feedwork: feed documents parsed on a worker thread, results on the loop. */
#ifndef FEEDWORK_H
#define FEEDWORK_H

#include <stddef.h>

#include "feed.h"

struct loop;
struct feedwork;

/*
 * One document to parse.  The caller fills in the input and owns the job
 * throughout; feedwork borrows it from feedwork_submit() until the done
 * callback runs (or feedwork_free() returns), and only the worker writes
 * rc and doc meanwhile.
 */
struct feedwork_job {
	/* Input, as for feed_parse(); the caller frees them. */
	char			*body;
	size_t			 len;
	char			*url;		/* may be NULL */
	char			*content_type;	/* may be NULL */
	/* Output: feed_parse()'s return value and document. */
	int			 rc;
	struct feed		 doc;
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
 * unreported (their doc may be filled in: feed_free() it).  NULL ok. */
void		 feedwork_free(struct feedwork *);

/*
 * Hands a job to the worker: 0, and done is called later from the loop.
 * -1 when the queue is full (FEEDWORK_MAX_JOBS, FEEDWORK_MAX_BYTES) or
 * the worker cannot run: the caller parses the document itself.
 */
int	feedwork_submit(struct feedwork *, struct feedwork_job *);

#endif
