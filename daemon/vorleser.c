/*
 * vorleser: operations on the daemon's state object that both main.c
 * (signals) and commands.c (the socket) need.  Kept apart from main.c so
 * the unit tests can link the command table without an entry point.
 */
#include <stddef.h>

#include "config.h"
#include "log.h"
#include "sd.h"
#include "vorleser.h"

int
vorleser_reload(struct vorleser *v, char *err, size_t errsize)
{
	struct config	next;
	int		rc = -1;

	/* The service manager shows "reloading" until READY=1 again. */
	sd_reloading(v->sd);
	/* Parse into a scratch copy: a bad file leaves v->cfg untouched. */
	if (config_load(&next, v->paths.config_file, 1, err, errsize) == 0) {
		v->cfg = next;
		log_set_level(v->cfg.log_level);
		rc = 0;
	}
	sd_ready(v->sd);
	return rc;
}
