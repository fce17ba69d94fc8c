/*
 * libFuzzer target for the control protocol: the bytes go to a client
 * as if read from its socket, so the line splitter, the tokenizer, the
 * dispatcher, batches, idle/watch and every handler run on them.  The
 * daemon state has no network and no sound; its files live in a scratch
 * folder.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "control.h"
#include "filter.h"
#include "log.h"
#include "loop.h"
#include "paths.h"
#include "vorleser.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct vorleser	v;

static void
setup(void)
{
	char	dir[] = "/tmp/vorleser-fuzz.XXXXXX";

	log_init("fuzz", LOG_LEVEL_ERR);
	if (mkdtemp(dir) == NULL)
		abort();
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("XDG_RUNTIME_DIR", dir, 1);
	if (paths_init(&v.paths, NULL, NULL, NULL) == -1)
		abort();
	config_defaults(&v.cfg);
	filters_init(&v.filters);
	snprintf(v.filters_path, sizeof(v.filters_path), "%s/filters", dir);
	if ((v.loop = loop_new()) == NULL ||
	    (v.control = control_new(&v, v.loop)) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client	*cl;
	size_t		 used;
	int		 sv[2];

	if (v.loop == NULL)
		setup();
	log_set_level(LOG_LEVEL_ERR);	/* an input may have said log-level */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == -1)
		abort();
	if ((cl = control_attach(v.control, sv[0])) == NULL)
		abort();
	control_discard_output(cl);
	while (size > 0) {
		used = control_input(cl, (const char *)data, size);
		control_discard_output(cl);	/* the client reads */
		if (used == 0)
			break;			/* closed or dead */
		data += used;
		size -= used;
	}
	control_detach(cl);
	close(sv[1]);
	/* Filter rules added by the input must not pile up forever. */
	if (v.filters.n > 64)
		filters_free(&v.filters);
	return 0;
}
