/*
 * bench/parse: feed_parse and store_save_poll on files, timed.  Built and
 * run by bench/parse.sh:
 *
 *	parse DB FEED...
 *
 * parses every FEED, saves it as one poll of its own feed into DB (a
 * path, or ":memory:"), then does the same again (the second round finds
 * every item known).  Prints per round the entries, the new ones, and
 * the wall and CPU milliseconds of parsing and of storing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed.h"
#include "log.h"
#include "store.h"

static double
ms(clockid_t c)
{
	struct timespec	t;

	clock_gettime(c, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*b;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if ((b = malloc((size_t)n + 1)) != NULL &&
	    fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

int
main(int argc, char **argv)
{
	struct store		*st;
	struct store_poll	 p;
	struct store_poll_stats	 sts;
	struct feed		 fd;
	char			 url[512], *body;
	size_t			 len;
	double			 pw, pc, sw, sc, t0, c0;
	int64_t			 id;
	long			 entries, nnew;
	int			 i, round;

	if (argc < 3) {
		fprintf(stderr, "usage: parse DB FEED...\n");
		return 2;
	}
	log_init("parse", LOG_LEVEL_WARN);
	if ((st = store_open(argv[1])) == NULL)
		return 1;
	for (round = 1; round <= 2; round++) {
		pw = pc = sw = sc = 0;
		entries = nnew = 0;
		for (i = 2; i < argc; i++) {
			if ((body = slurp(argv[i], &len)) == NULL) {
				perror(argv[i]);
				return 1;
			}
			snprintf(url, sizeof(url), "http://bench.example/%s",
			    argv[i]);
			t0 = ms(CLOCK_MONOTONIC);
			c0 = ms(CLOCK_PROCESS_CPUTIME_ID);
			if (feed_parse(body, len, url, NULL, &fd) == -1)
				return 1;
			pw += ms(CLOCK_MONOTONIC) - t0;
			pc += ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
			free(body);
			t0 = ms(CLOCK_MONOTONIC);
			c0 = ms(CLOCK_PROCESS_CPUTIME_ID);
			if (store_add_feed(st, url, NULL, NULL, &id) == -1)
				return 1;
			memset(&p, 0, sizeof(p));
			p.polled_at = time(NULL);
			p.http_status = 200;
			p.feed = &fd;
			if (store_save_poll(st, id, &p, &sts) != 0)
				return 1;
			sw += ms(CLOCK_MONOTONIC) - t0;
			sc += ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
			entries += (long)fd.nentries;
			nnew += sts.nnew;
			feed_free(&fd);
		}
		printf("round %d: %d feeds, %ld entries kept, %ld new; "
		    "parse %.1f ms (cpu %.1f), store %.1f ms (cpu %.1f)\n",
		    round, argc - 2, entries, nnew, pw, pc, sw, sc);
	}
	store_close(st);
	return 0;
}
