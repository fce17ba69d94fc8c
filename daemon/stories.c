/*
 * stories: drives each new item through the article-text stages.
 *
 *	store (new, no text) -> feed text -> [page fetch -> extract]
 *	    -> clean -> language -> filters -> normalise -> store stages
 *
 * The decisions are story.c's (pure); this module only moves items
 * along: it asks the store for new items without text, fetches pages
 * through the feeds' fetcher (so page fetches obey the same per-host
 * limits as feed polls), and writes the stages back.  A page that fails
 * or says less than the feed is not an error: the feed's text is used
 * and `article` shows text-source: feed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "control.h"
#include "defaults.h"
#include "feeds.h"
#include "fetch.h"
#include "filter.h"
#include "lang.h"
#include "log.h"
#include "loop.h"
#include "store.h"
#include "stories.h"
#include "story.h"
#include "vorleser.h"

struct pending {
	struct stories	*ss;
	int64_t		 id;
	long		 fetch_id;	/* 0: slot free */
};

struct stories {
	struct vorleser	*v;
	struct pending	 inflight[STORIES_MAX_INFLIGHT];
	size_t		 ninflight;
	int		 kicking;	/* stories_kick is on the stack */
	int		 again;		/* kicked while kicking */
	long		 timer;		/* the next batch, 0: none */
};

struct stories *
stories_new(struct vorleser *v)
{
	struct stories	*ss;

	if ((ss = calloc(1, sizeof(*ss))) == NULL) {
		log_warn("stories");
		return NULL;
	}
	ss->v = v;
	return ss;
}

void
stories_free(struct stories *ss)
{
	struct fetch	*f;
	size_t		 i;

	if (ss == NULL)
		return;
	if (ss->timer > 0)
		loop_timer_cancel(ss->v->loop, ss->timer);
	f = feeds_fetcher(ss->v);
	for (i = 0; i < STORIES_MAX_INFLIGHT; i++)
		if (ss->inflight[i].fetch_id != 0 && f != NULL)
			fetch_cancel(f, ss->inflight[i].fetch_id);
	free(ss);
}

size_t
stories_inflight(const struct stories *ss)
{
	return ss->ninflight;
}

static int
busy(const struct stories *ss, int64_t id)
{
	size_t	i;

	for (i = 0; i < STORIES_MAX_INFLIGHT; i++)
		if (ss->inflight[i].fetch_id != 0 && ss->inflight[i].id == id)
			return 1;
	return 0;
}

/* Is lang among the spoken languages ("de,en")? "und" counts as the
 * first of them: a story we cannot place is read rather than lost. */
