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
	    "  idle [TOPIC...]   wait for a change (topics: player speech\n"
	    "                    queue feeds articles options error word)\n"
	    "  watch [TOPIC...]  print events as they happen\n"
	    "  CMD --help        the usage of one command\n"
	    "\n"
	    "Options:\n"
	    "  -s, --socket PATH  control socket (default $VORLESER_SOCKET or\n"
	    "                     $XDG_RUNTIME_DIR/vorleser/socket)\n"
	    "  -f, --format FMT   print fields: %%{key}, \\n, \\t; once per\n"
	    "                     record in lists (e.g. '%%{id} %%{title}\\n')\n"
	    "  -w, --wait         after the command, block until the story\n"
	    "                     being read ends (alone: just wait)\n"
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

/*
 * --format: prints fields of the reply with a printf-like template.
 * "%{key}" is the value of key, "\n" and "\t" are escapes, "%%" is a
 * percent sign.  A reply with several records (each starts with the key
 * of the first line, usually "id") prints the template once per record.
 */
struct record {
	char	*keys[64];
	char	*vals[64];
	int	 n;
	char	 first[64];	/* the record-start key */
};

static void
record_clear(struct record *r)
{
	int	i;

	for (i = 0; i < r->n; i++) {
		free(r->keys[i]);
		free(r->vals[i]);
	}
	r->n = 0;
}

static const char *
record_get(const struct record *r, const char *key, size_t klen)
{
	int	i;

	for (i = 0; i < r->n; i++)
		if (strlen(r->keys[i]) == klen &&
		    strncmp(r->keys[i], key, klen) == 0)
			return r->vals[i];
	return "";
}

static void
record_print(const struct record *r, const char *fmt)
{
	const char	*p, *end;

	if (r->n == 0)
		return;
	for (p = fmt; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			putchar(*p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
		} else if (*p == '%' && p[1] == '%') {
			putchar('%');
			p++;
		} else if (*p == '%' && p[1] == '{' &&
		    (end = strchr(p + 2, '}')) != NULL) {
			fputs(record_get(r, p + 2, (size_t)(end - p - 2)),
			    stdout);
			p = end;
		} else
			putchar(*p);
	}
}

/* Adds one "key: value" line to the record, printing the previous
 * record first when this line starts a new one. */
static void
record_add(struct record *r, const char *line, const char *fmt)
{
	const char	*colon = strstr(line, ": ");
	size_t		 klen;

	if (colon == NULL)
		return;
	klen = (size_t)(colon - line);
	if (r->n > 0 && strlen(r->first) == klen &&
	    strncmp(r->first, line, klen) == 0) {
		record_print(r, fmt);
		record_clear(r);
	}
	if (r->n == 0)
		snprintf(r->first, sizeof(r->first), "%.*s", (int)klen, line);
	if (r->n == 64)
		return;
	r->keys[r->n] = strndup(line, klen);
	r->vals[r->n] = strdup(colon + 2);
	if (r->keys[r->n] == NULL || r->vals[r->n] == NULL) {
		free(r->keys[r->n]);
		free(r->vals[r->n]);
		return;
	}
	r->n++;
}

struct session {
	int		fd;
	struct buf	in;
	struct buf	line;
};

static int
session_open(struct session *ss, const char *sockopt)
{
	char	path[PATH_MAX];

	ss->fd = -1;
	buf_init(&ss->in, 4 * MAX_CLIENT_OUTPUT);
	buf_init(&ss->line, MAX_CLIENT_OUTPUT);
	if (paths_socket(path, sizeof(path), sockopt) == -1 ||
	    (ss->fd = connect_daemon(path)) == -1)
		return -1;
	if (read_line(ss->fd, &ss->in, &ss->line) == -1 ||
	    strncmp(ss->line.data, "OK vorleser ", 12) != 0) {
		fprintf(stderr, "vorleser: %s: %s\n", path, ss->line.len ?
		    ss->line.data : "no greeting from the daemon");
		return -1;
	}
	return 0;
}

static void
session_close(struct session *ss)
{
	if (ss->fd != -1)
		close(ss->fd);
	buf_free(&ss->in);
	buf_free(&ss->line);
}

