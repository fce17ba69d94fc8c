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
#include "config.h"
#include "control.h"
#include "defaults.h"
#include "feeds.h"
#include "log.h"
#include "normalize.h"
#include "loop.h"
#include "feeds.h"
#include "player.h"
#include "queue.h"
#include "store.h"
#include "story.h"
#include "voice.h"
#include "vorleser.h"

static int	cmd_clear(struct vorleser *, struct client *, int, char **);
static int	cmd_dequeue(struct vorleser *, struct client *, int, char **);
static int	cmd_enqueue(struct vorleser *, struct client *, int, char **);
static int	cmd_mark(struct vorleser *, struct client *, int, char **);
static int	cmd_move(struct vorleser *, struct client *, int, char **);
static int	cmd_pause(struct vorleser *, struct client *, int, char **);
static int	cmd_play(struct vorleser *, struct client *, int, char **);
static int	cmd_queue(struct vorleser *, struct client *, int, char **);
static int	cmd_resume(struct vorleser *, struct client *, int, char **);
static int	cmd_say(struct vorleser *, struct client *, int, char **);
static int	cmd_set(struct vorleser *, struct client *, int, char **);
static int	cmd_stop(struct vorleser *, struct client *, int, char **);
static int	cmd_voices(struct vorleser *, struct client *, int, char **);
static int	cmd_begin(struct vorleser *, struct client *, int, char **);
static int	cmd_close(struct vorleser *, struct client *, int, char **);
static int	cmd_end(struct vorleser *, struct client *, int, char **);
static int	cmd_filter(struct vorleser *, struct client *, int, char **);
static int	cmd_get(struct vorleser *, struct client *, int, char **);
static int	cmd_help(struct vorleser *, struct client *, int, char **);
static int	cmd_idle(struct vorleser *, struct client *, int, char **);
static int	cmd_log_level(struct vorleser *, struct client *, int,
		    char **);
static int	cmd_noidle(struct vorleser *, struct client *, int, char **);
static int	cmd_ping(struct vorleser *, struct client *, int, char **);
static int	cmd_reload_config(struct vorleser *, struct client *, int,
		    char **);
static int	cmd_status(struct vorleser *, struct client *, int, char **);
static int	cmd_text(struct vorleser *, struct client *, int, char **);
static int	cmd_unwatch(struct vorleser *, struct client *, int, char **);
static int	cmd_version(struct vorleser *, struct client *, int, char **);
static int	cmd_watch(struct vorleser *, struct client *, int, char **);

