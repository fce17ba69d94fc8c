/*
 * config: parse vorleser.conf, a small INI file.
 *
 *	# comment
 *	[feeds]
 *	interval = 15m
 *
 * Every key is one row of a table (name, type, bounds, where it lives in
 * struct config), so parsing, `get`/`set` on the socket and the manual
 * page all read the same list.  An unknown key or a bad value is an error
 * that names file and line: a typo never silently becomes a default.
 * This module reads text into a struct and does nothing else.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "defaults.h"
#include "log.h"

enum ktype { K_INT, K_DURATION, K_BOOL, K_STRING, K_ENUM, K_LOGLEVEL };

struct key {
	const char	*name;		/* "section.name" */
	enum ktype	 type;
	size_t		 off;		/* offsetof(struct config, field) */
	long		 min, max;	/* K_INT, K_DURATION (seconds) */
	const char	*choices;	/* K_ENUM: "a|b|c" */
	const char	*help;
};

#define OFF(f)	offsetof(struct config, f)

/* Sorted by name only for readability; lookups are linear (tiny table). */
static const struct key keys[] = {
	{ "audio.device", K_STRING, OFF(audio_device), 0, 0, NULL,
	    "PortAudio output device name, or \"default\"" },
	{ "daemon.log-level", K_LOGLEVEL, OFF(log_level), 0, 0, NULL,
	    "error, warning, info or debug" },
	{ "daemon.max-clients", K_INT, OFF(max_clients), 1, MAX_CLIENTS_LIMIT,
	    NULL, "control clients connected at once" },
	{ "feeds.backlog", K_DURATION, OFF(feeds_backlog), 0, 30 * 86400,
	    NULL, "at first subscription, items younger than this are new" },
	{ "feeds.backlog-max", K_INT, OFF(feeds_backlog_max), 0, 1000, NULL,
	    "at most this many new items per feed at first subscription" },
	{ "feeds.connect-timeout", K_DURATION, OFF(feeds_connect_timeout), 1,
	    FETCH_TIMEOUT_MAX_S, NULL, "give up connecting after this long" },
	{ "feeds.fulltext", K_ENUM, OFF(feeds_fulltext), 0, 0,
	    "auto|always|never", "when to fetch the article page" },
	{ "feeds.interval", K_DURATION, OFF(feeds_interval),
	    FEED_INTERVAL_MIN, 7 * 86400,
	    NULL, "time between two polls of a feed" },
	{ "feeds.languages", K_STRING, OFF(feeds_languages), 0, 0, NULL,
	    "comma-separated languages that are spoken" },
	{ "feeds.low-speed-limit", K_INT, OFF(feeds_low_speed_bytes), 1,
	    1024 * 1024, NULL, "bytes per second below which a transfer is "
	    "slow" },
	{ "feeds.low-speed-time", K_DURATION, OFF(feeds_low_speed_time), 1,
	    FETCH_TIMEOUT_MAX_S, NULL, "cut a transfer slow for this long" },
	{ "feeds.max-per-host", K_INT, OFF(feeds_max_per_host), 1, 16, NULL,
	    "parallel transfers to one host" },
	{ "feeds.max-transfers", K_INT, OFF(feeds_max_transfers), 1, 256,
	    NULL, "parallel transfers in all" },
	{ "feeds.timeout", K_DURATION, OFF(feeds_timeout), 1,
	    FETCH_TIMEOUT_MAX_S, NULL, "longest time one transfer may take" },
	{ "store.keep", K_DURATION, OFF(store_keep), 0, 3650L * 86400, NULL,
	    "forget a spoken or skipped story its feed dropped this long "
	    "ago; 0 keeps all" },
	{ "store.keep-pages", K_DURATION, OFF(store_keep_pages), 0,
	    3650L * 86400, NULL, "drop a done story's page HTML after this "
	    "long; 0 keeps it" },
	{ "speech.autoplay", K_BOOL, OFF(speech_autoplay), 0, 0, NULL,
	    "read new stories as they come, without a play" },
	{ "speech.earcons", K_BOOL, OFF(speech_earcons), 0, 0, NULL,
	    "play a short tone before each story" },
	{ "speech.mode", K_ENUM, OFF(speech_mode), 0, 0,
	    "headlines|summary|full", "how much of each story is read" },
	{ "speech.order", K_ENUM, OFF(speech_order), 0, 0, "oldest|newest",
	    "which new story is read first" },
	{ "speech.pitch", K_INT, OFF(speech_pitch), -1, 100, NULL,
	    "voice pitch 0..100, -1 for the voice profile's" },
	{ "speech.rate", K_INT, OFF(speech_rate), 0, 450, NULL,
	    "words per minute (80..450), 0 for the voice profile's" },
	{ "speech.voice", K_STRING, OFF(speech_voice), 0, 0, NULL,
	    "voice profile or eSpeak NG voice name" },
	{ "speech.volume", K_INT, OFF(speech_volume), 0, 200, NULL,
	    "volume in percent (0..200)" },
};