static int
session_send(struct session *ss, const char *cmd)
{
	if (write_all(ss->fd, cmd, strlen(cmd)) == -1 ||
	    write_all(ss->fd, "\n", 1) == -1) {
		fprintf(stderr, "vorleser: write: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Reads one reply.  Data lines go to stdout (or through fmt); returns 0
 * on OK, EXIT_ERR on ERR (printed to stderr), EXIT_UNREACHED when the
 * connection ends first.  With stream set, lines after the OK keep being
 * printed until the daemon closes the connection (watch).
 */
static int
session_reply(struct session *ss, const char *fmt, int stream)
{
	struct record	r;
	int		rc = EXIT_UNREACHED;

	memset(&r, 0, sizeof(r));
	while (read_line(ss->fd, &ss->in, &ss->line) == 0) {
		if (strcmp(ss->line.data, "OK") == 0) {
			rc = 0;
			if (!stream)
				break;
			fflush(stdout);
			continue;
		}
		if (strncmp(ss->line.data, "ERR ", 4) == 0) {
			fprintf(stderr, "vorleser: %s\n", ss->line.data);
			rc = EXIT_ERR;
			break;
		}
		if (fmt != NULL)
			record_add(&r, ss->line.data, fmt);
		else
			printf("%s\n", ss->line.data);
		if (stream)
			fflush(stdout);
	}
	if (fmt != NULL) {
		record_print(&r, fmt);
		record_clear(&r);
	}
	if (rc == EXIT_UNREACHED && !stream)
		fprintf(stderr, "vorleser: the daemon closed the connection\n");
	return rc;
}

/* Is the daemon in the middle of a story?  Reads `status`. */
static int
busy(struct session *ss)
{
	int	playing = 0;

	if (session_send(ss, "status") == -1)
		return -1;
	while (read_line(ss->fd, &ss->in, &ss->line) == 0) {
		if (strcmp(ss->line.data, "state: playing") == 0 ||
		    strcmp(ss->line.data, "state: paused") == 0)
			playing = 1;
		if (strcmp(ss->line.data, "OK") == 0)
			return playing;
		if (strncmp(ss->line.data, "ERR ", 4) == 0)
			return -1;
	}
	return -1;
}

/*
 * --wait: blocks until the story being read ends (spoken to the end,
 * skipped or stopped).  Returns at once when nothing is being read.
 */
static int
wait_story_end(const char *sockopt)
{
	struct session	ss;
	int		rc = EXIT_UNREACHED, b;

	if (session_open(&ss, sockopt) == -1)
		goto done;
	if (session_send(&ss, "watch speech player") == -1 ||
	    session_reply(&ss, NULL, 0) != 0)
		goto done;
	if ((b = busy(&ss)) <= 0) {
		rc = b == 0 ? 0 : EXIT_UNREACHED;
		goto done;
	}
	while (read_line(ss.fd, &ss.in, &ss.line) == 0) {
		if (strncmp(ss.line.data, "EVENT speech story-end", 22) == 0 ||
		    strncmp(ss.line.data, "EVENT speech cancelled", 22) == 0 ||
		    strstr(ss.line.data, "state=stopped") != NULL ||
		    strstr(ss.line.data, "state=idle") != NULL) {
			rc = 0;
			break;
		}
	}
done:
	session_close(&ss);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "socket",	required_argument,	NULL, 's' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "wait",	no_argument,		NULL, 'w' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct session	 ss;
	struct buf	 cmd;
	const char	*sockopt = NULL, *fmt = NULL, *arg;
	char		 abspath[PATH_MAX];
	int		 ch, i, rc = EXIT_UNREACHED, wait = 0, stream;

	log_init("vorleser", LOG_LEVEL_WARN);
	memset(&ss, 0, sizeof(ss));
	ss.fd = -1;
	/* '+': stop at the first non-option, which is the command. */
	while ((ch = getopt_long(argc, argv, "+s:f:whV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 's':
			sockopt = optarg;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'w':
			wait = 1;
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
	if (argc == 0 && wait)
		return wait_story_end(sockopt);
	if (argc == 0) {
		usage(stderr);
		return EXIT_UNREACHED;
	}

	buf_init(&cmd, MAX_LINE - 1);
	if (strcmp(argv[0], "send") == 0) {
		if (argc != 2) {
			fprintf(stderr, "usage: vorleser send 'COMMAND'\n");
			return EXIT_UNREACHED;
		}
		if (buf_puts(&cmd, argv[1]) == -1) {
			fprintf(stderr, "vorleser: command too long\n");
			goto done;
		}
	} else if (argc >= 2 && (strcmp(argv[argc - 1], "--help") == 0 ||
	    strcmp(argv[argc - 1], "-h") == 0)) {
		/* "vorleser CMD --help": the daemon's usage of CMD. */
		if (buf_puts(&cmd, "help") == -1 ||
		    append_arg(&cmd, argv[0]) == -1)
			goto done;
	} else
		for (i = 0; i < argc; i++) {
			/* The daemon has its own working folder. */
			if (i == 2 && strcmp(argv[0], "feeds") == 0 &&
			    strcmp(argv[1], "import") == 0 && argv[2][0] != '/' &&
			    realpath(argv[2], abspath) != NULL)
				arg = abspath;
			else
				arg = argv[i];
			if (append_arg(&cmd, arg) == -1) {
				fprintf(stderr, "vorleser: command too long\n");
				goto done;
			}
		}

	if (session_open(&ss, sockopt) == -1 ||
	    session_send(&ss, cmd.data) == -1)
		goto done;
	/* "feeds export" prints the OPML document itself. */
	if (fmt == NULL && argc == 2 && strcmp(argv[0], "feeds") == 0 &&
	    strcmp(argv[1], "export") == 0)
		fmt = "%{opml}\n";
	stream = strcmp(argv[0], "watch") == 0;
	rc = session_reply(&ss, fmt, stream);
	if (rc == 0 && wait) {
		session_close(&ss);
		ss.fd = -1;
		rc = wait_story_end(sockopt);
	}
done:
	fflush(stdout);
	session_close(&ss);
	buf_free(&cmd);
	return rc;
}
