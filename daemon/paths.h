/* Where the daemon keeps its configuration, state, socket and data. */
#ifndef PATHS_H
#define PATHS_H

#include <limits.h>

struct paths {
	char	config_file[PATH_MAX];	/* vorleser.conf (may not exist) */
	char	config_dir[PATH_MAX];	/* folder of config_file: feeds, user
					 * lexicon and site rules live here */
	char	state_dir[PATH_MAX];	/* database, lock */
	char	socket_path[PATH_MAX];	/* control socket */
	char	voices_dir[PATH_MAX];	/* shipped voices and word lists */
	char	siterules_file[PATH_MAX];	/* shipped site rules */
	char	feeds_default[PATH_MAX];	/* feeds used when the user
						 * has no feeds file */
	char	demo_dir[PATH_MAX];		/* the offline demo's feed */
};

/*
 * Fills in the defaults from the XDG variables (or $HOME), then applies
 * the overrides that are not NULL.  The socket also honours
 * VORLESER_SOCKET.  Data files are looked up beside the executable first
 * (a build in the source tree), then in DATADIR; VORLESER_DATADIR
 * overrides both.  Returns 0, or -1 when a path is too long or no home
 * can be found (logged).
 */
int	paths_init(struct paths *, const char *config, const char *state,
	    const char *sock);

/* The socket path a client uses: --socket, VORLESER_SOCKET, XDG default. */
int	paths_socket(char *out, size_t size, const char *override);

/* mkdir -p with the given mode for the last component and 0700 above.
 * 0 on success or when it exists, -1 on error (logged). */
int	paths_mkdir(const char *path, int mode);

#endif
