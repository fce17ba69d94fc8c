/* The configuration file: a small INI file turned into struct config. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#define CONFIG_STR	128	/* longest string value */

/*
 * All settings, with their defaults from defaults.h.  Keys are written
 * "section.name" in this comment and as
 *
 *	[section]
 *	name = value
 *
 * in the file.  Durations take a unit suffix (ms, s, m, h, d); a plain
 * number means seconds.
 */
struct config {
	int	log_level;			/* daemon.log-level */
	int	max_clients;			/* daemon.max-clients */
	/* feeds.* */
	long	feeds_interval;			/* seconds between polls */
	long	feeds_backlog;			/* seconds: first-run window */
	int	feeds_backlog_max;		/* new items per feed then */
	int	feeds_max_transfers;		/* parallel transfers */
	int	feeds_max_per_host;		/* parallel per host */
	long	feeds_connect_timeout;	/* seconds to connect */
	long	feeds_timeout;		/* seconds per transfer */
	int	feeds_low_speed_bytes;	/* a transfer slower than this */
	long	feeds_low_speed_time;	/* ... for so long is cut */
	long	store_keep;		/* seconds a done story gone from
					 * its feed is kept; 0: forever */
	long	store_keep_pages;	/* seconds a done story's page
					 * HTML is kept; 0: forever */
	char	feeds_fulltext[CONFIG_STR];	/* auto|always|never */
	char	feeds_languages[CONFIG_STR];	/* spoken languages */
	/* speech.* */
	char	speech_voice[CONFIG_STR];	/* profile or eSpeak voice */
	int	speech_rate;			/* words per minute, 0: profile */
	int	speech_pitch;			/* 0..100, -1: profile */
	int	speech_volume;			/* 0..200 */
	char	speech_mode[CONFIG_STR];	/* headlines|summary|full */
	char	speech_order[CONFIG_STR];	/* oldest|newest */
	int	speech_earcons;			/* on|off */
	int	speech_autoplay;		/* read new stories unasked */
	/* audio.* */
	char	audio_device[CONFIG_STR];	/* PortAudio device or default */
};

/* Sets every field to its default. */
void	config_defaults(struct config *);

/*
 * Reads path into cfg, on top of the defaults.  A missing file is not an
 * error when missing_ok is set.  On error returns -1 and writes
 * "file:line: reason" into err (cfg is then unspecified: parse into a
 * scratch copy and keep the old one, as SIGHUP does).
 */
int	config_load(struct config *, const char *path, int missing_ok,
	    char *err, size_t errsize);

/* Sets one key ("section.name") from its text form, as the file would.
 * 0, or -1 with the reason in err. */
int	config_set(struct config *, const char *key, const char *value,
	    char *err, size_t errsize);

/* Writes the current value of key into out; -1 for an unknown key. */
int	config_get(const struct config *, const char *key, char *out,
	    size_t size);

/* Calls fn for every key in table order (for `vorleser.conf(5)` and the
 * `get` command). */
void	config_foreach(void (*fn)(const char *key, const char *help,
	    void *arg), void *arg);

#endif
