/* The event loop: file descriptors, monotonic timers and signals. */
#ifndef LOOP_H
#define LOOP_H

#include <stdint.h>

struct loop;

/* Interest and readiness bits for loop_fd_*. */
#define LOOP_READ	0x1
#define LOOP_WRITE	0x2
#define LOOP_ERROR	0x4	/* only reported, never requested */

typedef void	(*loop_fd_fn)(int fd, int events, void *arg);
typedef void	(*loop_timer_fn)(void *arg);
typedef void	(*loop_signal_fn)(int signo, void *arg);

/* Returns a new loop, or NULL on error (logged). */
struct loop	*loop_new(void);
void		 loop_free(struct loop *);	/* accepts NULL */

/*
 * Watches fd for the events in mask (LOOP_READ|LOOP_WRITE; 0 keeps it
 * registered but quiet).  The callback gets the ready events.  A callback
 * may add or delete any fd, including its own; a deleted fd gets no more
 * callbacks.  0 on success, -1 on error (logged).
 */
int	loop_fd_add(struct loop *, int fd, int mask, loop_fd_fn, void *arg);
int	loop_fd_set(struct loop *, int fd, int mask);
void	loop_fd_del(struct loop *, int fd);

/*
 * One-shot timer after ms milliseconds on CLOCK_MONOTONIC.  Returns an id
 * > 0, or -1 when the timer table is full (logged).  Cancelling an id that
 * already fired or was cancelled does nothing.
 */
long	loop_timer_add(struct loop *, uint64_t ms, loop_timer_fn, void *arg);
void	loop_timer_cancel(struct loop *, long id);

/* Delivers the listed signals through a signalfd; blocks them in the
 * calling thread, so call it before any thread is started. */
int	loop_signals(struct loop *, const int *signals, int n,
	    loop_signal_fn, void *arg);

/* Runs until loop_break(); returns 0, or -1 on a fatal poll error. */
int	loop_run(struct loop *);
void	loop_break(struct loop *);

/* Milliseconds on CLOCK_MONOTONIC. */
uint64_t	loop_now_ms(void);

#endif
