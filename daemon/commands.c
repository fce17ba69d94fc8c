/*
 * commands: the control protocol's command table and its handlers.
 *
 * One line is one command.  commands_run() tokenises it into a fixed
 * argv, finds the command with bsearch, checks the arity, and calls the
 * handler.  Handlers append "key: value" lines to the client's reply and
 * return 0, or return control_err(); they never see the socket and never
 * re-check argc.  The dispatcher then appends the final "OK" or
 * "ERR <code> <command>: <message>", dropping any data lines a failing
 * handler had written, so a reply is either complete or an error.
 *
 * `help` is generated from the same table, so it cannot drift.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "control.h"
#include "defaults.h"
#include "log.h"
#include "loop.h"
#include "vorleser.h"

static int	cmd_close(struct vorleser *, struct client *, int, char **);
static int	cmd_help(struct vorleser *, struct client *, int, char **);
static int	cmd_ping(struct vorleser *, struct client *, int, char **);
static int	cmd_status(struct vorleser *, struct client *, int, char **);
static int	cmd_version(struct vorleser *, struct client *, int, char **);

/* Sorted by name: commands_run() uses bsearch, commands_init() checks. */
static const struct command commands[] = {
	{ "close", 0, 0, cmd_close, "close",
	    "end the connection" },
	{ "help", 0, 1, cmd_help, "help [command]",
	    "list the commands, or show one command's usage" },
	{ "ping", 0, 0, cmd_ping, "ping",
	    "check that the daemon answers" },
	{ "status", 0, 0, cmd_status, "status",
	    "show the daemon's state" },
	{ "version", 0, 0, cmd_version, "version",
	    "show the daemon's and the protocol's version" },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

void
commands_init(void)
{
	size_t	i;

	for (i = 1; i < NCOMMANDS; i++)
		assert(strcmp(commands[i - 1].name, commands[i].name) < 0);
}

const struct command *
commands_table(int i)
{
	if (i < 0 || (size_t)i >= NCOMMANDS)
		return NULL;
	return &commands[i];
}

static int
compare(const void *key, const void *elem)
{
	return strcmp(key, ((const struct command *)elem)->name);
}

static const struct command *
lookup(const char *name)
{
	return bsearch(name, commands, NCOMMANDS, sizeof(commands[0]),
	    compare);
}

/* Is s valid UTF-8 without control characters other than tab? */
static int
valid_line(const unsigned char *s)
{
	int	n;

	while (*s != '\0') {
		if (*s < 0x80) {
			if (*s < 0x20 && *s != '\t')
				return 0;
			if (*s == 0x7f)
				return 0;
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0 && *s >= 0xc2)
			n = 1;
		else if ((*s & 0xf0) == 0xe0)
			n = 2;
		else if ((*s & 0xf8) == 0xf0 && *s <= 0xf4)
			n = 3;
		else
			return 0;
		s++;
		while (n-- > 0) {
			if ((*s & 0xc0) != 0x80)
				return 0;
			s++;
		}
	}
	return 1;
}

int
commands_tokenize(char *line, char **argv, int max, const char **why)
{
	char	*r = line, *w;
	int	 argc = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t')
			r++;
		if (*r == '\0')
			break;
		if (argc == max) {
			*why = "too many arguments";
			return -1;
		}
		argv[argc++] = w = r;
		if (*r == '"') {
			r++;
			for (;;) {
				if (*r == '\0') {
					*why = "unterminated quote";
					return -1;
				}
				if (*r == '"') {
					r++;
					break;
				}
				if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
					r++;
				*w++ = *r++;
			}
			if (*r != '\0' && *r != ' ' && *r != '\t') {
				*why = "text after closing quote";
				return -1;
			}
		} else
			while (*r != '\0' && *r != ' ' && *r != '\t')
				*w++ = *r++;
		if (*r != '\0')
			r++;
		*w = '\0';
	}
	return argc;
}

void
commands_run(struct vorleser *v, struct client *cl, char *line)
{
	const struct command	*cmd;
	char			*argv[MAX_ARGS + 1];
	const char		*why = NULL, *msg;
	size_t			 mark;
	int			 argc, code;

	if (!valid_line((const unsigned char *)line)) {
		control_line(cl, "ERR %d invalid UTF-8 or control character "
		    "in command line", ERR_ARG);
		return;
	}
	if ((argc = commands_tokenize(line, argv, MAX_ARGS + 1, &why)) == -1) {
		control_line(cl, "ERR %d %s", ERR_ARG, why);
		return;
	}
	if (argc == 0) {
		control_line(cl, "ERR %d empty command", ERR_ARG);
		return;
	}
	if ((cmd = lookup(argv[0])) == NULL) {
		control_line(cl, "ERR %d %s: unknown command (try 'help')",
		    ERR_ARG, argv[0]);
		return;
	}
	if (argc - 1 < cmd->min_args ||
	    (cmd->max_args >= 0 && argc - 1 > cmd->max_args)) {
		control_line(cl, "ERR %d %s: wrong number of arguments, usage: "
		    "%s", ERR_ARG, cmd->name, cmd->usage);
		return;
	}
	mark = control_reply_mark(cl);
	control_err_clear(cl);
	if (cmd->run(v, cl, argc, argv) == 0) {
		control_line(cl, "OK");
		return;
	}
	control_reply_rewind(cl, mark);
	if ((msg = control_err_text(cl, &code)) == NULL) {
		code = ERR_INTERNAL;
		msg = "failed";
	}
	control_line(cl, "ERR %d %s: %s", code, cmd->name, msg);
}

static int
cmd_close(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	control_close_after_reply(cl);
	return 0;
}

static int
cmd_help(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	const struct command	*cmd;
	size_t			 i;

	if (argc == 2) {
		if ((cmd = lookup(argv[1])) == NULL)
			return control_err(cl, ERR_NOTFOUND,
			    "no command '%s'", argv[1]);
		control_kv(cl, "usage", "%s", cmd->usage);
		control_kv(cl, "help", "%s", cmd->help);
		return 0;
	}
	for (i = 0; i < NCOMMANDS; i++)
		control_kv(cl, "command", "%-24s %s", commands[i].usage,
		    commands[i].help);
	return 0;
}

static int
cmd_ping(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	return 0;
}

static int
cmd_status(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	control_kv(cl, "state", "%s", "idle");
	control_kv(cl, "version", "%s", VERSION);
	control_kv(cl, "uptime", "%llu",
	    (unsigned long long)((loop_now_ms() - v->start_ms) / 1000));
	control_kv(cl, "feeds", "%d", 0);
	control_kv(cl, "queue", "%d", 0);
	control_kv(cl, "clients", "%d", control_nclients(v->control));
	return 0;
}

static int
cmd_version(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	control_kv(cl, "version", "%s", VERSION);
	control_kv(cl, "protocol", "%s", PROTOCOL_VERSION);
	return 0;
}
