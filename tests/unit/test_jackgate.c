/* Unit tests for jackgate.c: finding a JACK server's socket, and the gate
 * answering "no server" while libjack is not loaded. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "jackgate.h"

void	*jack_client_open(const char *, int, int *, ...);

static void
touch(const char *path)
{
	FILE	*f;

	if ((f = fopen(path, "w")) != NULL)
		fclose(f);
}

int
main(void)
{
	char	 dir[] = "/tmp/test_jackgate.XXXXXX", path[512];
	int	 status = 0;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	unsetenv("JACK_DEFAULT_SERVER");

	/* Nothing there: no server. */
	CHECK_INT_EQ(jackgate_server_present(dir, NULL, 1000), 0);
	CHECK_INT_EQ(jackgate_server_present(dir, "studio", 1000), 0);

	/* JACK2's socket, for this user and server only. */
	snprintf(path, sizeof(path), "%s/jack_default_1000_0", dir);
	touch(path);
	CHECK_INT_EQ(jackgate_server_present(dir, NULL, 1000), 1);
	CHECK_INT_EQ(jackgate_server_present(dir, "default", 1000), 1);
	CHECK_INT_EQ(jackgate_server_present(dir, NULL, 1001), 0);
	CHECK_INT_EQ(jackgate_server_present(dir, "studio", 1000), 0);
	/* The server name from the environment, as libjack takes it. */
	setenv("JACK_DEFAULT_SERVER", "studio", 1);
	CHECK_INT_EQ(jackgate_server_present(dir, NULL, 1000), 0);
	unsetenv("JACK_DEFAULT_SERVER");
	unlink(path);

	/* JACK1's server folder. */
	snprintf(path, sizeof(path), "%s/jack-1000", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/jack-1000/studio", dir);
	mkdir(path, 0700);
	CHECK_INT_EQ(jackgate_server_present(dir, "studio", 1000), 1);
	CHECK_INT_EQ(jackgate_server_present(dir, NULL, 1000), 0);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/jack-1000", dir);
	rmdir(path);
	rmdir(dir);

	/* libjack is not loaded in this test: the gate fails the open as
	 * libjack does without a server, and counts it. */
	CHECK(jack_client_open("test", 0x01, &status) == NULL, "no client");
	CHECK_INT_EQ(status, 0x01 | 0x10);
	CHECK(jack_client_open("test", 0x01 | 0x04, &status, "studio") ==
	    NULL, "no client, server named");
	CHECK(jack_client_open("test", 0x01, NULL) == NULL, "NULL status");
	CHECK_INT_EQ(jackgate_skipped(), 3);
	return CHECK_SUMMARY();
}
