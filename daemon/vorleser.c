/*
 * vorleser: operations on the daemon's state object that both main.c
 * (signals) and commands.c (the socket) need.  Kept apart from main.c so
 * the unit tests can link the command table without an entry point.
 */
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "control.h"
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
	if (vorleser_load_filters(v, err, errsize) == -1)
		return -1;
	v->cfg = next;
	log_set_level(v->cfg.log_level);
	control_set_max_clients(v->control, v->cfg.max_clients);
	feeds_configure(v);
	return 0;
}

int
vorleser_load_filters(struct vorleser *v, char *err, size_t errsize)
{
	snprintf(v->filters_path, sizeof(v->filters_path), "%s/filters",
	    v->paths.config_dir);
	return filters_load(&v->filters, v->filters_path, err, errsize);
}
