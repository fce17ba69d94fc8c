/*
 * loop: the daemon's one event loop.  epoll for file descriptors, a small
 * table of one-shot timers on CLOCK_MONOTONIC, and signals read from a
 * signalfd, so that no code runs in signal context at all.
 *
 * Each pass computes the timeout from the nearest timer, waits, runs the
 * callbacks of the ready descriptors, then the expired timers.  The loop
 * knows nothing about what the descriptors are; modules register
 * themselves (control_*, fetch_*, the speech worker's pipe).
 *
 * Watchers are kept in an array indexed by fd.  A callback may delete any
 * watcher: the entry is cleared at once, and events already returned by
 * epoll_wait for that fd are ignored because the lookup finds nothing.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "defaults.h"
#include "log.h"
#include "loop.h"

#define MAX_EVENTS	64	/* epoll events handled per pass */

struct watcher {
	loop_fd_fn	 fn;
	void		*arg;
	int		 active;
};

struct timer {
	long		 id;		/* 0: slot free */
	uint64_t	 due;		/* loop_now_ms() deadline */
	loop_timer_fn	 fn;
	void		*arg;
};

struct loop {
	int		 epfd;
	struct watcher	*w;		/* indexed by fd */
	int		 nw;
	struct timer	 timers[MAX_TIMERS];
	long		 next_id;
	int		 sigfd;
	loop_signal_fn	 sigfn;
	void		*sigarg;
	int		 stop;
};

uint64_t
loop_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct loop *
loop_new(void)
{
	struct loop	*l;

	if ((l = calloc(1, sizeof(*l))) == NULL) {
		log_warn("loop");
		return NULL;
	}
	l->sigfd = -1;
	l->next_id = 1;
	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		log_warn("epoll_create1");
		free(l);
		return NULL;
	}
	return l;
}

void
loop_free(struct loop *l)
{
	if (l == NULL)
		return;
	if (l->sigfd != -1)
		close(l->sigfd);
	close(l->epfd);
	free(l->w);
	free(l);
}

static uint32_t
to_epoll(int mask)
{
	uint32_t	ev = 0;

	if (mask & LOOP_READ)
		ev |= EPOLLIN;
	if (mask & LOOP_WRITE)
		ev |= EPOLLOUT;
	return ev;
}

int
loop_fd_add(struct loop *l, int fd, int mask, loop_fd_fn fn, void *arg)
{
	struct epoll_event	 ev;
	struct watcher		*nw;
	int			 n;

	if (fd < 0)
		return -1;
	if (fd >= l->nw) {
		n = l->nw ? l->nw : 64;
		while (n <= fd)
			n *= 2;
		if ((nw = realloc(l->w, n * sizeof(*nw))) == NULL) {
			log_warn("loop");
			return -1;
		}
		memset(nw + l->nw, 0, (n - l->nw) * sizeof(*nw));
		l->w = nw;
		l->nw = n;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = to_epoll(mask);
	ev.data.fd = fd;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) == -1) {
		log_warn("epoll_ctl add %d", fd);
		return -1;
	}
	l->w[fd].fn = fn;
	l->w[fd].arg = arg;
	l->w[fd].active = 1;
	return 0;
}

int
loop_fd_set(struct loop *l, int fd, int mask)
{
	struct epoll_event	ev;

	if (fd < 0 || fd >= l->nw || !l->w[fd].active)
		return -1;
	memset(&ev, 0, sizeof(ev));
	ev.events = to_epoll(mask);
	ev.data.fd = fd;
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) == -1) {
		log_warn("epoll_ctl mod %d", fd);
		return -1;
	}
	return 0;
}

