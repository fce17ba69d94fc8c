/*
 * vorleser: the command-line client.  It connects to the daemon's control
 * socket, sends one command and prints the reply's data lines.
 *
 *	vorleser status
 *	vorleser send 'say --urgent "Hallo"'
 *
 * Any subcommand is sent as a protocol command with its arguments quoted
 * as needed, so every command in the daemon's table works here without a
 * change to the client.  Exit status: 0 on OK, 1 on ERR, 2 when the
 * daemon cannot be reached or the reply is malformed.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "commands.h"
#include "defaults.h"
#include "log.h"
#include "paths.h"

#define EXIT_ERR	1	/* the daemon answered ERR */
#define EXIT_UNREACHED	2	/* no daemon, or a broken reply */

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: vorleser [--socket PATH] COMMAND [ARG...]\n"
	    "       vorleser send 'RAW PROTOCOL LINE'\n"
	    "\n"
	    "Common commands:\n"
	    "  status      the daemon's state\n"
	    "  ping        check that the daemon answers\n"
	    "  help [CMD]  every command the daemon knows\n"
	    "  version     daemon and protocol version\n"
	    "\n"
	    "Options:\n"
	    "  -s, --socket PATH  control socket (default $VORLESER_SOCKET or\n"
	    "                     $XDG_RUNTIME_DIR/vorleser/socket)\n"
	    "  -h, --help         this text\n"
	    "  -V, --version      the client's version\n"
	    "\n"
	    "Exit status: 0 OK, 1 the daemon answered ERR, 2 no daemon.\n");
}

/* Reads one line (without the newline) into line; -1 at EOF or error. */
static int
read_line(int fd, struct buf *in, struct buf *line)
{
	char	 tmp[4096], *nl;
	ssize_t	 n;

	for (;;) {
		if (in->len > 0 &&
		    (nl = memchr(in->data, '\n', in->len)) != NULL) {
			buf_reset(line);
			if (buf_append(line, in->data,
			    (size_t)(nl - in->data)) == -1)
				return -1;
			buf_consume(in, (size_t)(nl - in->data) + 1);
			return 0;
		}
		n = read(fd, tmp, sizeof(tmp));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if (buf_append(in, tmp, (size_t)n) == -1)
			return -1;
	}
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Appends arg, quoted when it has spaces, quotes or is empty. */
static int
append_arg(struct buf *b, const char *arg)
{
	const char	*s;

	if (b->len > 0 && buf_putc(b, ' ') == -1)
		return -1;
	if (*arg != '\0' && strpbrk(arg, " \t\"\\") == NULL)
		return buf_puts(b, arg);
	if (buf_putc(b, '"') == -1)
		return -1;
	for (s = arg; *s != '\0'; s++) {
		if ((*s == '"' || *s == '\\') && buf_putc(b, '\\') == -1)
			return -1;
		if (buf_putc(b, *s) == -1)
			return -1;
	}
	return buf_putc(b, '"');
}

static int
connect_daemon(const char *path)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "vorleser: socket path too long: %s\n", path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		fprintf(stderr, "vorleser: socket: %s\n", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		fprintf(stderr, "vorleser: cannot reach vorleserd at %s: %s\n"
		    "vorleser: start it with 'vorleserd' (or 'systemctl --user "
		    "start vorleser.socket'), or name its socket with "
		    "--socket or VORLESER_SOCKET\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "socket",	required_argument,	NULL, 's' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct buf	 cmd, in, line;
	const char	*sockopt = NULL;
	char		 path[PATH_MAX];
	int		 ch, fd = -1, i, rc = EXIT_UNREACHED;

	log_init("vorleser", LOG_LEVEL_WARN);
	/* '+': stop at the first non-option, which is the command. */
	while ((ch = getopt_long(argc, argv, "+s:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			sockopt = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("vorleser %s (protocol %s)\n", VERSION,
			    PROTOCOL_VERSION);
			return 0;
		default:
			usage(stderr);
			return EXIT_UNREACHED;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return EXIT_UNREACHED;
	}

	buf_init(&cmd, MAX_LINE - 1);
	buf_init(&in, 4 * MAX_CLIENT_OUTPUT);
	buf_init(&line, MAX_CLIENT_OUTPUT);
	if (strcmp(argv[0], "send") == 0) {
		if (argc != 2) {
			fprintf(stderr, "usage: vorleser send 'COMMAND'\n");
			return EXIT_UNREACHED;
		}
		if (buf_puts(&cmd, argv[1]) == -1) {
			fprintf(stderr, "vorleser: command too long\n");
			goto done;
		}
	} else
		for (i = 0; i < argc; i++)
			if (append_arg(&cmd, argv[i]) == -1) {
				fprintf(stderr, "vorleser: command too long\n");
				goto done;
			}

	if (paths_socket(path, sizeof(path), sockopt) == -1 ||
	    (fd = connect_daemon(path)) == -1)
		goto done;
	if (read_line(fd, &in, &line) == -1 ||
	    strncmp(line.data, "OK vorleser ", 12) != 0) {
		fprintf(stderr, "vorleser: %s: %s\n", path,
		    line.len ? line.data : "no greeting from the daemon");
		goto done;
	}
	if (buf_putc(&cmd, '\n') == -1 ||
	    write_all(fd, cmd.data, cmd.len) == -1) {
		fprintf(stderr, "vorleser: write: %s\n", strerror(errno));
		goto done;
	}
	while (read_line(fd, &in, &line) == 0) {
		if (strcmp(line.data, "OK") == 0) {
			rc = 0;
			goto done;
		}
		if (strncmp(line.data, "ERR ", 4) == 0) {
			fprintf(stderr, "vorleser: %s\n", line.data);
			rc = EXIT_ERR;
			goto done;
		}
		printf("%s\n", line.data);
	}
	fprintf(stderr, "vorleser: the daemon closed the connection\n");
done:
	fflush(stdout);
	if (fd != -1)
		close(fd);
	buf_free(&cmd);
	buf_free(&in);
	buf_free(&line);
	return rc;
}
