/* Unit tests for loop.c: timers in order, fd readiness, removal from a
 * callback, signals through the signalfd. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "loop.h"

static struct loop	*l;
static char		 order[16];
static int		 norder, reads, sigs;
static long		 cancelled_id;

static void
tick(void *arg)
{
	order[norder++] = *(const char *)arg;
	if (norder == 3)
		loop_break(l);
}

static void
never(void *arg)
{
	order[norder++] = 'X';
}

static void
readable(int fd, int events, void *arg)
{
	char	c;

	CHECK(events & LOOP_READ, "read event");
	CHECK_INT_EQ(read(fd, &c, 1), 1);
	reads++;
	loop_fd_del(l, fd);	/* deleting itself from its callback */
	loop_break(l);
}

static void
on_signal(int signo, void *arg)
{
	CHECK_INT_EQ(signo, SIGUSR1);
	sigs++;
	loop_break(l);
}

int
main(void)
{
	static const char	a = 'a', b = 'b', c = 'c';
	static const int	 s[] = { SIGUSR1 };
	int			 p[2];
	uint64_t		 t0;

	CHECK((l = loop_new()) != NULL, "loop_new");
	t0 = loop_now_ms();
	loop_timer_add(l, 30, tick, (void *)&c);
	loop_timer_add(l, 10, tick, (void *)&a);
	cancelled_id = loop_timer_add(l, 15, never, NULL);
	loop_timer_add(l, 20, tick, (void *)&b);
	loop_timer_cancel(l, cancelled_id);
	CHECK_INT_EQ(loop_run(l), 0);
	order[norder] = '\0';
	CHECK_STR_EQ(order, "abc");
	CHECK(loop_now_ms() - t0 >= 30, "timers waited");

	CHECK_INT_EQ(pipe(p), 0);
	CHECK_INT_EQ(loop_fd_add(l, p[0], LOOP_READ, readable, NULL), 0);
	CHECK_INT_EQ(write(p[1], "x", 1), 1);
	loop_run(l);
	CHECK_INT_EQ(reads, 1);
	CHECK_INT_EQ(loop_fd_set(l, p[0], LOOP_READ), -1);	/* deleted */

	CHECK_INT_EQ(loop_signals(l, s, 1, on_signal, NULL), 0);
	kill(getpid(), SIGUSR1);
	loop_run(l);
	CHECK_INT_EQ(sigs, 1);
	close(p[0]);
	close(p[1]);
	loop_free(l);
	return CHECK_SUMMARY();
}
