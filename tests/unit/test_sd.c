/* Unit tests for sd.c: LISTEN_FDS parsing, taking a passed socket, and
 * notifications on a private NOTIFY_SOCKET (path and abstract). */
#include <sys/socket.h>
#include <sys/un.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "defaults.h"
#include "loop.h"
#include "sd.h"

static void
test_pick(void)
{
	const char	*why;
	int		 n;

	why = NULL;
	CHECK_INT_EQ(sd_listen_pick(NULL, NULL, NULL, 42, &n, &why), 0);
	CHECK_INT_EQ(n, 0);
	/* For another process (our parent was activated, not us). */
	CHECK_INT_EQ(sd_listen_pick("41", "1", NULL, 42, &n, &why), 0);
	CHECK_INT_EQ(n, 0);
	CHECK_INT_EQ(sd_listen_pick("42", "0", NULL, 42, &n, &why), 0);
	/* One socket, named or not, is taken. */
	CHECK_INT_EQ(sd_listen_pick("42", "1", NULL, 42, &n, &why), 3);
	CHECK_INT_EQ(n, 1);
	CHECK_INT_EQ(sd_listen_pick("42", "1", "control", 42, &n, &why), 3);
	CHECK_INT_EQ(sd_listen_pick("42", "1", "vorleser.socket", 42, &n,
	    &why), 3);
	/* Several: the one named "control". */
	CHECK_INT_EQ(sd_listen_pick("42", "3", "a:control:b", 42, &n, &why),
	    4);
	CHECK_INT_EQ(n, 3);
	CHECK_INT_EQ(sd_listen_pick("42", "2", "x:control", 42, &n, &why), 4);
	CHECK_INT_EQ(sd_listen_pick("42", "2", ":control", 42, &n, &why), 4);
	/* "controller" is not "control". */
	why = NULL;
	CHECK_INT_EQ(sd_listen_pick("42", "2", "controller:x", 42, &n, &why),
	    -1);
	CHECK(why != NULL && strstr(why, "named") != NULL, "why: no name");
	why = NULL;
	CHECK_INT_EQ(sd_listen_pick("42", "2", NULL, 42, &n, &why), -1);
	CHECK(why != NULL, "why: several unnamed");
	/* Malformed values. */
	why = NULL;
	CHECK_INT_EQ(sd_listen_pick("4x", "1", NULL, 42, &n, &why), -1);
	CHECK(why != NULL && strstr(why, "LISTEN_PID") != NULL, "why: pid");
	CHECK_INT_EQ(sd_listen_pick("", "1", NULL, 42, &n, &why), -1);
	CHECK_INT_EQ(sd_listen_pick("-42", "1", NULL, 42, &n, &why), -1);
	why = NULL;
	CHECK_INT_EQ(sd_listen_pick("42", "one", NULL, 42, &n, &why), -1);
	CHECK(why != NULL && strstr(why, "LISTEN_FDS") != NULL, "why: fds");
	CHECK_INT_EQ(sd_listen_pick("42", "-1", NULL, 42, &n, &why), -1);
	CHECK_INT_EQ(sd_listen_pick("42", "100000", NULL, 42, &n, &why), -1);
	CHECK_INT_EQ(sd_listen_pick("42", "1 ", NULL, 42, &n, &why), -1);
	/* Name count and fd count must agree. */
	why = NULL;
	CHECK_INT_EQ(sd_listen_pick("42", "2", "control", 42, &n, &why), -1);
	CHECK(why != NULL && strstr(why, "every") != NULL, "why: count");
	CHECK_INT_EQ(sd_listen_pick("42", "1", "control:x", 42, &n, &why),
	    -1);
}