#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->log_level = LOG_LEVEL_INFO;
	c->max_clients = MAX_CLIENTS;
	c->feeds_interval = DEFAULT_FEED_INTERVAL;
	c->feeds_backlog = DEFAULT_BACKLOG;
	c->feeds_backlog_max = DEFAULT_BACKLOG_MAX;
	c->feeds_max_transfers = DEFAULT_MAX_TRANSFERS;
	c->feeds_max_per_host = DEFAULT_MAX_PER_HOST;
	c->feeds_connect_timeout = FETCH_CONNECT_TIMEOUT_MS / 1000;
	c->feeds_timeout = FETCH_TIMEOUT_MS / 1000;
	c->feeds_low_speed_bytes = FETCH_LOW_SPEED_BYTES;
	c->feeds_low_speed_time = FETCH_LOW_SPEED_S;
	c->store_keep = DEFAULT_STORE_KEEP;
	c->store_keep_pages = DEFAULT_STORE_KEEP_PAGES;
	snprintf(c->feeds_fulltext, CONFIG_STR, "auto");
	snprintf(c->feeds_languages, CONFIG_STR, "de");
	snprintf(c->speech_voice, CONFIG_STR, "%s", DEFAULT_VOICE);
	c->speech_rate = 0;
	c->speech_pitch = -1;
	c->speech_volume = 100;
	snprintf(c->speech_mode, CONFIG_STR, "full");
	snprintf(c->speech_order, CONFIG_STR, "oldest");
	c->speech_earcons = 1;
	c->speech_autoplay = 1;
	snprintf(c->audio_device, CONFIG_STR, "default");
}

static const struct key *
find_key(const char *name)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int
errf(char *err, size_t size, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return -1;
}

/* "90", "90s", "15m", "6h", "1d", "500ms" → seconds (ms rounded up). */
static int
parse_duration(const char *s, long *out)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno != 0 || v < 0)
		return -1;
	if (*end == '\0' || strcmp(end, "s") == 0)
		;
	else if (strcmp(end, "ms") == 0)
		v = (v + 999) / 1000;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		v *= 60;
	else if (strcmp(end, "h") == 0)
		v *= 3600;
	else if (strcmp(end, "d") == 0)
		v *= 86400;
	else
		return -1;
	if (v > LONG_MAX / 2)
		return -1;
	*out = (long)v;
	return 0;
}

