/*
 * feedwork: parses feed documents on one worker thread, so that parsing
 * overlaps the transfers and the saving, which stay on the loop.
 *
 * A cold poll of many feeds was CPU-bound in the loop thread: parsing,
 * saving and curl took turns on one core, and the next transfers to a
 * host waited until every body finished in that pass was parsed.
 * feed_parse() touches no fds, no clock and no shared state, so it can
 * run anywhere, and so can working out the entries' identity keys
 * (store_keys_make()); the database stays in the loop thread.
 *
 * The worker takes jobs from a bounded FIFO under a mutex and sleeps on
 * a condition variable when there are none, so an idle daemon has no
 * wake-ups from it.  Finished jobs go on a done list; the worker writes
 * one byte to a pipe when the list was empty, and the loop takes the
 * whole list when the pipe is readable.  One worker keeps the results in
 * submission order.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "defaults.h"
#include "feedwork.h"
#include "log.h"
#include "loop.h"
#include "xml.h"

struct feedwork {
	struct loop		*loop;
	feedwork_done_fn	 done;
	void			*arg;
	int			 pipe[2];
	int			 started;	/* the thread runs */
	int			 broken;	/* it could not start: no more
						 * tries */
	pthread_t		 thread;
	/* Under mtx: */
	pthread_mutex_t		 mtx;
	pthread_cond_t		 cond;		/* jobs or quit */
	struct feedwork_job	*todo, **todo_tail;
	struct feedwork_job	*finished, **finished_tail;
	size_t			 njobs;		/* submitted, not reported */
	size_t			 nbytes;	/* their bodies */
	int			 signalled;	/* a byte is in the pipe */
	int			 quit;
};

static void *
worker_main(void *arg)
{
	struct feedwork		*fw = arg;
	struct feedwork_job	*j;
	int			 wake;
	ssize_t			 n;

	pthread_mutex_lock(&fw->mtx);
	for (;;) {
		while (fw->todo == NULL && !fw->quit)
			pthread_cond_wait(&fw->cond, &fw->mtx);
		if (fw->quit)
			break;
		j = fw->todo;
		if ((fw->todo = j->next) == NULL)
			fw->todo_tail = &fw->todo;
		pthread_mutex_unlock(&fw->mtx);

		j->run(j);

		pthread_mutex_lock(&fw->mtx);
		j->next = NULL;
		*fw->finished_tail = j;
		fw->finished_tail = &j->next;
		wake = !fw->signalled;
		fw->signalled = 1;
		if (wake) {
			/* Never blocks for long: the loop drains the pipe
			 * before it takes the list, one byte per list. */
			do
				n = write(fw->pipe[1], "", 1);
			while (n == -1 && errno == EINTR);
		}
	}
	pthread_mutex_unlock(&fw->mtx);
	return NULL;
}

/* Loop: the worker finished jobs. */
static void
on_pipe(int fd, int events, void *arg)
{
	struct feedwork		*fw = arg;
	struct feedwork_job	*list, *j;
	char			 drain[16];

	(void)events;
	while (read(fd, drain, sizeof(drain)) > 0)
		;
	pthread_mutex_lock(&fw->mtx);
	list = fw->finished;
	fw->finished = NULL;
	fw->finished_tail = &fw->finished;
	fw->signalled = 0;
	for (j = list; j != NULL; j = j->next) {
		fw->njobs--;
		fw->nbytes -= j->len;
	}
	pthread_mutex_unlock(&fw->mtx);
	/* The callback may submit more jobs: the list is ours now. */
	while ((j = list) != NULL) {
		list = j->next;
		j->next = NULL;
		fw->done(j, fw->arg);
	}
}

struct feedwork *
feedwork_new(struct loop *loop, feedwork_done_fn done, void *arg)
{
	struct feedwork	*fw;

	if ((fw = calloc(1, sizeof(*fw))) == NULL) {
		log_warn("feedwork");
		return NULL;
	}
	fw->loop = loop;
	fw->done = done;
	fw->arg = arg;
	fw->pipe[0] = fw->pipe[1] = -1;
	fw->todo_tail = &fw->todo;
	fw->finished_tail = &fw->finished;
	pthread_mutex_init(&fw->mtx, NULL);
	pthread_cond_init(&fw->cond, NULL);
	return fw;
}

/* Starts the worker and watches its pipe: 0, or -1 (logged once). */
static int
start(struct feedwork *fw)
{
	int	err;

	if (pipe2(fw->pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		log_warn("feedwork: pipe");
		goto fail;
	}
	if (loop_fd_add(fw->loop, fw->pipe[0], LOOP_READ, on_pipe, fw) == -1)
		goto fail;
	/* libxml2 initialises its globals on first use, which is not safe
	 * from two threads at once (the loop parses pages and rules): done
	 * here, before there are two.  If it cannot be loaded, feed_parse()
	 * fails every document with the reason, on either thread. */
	(void)xml_load();
	if ((err = pthread_create(&fw->thread, NULL, worker_main, fw)) != 0) {
		errno = err;
		log_warn("feedwork: cannot start the parser thread; "
		    "parsing in the loop");
		loop_fd_del(fw->loop, fw->pipe[0]);
		goto fail;
	}
	fw->started = 1;
	return 0;
fail:
	if (fw->pipe[0] != -1) {
		close(fw->pipe[0]);
		close(fw->pipe[1]);
	}
	fw->pipe[0] = fw->pipe[1] = -1;
	fw->broken = 1;
	return -1;
}

int
feedwork_submit(struct feedwork *fw, struct feedwork_job *j)
{
	if (fw == NULL || fw->broken || (!fw->started && start(fw) == -1))
		return -1;
	pthread_mutex_lock(&fw->mtx);
	if (fw->njobs >= FEEDWORK_MAX_JOBS || j->len > FEEDWORK_MAX_BYTES ||
	    fw->nbytes + j->len > FEEDWORK_MAX_BYTES) {
		pthread_mutex_unlock(&fw->mtx);
		return -1;
	}
	fw->njobs++;
	fw->nbytes += j->len;
	j->next = NULL;
	*fw->todo_tail = j;
	fw->todo_tail = &j->next;
	pthread_cond_signal(&fw->cond);
	pthread_mutex_unlock(&fw->mtx);
	return 0;
}

void
feedwork_free(struct feedwork *fw)
{
	if (fw == NULL)
		return;
	if (fw->started) {
		pthread_mutex_lock(&fw->mtx);
		fw->quit = 1;
		pthread_cond_signal(&fw->cond);
		pthread_mutex_unlock(&fw->mtx);
		pthread_join(fw->thread, NULL);
		loop_fd_del(fw->loop, fw->pipe[0]);
		close(fw->pipe[0]);
		close(fw->pipe[1]);
	}
	pthread_mutex_destroy(&fw->mtx);
	pthread_cond_destroy(&fw->cond);
	free(fw);
}
