/* struct vorleser: the daemon's one state object, made in main(). */
#ifndef VORLESER_H
#define VORLESER_H

#include <stdint.h>

#include "config.h"
#include "filter.h"
#include "paths.h"

struct loop;
struct control;
struct feeds;
struct sd;
struct store;
struct stories;
struct queue;
struct lexicon;
struct siterules;

struct vorleser {
	struct loop	*loop;
	struct control	*control;
	struct sd	*sd;		/* service manager; no-op without */
	struct config	 cfg;		/* in force; replaced whole on reload */
	struct paths	 paths;
	struct filters	 filters;	/* stories not to read */
	char		 filters_path[PATH_MAX + 16];
	uint64_t	 start_ms;	/* loop_now_ms() at start */
	int		 lockfd;	/* flock on the state folder, -1 */
	char		 state_error[128];	/* why the state folder
					 * cannot be written; "" when it can */
	int		 stopping;	/* SIGTERM/SIGINT seen */
	/* Feeds (feeds.c): subscriptions, polling, and the store. */
	struct store	*store;
	struct feeds	*feeds;
	/* Story text (stories.c) and what it needs. */
	struct stories	*stories;
	struct lexicon	*lexicon;	/* speech-text word lists */
	struct siterules *siterules;	/* article extraction rules */
	void		(*on_story_ready)(struct vorleser *);
	/* Speaking (queue.c owns the speaker and the player). */
	struct queue	*queue;
};

/* (Re)loads the speech-text word lists and the site rules; on error the
 * ones in force stay (the loaders logged why) and -1 is returned. */
int	vorleser_load_data(struct vorleser *);

/* Reads the filters file; -1 with the reason in err. */
int	vorleser_load_filters(struct vorleser *, char *err, size_t errsize);

/* Re-reads the configuration file; on error keeps the old one and returns
 * -1 with the reason in err.  Used by SIGHUP and `reload-config`. */
int	vorleser_reload(struct vorleser *, char *err, size_t errsize);

#endif