static int
spoken_language(const char *langs, const char *lang)
{
	const char	*p = langs;
	size_t		 n = strlen(lang);

	if (strcmp(lang, "und") == 0 || *lang == '\0')
		return 1;
	while (*p != '\0') {
		while (*p == ',' || *p == ' ')
			p++;
		if (strncmp(p, lang, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

/*
 * Stores the chosen text and decides the item's fate: read (stays new,
 * now with text), skipped by a filter, or seen because of its language.
 */
static void
finish(struct stories *ss, const struct store_item *it,
    const struct store_feed *feed, struct story *st, int source,
    const char *raw, const char *page_error)
{
	struct vorleser		*v = ss->v;
	struct filter_subject	 subj;
	char			*clean = NULL, *spoken = NULL, lang[LANG_MAX];
	char			 reason[64];
	int64_t			 now = (int64_t)time(NULL);
	int			 rule;

	if ((clean = story_join(st)) == NULL ||
	    (spoken = story_speakable(v->lexicon, st)) == NULL) {
		log_warnx("stories: item %lld: out of memory", (long long)it->id);
		goto done;
	}
	/*
	 * The page's lang= names this story; a feed's <language> names the
	 * whole channel, and German channels carry English stories too, so
	 * the words themselves outrank it when they are clear.
	 */
	if (st->lang[0] != '\0')
		lang_guess(st->lang, NULL, clean, lang);
	else {
		lang_guess(NULL, NULL, clean, lang);
		if (strcmp(lang, "und") == 0)
			lang_guess(NULL, it->language != NULL ? it->language :
			    feed->language, clean, lang);
	}
	if (store_set_item_text(v->store, it->id, ITEM_TEXT_PAGE_ERROR,
	    page_error) == -1 ||
	    store_set_item_text(v->store, it->id, ITEM_TEXT_RAW, raw) == -1 ||
	    store_set_item_text(v->store, it->id, ITEM_TEXT_CLEAN, clean) ==
	    -1 || store_set_item_text(v->store, it->id, ITEM_TEXT_SPOKEN,
	    spoken) == -1 || store_set_item_source(v->store, it->id, source,
	    st->paywalled) == -1)
		goto done;	/* logged by the store; retried next kick */

	memset(&subj, 0, sizeof(subj));
	subj.title = st->title;
	subj.feed = feed->custom_title ? feed->custom_title : feed->title ?
	    feed->title : feed->url;
	subj.tags = feed->tags;
	subj.text = clean;
	if (!spoken_language(v->cfg.feeds_languages, lang)) {
		snprintf(reason, sizeof(reason), "language %s", lang);
		(void)store_set_item_state(v->store, it->id, ITEM_SEEN, reason,
		    now);
	} else if ((rule = filters_match(&v->filters, &subj)) != 0) {
		snprintf(reason, sizeof(reason), "filter %d", rule);
		(void)store_set_item_state(v->store, it->id, ITEM_SKIPPED,
		    reason, now);
	}
	control_event(v->control, TOPIC_ARTICLES, "ready",
	    "id=%lld source=%s", (long long)it->id,
	    source == ITEM_TEXT_PAGE ? "page" : "feed");
	if (v->on_story_ready != NULL)
		v->on_story_ready(v);
done:
	free(clean);
	free(spoken);
}

/* The page arrived (or failed): use it when it says more than the feed. */
static void
page_done(const struct fetch_result *r, void *arg)
{
	struct pending		*p = arg;
	struct stories		*ss = p->ss;
	struct store_item	 it;
	struct store_feed	 feed;
	struct story		 fs, ps;
	char			*raw = NULL, why[FEED_MAX_REASON + 64];
	int			 use_page = 0, extracted = 0;

	p->fetch_id = 0;
	ss->ninflight--;
	memset(&fs, 0, sizeof(fs));
	memset(&ps, 0, sizeof(ps));
	if (store_get_item(ss->v->store, p->id, &it) != 0)
		goto kick;
	if (store_get_feed(ss->v->store, it.feed_id, &feed) != 0) {
		store_item_free(&it);
		goto kick;
	}
	if (story_from_feed(it.title, it.content, it.summary, &fs) == -1)
		goto done;
	if (r->status == FETCH_OK && r->body != NULL &&
	    (extracted = story_from_page(r->body->data, r->body->len,
	    r->final_url, ss->v->siterules, &ps) == 0) &&
	    story_words(&ps) >= story_words(&fs) && ps.nparas > 0) {
		use_page = 1;
		/* The feed's headline is the one the listener chose by. */
		if (fs.title != NULL && *fs.title != '\0') {
			free(ps.title);
			ps.title = fs.title;
			fs.title = NULL;
		}
	} else if (r->status != FETCH_OK) {
		snprintf(why, sizeof(why), "%s", r->error ? r->error :
		    fetch_status_name(r->status));
		log_debug("stories: item %lld: page %s: %s", (long long)p->id,
		    fetch_status_name(r->status), why);
	} else if (!extracted || ps.nparas == 0)
		snprintf(why, sizeof(why), "no article text in the page");
	else
		snprintf(why, sizeof(why), "the page says less than the "
		    "feed (%zu words, the feed %zu)", story_words(&ps),
		    story_words(&fs));
	if (use_page)
		raw = story_join(&ps);
	finish(ss, &it, &feed, use_page ? &ps : &fs,
	    use_page ? ITEM_TEXT_PAGE : ITEM_TEXT_FEED,
	    use_page ? raw : it.content ? it.content : it.summary,
	    use_page ? NULL : why);
done:
	free(raw);
	story_free(&fs);
	story_free(&ps);
	store_item_free(&it);
	store_feed_free(&feed);
kick:
	stories_kick(ss);
}

static int
is_http(const char *url)
{
	return url != NULL && (strncmp(url, "http://", 7) == 0 ||
	    strncmp(url, "https://", 8) == 0);
}

/* Starts one item: returns 1 when it waits for its page, 0 when done
 * (or failed and left for the next kick), -1 when no fetch slot. */
static int
start_item(struct stories *ss, int64_t id, int may_fetch)
{
	struct vorleser		*v = ss->v;
	struct store_item	 it;
	struct store_feed	 feed;
	struct story		 fs;
	struct fetch_request	 req;
	struct fetch		*f = feeds_fetcher(v);
	const char		*mode, *page_error = NULL;
	size_t			 i;
	int			 rc = 0, wants;

	if (store_get_item(v->store, id, &it) != 0)
		return 0;
	if (store_get_feed(v->store, it.feed_id, &feed) != 0) {
		store_item_free(&it);
		return 0;
	}
	if (story_from_feed(it.title, it.content, it.summary, &fs) == -1)
		goto done;
	mode = feed.fulltext == STORE_FULLTEXT_ALWAYS ? "always" :
	    feed.fulltext == STORE_FULLTEXT_NEVER ? "never" :
	    v->cfg.feeds_fulltext;
	wants = story_wants_page(&fs, mode);
	if (may_fetch && f != NULL && is_http(it.link) && wants) {
		if (ss->ninflight >= STORIES_MAX_INFLIGHT) {
			rc = -1;
			goto done;
		}
		for (i = 0; i < STORIES_MAX_INFLIGHT; i++)
			if (ss->inflight[i].fetch_id == 0)
				break;
		memset(&req, 0, sizeof(req));
		req.url = it.link;
		req.max_body = EXTRACT_MAX_HTML;	/* more is refused */
		ss->inflight[i].ss = ss;
		ss->inflight[i].id = id;
		if ((ss->inflight[i].fetch_id = fetch_start(f, &req, page_done,
		    &ss->inflight[i])) > 0) {
			ss->ninflight++;
			rc = 1;
			goto done;
		}
		ss->inflight[i].fetch_id = 0;	/* queue full: feed text */
		page_error = "not fetched: the fetch queue is full";
	} else if (may_fetch && wants && it.link != NULL &&
	    *it.link != '\0' && !is_http(it.link))
		page_error = "not an http or https link";
	finish(ss, &it, &feed, &fs, ITEM_TEXT_FEED,
	    it.content ? it.content : it.summary, page_error);
done:
	story_free(&fs);
	store_item_free(&it);
	store_feed_free(&feed);
	return rc;
}

int
stories_prepare_now(struct stories *ss, int64_t id)
{
	return start_item(ss, id, 0) == 0 ? 0 : -1;
}

static void
next_batch(void *arg)
{
	struct stories	*ss = arg;

	ss->timer = 0;
	stories_kick(ss);
}

void
stories_kick(struct stories *ss)
{
	struct store_query	 q;
	struct store_item	*items = NULL;
	size_t			 n = 0, i;
	int			 progress;

	if (ss == NULL || ss->v->store == NULL)
		return;
	/* finish() calls back into the queue, which may kick again. */
	if (ss->kicking) {
		ss->again = 1;
		return;
	}
	ss->kicking = 1;
	do {
		ss->again = 0;
		progress = 0;
		memset(&q, 0, sizeof(q));
		q.state = ITEM_NEW;
		q.limit = STORIES_BATCH;
		q.oldest_first = 1;
		q.text = STORE_TEXT_MISSING;
		if (store_list_items(ss->v->store, &q, &items, &n) == -1)
			break;
		for (i = 0; i < n; i++) {
			if (items[i].text_source != ITEM_TEXT_NONE ||
			    busy(ss, items[i].id))
				continue;
			if (start_item(ss, items[i].id, 1) == -1)
				break;		/* all fetch slots busy */
			progress = 1;
		}
		store_item_list_free(items, n);
		items = NULL;
	} while (ss->again && ss->ninflight < STORIES_MAX_INFLIGHT);
	ss->kicking = 0;
	/*
	 * A full batch of feed-text stories: look for more from the loop,
	 * after the sockets had their turn.  Doing them all here held the
	 * daemon for seconds when a feed brought 1,000 new items.
	 */
	if (progress && n == STORIES_BATCH && ss->timer == 0 &&
	    ss->ninflight < STORIES_MAX_INFLIGHT &&
	    (ss->timer = loop_timer_add(ss->v->loop, 0, next_batch, ss)) ==
	    -1)
		ss->timer = 0;	/* logged; the next poll kicks again */
}
