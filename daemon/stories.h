/* The text stages of new stories: page fetch, extraction, speech text. */
#ifndef STORIES_H
#define STORIES_H

#include <stddef.h>
#include <stdint.h>

struct vorleser;
struct stories;

/* Returns the pipeline for v (it uses v->store, the feeds' fetcher,
 * v->lexicon, v->siterules, v->filters and v->cfg); NULL on error. */
struct stories	*stories_new(struct vorleser *);
void		 stories_free(struct stories *);	/* accepts NULL */

/*
 * Looks for new stories whose text is not prepared yet and prepares
 * them: the feed's text, or the page's when the feed has only a teaser
 * (fetched through the feeds' fetcher), cleaned, its language checked,
 * the filters applied, and the speech text made.  Call it after each
 * poll that brought new items and at start.  Each finished story is
 * announced with control_event(TOPIC_ARTICLES, "ready") and then
 * v->on_story_ready(v) is called when set.
 */
void	stories_kick(struct stories *);

/* Stories waiting for their page. */
size_t	stories_inflight(const struct stories *);

/* Prepares one item now from what is stored, without fetching the page
 * (for `enqueue` of a story that was never prepared).  0 or -1. */
int	stories_prepare_now(struct stories *, int64_t id);

#endif