static int
unix_socket(int type, const char *path)
{
	struct sockaddr_un	sun;
	socklen_t		len;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	len = sizeof(sun);
	if (path[0] == '@') {
		sun.sun_path[0] = '\0';
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
		    strlen(path));
	}
	if ((fd = socket(AF_UNIX, type, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sun, len) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Takes a listening socket placed at fd 3, as the manager would. */
static void
test_listen_socket(const char *dir)
{
	char	path[256], pid[32];
	int	fd;

	snprintf(path, sizeof(path), "%s/listen", dir);
	fd = unix_socket(SOCK_STREAM, path);
	CHECK(fd != -1 && listen(fd, 1) == 0, "listening socket");
	CHECK_INT_EQ(dup2(fd, 3), 3);
	if (fd != 3)
		close(fd);
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	setenv("LISTEN_FDNAMES", "control", 1);
	CHECK_INT_EQ(sd_listen_socket(), 3);
	CHECK(getenv("LISTEN_PID") == NULL && getenv("LISTEN_FDS") == NULL &&
	    getenv("LISTEN_FDNAMES") == NULL, "variables unset");
	/* Not passed again: nothing to take. */
	CHECK_INT_EQ(sd_listen_socket(), 0);
	close(3);

	/* A socket that does not listen is refused. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_INT_EQ(dup2(fd, 3), 3);
	if (fd != 3)
		close(fd);
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	CHECK_INT_EQ(sd_listen_socket(), -1);
	close(3);
}

/* Reads one pending datagram, "" when there is none. */
static const char *
receive(int fd)
{
	static char	msg[512];
	ssize_t		n;

	n = recv(fd, msg, sizeof(msg) - 1, MSG_DONTWAIT);
	msg[n > 0 ? n : 0] = '\0';
	return msg;
}

static void
stop(void *arg)
{
	loop_break(arg);
}

static int	nstatus, nwatchdog, nother;

/* Drains the receiver while the loop runs: the kernel queues only a few
 * datagrams, and the watchdog keeps sending. */
static void
count(int fd, int events, void *arg)
{
	const char	*m;

	while (*(m = receive(fd)) != '\0') {
		if (strcmp(m, "WATCHDOG=1") == 0)
			nwatchdog++;
		else if (strcmp(m, "STATUS=1 new story, speaking") == 0)
			nstatus++;
		else {
			fprintf(stderr, "unexpected: %s\n", m);
			nother++;
		}
	}
}

static void
test_notify(const char *name)
{
	struct loop	*l;
	struct sd	*sd;
	char		 pid[32], long_text[400];
	const char	*m;
	size_t		 i;
	int		 rfd;

	rfd = unix_socket(SOCK_DGRAM, name);
	CHECK(rfd != -1, "notify receiver");
	l = loop_new();
	setenv("NOTIFY_SOCKET", name, 1);
	setenv("WATCHDOG_USEC", "40000", 1);		/* 40 ms: ping 20 */
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	sd = sd_new(l);
	CHECK(sd != NULL, "sd_new");
	CHECK(getenv("NOTIFY_SOCKET") == NULL, "NOTIFY_SOCKET unset");
	CHECK(getenv("WATCHDOG_USEC") == NULL, "WATCHDOG_USEC unset");
	CHECK_INT_EQ(sd_watchdog_ms(sd), 20);

	sd_ready(sd);
	CHECK_STR_EQ(receive(rfd), "READY=1");
	sd_reloading(sd);
	m = receive(rfd);
	CHECK(strncmp(m, "RELOADING=1\nMONOTONIC_USEC=", 27) == 0 &&
	    m[27] >= '1' && m[27] <= '9', "RELOADING with MONOTONIC_USEC");
	sd_stopping(sd);
	CHECK_STR_EQ(receive(rfd), "STOPPING=1\nSTATUS=stopping");

	/* STATUS: first at once, one line, then rate-limited; a burst
	 * ends with its newest text. */
	sd_status(sd, "%d new stories,\n%s", 3, "speaking");
	CHECK_STR_EQ(receive(rfd), "STATUS=3 new stories, speaking");
	sd_status(sd, "%d new stories, %s", 3, "speaking");
	sd_status(sd, "2 new stories, speaking");
	sd_status(sd, "1 new story, speaking");
	CHECK_STR_EQ(receive(rfd), "");
	nstatus = nwatchdog = nother = 0;
	loop_fd_add(l, rfd, LOOP_READ, count, NULL);
	loop_timer_add(l, SD_STATUS_INTERVAL_MS * 2, stop, l);
	loop_run(l);		/* broken by the stop timer */
	loop_fd_del(l, rfd);
	/* The watchdog pinged meanwhile; the pending status came once. */
	CHECK_INT_EQ(nstatus, 1);
	CHECK(nwatchdog > 0, "WATCHDOG=1 sent");
	CHECK_INT_EQ(nother, 0);

	/* Over-long text is cut and stays valid UTF-8. */
	memset(long_text, 0, sizeof(long_text));
	for (i = 0; i + 2 < sizeof(long_text); i += 2)
		memcpy(long_text + i, "\xc3\xa4", 2);		/* ä */
	sd_free(sd);
	while (*receive(rfd) != '\0')
		;		/* a last ping after the loop's last read */
	setenv("NOTIFY_SOCKET", name, 1);
	sd = sd_new(l);
	/* "x" + "ä"...: the 199 bytes end between two characters, so
	 * only the characters past them go. */
	sd_status(sd, "x%s", long_text);
	m = receive(rfd);
	CHECK(strncmp(m, "STATUS=x\xc3\xa4", 10) == 0, "long status sent");
	CHECK_INT_EQ(strlen(m), 7 + 199);
	CHECK((unsigned char)m[strlen(m) - 2] == 0xc3, "whole last char kept");
	CHECK_INT_EQ(sd_watchdog_ms(sd), 0);	/* not asked this time */
	/* "xy" + "ä"...: the cut splits an "ä", which is dropped whole. */
	sd_free(sd);
	setenv("NOTIFY_SOCKET", name, 1);
	sd = sd_new(l);
	sd_status(sd, "xy%s", long_text);
	m = receive(rfd);
	CHECK_INT_EQ(strlen(m), 7 + 198);
	CHECK(((unsigned char)m[strlen(m) - 1] & 0xc0) == 0x80 &&
	    (unsigned char)m[strlen(m) - 2] == 0xc3, "ends on a whole char");

	sd_free(sd);
	loop_free(l);
	close(rfd);
}

static void
test_without_manager(void)
{
	struct loop	*l = loop_new();
	struct sd	*sd;

	unsetenv("NOTIFY_SOCKET");
	setenv("WATCHDOG_USEC", "1000000", 1);
	sd = sd_new(l);
	CHECK(sd != NULL, "sd_new without a manager");
	CHECK_INT_EQ(sd_watchdog_ms(sd), 0);
	sd_ready(sd);
	sd_status(sd, "nobody listens");
	sd_stopping(sd);
	sd_free(sd);
	/* NULL is a valid no-op handle, for tests and early exits. */
	sd_ready(NULL);
	sd_status(NULL, "x");
	sd_free(NULL);

	/* A watchdog meant for another process is not ours to ping. */
	setenv("NOTIFY_SOCKET", "@vorleser-test-none", 1);
	setenv("WATCHDOG_USEC", "1000000", 1);
	setenv("WATCHDOG_PID", "1", 1);
	sd = sd_new(l);
	CHECK_INT_EQ(sd_watchdog_ms(sd), 0);
	sd_free(sd);
	loop_free(l);
}

int
main(void)
{
	char	dir[] = "/tmp/test_sd.XXXXXX", path[256], abstract[64];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_pick();
	test_listen_socket(dir);
	snprintf(path, sizeof(path), "%s/notify", dir);
	test_notify(path);
	snprintf(abstract, sizeof(abstract), "@vorleser-test-%ld",
	    (long)getpid());
	test_notify(abstract);
	test_without_manager();
	unlink(path);
	snprintf(path, sizeof(path), "%s/listen", dir);
	unlink(path);
	rmdir(dir);
	return CHECK_SUMMARY();
}
