/* The offline demo: a sample feed served by the daemon to itself. */
#ifndef DEMO_H
#define DEMO_H

struct vorleser;
struct demo;

/*
 * Serves the demo folder (v->paths.demo_dir) over HTTP on 127.0.0.1 from
 * the daemon's own loop, writes a feeds file that subscribes to it, and
 * makes every sample story count as new.  Call after the loop exists and
 * before feeds_start().  When every story has been read (or after
 * DEMO_MAX_MS) the loop is stopped.  NULL on error (logged).
 */
struct demo	*demo_start(struct vorleser *);
void		 demo_free(struct demo *);	/* accepts NULL */
/* The demo stopped because no sound output could be opened. */
int		 demo_failed(const struct demo *);

#endif
