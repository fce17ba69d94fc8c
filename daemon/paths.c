/*
 * paths: the XDG base directory rules for vorleser, in one place so that
 * the daemon, the client and the tests agree.
 *
 *	configuration	$XDG_CONFIG_HOME/vorleser/vorleser.conf
 *	state		$XDG_STATE_HOME/vorleser/
 *	socket		$XDG_RUNTIME_DIR/vorleser/socket
 *
 * Without XDG_RUNTIME_DIR (a plain su session) the socket falls back to
 * the state folder, which is private to the user as well.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "paths.h"

static const char *
home_dir(void)
{
	const char	*h;
	struct passwd	*pw;

	if ((h = getenv("HOME")) != NULL && *h == '/')
		return h;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return pw->pw_dir;
	return NULL;
}

/* $VAR/sub, or $HOME/fallback/sub when VAR is unset or not absolute. */
static int
xdg(char *out, size_t size, const char *var, const char *fallback,
    const char *sub)
{
	const char	*base, *home;
	int		 n;

	if ((base = getenv(var)) != NULL && *base == '/')
		n = snprintf(out, size, "%s/%s", base, sub);
	else {
		if ((home = home_dir()) == NULL) {
			log_warnx("paths: neither %s nor HOME is set", var);
			return -1;
		}
		n = snprintf(out, size, "%s/%s/%s", home, fallback, sub);
	}
	if (n < 0 || (size_t)n >= size) {
		log_warnx("paths: %s path too long", var);
		return -1;
	}
	return 0;
}

static int
copy(char *out, size_t size, const char *s)
{
	if (strlen(s) >= size) {
		log_warnx("paths: %s: too long", s);
		return -1;
	}
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

int
paths_socket(char *out, size_t size, const char *override)
{
	const char	*s;
	char		 state[PATH_MAX];
	int		 n;

	if (override != NULL)
		return copy(out, size, override);
	if ((s = getenv("VORLESER_SOCKET")) != NULL && *s != '\0')
		return copy(out, size, s);
	if ((s = getenv("XDG_RUNTIME_DIR")) != NULL && *s == '/')
		return xdg(out, size, "XDG_RUNTIME_DIR", "", "vorleser/socket");
	if (xdg(state, sizeof(state), "XDG_STATE_HOME", ".local/state",
	    "vorleser") == -1)
		return -1;
	n = snprintf(out, size, "%s/socket", state);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int
is_dir(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * A build in the source tree finds its data there: the executable sits
 * in the top folder (or in build-san/ below it), beside voices/.
 */
/* Sets the data paths below top; in a source tree the non-voice data
 * lives in daemon/, installed it sits beside voices/. */
static int
data_at(struct paths *p, const char *top, int source_tree)
{
	const char	*sub = source_tree ? "/daemon" : "";

	if (snprintf(p->voices_dir, sizeof(p->voices_dir), "%s/voices",
	    top) >= (int)sizeof(p->voices_dir) ||
	    snprintf(p->siterules_file, sizeof(p->siterules_file),
	    "%s%s/siterules.conf", top, sub) >= (int)sizeof(p->siterules_file) ||
	    snprintf(p->feeds_default, sizeof(p->feeds_default),
	    "%s%s/feeds.default", top, sub) >= (int)sizeof(p->feeds_default) ||
	    snprintf(p->demo_dir, sizeof(p->demo_dir), "%s%s/demo", top,
	    sub) >= (int)sizeof(p->demo_dir)) {
		log_warnx("paths: data folder path too long: %s", top);
		return -1;
	}
	return 0;
}

/*
 * A build in the source tree finds its data there: the executable sits
 * in the top folder (or in build-san/ below it), beside voices/.
 */
static int
find_data(struct paths *p)
{
	char		 exe[PATH_MAX], cand[PATH_MAX + 32], *slash;
	const char	*env;
	ssize_t		 n;
	int		 up;

	if ((env = getenv("VORLESER_DATADIR")) != NULL && *env != '\0')
		return data_at(p, env, 0);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		for (up = 0; up < 2; up++) {
			if ((slash = strrchr(exe, '/')) == NULL)
				break;
			*slash = '\0';
			snprintf(cand, sizeof(cand), "%s/voices/de", exe);
			if (is_dir(cand)) {
				snprintf(cand, sizeof(cand), "%s/daemon", exe);
				return data_at(p, exe, is_dir(cand));
			}
		}
	}
	return data_at(p, DATADIR, 0);
}

int
paths_init(struct paths *p, const char *config, const char *state,
    const char *sock)
{
	char	*slash;

	memset(p, 0, sizeof(*p));
	if (config != NULL) {
		if (copy(p->config_file, sizeof(p->config_file), config) == -1)
			return -1;
	} else if (xdg(p->config_file, sizeof(p->config_file),
	    "XDG_CONFIG_HOME", ".config", "vorleser/vorleser.conf") == -1)
		return -1;
	copy(p->config_dir, sizeof(p->config_dir), p->config_file);
	if ((slash = strrchr(p->config_dir, '/')) != NULL)
		*slash = '\0';
	else
		copy(p->config_dir, sizeof(p->config_dir), ".");
	if (state != NULL) {
		if (copy(p->state_dir, sizeof(p->state_dir), state) == -1)
			return -1;
	} else if (xdg(p->state_dir, sizeof(p->state_dir), "XDG_STATE_HOME",
	    ".local/state", "vorleser") == -1)
		return -1;
	if (paths_socket(p->socket_path, sizeof(p->socket_path), sock) == -1)
		return -1;
	return find_data(p);
}

/* Logs a failed call and keeps errno for the caller, which may decide
 * by it (a read-only state folder is waited for, see main.c). */
static void
fail_errno(const char *call, const char *path)
{
	int	e = errno;

	log_warn("%s %s", call, path);
	errno = e;
}

int
paths_mkdir(const char *path, int mode)
{
	char	tmp[PATH_MAX], *s;

	if (copy(tmp, sizeof(tmp), path) == -1)
		return -1;
	for (s = tmp + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(tmp, 0700) == -1 && errno != EEXIST) {
			fail_errno("mkdir", tmp);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(tmp, mode) == -1 && errno != EEXIST) {
		fail_errno("mkdir", tmp);
		return -1;
	}
	return 0;
}