/* Sorted by name: commands_run() uses bsearch, commands_init() checks. */
static const struct command commands[] = {
	{ "article", 1, 1, feeds_cmd_article, "article <id>",
	    "show every field of one article", 0 },
	{ "articles", 0, 5, feeds_cmd_articles,
	    "articles [--new|--all] [--feed ID] [--limit N]",
	    "list articles, new ones unless --all", 0 },
	{ "begin", 0, 0, cmd_begin, "begin",
	    "start a batch: the following commands run at 'end'",
	    CMD_NO_BATCH | CMD_NO_STATE },
	{ "clear", 0, 0, cmd_clear, "clear",
	    "empty the reading queue (its stories count as skipped)", 0 },
	{ "close", 0, 0, cmd_close, "close",
	    "end the connection", CMD_NO_BATCH | CMD_NO_STATE },
	{ "dequeue", 1, 1, cmd_dequeue, "dequeue <entry>",
	    "remove an entry from the reading queue", 0 },
	{ "end", 0, 0, cmd_end, "end",
	    "run the batch started with 'begin'", CMD_NO_BATCH | CMD_NO_STATE },
	{ "enqueue", 1, 2, cmd_enqueue, "enqueue <id> [--front]",
	    "put a story into the reading queue", 0 },
	{ "feed", 2, -1, feeds_cmd_feed,
	    "feed add <url> [tag...] | rm <id> | info <id>",
	    "subscribe, unsubscribe, or show one feed in full", 0 },
	{ "feeds", 0, 2, feeds_cmd_feeds,
	    "feeds [import <file.opml> | export]",
	    "list the subscribed feeds; import or export them as OPML", 0 },
	{ "filter", 1, 4, cmd_filter,
	    "filter add [--regex] any|title|feed|tag|text <pattern> | "
	    "filter list | filter rm <id>",
	    "stories matching a rule are stored but not read", 0 },
	{ "get", 0, 1, cmd_get, "get [option]",
	    "show one option, or all of them", CMD_NO_STATE },
	{ "help", 0, 1, cmd_help, "help [command]",
	    "list the commands, or show one command's usage", CMD_NO_STATE },
	{ "idle", 0, NTOPICS, cmd_idle, "idle [topic...]",
	    "wait until something changes; answers changed: <topic> lines",
	    CMD_NO_BATCH | CMD_NO_STATE },
	{ "log-level", 0, 1, cmd_log_level, "log-level [level]",
	    "show or set the log level (error|warning|info|debug)",
	    CMD_NO_STATE },
	{ "mark", 2, 2, cmd_mark, "mark read|unread <id>",
	    "mark a story as read (not to be read) or unread (to be read)",
	    0 },
	{ "next", 0, 1, cmd_move, "next [sentence|paragraph|story]",
	    "skip ahead (default: to the next story)", 0 },
	{ "noidle", 0, 0, cmd_noidle, "noidle",
	    "cancel a waiting idle", CMD_NO_BATCH | CMD_NO_STATE },
	{ "pause", 0, 1, cmd_pause, "pause [on|off]",
	    "pause at once (toggle without argument)", 0 },
	{ "ping", 0, 0, cmd_ping, "ping",
	    "check that the daemon answers", CMD_NO_STATE },
	{ "play", 0, 1, cmd_play, "play [id]",
	    "start or resume reading; with an id, that story now", 0 },
	{ "prev", 0, 1, cmd_move, "prev [sentence|paragraph|story]",
	    "go back (default: to the start of the story, or the one "
	    "before)", 0 },
	{ "queue", 0, 0, cmd_queue, "queue",
	    "the story being read and the stories waiting", 0 },
	{ "reload", 0, 1, feeds_cmd_reload, "reload [id|all]",
	    "poll one feed or all feeds now", 0 },
	{ "reload-config", 0, 0, cmd_reload_config, "reload-config",
	    "re-read the configuration file (as SIGHUP does)", CMD_NO_STATE },
	{ "repeat", 0, 1, cmd_move, "repeat [sentence|headline|story]",
	    "say it again (default: the sentence)", 0 },
	{ "resume", 0, 0, cmd_resume, "resume",
	    "continue from the paused sample", 0 },
	{ "say", 1, -1, cmd_say, "say [--urgent|--low] <text>",
	    "speak a text: urgent interrupts, low is dropped when busy", 0 },
	{ "set", 2, 2, cmd_set,
	    "set rate|pitch|volume <n|+n|-n> | voice <name> | "
	    "mode headlines|summary|full | earcons on|off",
	    "change a speech setting from the next sentence", 0 },
	{ "status", 0, 0, cmd_status, "status",
	    "show the daemon's state", CMD_NO_STATE },
	{ "stop", 0, 0, cmd_stop, "stop",
	    "silence; the story starts over at the next play", 0 },
	{ "text", 2, 2, cmd_text, "text <id> raw|clean|spoken",
	    "one stage of a story's text: headline, then paragraphs", 0 },
	{ "unwatch", 0, 0, cmd_unwatch, "unwatch",
	    "stop the event stream of 'watch'", CMD_NO_STATE },
	{ "version", 0, 0, cmd_version, "version",
	    "show the daemon's and the protocol's version", CMD_NO_STATE },
	{ "voices", 0, 0, cmd_voices, "voices",
	    "the voice profiles and the eSpeak NG voices", 0 },
	{ "watch", 0, NTOPICS, cmd_watch, "watch [topic...]",
	    "push EVENT <topic> <name> key=value lines until 'unwatch'",
	    CMD_NO_STATE },
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

/*
 * Runs one line.  Returns CMD_OK, CMD_REPLIED (the handler answered, or
 * will answer later, by itself), or -1 with the error in code, *name and
 * msg.
 */
static int
run_line(struct vorleser *v, struct client *cl, char *line, int in_batch,
    int *code, const char **name, char *msg, size_t msgsize)
{
	const struct command	*cmd;
	char			*argv[MAX_ARGS + 1];
	const char		*why = NULL, *text;
	size_t			 mark;
	int			 argc, rc;

	*name = NULL;
	*code = ERR_ARG;
	if (!valid_line((const unsigned char *)line)) {
		snprintf(msg, msgsize, "invalid UTF-8 or control character "
		    "in command line");
		return -1;
	}
	if ((argc = commands_tokenize(line, argv, MAX_ARGS + 1, &why)) == -1) {
		snprintf(msg, msgsize, "%s", why);
		return -1;
	}
	if (argc == 0) {
		snprintf(msg, msgsize, "empty command");
		return -1;
	}
	if ((cmd = lookup(argv[0])) == NULL) {
		*name = NULL;
		snprintf(msg, msgsize, "%.64s: unknown command (try 'help')",
		    argv[0]);
		return -1;
	}
	*name = cmd->name;
	if (argc - 1 < cmd->min_args ||
	    (cmd->max_args >= 0 && argc - 1 > cmd->max_args)) {
		snprintf(msg, msgsize, "wrong number of arguments, usage: %s",
		    cmd->usage);
		return -1;
	}
	if (in_batch && (cmd->flags & CMD_NO_BATCH)) {
		snprintf(msg, msgsize, "not allowed in a batch");
		return -1;
	}
	if (v->store == NULL && !(cmd->flags & CMD_NO_STATE)) {
		*code = ERR_STATE;
		snprintf(msg, msgsize, "the state folder cannot be written "
		    "(%s); waiting until it can", v->state_error[0] != '\0' ?
		    v->state_error : "not open");
		return -1;
	}
	mark = control_reply_mark(cl);
	control_err_clear(cl);
	if ((rc = cmd->run(v, cl, argc, argv)) >= 0)
		return rc;
	control_reply_rewind(cl, mark);
	if ((text = control_err_text(cl, code)) == NULL) {
		*code = ERR_INTERNAL;
		text = "failed";
	}
	snprintf(msg, msgsize, "%s", text);
	return -1;
}

void
commands_run(struct vorleser *v, struct client *cl, char *line)
{
	const char	*name;
	char		 msg[600];
	int		 code, rc;

	rc = run_line(v, cl, line, 0, &code, &name, msg, sizeof(msg));
	if (rc == CMD_OK)
		control_line(cl, "OK");
	else if (rc == -1 && name != NULL)
		control_line(cl, "ERR %d %s: %s", code, name, msg);
	else if (rc == -1)
		control_line(cl, "ERR %d %s", code, msg);
}

void
commands_run_batch(struct vorleser *v, struct client *cl, char **lines,
    int n)
{
	const char	*name;
	char		 msg[600];
	int		 code, i;

	for (i = 0; i < n; i++) {
		if (run_line(v, cl, lines[i], 1, &code, &name, msg,
		    sizeof(msg)) != -1)
			continue;
		control_line(cl, "ERR %d %s: batch command %d: %s", code,
		    name != NULL ? name : "batch", i + 1, msg);
		return;
	}
	control_line(cl, "OK");
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
	struct player_status		 ps;
	const struct queue_entry	*e;

	memset(&ps, 0, sizeof(ps));
	ps.state_name = "idle";
	ps.title = ps.part = ps.voice = ps.mode = "";
	if (v->queue != NULL)
		player_get_status(queue_player(v->queue), &ps);
	control_kv(cl, "state", "%s", ps.state_name);
	control_kv(cl, "version", "%s", VERSION);
	control_kv(cl, "uptime", "%llu",
	    (unsigned long long)((loop_now_ms() - v->start_ms) / 1000));
	control_kv(cl, "feeds", "%zu", feeds_count(v));
	control_kv(cl, "queue", "%zu", v->queue != NULL ?
	    queue_list(v->queue, &e) : 0);
	control_kv(cl, "clients", "%d", control_nclients(v->control));
	if (store_fault(v->store) != NULL)
		control_kv(cl, "store", "cannot write (%s), %zu read marks "
		    "waiting", store_fault(v->store), store_pending(v->store));
	else if (v->store == NULL && v->state_error[0] != '\0')
		control_kv(cl, "store", "cannot open the state folder (%s)",
		    v->state_error);
	else
		control_kv(cl, "store", "%s", v->store != NULL ? "ok" :
		    "not open");
	if (v->queue == NULL)
		return 0;
	control_kv(cl, "story", "%lld", (long long)ps.story_id);
	control_kv(cl, "title", "%s", ps.title);
	control_kv(cl, "part", "%s", ps.part);
	control_kv(cl, "sentence", "%zu/%zu", ps.sentence, ps.nsentences);
	control_kv(cl, "paragraph", "%zu/%zu", ps.paragraph, ps.nparagraphs);
	control_kv(cl, "rate", "%d", ps.rate);
	control_kv(cl, "pitch", "%d", ps.pitch);
	control_kv(cl, "volume", "%d", ps.volume);
	control_kv(cl, "voice", "%s", ps.voice);
	control_kv(cl, "mode", "%s", ps.mode);
	control_kv(cl, "audio", "%s", ps.audio);
	control_kv(cl, "underruns", "%lu", ps.underruns);
	return 0;
}

static int
cmd_version(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	control_kv(cl, "version", "%s", VERSION);
	control_kv(cl, "protocol", "%s", PROTOCOL_VERSION);
	return 0;
}

struct get_ctx {
	struct vorleser	*v;
	struct client	*cl;
};

static void
get_one(const char *key, const char *help, void *arg)
{
	struct get_ctx	*g = arg;
	char		 val[CONFIG_STR + 32];

	if (config_get(&g->v->cfg, key, val, sizeof(val)) == 0)
		control_kv(g->cl, key, "%s", val);
}

static int
cmd_get(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct get_ctx	g = { v, cl };
	char		val[CONFIG_STR + 32], key[96];

	if (argc == 1) {
		config_foreach(get_one, &g);
		return 0;
	}
	if (config_get(&v->cfg, argv[1], val, sizeof(val)) == 0) {
		control_kv(cl, argv[1], "%s", val);
		return 0;
	}
	/* Short names of the speech and audio settings: rate, device. */
	snprintf(key, sizeof(key), "speech.%s", argv[1]);
	if (strchr(argv[1], '.') == NULL &&
	    config_get(&v->cfg, key, val, sizeof(val)) == 0) {
		control_kv(cl, argv[1], "%s", val);
		return 0;
	}
	snprintf(key, sizeof(key), "audio.%s", argv[1]);
	if (strchr(argv[1], '.') == NULL &&
	    config_get(&v->cfg, key, val, sizeof(val)) == 0) {
		control_kv(cl, argv[1], "%s", val);
		return 0;
	}
	return control_err(cl, ERR_NOTFOUND, "no option '%s'", argv[1]);
}

static int
cmd_log_level(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	int	level;

	if (argc == 2) {
		if ((level = log_level_parse(argv[1])) == -1)
			return control_err(cl, ERR_ARG, "'%s' is not error, "
			    "warning, info or debug", argv[1]);
		log_set_level(level);
		control_event(v->control, TOPIC_OPTIONS, "log-level",
		    "level=%s", log_level_name(level));
	}
	control_kv(cl, "log-level", "%s", log_level_name(log_get_level()));
	return 0;
}

static int
cmd_reload_config(struct vorleser *v, struct client *cl, int argc,
    char **argv)
{
	char	err[512];

	if (vorleser_reload(v, err, sizeof(err)) == -1)
		return control_err(cl, ERR_ARG, "%s; the old configuration "
		    "stays in force", err);
	control_event(v->control, TOPIC_OPTIONS, "reload", NULL);
	return 0;
}

static int
cmd_begin(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	control_batch_begin(cl);
	return CMD_REPLIED;	/* the batch answers at "end" */
}

static int
cmd_end(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	return control_err(cl, ERR_STATE, "no batch was started with 'begin'");
}

static int
cmd_idle(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	unsigned	mask;

	if (control_topic_mask(argc - 1, argv + 1, &mask) == -1)
		return control_err(cl, ERR_ARG, "unknown topic; topics: player "
		    "speech queue feeds articles options error");
	control_idle(cl, mask);
	return CMD_REPLIED;	/* answered when a topic changes */
}

static int
cmd_noidle(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	if (control_noidle(cl) == -1)
		return control_err(cl, ERR_STATE, "not waiting in idle");
	return CMD_OK;
}

static int
cmd_watch(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	unsigned	mask;

	if (control_topic_mask(argc - 1, argv + 1, &mask) == -1)
		return control_err(cl, ERR_ARG, "unknown topic; topics: player "
		    "speech queue feeds articles options error");
	control_watch(cl, mask);
	return CMD_OK;
}

static int
cmd_unwatch(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	if (control_unwatch(cl) == -1)
		return control_err(cl, ERR_STATE, "not watching");
	return CMD_OK;
}

/* Parses a positive decimal id; -1 when s is not one. */
static long
parse_id(const char *s)
{
	char	*end;
	long	 id;

	if (*s < '0' || *s > '9')
		return -1;
	id = strtol(s, &end, 10);
	return *end == '\0' && id > 0 ? id : -1;
}

static int
cmd_filter(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	const struct filter_rule	*r;
	char				 err[256];
	size_t				 i;
	long				 id;
	int				 regex = 0, a = 2;

	if (strcmp(argv[1], "list") == 0 && argc == 2) {
		for (i = 0; i < v->filters.n; i++) {
			r = &v->filters.rules[i];
			control_kv(cl, "id", "%d", r->id);
			control_kv(cl, "field", "%s",
			    filters_field_name(r->field));
			control_kv(cl, "kind", "%s", r->regex ? "regex" :
			    "keyword");
			control_kv(cl, "pattern", "%s", r->pattern);
		}
		return 0;
	}
	if (strcmp(argv[1], "rm") == 0 && argc == 3) {
		if ((id = parse_id(argv[2])) == -1)
			return control_err(cl, ERR_ARG, "'%s' is not an id",
			    argv[2]);
		if (filters_remove(&v->filters, (int)id) == -1)
			return control_err(cl, ERR_NOTFOUND, "no rule %ld", id);
		goto save;
	}
	if (strcmp(argv[1], "add") == 0 && argc >= 4) {
		if (strcmp(argv[2], "--regex") == 0) {
			regex = 1;
			a = 3;
		}
		if (argc != a + 2)
			return control_err(cl, ERR_ARG, "usage: filter add "
			    "[--regex] <field> <pattern>");
		if ((id = filters_add(&v->filters, argv[a], regex,
		    argv[a + 1], err, sizeof(err))) == -1)
			return control_err(cl, ERR_ARG, "%s", err);
		control_kv(cl, "id", "%ld", id);
		goto save;
	}
	return control_err(cl, ERR_ARG, "usage: filter add [--regex] <field> "
	    "<pattern> | filter list | filter rm <id>");
save:
	if (filters_save(&v->filters, v->filters_path) == -1)
		return control_err(cl, ERR_INTERNAL, "could not write %s "
		    "(the rule is in force until restart)", v->filters_path);
	control_event(v->control, TOPIC_OPTIONS, "filters", NULL);
	return 0;
}

static int
cmd_text(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct store_item	 it;
	struct story		 st;
	const char		*text;
	long			 id;
	size_t			 i;
	int			 rc;

	if ((id = parse_id(argv[1])) == -1)
		return control_err(cl, ERR_ARG, "'%s' is not an id", argv[1]);
	if (strcmp(argv[2], "raw") != 0 && strcmp(argv[2], "clean") != 0 &&
	    strcmp(argv[2], "spoken") != 0)
		return control_err(cl, ERR_ARG, "the stage is raw, clean or "
		    "spoken, not '%s'", argv[2]);
	if (v->store == NULL)
		return control_err(cl, ERR_STATE, "no store");
	if ((rc = store_get_item(v->store, id, &it)) == STORE_NOT_FOUND)
		return control_err(cl, ERR_NOTFOUND, "no story %ld", id);
	if (rc != 0)
		return control_err(cl, ERR_INTERNAL, "store failed");
	text = strcmp(argv[2], "raw") == 0 ? it.raw_text :
	    strcmp(argv[2], "clean") == 0 ? it.clean_text : it.spoken_text;
	if (text == NULL) {
		store_item_free(&it);
		return control_err(cl, ERR_STATE, "story %ld has no %s text "
		    "yet", id, argv[2]);
	}
	control_kv(cl, "id", "%ld", id);
	control_kv(cl, "stage", "%s", argv[2]);
	if (strcmp(argv[2], "raw") == 0) {
		/* The feed's or page's text as it came: one value. */
		control_kv(cl, "text", "%s", text);
	} else if (story_split(text, &st) == 0) {
		control_kv(cl, "title", "%s", st.title);
		for (i = 0; i < st.nparas; i++)
			control_kv(cl, "paragraph", "%s", st.paras[i]);
		story_free(&st);
	}
	store_item_free(&it);
	return 0;
}

/* ---- speaking ---- */

static struct player *
player_of(struct vorleser *v, struct client *cl)
{
	if (v->queue == NULL) {
		control_err(cl, ERR_STATE, "speaking is not available");
		return NULL;
	}
	return queue_player(v->queue);
}

static int
cmd_play(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	const char	*why = NULL;
	long		 id = 0;

	if (player_of(v, cl) == NULL)
		return -1;
	if (argc == 2 && (id = parse_id(argv[1])) == -1)
		return control_err(cl, ERR_ARG, "'%s' is not an id", argv[1]);
	if (queue_play(v->queue, id, &why) == -1)
		return control_err(cl, strcmp(why, "no such story") == 0 ?
		    ERR_NOTFOUND : ERR_STATE, "%s", why);
	return 0;
}

static int
cmd_pause(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct player	*pl;
	int		 on = -1;

	if ((pl = player_of(v, cl)) == NULL)
		return -1;
	if (argc == 2) {
		if (strcmp(argv[1], "on") == 0)
			on = 1;
		else if (strcmp(argv[1], "off") == 0)
			on = 0;
		else
			return control_err(cl, ERR_ARG, "pause on or off, not "
			    "'%s'", argv[1]);
	}
	if (player_pause(pl, on) == -1)
		return control_err(cl, ERR_STATE, "nothing is being read");
	queue_player_changed(v->queue);
	return 0;
}

static int
cmd_resume(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct player	*pl;

	if ((pl = player_of(v, cl)) == NULL)
		return -1;
	if (player_resume(pl) == -1)
		return control_err(cl, ERR_STATE, "not paused");
	queue_player_changed(v->queue);
	return 0;
}

static int
cmd_stop(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	if (player_of(v, cl) == NULL)
		return -1;
	queue_stop(v->queue);
	return 0;
}

static int
parse_unit(const char *s, int allow_headline)
{
	if (strcmp(s, "sentence") == 0)
		return PLAYER_SENTENCE;
	if (strcmp(s, "paragraph") == 0)
		return PLAYER_PARAGRAPH;
	if (strcmp(s, "story") == 0)
		return PLAYER_STORY;
	if (allow_headline && strcmp(s, "headline") == 0)
		return PLAYER_HEADLINE;
	return -1;
}

/* next, prev and repeat. */
static int
cmd_move(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct player	*pl;
	int		 unit, rc, rep = strcmp(argv[0], "repeat") == 0;

	if ((pl = player_of(v, cl)) == NULL)
		return -1;
	unit = rep ? PLAYER_SENTENCE : PLAYER_STORY;
	if (argc == 2 && (unit = parse_unit(argv[1], rep)) == -1)
		return control_err(cl, ERR_ARG, "'%s' is not %s", argv[1],
		    rep ? "sentence, headline or story" :
		    "sentence, paragraph or story");
	if (rep)
		rc = player_repeat(pl, unit);
	else if (strcmp(argv[0], "next") == 0)
		rc = player_next(pl, unit);
	else
		rc = player_prev(pl, unit);
	if (rc == -1)
		return control_err(cl, ERR_STATE, "there is no %s to go to",
		    argc == 2 ? argv[1] : rep ? "sentence" : "story");
	queue_player_changed(v->queue);
	return 0;
}

static int
cmd_queue(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	const struct queue_entry	*e;
	struct player_status		 ps;
	struct store_item		 it;
	size_t				 i, n;

	if (player_of(v, cl) == NULL)
		return -1;
	player_get_status(queue_player(v->queue), &ps);
	if (ps.story_id != 0) {
		control_kv(cl, "entry", "current");
		control_kv(cl, "id", "%lld", (long long)ps.story_id);
		control_kv(cl, "title", "%s", ps.title);
	}
	n = queue_list(v->queue, &e);
	for (i = 0; i < n; i++) {
		control_kv(cl, "entry", "%ld", e[i].entry);
		control_kv(cl, "id", "%lld", (long long)e[i].story);
		if (store_get_item(v->store, e[i].story, &it) == 0) {
			control_kv(cl, "title", "%s", it.title ? it.title : "");
			store_item_free(&it);
		}
	}
	return 0;
}

static int
cmd_clear(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	if (player_of(v, cl) == NULL)
		return -1;
	queue_clear(v->queue);
	return 0;
}

static int
cmd_enqueue(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	const char	*why = NULL;
	long		 id, entry;
	int		 front = 0;

	if (player_of(v, cl) == NULL)
		return -1;
	if ((id = parse_id(argv[1])) == -1)
		return control_err(cl, ERR_ARG, "'%s' is not an id", argv[1]);
	if (argc == 3) {
		if (strcmp(argv[2], "--front") != 0)
			return control_err(cl, ERR_ARG, "usage: enqueue <id> "
			    "[--front]");
		front = 1;
	}
	if (queue_enqueue(v->queue, id, front, &entry, &why) == -1)
		return control_err(cl, strcmp(why, "no such story") == 0 ?
		    ERR_NOTFOUND : ERR_STATE, "%s", why);
	control_kv(cl, "entry", "%ld", entry);
	return 0;
}

static int
cmd_dequeue(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	long	entry;

	if (player_of(v, cl) == NULL)
		return -1;
	if ((entry = parse_id(argv[1])) == -1)
		return control_err(cl, ERR_ARG, "'%s' is not an entry",
		    argv[1]);
	if (queue_dequeue(v->queue, entry) == -1)
		return control_err(cl, ERR_NOTFOUND, "no entry %ld", entry);
	return 0;
}

static int
cmd_mark(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	long	id;
	int	rc, read = strcmp(argv[1], "read") == 0;

	if (!read && strcmp(argv[1], "unread") != 0)
		return control_err(cl, ERR_ARG, "mark read or unread, not "
		    "'%s'", argv[1]);
	if ((id = parse_id(argv[2])) == -1)
		return control_err(cl, ERR_ARG, "'%s' is not an id", argv[2]);
	if (v->store == NULL)
		return control_err(cl, ERR_STATE, "no store");
	if (read && v->queue != NULL)
		queue_forget(v->queue, id);
	rc = store_set_item_state(v->store, id, read ? ITEM_SPOKEN : ITEM_NEW,
	    read ? "marked read" : NULL, (int64_t)time(NULL));
	if (rc == STORE_NOT_FOUND)
		return control_err(cl, ERR_NOTFOUND, "no story %ld", id);
	if (rc != 0)
		return control_err(cl, ERR_INTERNAL, "store failed");
	control_event(v->control, TOPIC_ARTICLES, read ? "read" : "unread",
	    "id=%ld", id);
	if (!read && v->queue != NULL)
		queue_fill(v->queue);
	return 0;
}

static int
cmd_say(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct player	*pl;
	char		 text[MAX_LINE], *spoken;
	size_t		 len = 0;
	int		 i = 1, prio = PLAYER_SAY_NORMAL, rc;

	if ((pl = player_of(v, cl)) == NULL)
		return -1;
	if (strcmp(argv[1], "--urgent") == 0) {
		prio = PLAYER_SAY_URGENT;
		i++;
	} else if (strcmp(argv[1], "--low") == 0) {
		prio = PLAYER_SAY_LOW;
		i++;
	}
	if (i >= argc)
		return control_err(cl, ERR_ARG, "nothing to say");
	text[0] = '\0';
	for (; i < argc; i++)	/* fits: the line was at most MAX_LINE */
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s",
		    len ? " " : "", argv[i]);
	spoken = normalize_text(v->lexicon, text, strlen(text));
	rc = player_say(pl, spoken != NULL ? spoken : text, prio);
	free(spoken);
	if (rc == -1)
		return control_err(cl, ERR_STATE, "busy: a low-priority text "
		    "is dropped while something is read");
	queue_player_changed(v->queue);
	return 0;
}

