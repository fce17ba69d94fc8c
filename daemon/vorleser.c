/*
 * vorleser: operations on the daemon's state object that both main.c
 * (signals) and commands.c (the socket) need.  Kept apart from main.c so
 * the unit tests can link the command table without an entry point.
 */
#include <stddef.h>

#include "config.h"
#include "feeds.h"
#include "log.h"
#include "vorleser.h"

int
vorleser_reload(struct vorleser *v, char *err, size_t errsize)
{
	struct config	next;

	/* Parse into a scratch copy: a bad file leaves v->cfg untouched. */
	if (config_load(&next, v->paths.config_file, 1, err, errsize) == -1)
		return -1;
	v->cfg = next;
	log_set_level(v->cfg.log_level);
	feeds_configure(v);
	return 0;
}
