/* The control socket: clients, line buffers and reply queues. */
#ifndef CONTROL_H
#define CONTROL_H

#include <stddef.h>

struct loop;
struct vorleser;
struct control;
struct client;

/* Returns a new control server bound to nothing yet; NULL on error. */
struct control	*control_new(struct vorleser *, struct loop *);

/*
 * Creates the listening socket at path (folder 0700, socket 0600).  A
 * stale socket file from a crashed daemon is replaced; a live one is an
 * error.  0, or -1 (logged).
 */
int	control_listen(struct control *, const char *path);

/* Takes over an already listening socket (socket activation); the file
 * is then not removed at exit, it belongs to the service manager. */
int	control_adopt(struct control *, int fd);

/* Closes all clients and the listener; removes the socket file it made. */
void	control_free(struct control *);

int	control_nclients(const struct control *);
/* At most n clients at once (daemon.max-clients); the default is
 * MAX_CLIENTS.  Lowering it does not drop anyone already connected. */
void	control_set_max_clients(struct control *, int n);

/*
 * Reply helpers for command handlers.  control_kv appends "key: value\n"
 * with line breaks and other control characters in the value replaced by
 * spaces, so no data can break the line protocol.  control_line appends a
 * raw line (a newline is added).  When the client's output buffer is full
 * the client is marked to be dropped; the helpers then do nothing.
 */
void	control_kv(struct client *, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	control_line(struct client *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Records the error reply of the running command: "ERR <code> <command>:
 * <message>".  Always returns -1, so handlers can `return control_err()`. */
int	control_err(struct client *, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Closes the connection once the pending reply is written. */
void	control_close_after_reply(struct client *);

/*
 * Events.  Every change in the daemon is announced on a topic; clients
 * wait for them with `idle` (MPD style: "changed: <topic>" lines, then
 * OK; changes since the client's last idle are kept) or receive them as
 * they happen with `watch` ("EVENT <topic> <name> key=value ...").
 */
enum topic {
	TOPIC_PLAYER,		/* playing, paused, stopped, idle */
	TOPIC_SPEECH,		/* story-begin, headline-end, paragraph, ... */
	TOPIC_QUEUE,		/* the reading queue changed */
	TOPIC_FEEDS,		/* poll-start, poll-done, subscriptions */
	TOPIC_ARTICLES,		/* new stories */
	TOPIC_OPTIONS,		/* a setting changed */
	TOPIC_ERROR,		/* something failed that a user should see */
	TOPIC_WORD,		/* each word as it is heard: its own topic,
				 * so that `speech' stays a few events a
				 * minute */
	NTOPICS
};
#define TOPIC_ALL	((1u << NTOPICS) - 1)

const char	*control_topic_name(int topic);
/* Parses topic names into a mask; -1 with an unknown name. */
int	control_topic_mask(int argc, char **argv, unsigned *mask);

/*
 * Announces an event: "EVENT <topic> <name> <args>" to watchers of the
 * topic, "changed: <topic>" to clients idle on it.  args is a printf
 * format for "key=value" pairs (may be NULL).  Safe to call from a
 * command handler: replies to other clients are flushed from a timer.
 */
void	control_event(struct control *, int topic, const char *name,
	    const char *args, ...) __attribute__((format(printf, 4, 5)));

/* For the handlers of idle, noidle, watch, unwatch and begin. */
void	control_idle(struct client *, unsigned mask);
int	control_noidle(struct client *);	/* 0, or -1 if not idle */
void	control_watch(struct client *, unsigned mask);
int	control_unwatch(struct client *);	/* 0, or -1 if not watching */
void	control_batch_begin(struct client *);

/*
 * For tests and fuzzing: attaches a connected socket as a client (uid
 * checks apply as for accepted ones; NULL when refused), feeds it input
 * as if read from the socket, and inspects or drops its queued output.
 */
struct client	*control_attach(struct control *, int fd);
void	control_detach(struct client *);	/* closes the fd */
/* Returns how many bytes were taken: fewer than n while the client has
 * CLIENT_OUTPUT_HIGH bytes of replies unread. */
size_t	control_input(struct client *, const char *, size_t);
size_t	control_pending_output(const struct client *);
void	control_discard_output(struct client *);

/* Internal to control.c and commands.c: reply buffer bookkeeping. */
size_t	control_reply_mark(struct client *);
void	control_reply_rewind(struct client *, size_t mark);
const char *control_err_text(struct client *, int *code);
void	control_err_clear(struct client *);

#endif