/* "+5" and "-5" are relative, "5" absolute. */
static int
parse_amount(const char *s, int *value, int *delta)
{
	char	*end;
	long	 n;

	*delta = *s == '+' || *s == '-';
	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || n < -1000 || n > 1000)
		return -1;
	*value = (int)n;
	return 0;
}

static int
cmd_set(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	struct player		*pl;
	struct player_status	 ps;
	const char		*opt = argv[1], *val = argv[2];
	int			 n, delta, rc, mode;

	if ((pl = player_of(v, cl)) == NULL)
		return -1;
	if (strcmp(opt, "rate") == 0 || strcmp(opt, "pitch") == 0 ||
	    strcmp(opt, "volume") == 0) {
		if (parse_amount(val, &n, &delta) == -1)
			return control_err(cl, ERR_ARG, "'%s' is not n, +n or "
			    "-n", val);
		rc = opt[0] == 'r' ? player_set_rate(pl, n, delta) :
		    opt[0] == 'p' ? player_set_pitch(pl, n, delta) :
		    player_set_volume(pl, n, delta);
		if (rc == -1)
			return control_err(cl, ERR_ARG, "%s out of range "
			    "(rate %d..%d, pitch 0..100, volume 0..200)", opt,
			    RATE_MIN, RATE_MAX);
		player_get_status(pl, &ps);
		if (opt[0] == 'r')
			v->cfg.speech_rate = ps.rate;
		else if (opt[0] == 'p')
			v->cfg.speech_pitch = ps.pitch;
		else
			v->cfg.speech_volume = ps.volume;
	} else if (strcmp(opt, "voice") == 0) {
		if (player_set_voice(pl, val) == -1)
			return control_err(cl, ERR_NOTFOUND, "no voice '%s' "
			    "(see 'voices')", val);
		snprintf(v->cfg.speech_voice, sizeof(v->cfg.speech_voice),
		    "%s", val);
	} else if (strcmp(opt, "mode") == 0) {
		if ((mode = player_mode_parse(val)) == -1)
			return control_err(cl, ERR_ARG, "mode headlines, "
			    "summary or full, not '%s'", val);
		player_set_mode(pl, mode);
		snprintf(v->cfg.speech_mode, sizeof(v->cfg.speech_mode), "%s",
		    val);
	} else if (strcmp(opt, "earcons") == 0) {
		if (strcmp(val, "on") != 0 && strcmp(val, "off") != 0)
			return control_err(cl, ERR_ARG, "earcons on or off");
		v->cfg.speech_earcons = strcmp(val, "on") == 0;
		player_set_earcons(pl, v->cfg.speech_earcons);
	} else
		return control_err(cl, ERR_ARG, "no option '%s' (rate, pitch, "
		    "volume, voice, mode, earcons)", opt);
	control_event(v->control, TOPIC_OPTIONS, "set", "%s=%s", opt, val);
	return 0;
}

static int
cmd_voices(struct vorleser *v, struct client *cl, int argc, char **argv)
{
	const struct voices	*vs;
	const char *const	*names;
	size_t			 i, n;

	if (player_of(v, cl) == NULL)
		return -1;
	vs = queue_voices(v->queue);
	for (i = 0; i < vs->nprofiles; i++) {
		control_kv(cl, "voice", "%s", vs->profiles[i].name);
		control_kv(cl, "kind", "profile");
		control_kv(cl, "base", "%s", vs->profiles[i].base);
		control_kv(cl, "rate", "%d", vs->profiles[i].rate);
	}
	/* Loads eSpeak NG if nothing was spoken yet. */
	n = voice_espeak_names(&names);
	for (i = 0; i < n; i++) {
		control_kv(cl, "voice", "%s", names[i]);
		control_kv(cl, "kind", "espeak");
	}
	return 0;
}
