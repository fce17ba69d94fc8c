/* Unit tests for config.c: defaults, parsing, errors with file:line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "defaults.h"

static char	path[] = "/tmp/vorleser-test-config.XXXXXX";

static int
load(struct config *c, const char *text, char *err, size_t size)
{
	FILE	*f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	return config_load(c, path, 0, err, size);
}

int
main(void)
{
	struct config	c;
	char		err[512], val[256];
	int		fd;

	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);

	config_defaults(&c);
	CHECK_INT_EQ(c.feeds_interval, DEFAULT_FEED_INTERVAL);
	CHECK_INT_EQ(c.feeds_timeout * 1000, FETCH_TIMEOUT_MS);
	CHECK_INT_EQ(c.feeds_connect_timeout * 1000, FETCH_CONNECT_TIMEOUT_MS);
	CHECK_INT_EQ(c.feeds_low_speed_bytes, FETCH_LOW_SPEED_BYTES);
	CHECK_INT_EQ(c.feeds_low_speed_time, FETCH_LOW_SPEED_S);
	CHECK_STR_EQ(c.speech_mode, "full");
	CHECK_STR_EQ(c.audio_device, "default");

	CHECK_INT_EQ(load(&c, "# c\n; c\n\n[feeds]\ninterval = 10m\n"
	    "backlog=2h\n[speech]\nmode = headlines\nearcons = off\n"
	    "voice = \"de+f2\"\n[audio]\n  device = hw:0  \n", err,
	    sizeof(err)), 0);
	CHECK_INT_EQ(c.feeds_interval, 600);
	CHECK_INT_EQ(c.feeds_backlog, 7200);
	CHECK_STR_EQ(c.speech_mode, "headlines");
	CHECK_INT_EQ(c.speech_earcons, 0);
	CHECK_STR_EQ(c.speech_voice, "de+f2");
	CHECK_STR_EQ(c.audio_device, "hw:0");

	/* The shipped example is valid and matches the defaults. */
	CHECK_INT_EQ(config_load(&c, "docs/vorleser.conf.example", 0, err,
	    sizeof(err)), 0);
	CHECK_INT_EQ(c.feeds_interval, DEFAULT_FEED_INTERVAL);
	CHECK_STR_EQ(c.speech_voice, DEFAULT_VOICE);
	CHECK_INT_EQ(c.speech_earcons, 1);
	CHECK_INT_EQ(load(&c, "[speech]\nmode = summary # short\n"
	    "voice = \"a # b\"\n", err, sizeof(err)), 0);
	CHECK_STR_EQ(c.speech_mode, "summary");
	CHECK_STR_EQ(c.speech_voice, "a # b");

	CHECK_INT_EQ(load(&c, "[feeds]\n\ninterval = 10x\n", err,
	    sizeof(err)), -1);
	CHECK(strstr(err, ":3: feeds.interval") != NULL, err);
	CHECK_INT_EQ(load(&c, "[feeds]\nnope = 1\n", err, sizeof(err)), -1);
	CHECK(strstr(err, ":2: unknown key 'feeds.nope'") != NULL, err);
	CHECK_INT_EQ(load(&c, "[speech]\nmode = loud\n", err, sizeof(err)),
	    -1);
	CHECK(strstr(err, "not one of headlines|summary|full") != NULL, err);
	CHECK_INT_EQ(load(&c, "[speech\n", err, sizeof(err)), -1);
	CHECK(strstr(err, ":1: bad section header") != NULL, err);
	CHECK_INT_EQ(load(&c, "mode = full\n", err, sizeof(err)), -1);
	CHECK(strstr(err, "outside a [section]") != NULL, err);
	CHECK_INT_EQ(load(&c, "[speech]\nrate 5\n", err, sizeof(err)), -1);
	CHECK(strstr(err, ":2: expected 'key = value'") != NULL, err);
	CHECK_INT_EQ(load(&c, "[speech]\nvolume = 201\n", err, sizeof(err)),
	    -1);
	CHECK_INT_EQ(load(&c, "[feeds]\ninterval = 0\n", err, sizeof(err)),
	    -1);	/* below the 1 s minimum */
	CHECK_INT_EQ(load(&c, "[feeds]\ninterval = 2s\ntimeout = 5s\n"
	    "connect-timeout = 1500ms\nlow-speed-limit = 100\n"
	    "low-speed-time = 2\n", err, sizeof(err)), 0);
	CHECK_INT_EQ(c.feeds_interval, 2);
	CHECK_INT_EQ(c.feeds_timeout, 5);
	CHECK_INT_EQ(c.feeds_connect_timeout, 2);	/* ms round up */
	CHECK_INT_EQ(c.feeds_low_speed_bytes, 100);
	CHECK_INT_EQ(c.feeds_low_speed_time, 2);
	CHECK_INT_EQ(load(&c, "[feeds]\ntimeout = 0\n", err, sizeof(err)),
	    -1);
	CHECK_INT_EQ(load(&c, "[feeds]\nlow-speed-limit = 0\n", err,
	    sizeof(err)), -1);

	CHECK_INT_EQ(config_load(&c, "/nonexistent/x.conf", 1, err,
	    sizeof(err)), 0);
	CHECK_INT_EQ(config_load(&c, "/nonexistent/x.conf", 0, err,
	    sizeof(err)), -1);

	config_defaults(&c);
	CHECK_INT_EQ(config_set(&c, "speech.rate", "200", err, sizeof(err)),
	    0);
	CHECK_INT_EQ(c.speech_rate, 200);
	CHECK_INT_EQ(config_get(&c, "speech.rate", val, sizeof(val)), 0);
	CHECK_STR_EQ(val, "200");
	CHECK_INT_EQ(config_get(&c, "feeds.interval", val, sizeof(val)), 0);
	CHECK_STR_EQ(val, "900s");
	CHECK_INT_EQ(config_get(&c, "speech.earcons", val, sizeof(val)), 0);
	CHECK_STR_EQ(val, "on");
	CHECK_INT_EQ(config_get(&c, "no.such", val, sizeof(val)), -1);
	unlink(path);
	return CHECK_SUMMARY();
}
