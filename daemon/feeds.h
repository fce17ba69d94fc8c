/* Subscriptions: the feeds file, the store's feeds and their polling. */
#ifndef FEEDS_H
#define FEEDS_H

#include <stddef.h>
#include <stdint.h>

struct vorleser;
struct client;

/*
 * Opens the store (state folder), reads the feeds file beside the
 * configuration into it, and starts polling on v->loop.  Sets v->store and
 * v->feeds.  0, or -1 (logged) at startup.
 */
int	feeds_start(struct vorleser *);
/* Stops polling and closes the store; accepts a daemon that never
 * started them. */
void	feeds_stop(struct vorleser *);

/* Applies feeds.* settings after a configuration reload, and re-reads
 * the feeds file (subscriptions edited by hand). */
void	feeds_configure(struct vorleser *);

/*
 * The one-shot mode (vorleserd --poll-once): feeds_start(), poll every
 * feed once at once, run the loop until the last result is saved, stop.
 * Prints a summary line on stderr.  Returns the exit status: 0, or 1 when
 * the feeds could not be started (feed errors are not failures here).
 */
int	feeds_poll_once(struct vorleser *);

/* The fetcher, shared with article pages so that its per-host limits
 * cover both.  NULL before feeds_start(). */
struct fetch	*feeds_fetcher(struct vorleser *);

/* Feeds in the store, for `status`. */
size_t	feeds_count(struct vorleser *);

/* Command handlers (commands.c's table): feeds, feed add|rm|info,
 * reload, articles, article. */
int	feeds_cmd_feeds(struct vorleser *, struct client *, int, char **);
int	feeds_cmd_feed(struct vorleser *, struct client *, int, char **);
int	feeds_cmd_reload(struct vorleser *, struct client *, int, char **);
int	feeds_cmd_articles(struct vorleser *, struct client *, int, char **);
int	feeds_cmd_article(struct vorleser *, struct client *, int, char **);

#endif