void
loop_fd_del(struct loop *l, int fd)
{
	if (fd < 0 || fd >= l->nw || !l->w[fd].active)
		return;
	/* Fails harmlessly when the fd was already closed. */
	(void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	memset(&l->w[fd], 0, sizeof(l->w[fd]));
}

long
loop_timer_add(struct loop *l, uint64_t ms, loop_timer_fn fn, void *arg)
{
	int	i;

	for (i = 0; i < MAX_TIMERS; i++) {
		if (l->timers[i].id != 0)
			continue;
		l->timers[i].id = l->next_id++;
		l->timers[i].due = loop_now_ms() + ms;
		l->timers[i].fn = fn;
		l->timers[i].arg = arg;
		return l->timers[i].id;
	}
	log_warnx("loop: timer table full (%d)", MAX_TIMERS);
	return -1;
}

void
loop_timer_cancel(struct loop *l, long id)
{
	int	i;

	if (id <= 0)
		return;
	for (i = 0; i < MAX_TIMERS; i++)
		if (l->timers[i].id == id) {
			l->timers[i].id = 0;
			return;
		}
}

static void
signal_ready(int fd, int events, void *arg)
{
	struct loop		*l = arg;
	struct signalfd_siginfo	 si;
	ssize_t			 n;

	for (;;) {
		n = read(fd, &si, sizeof(si));
		if (n == -1 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(si))
			return;		/* EAGAIN: drained */
		l->sigfn((int)si.ssi_signo, l->sigarg);
	}
}

int
loop_signals(struct loop *l, const int *signals, int n, loop_signal_fn fn,
    void *arg)
{
	sigset_t	set;
	int		i;

	sigemptyset(&set);
	for (i = 0; i < n; i++)
		sigaddset(&set, signals[i]);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) {
		log_warnx("pthread_sigmask failed");
		return -1;
	}
	if ((l->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1) {
		log_warn("signalfd");
		return -1;
	}
	l->sigfn = fn;
	l->sigarg = arg;
	return loop_fd_add(l, l->sigfd, LOOP_READ, signal_ready, l);
}

/* Milliseconds until the nearest timer, or -1 when there is none. */
static int
next_timeout(struct loop *l)
{
	uint64_t	now, best = UINT64_MAX;
	int		i;

	for (i = 0; i < MAX_TIMERS; i++)
		if (l->timers[i].id != 0 && l->timers[i].due < best)
			best = l->timers[i].due;
	if (best == UINT64_MAX)
		return -1;
	now = loop_now_ms();
	if (best <= now)
		return 0;
	if (best - now > 24 * 3600 * 1000ULL)
		return 24 * 3600 * 1000;
	return (int)(best - now);
}

static void
run_timers(struct loop *l)
{
	uint64_t	 now = loop_now_ms();
	loop_timer_fn	 fn;
	void		*arg;
	long		 last = l->next_id;
	int		 i;

	/* Timers added by a callback wait for the next pass (id >= last). */
	for (i = 0; i < MAX_TIMERS; i++) {
		if (l->timers[i].id == 0 || l->timers[i].id >= last ||
		    l->timers[i].due > now)
			continue;
		fn = l->timers[i].fn;
		arg = l->timers[i].arg;
		l->timers[i].id = 0;
		fn(arg);
		if (l->stop)
			return;
	}
}

int
loop_run(struct loop *l)
{
	struct epoll_event	 ev[MAX_EVENTS];
	struct watcher		*w;
	int			 i, n, fd, got;

	l->stop = 0;
	while (!l->stop) {
		n = epoll_wait(l->epfd, ev, MAX_EVENTS, next_timeout(l));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			log_warn("epoll_wait");
			return -1;
		}
		for (i = 0; i < n && !l->stop; i++) {
			fd = ev[i].data.fd;
			if (fd >= l->nw || !l->w[fd].active)
				continue;
			w = &l->w[fd];
			got = 0;
			if (ev[i].events & (EPOLLIN | EPOLLHUP))
				got |= LOOP_READ;
			if (ev[i].events & EPOLLOUT)
				got |= LOOP_WRITE;
			if (ev[i].events & (EPOLLERR | EPOLLHUP))
				got |= LOOP_ERROR;
			w->fn(fd, got, w->arg);
		}
		if (!l->stop)
			run_timers(l);
	}
	return 0;
}

void
loop_break(struct loop *l)
{
	l->stop = 1;
}
