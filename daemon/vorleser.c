/*
 * vorleser: operations on the daemon's state object that both main.c
 * (signals) and commands.c (the socket) need.  Kept apart from main.c so
 * the unit tests can link the command table without an entry point.
 */
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "lexicon.h"
#include "siterules.h"
#include "control.h"
#include "feeds.h"
#include "log.h"
#include "sd.h"
#include "vorleser.h"

/* Parses into scratch copies: a bad file leaves v->cfg untouched. */
static int
reload(struct vorleser *v, char *err, size_t errsize)
{
	struct config	next;

	if (config_load(&next, v->paths.config_file, 1, err, errsize) == -1)
		return -1;
	if (vorleser_load_filters(v, err, errsize) == -1)
		return -1;
	if (vorleser_load_data(v) == -1) {
		snprintf(err, errsize, "word lists or site rules are broken "
		    "(see the log)");
		return -1;
	}
	v->cfg = next;
	log_set_level(v->cfg.log_level);
	control_set_max_clients(v->control, v->cfg.max_clients);
	feeds_configure(v);
	return 0;
}

int
vorleser_reload(struct vorleser *v, char *err, size_t errsize)
{
	int	rc;

	/* The service manager shows "reloading" until READY=1 again, which
	 * follows a failed reload too: the old settings serve on. */
	sd_reloading(v->sd);
	rc = reload(v, err, errsize);
	sd_ready(v->sd);
	return rc;
}

int
vorleser_load_filters(struct vorleser *v, char *err, size_t errsize)
{
	snprintf(v->filters_path, sizeof(v->filters_path), "%s/filters",
	    v->paths.config_dir);
	return filters_load(&v->filters, v->filters_path, err, errsize);
}

int
vorleser_load_data(struct vorleser *v)
{
	struct lexicon		*lex;
	struct siterules	*rules;
	char			 user[PATH_MAX + 32];

	/* Both loaders log the file and line of what is wrong. */
	if ((lex = lexicon_load(v->paths.voices_dir, v->paths.config_dir)) ==
	    NULL)
		return -1;
	snprintf(user, sizeof(user), "%s/siterules.conf", v->paths.config_dir);
	if ((rules = siterules_load(v->paths.siterules_file, user)) == NULL) {
		lexicon_free(lex);
		return -1;
	}
	lexicon_free(v->lexicon);
	siterules_free(v->siterules);
	v->lexicon = lex;
	v->siterules = rules;
	return 0;
}
