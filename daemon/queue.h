/* The reading queue: which story is read next, and the bulletin's life. */
#ifndef QUEUE_H
#define QUEUE_H

#include <stddef.h>
#include <stdint.h>

struct vorleser;
struct queue;
struct player;

/* One queued story; entry ids are stable and never reused. */
struct queue_entry {
	long	entry;
	int64_t	story;
};

/*
 * Starts speaking: makes the speaker (audio device, synthesis worker,
 * player) with v->cfg's speech and audio settings and hooks that keep
 * the store's read state and announce speech events.  A missing sound
 * device is not an error (the player retries).  NULL on error (logged).
 */
struct queue	*queue_new(struct vorleser *);
void		 queue_free(struct queue *);	/* accepts NULL */

struct player	*queue_player(struct queue *);
const struct voices *queue_voices(struct queue *);

/*
 * Adds every story that is ready to be read (new, text prepared) and not
 * queued yet, ordered by feed priority, then by speech.order; starts
 * reading when the player is idle and the listener has not stopped it.
 */
void	queue_fill(struct queue *);

/* The entries waiting (the story being read is not among them). */
size_t	queue_list(struct queue *, const struct queue_entry **);

/* Puts a story at the end (or, with front, first) of the queue,
 * whatever its state.  0 and *entry, -1 when it has no speech text or
 * the queue is full (the reason in why). */
int	queue_enqueue(struct queue *, int64_t story, int front, long *entry,
	    const char **why);
/* Removes an entry; the story is marked skipped.  0, -1 if no entry. */
int	queue_dequeue(struct queue *, long entry);
/* Takes a story out of the queue without changing its state (it was
 * marked read elsewhere). */
void	queue_forget(struct queue *, int64_t story);
/* Empties the queue; its stories are marked skipped. */
void	queue_clear(struct queue *);

/* play [id]: starts or resumes; with an id that story first.  0 or -1
 * with the reason in why. */
int	queue_play(struct queue *, int64_t story, const char **why);
/* Announces the player's state (event and service status) after a
 * command changed it. */
void	queue_player_changed(struct queue *);
/* stop: silence; the story being read goes back to new. */
void	queue_stop(struct queue *);
/* The listener's stop holds until play; new stories don't start it. */
int	queue_stopped(const struct queue *);

#endif