static int
parse_bool(const char *s, int *out)
{
	if (strcasecmp(s, "on") == 0 || strcasecmp(s, "yes") == 0 ||
	    strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcasecmp(s, "off") == 0 || strcasecmp(s, "no") == 0 ||
	    strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
in_choices(const char *choices, const char *s)
{
	size_t		 n = strlen(s);
	const char	*p = choices;

	while (*p != '\0') {
		if (strncmp(p, s, n) == 0 && (p[n] == '|' || p[n] == '\0'))
			return 1;
		if ((p = strchr(p, '|')) == NULL)
			break;
		p++;
	}
	return 0;
}

int
config_set(struct config *c, const char *name, const char *value,
    char *err, size_t errsize)
{
	const struct key	*k;
	char			*field, *end;
	long			 v;
	int			 b;

	if ((k = find_key(name)) == NULL)
		return errf(err, errsize, "unknown key '%s'", name);
	field = (char *)c + k->off;
	switch (k->type) {
	case K_INT:
		errno = 0;
		v = strtol(value, &end, 10);
		if (end == value || *end != '\0' || errno != 0 ||
		    v < k->min || v > k->max)
			return errf(err, errsize, "%s: '%s' is not a number "
			    "from %ld to %ld", name, value, k->min, k->max);
		*(int *)(void *)field = (int)v;
		break;
	case K_DURATION:
		if (parse_duration(value, &v) == -1 || v < k->min ||
		    v > k->max)
			return errf(err, errsize, "%s: '%s' is not a duration "
			    "from %lds to %lds (units: ms, s, m, h, d)", name,
			    value, k->min, k->max);
		*(long *)(void *)field = v;
		break;
	case K_BOOL:
		if (parse_bool(value, &b) == -1)
			return errf(err, errsize, "%s: '%s' is not on or off",
			    name, value);
		*(int *)(void *)field = b;
		break;
	case K_ENUM:
		if (!in_choices(k->choices, value))
			return errf(err, errsize, "%s: '%s' is not one of %s",
			    name, value, k->choices);
		/* FALLTHROUGH */
	case K_STRING:
		if (strlen(value) >= CONFIG_STR)
			return errf(err, errsize, "%s: value too long", name);
		snprintf(field, CONFIG_STR, "%s", value);
		break;
	case K_LOGLEVEL:
		if ((b = log_level_parse(value)) == -1)
			return errf(err, errsize, "%s: '%s' is not error, "
			    "warning, info or debug", name, value);
		*(int *)(void *)field = b;
		break;
	}
	return 0;
}

int
config_get(const struct config *c, const char *name, char *out,
    size_t size)
{
	const struct key	*k;
	const char		*field;

	if ((k = find_key(name)) == NULL)
		return -1;
	field = (const char *)c + k->off;
	switch (k->type) {
	case K_INT:
		snprintf(out, size, "%d", *(const int *)(const void *)field);
		break;
	case K_DURATION:
		snprintf(out, size, "%lds",
		    *(const long *)(const void *)field);
		break;
	case K_BOOL:
		snprintf(out, size, "%s",
		    *(const int *)(const void *)field ? "on" : "off");
		break;
	case K_ENUM:
	case K_STRING:
		snprintf(out, size, "%s", field);
		break;
	case K_LOGLEVEL:
		snprintf(out, size, "%s",
		    log_level_name(*(const int *)(const void *)field));
		break;
	}
	return 0;
}

void
config_foreach(void (*fn)(const char *, const char *, void *), void *arg)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++)
		fn(keys[i].name, keys[i].help, arg);
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
config_load(struct config *c, const char *path, int missing_ok, char *err,
    size_t errsize)
{
	FILE	*f;
	char	 line[1024], section[64] = "", key[192], reason[256];
	char	*s, *eq, *name, *value, *end;
	int	 lineno = 0, rc = -1;
	size_t	 total = 0;

	config_defaults(c);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && missing_ok)
			return 0;
		return errf(err, errsize, "%s: %s", path, strerror(errno));
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		total += strlen(line);
		if (total > MAX_CONFIG_BYTES) {
			errf(err, errsize, "%s: file too large", path);
			goto done;
		}
		if (strchr(line, '\n') == NULL && !feof(f)) {
			errf(err, errsize, "%s:%d: line too long", path,
			    lineno);
			goto done;
		}
		s = trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			if ((end = strchr(s, ']')) == NULL ||
			    *trim(end + 1) != '\0' || end - s - 1 <= 0 ||
			    (size_t)(end - s - 1) >= sizeof(section)) {
				errf(err, errsize, "%s:%d: bad section header",
				    path, lineno);
				goto done;
			}
			*end = '\0';
			snprintf(section, sizeof(section), "%s", trim(s + 1));
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			errf(err, errsize, "%s:%d: expected 'key = value'",
			    path, lineno);
			goto done;
		}
		*eq = '\0';
		name = trim(s);
		value = trim(eq + 1);
		/* An unquoted value ends at a '#' after white space. */
		if (value[0] != '"')
			for (end = value; *end != '\0'; end++)
				if (*end == '#' && end > value &&
				    isspace((unsigned char)end[-1])) {
					*end = '\0';
					value = trim(value);
					break;
				}
		if (strlen(value) >= 2 && value[0] == '"' &&
		    value[strlen(value) - 1] == '"') {
			value[strlen(value) - 1] = '\0';
			value++;
		}
		if (section[0] == '\0') {
			errf(err, errsize, "%s:%d: key '%s' outside a "
			    "[section]", path, lineno, name);
			goto done;
		}
		snprintf(key, sizeof(key), "%s.%s", section, name);
		if (config_set(c, key, value, reason, sizeof(reason)) == -1) {
			errf(err, errsize, "%s:%d: %s", path, lineno, reason);
			goto done;
		}
	}
	if (ferror(f)) {
		errf(err, errsize, "%s: read error", path);
		goto done;
	}
	rc = 0;
done:
	fclose(f);
	return rc;
}
