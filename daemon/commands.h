/* The control protocol's command table and reply codes. */
#ifndef COMMANDS_H
#define COMMANDS_H

struct vorleser;
struct client;

/*
 * Reply codes in "ERR <code> <command>: <message>".  The hundreds give
 * the class; scripts can test the class alone.  The client (vorleser)
 * shares these to pick its exit status.
 */
#define ERR_ARG		400	/* bad syntax, unknown command, bad value */
#define ERR_PERM	403	/* not allowed */
#define ERR_NOTFOUND	404	/* no such feed, story, entry, ... */
#define ERR_STATE	409	/* not possible now (e.g. nothing playing) */
#define ERR_INTERNAL	500	/* the daemon failed (database, memory) */

/* What a handler returns besides -1 (error, see control_err()). */
#define CMD_OK		0	/* the dispatcher appends "OK" */
#define CMD_REPLIED	1	/* the handler answers by itself, maybe later */

/* Flags of a command. */
#define CMD_NO_BATCH	0x1	/* not allowed between begin and end */
#define CMD_NO_STATE	0x2	/* runs while the state folder cannot be
				 * written and the store is not open */

struct command {
	const char	*name;
	int		 min_args;	/* arguments after the name */
	int		 max_args;	/* -1: no upper bound */
	int		(*run)(struct vorleser *, struct client *, int argc,
			    char **argv);	/* argv[0] is the name */
	const char	*usage;
	const char	*help;		/* one line for `help` */
	int		 flags;		/* CMD_* */
};

/* Checks the table's order (debug builds abort on a broken table). */
void	commands_init(void);

/*
 * Runs one protocol line for a client: tokenises it (spaces, double
 * quotes with \" and \\ escapes), looks the command up, checks the
 * arity, runs the handler and appends "OK" or the error line.
 */
void	commands_run(struct vorleser *, struct client *, char *line);

/*
 * Runs the n lines of a batch (begin ... end) in order and stops at the
 * first error, whose ERR names the failing command's index (from 1).
 * The data lines of the commands before it stay; one OK ends a batch
 * that ran through.
 */
void	commands_run_batch(struct vorleser *, struct client *, char **lines,
	    int n);

/* Splits line in place into at most max arguments.  Returns the count,
 * or -1 with a reason in *why (unterminated quote, too many). */
int	commands_tokenize(char *line, char **argv, int max, const char **why);

/* The table, for documentation checks: name of entry i, NULL at the end. */
const struct command *commands_table(int i);

#endif
