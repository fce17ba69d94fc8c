/*
 * vorleserd: options, start-up and shutdown.  main() owns struct
 * vorleser, makes each module, hands control to the event loop and takes
 * everything down again on SIGTERM or SIGINT.
 *
 * The offline modes (--extract, --normalize, --render) run one pipeline
 * stage on files or stdin and exit without touching the state folder or
 * the socket, so every stage can be measured on its own.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clean.h"
#include "commands.h"
#include "config.h"
#include "control.h"
#include "defaults.h"
#include "demo.h"
#include "extract.h"
#include "feeds.h"
#include "lexicon.h"
#include "log.h"
#include "loop.h"
#include "normalize.h"
#include "paths.h"
#include "player.h"
#include "queue.h"
#include "sd.h"
#include "siterules.h"
#include "speaker.h"
#include "speech.h"
#include "stories.h"
#include "story.h"
#include "store.h"
#include "voice.h"
#include "vorleser.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: vorleserd [-qv] [--config FILE] [--state-dir DIR] "
	    "[--socket PATH]\n"
	    "       vorleserd --extract FILE.html|- [--url URL]\n"
	    "       vorleserd --normalize  < text > speech-text\n"
	    "       vorleserd --render OUT.wav --text TEXT | --article FILE |"
	    " --story ID\n"
	    "       vorleserd --poll-once [--config FILE] [--state-dir DIR]\n"
	    "       vorleserd --speak  < commands\n"
	    "\n"
	    "  -c, --config FILE    configuration file\n"
	    "                       (default $XDG_CONFIG_HOME/vorleser/"
	    "vorleser.conf)\n"
	    "  -d, --state-dir DIR  state folder (default $XDG_STATE_HOME/"
	    "vorleser)\n"
	    "  -s, --socket PATH    control socket (default $VORLESER_SOCKET"
	    " or\n"
	    "                       $XDG_RUNTIME_DIR/vorleser/socket)\n"
	    "  -v, --verbose        more log output (repeat for debug)\n"
	    "  -q, --quiet          warnings and errors only\n"
	    "  -h, --help           this text\n"
	    "  -V, --version        print the version\n"
	    "\n"
	    "Offline modes (no daemon, no state):\n"
	    "  --extract FILE       print the article text of an HTML page\n"
	    "  --url URL            the page's address (links, site rules)\n"
	    "  --normalize          German text to speech text, line by line\n"
	    "  --render OUT.wav     speak into a WAV file (with --text)\n"
	    "  --text TEXT          the text for --render\n"
	    "  --story ID           render a stored story (state folder)\n"
	    "  --article FILE.html  a page for --render, spoken as a story\n"
	    "  --speak              speak through the audio device, driven by\n"
	    "                       lines on stdin (say TEXT, pause, resume,\n"
	    "                       stop, wait, quit); for tests\n"
	    "\n"
	    "  --poll-once          poll every feed once, save, exit\n"
	    "  --demo               read a bundled sample feed aloud, with no\n"
	    "                       network, then exit (state in a temporary\n"
	    "                       folder; the control socket is printed)\n");
}

enum offline { OFF_NONE, OFF_EXTRACT, OFF_NORMALIZE, OFF_RENDER, OFF_SPEAK };

struct options {
	const char	*config, *state, *sock;
	int		 verbosity;
	enum offline	 offline;
	const char	*extract_file, *url, *render_out, *text;
	const char	*article, *story;
	int		 poll_once;
	int		 demo;
};

static void
parse_options(int argc, char *argv[], struct options *o)
{
	enum { O_EXTRACT = 256, O_URL, O_NORMALIZE, O_RENDER, O_TEXT,
	    O_POLL_ONCE, O_SPEAK, O_DEMO, O_ARTICLE, O_STORY };
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "state-dir",	required_argument,	NULL, 'd' },
		{ "socket",	required_argument,	NULL, 's' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "extract",	required_argument,	NULL, O_EXTRACT },
		{ "url",	required_argument,	NULL, O_URL },
		{ "normalize",	no_argument,		NULL, O_NORMALIZE },
		{ "render",	required_argument,	NULL, O_RENDER },
		{ "text",	required_argument,	NULL, O_TEXT },
		{ "poll-once",	no_argument,		NULL, O_POLL_ONCE },
		{ "demo",	no_argument,		NULL, O_DEMO },
		{ "speak",	no_argument,		NULL, O_SPEAK },
		{ "article",	required_argument,	NULL, O_ARTICLE },
		{ "story",	required_argument,	NULL, O_STORY },
		{ NULL,		0,			NULL, 0 }
	};
	int	ch;

	memset(o, 0, sizeof(*o));
	while ((ch = getopt_long(argc, argv, "c:d:s:vqhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'd':
			o->state = optarg;
			break;
		case 's':
			o->sock = optarg;
			break;
		case 'v':
			o->verbosity++;
			break;
		case 'q':
			o->verbosity = -1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("vorleserd %s (protocol %s)\n", VERSION,
			    PROTOCOL_VERSION);
			exit(0);
		case O_EXTRACT:
			o->offline = OFF_EXTRACT;
			o->extract_file = optarg;
			break;
		case O_URL:
			o->url = optarg;
			break;
		case O_NORMALIZE:
			o->offline = OFF_NORMALIZE;
			break;
		case O_RENDER:
			o->offline = OFF_RENDER;
			o->render_out = optarg;
			break;
		case O_TEXT:
			o->text = optarg;
			break;
		case O_DEMO:
			o->demo = 1;
			break;
		case O_POLL_ONCE:
			o->poll_once = 1;
			break;
		case O_SPEAK:
			o->offline = OFF_SPEAK;
			break;
		case O_STORY:
			o->story = optarg;
			break;
		case O_ARTICLE:
			o->article = optarg;
			break;
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vorleserd: unexpected argument '%s'\n",
		    argv[optind]);
		usage(stderr);
		exit(2);
	}
}

/*
 * --normalize: stdin to stdout, one output line per input line, so a
 * scorer can pair them up.  Lines are read whole (getline) and a line
 * the normaliser rejects comes out unchanged rather than missing.
 */
static int
normalize_filter(const struct paths *p)
{
	struct lexicon	*lex;
	char		*line = NULL, *out;
	size_t		 cap = 0;
	ssize_t		 n;

	if ((lex = lexicon_load(p->voices_dir, p->config_dir)) == NULL)
		return 1;
	while ((n = getline(&line, &cap, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if ((out = normalize_text(lex, line, (size_t)n)) == NULL) {
			fputs(line, stdout);
		} else {
			/* The output is one line too. */
			out[strcspn(out, "\n")] = '\0';
			fputs(out, stdout);
			free(out);
		}
		putchar('\n');
	}
	free(line);
	lexicon_free(lex);
	return fflush(stdout) == 0 && !ferror(stdin) ? 0 : 1;
}

/*
 * --extract: an HTML page (a file, or "-" for stdin) to the text the
 * daemon would read aloud: extracted, cleaned, then the headline, a blank
 * line and the paragraphs.  Site rules come from the shipped file and the
 * user's, as in the daemon; without them the page is still extracted.
 */
static int
extract_page(const struct options *o, const struct paths *p)
{
	struct siterules	*rules;
	struct article		 art;
	struct buf		 page, out;
	char			 user[PATH_MAX + 32];
	FILE			*fp;
	int			 rc = 1;

	if (strcmp(o->extract_file, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(o->extract_file, "rb")) == NULL) {
		log_warn("%s", o->extract_file);
		return 1;
	}
	buf_init(&page, EXTRACT_MAX_HTML);
	buf_init(&out, EXTRACT_MAX_TEXT * 2);
	if (buf_read_file(&page, fp) == -1) {
		log_warn("read %s (at most %d bytes)", o->extract_file,
		    EXTRACT_MAX_HTML);
		goto done;
	}
	snprintf(user, sizeof(user), "%s/siterules.conf", p->config_dir);
	rules = siterules_load(p->siterules_file, user);
	if (extract_html(page.data != NULL ? page.data : "", page.len, o->url,
	    rules, &art) == 0) {
		clean_story(&art.title, art.paras, &art.nparas);
		if (extract_format(&art, &out) == 0 &&
		    fwrite(out.data, 1, out.len, stdout) == out.len &&
		    fflush(stdout) == 0)
			rc = 0;
	}
	article_free(&art);
	siterules_free(rules);
done:
	if (fp != stdin)
		fclose(fp);
	buf_free(&page);
	buf_free(&out);
	return rc;
}

/* The speech settings of the configuration file (defaults without one). */
static int
speech_config(const struct options *o, const struct paths *p,
    struct config *cfg, struct speaker_config *sc)
{
	char	err[512];

	if (config_load(cfg, p->config_file, o->config == NULL, err,
	    sizeof(err)) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	memset(sc, 0, sizeof(*sc));
	sc->device = cfg->audio_device;
	sc->voice = cfg->speech_voice;
	sc->rate = cfg->speech_rate;
	sc->pitch = cfg->speech_pitch;
	sc->volume = cfg->speech_volume;
	sc->mode = cfg->speech_mode;
	sc->earcons = cfg->speech_earcons;
	sc->voices_dir = p->voices_dir;
	return 0;
}

/* The text normalised for speaking; a copy of it without word lists. */
static char *
spoken_text(const struct lexicon *lex, const char *text)
{
	char	*out = NULL;

	if (lex != NULL)
		out = normalize_text(lex, text, strlen(text));
	return out != NULL ? out : strdup(text);
}

/* --article: the page as the daemon would read it, as a story. */
static int
render_article(const struct options *o, const struct paths *p,
    const struct lexicon *lex, const struct config *cfg,
    const struct voice *v)
{
	struct siterules	*rules;
	struct article		 art;
	struct buf		 page;
	char			 user[PATH_MAX + 32], *title;
	char			**paras = NULL;
	FILE			*fp;
	size_t			 n, i;
	int			 rc = 1, mode;

	memset(&art, 0, sizeof(art));
	if ((fp = fopen(o->article, "rb")) == NULL) {
		log_warn("%s", o->article);
		return 1;
	}
	buf_init(&page, EXTRACT_MAX_HTML);
	if (buf_read_file(&page, fp) == -1) {
		log_warn("read %s (at most %d bytes)", o->article,
		    EXTRACT_MAX_HTML);
		goto done;
	}
	snprintf(user, sizeof(user), "%s/siterules.conf", p->config_dir);
	rules = siterules_load(p->siterules_file, user);
	n = 0;
	title = NULL;
	if (extract_html(page.data != NULL ? page.data : "", page.len, o->url,
	    rules, &art) == 0) {
		clean_story(&art.title, art.paras, &art.nparas);
		if ((paras = calloc(art.nparas + 1, sizeof(char *))) != NULL &&
		    (title = spoken_text(lex, art.title)) != NULL) {
			for (i = 0; i < art.nparas; i++)
				if ((paras[n] = spoken_text(lex,
				    art.paras[i])) != NULL)
					n++;
			mode = player_mode_parse(cfg->speech_mode);
			if (player_render_story(o->render_out, v, mode == -1 ?
			    PLAYER_MODE_FULL : mode, cfg->speech_earcons, title,
			    (const char *const *)paras, n) == 0)
				rc = 0;
		}
	}
	for (i = 0; i < n; i++)
		free(paras[i]);
	free(paras);
	free(title);
	article_free(&art);
	siterules_free(rules);
done:
	fclose(fp);
	buf_free(&page);
	return rc;
}

static int	render_story(const struct options *, const struct paths *,
		    const struct config *, const struct voice *);

/*
 * --render OUT.wav --text TEXT | --article FILE.html: what the daemon
 * would say, normalised and with the configured voice, into a WAV file.
 */
static int
render(const struct options *o, const struct paths *p)
{
	struct config		 cfg;
	struct speaker_config	 sc;
	struct voices		 vs;
	struct voice		 v;
	struct lexicon		*lex;
	char			*text;
	int			 rc = 1;

	if ((o->text != NULL) + (o->article != NULL) + (o->story != NULL) !=
	    1) {
		log_warnx("--render needs one of --text TEXT, --article FILE "
		    "or --story ID");
		return 2;
	}
	if (speech_config(o, p, &cfg, &sc) == -1)
		return 1;
	if (speech_engine_init() == -1 || voice_load_all(&vs, p->voices_dir)
	    == -1)
		return 1;
	speaker_resolve_voice(&vs, sc.voice, sc.rate, sc.pitch, &v);
	/* Without the word lists the text goes in as it is. */
	lex = lexicon_load(p->voices_dir, p->config_dir);
	if (o->article != NULL)
		rc = render_article(o, p, lex, &cfg, &v);
	else if (o->story != NULL)
		rc = render_story(o, p, &cfg, &v);
	else if ((text = spoken_text(lex, o->text)) != NULL) {
		rc = player_render_text(o->render_out, &v, text) == 0 ? 0 : 1;
		free(text);
	}
	lexicon_free(lex);
	return rc;
}

/*
 * --render --story ID: a stored story's speech text, laid out as the
 * daemon reads it.  The database is opened read-only in effect (nothing
 * is written); a running daemon may hold it at the same time (WAL).
 */
static int
render_story(const struct options *o, const struct paths *p,
    const struct config *cfg, const struct voice *v)
{
	struct store		*st;
	struct store_item	 it;
	struct story		 sty;
	char			 db[PATH_MAX + 32], *end;
	long long		 id;
	int			 rc = 1, mode;

	id = strtoll(o->story, &end, 10);
	if (*o->story == '\0' || *end != '\0' || id <= 0) {
		log_warnx("--story: '%s' is not an id", o->story);
		return 2;
	}
	snprintf(db, sizeof(db), "%s/%s", p->state_dir, STORE_FILE);
	if (access(db, R_OK) == -1) {
		log_warn("%s", db);
		return 1;
	}
	if ((st = store_open(db)) == NULL)
		return 1;
	if (store_get_item(st, id, &it) != 0) {
		log_warnx("no story %lld in %s", id, db);
		store_close(st);
		return 1;
	}
	if (it.spoken_text == NULL)
		log_warnx("story %lld has no speech text yet", id);
	else if (story_split(it.spoken_text, &sty) == 0) {
		mode = player_mode_parse(cfg->speech_mode);
		if (player_render_story(o->render_out, v, mode == -1 ?
		    PLAYER_MODE_FULL : mode, cfg->speech_earcons, sty.title,
		    (const char *const *)sty.paras, sty.nparas) == 0)
			rc = 0;
		story_free(&sty);
	}
	store_item_free(&it);
	store_close(st);
	return rc;
}

static int
speak(const struct options *o, const struct paths *p)
{
	struct config		cfg;
	struct speaker_config	sc;

	if (speech_config(o, p, &cfg, &sc) == -1)
		return 1;
	return speaker_drive_stdin(&sc);
}

/* The offline modes: one pipeline stage each, no daemon. */
static int
run_offline(const struct options *o, const struct paths *p)
{
	switch (o->offline) {
	case OFF_EXTRACT:
		return extract_page(o, p);
	case OFF_NORMALIZE:
		return normalize_filter(p);
	case OFF_RENDER:
		return render(o, p);
	case OFF_SPEAK:
		return speak(o, p);
	case OFF_NONE:
		break;
	}
	return 0;
}

/*
 * Takes an exclusive lock on the state folder, so a second daemon on the
 * same folder refuses to start instead of corrupting the other's state.
 * The lock file holds the pid for the error message.
 */
/* The errors of a state folder that may become writable later. */
static int
unwritable(int e)
{
	return e == EROFS || e == EACCES || e == EPERM || e == ENOSPC ||
	    e == EDQUOT;
}

static int
lock_state(struct vorleser *v)
{
	char	path[PATH_MAX + 8], pid[32];
	ssize_t	n;
	int	fd;

	if (paths_mkdir(v->paths.state_dir, 0700) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/lock", v->paths.state_dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		/* An unwritable folder is logged once by the caller. */
		if (!unwritable(errno)) {
			n = errno;
			log_warn("open %s", path);
			errno = (int)n;
		}
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK) {
			n = read(fd, pid, sizeof(pid) - 1);
			pid[n > 0 ? n : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			log_warnx("another vorleserd (pid %s) is already "
			    "running on the state folder %s",
			    pid[0] ? pid : "?", v->paths.state_dir);
		} else
			log_warn("flock %s", path);
		close(fd);
		return -1;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, pid, (size_t)n, 0) != n)
		log_warn("write %s", path);
	v->lockfd = fd;
	return 0;
}

/* nftw callback for removing the demo's temporary folder. */
static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)remove(path);
	return 0;
}

/*
 * --demo keeps its state, configuration folder and socket in a new
 * temporary folder, so it never touches the user's stories; it still
 * reads the user's configuration file for the sound device and voice.
 */
static int
demo_paths(struct vorleser *v, char *dir, size_t size)
{
	const char	*tmp = getenv("TMPDIR");

	if (snprintf(dir, size, "%s/vorleser-demo.XXXXXX",
	    tmp != NULL && *tmp == '/' ? tmp : "/tmp") >= (int)size ||
	    mkdtemp(dir) == NULL) {
		log_warn("demo: temporary folder");
		dir[0] = '\0';
		return -1;
	}
	if (snprintf(v->paths.config_dir, sizeof(v->paths.config_dir), "%s",
	    dir) >= (int)sizeof(v->paths.config_dir) ||
	    snprintf(v->paths.state_dir, sizeof(v->paths.state_dir),
	    "%s/state", dir) >= (int)sizeof(v->paths.state_dir) ||
	    snprintf(v->paths.socket_path, sizeof(v->paths.socket_path),
	    "%s/socket", dir) >= (int)sizeof(v->paths.socket_path))
		return -1;
	fprintf(stderr, "vorleserd: demo: the control socket is %s\n"
	    "vorleserd: demo: try: vorleser --socket %s status\n",
	    v->paths.socket_path, v->paths.socket_path);
	return 0;
}

/* A story's text is ready: it may be read now. */
static void	story_ready(struct vorleser *);

/*
 * What needs the state folder: its lock, the store, and on them the
 * feeds, the queue and the story texts.  0 when all run; -1 when
 * something failed (logged), with *later set when the cause is a state
 * folder that cannot be written now (read-only, no permission, full), so
 * the caller may try again.
 */
static int
start_state(struct vorleser *v, int *later)
{
	struct statvfs	sv;

	*later = 0;
	errno = 0;
	if (v->lockfd == -1 && lock_state(v) == -1)
		goto fail;
	if (feeds_start(v) == -1)
		goto fail;
	/* Stories queued when the last run ended are new again. */
	if (store_requeue(v->store, (int64_t)time(NULL)) == -1)
		goto fail;
	if ((v->queue = queue_new(v)) == NULL)
		return -1;
	v->on_story_ready = story_ready;
	if ((v->stories = stories_new(v)) == NULL)
		return -1;
	stories_kick(v->stories);	/* what a previous run left undone */
	queue_fill(v->queue);
	return 0;
fail:
	/* The store does not pass errno up: ask the folder itself. */
	if (unwritable(errno))
		(void)snprintf(v->state_error, sizeof(v->state_error), "%s",
		    strerror(errno));
	else if (access(v->paths.state_dir, W_OK) == -1 && unwritable(errno))
		(void)snprintf(v->state_error, sizeof(v->state_error), "%s",
		    strerror(errno));
	else if (statvfs(v->paths.state_dir, &sv) == 0 && sv.f_bavail == 0)
		(void)snprintf(v->state_error, sizeof(v->state_error), "%s",
		    strerror(ENOSPC));
	else
		return -1;
	feeds_stop(v);		/* what feeds_start got to */
	*later = 1;
	return -1;
}

/*
 * The state folder could not be written at start: the socket answers
 * (status says why), and this timer tries again until it can, so a
 * folder remounted read-write or a disk with space again needs no
 * restart.
 */
static void
retry_state(void *arg)
{
	struct vorleser	*v = arg;
	int		 later;

	if (start_state(v, &later) == 0) {
		log_info("state folder %s is writable again; started",
		    v->paths.state_dir);
		v->state_error[0] = '\0';
		sd_status(v->sd, "idle, waiting for commands");
		return;
	}
	if (!later)
		fatalx("cannot start on the state folder %s",
		    v->paths.state_dir);
	log_debug("state folder %s: still %s", v->paths.state_dir,
	    v->state_error);
	if (loop_timer_add(v->loop, STORE_RETRY_MS, retry_state, v) == -1)
		fatalx("no timer for the state folder");
}
static void
story_ready(struct vorleser *v)
{
	queue_fill(v->queue);
}

static void
on_signal(int signo, void *arg)
{
	struct vorleser	*v = arg;
	char		 err[512];

	switch (signo) {
	case SIGHUP:
		if (vorleser_reload(v, err, sizeof(err)) == -1)
			log_warnx("reload: %s; keeping the old configuration",
			    err);
		else {
			log_info("configuration reloaded");
			control_event(v->control, TOPIC_OPTIONS, "reload",
			    NULL);
		}
		break;
	case SIGTERM:
	case SIGINT:
		log_info("%s: shutting down", strsignal(signo));
		sd_stopping(v->sd);
		v->stopping = 1;
		loop_break(v->loop);
		break;
	}
}

int
main(int argc, char *argv[])
{
	static const int	 sigs[] = { SIGHUP, SIGTERM, SIGINT };
	struct options		 o;
	struct vorleser		 v;
	struct demo		*demo = NULL;
	char			 err[512], demo_dir[PATH_MAX] = "";
	int			 level, rc, fd, later;

	parse_options(argc, argv, &o);
	level = o.verbosity < 0 ? LOG_LEVEL_WARN :
	    o.verbosity == 0 ? LOG_LEVEL_INFO : LOG_LEVEL_DEBUG;
	log_init("vorleserd", level);
	memset(&v, 0, sizeof(v));
	v.lockfd = -1;
	if (paths_init(&v.paths, o.config, o.state, o.sock) == -1)
		return 1;
	if (o.offline != OFF_NONE)
		return run_offline(&o, &v.paths);

	commands_init();
	if (config_load(&v.cfg, v.paths.config_file, o.config == NULL, err,
	    sizeof(err)) == -1)
		fatalx("%s", err);
	filters_init(&v.filters);
	if (vorleser_load_filters(&v, err, sizeof(err)) == -1)
		fatalx("%s", err);
	/* -v and -q on the command line win over the file. */
	if (o.verbosity != 0)
		v.cfg.log_level = level;
	log_set_level(v.cfg.log_level);
	/* A client that goes away mid-reply must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	/* Nor a file size limit (RLIMIT_FSIZE): the write fails with EFBIG
	 * and the store reports it like a full disk. */
	signal(SIGXFSZ, SIG_IGN);

	if (o.demo && demo_paths(&v, demo_dir, sizeof(demo_dir)) == -1)
		return 1;
	/* A state folder that cannot be written waits below; another
	 * daemon on it, or anything else, ends the start here. */
	if (lock_state(&v) == -1 && !unwritable(errno))
		return 1;
	if (vorleser_load_data(&v) == -1)
		return 1;
	if ((v.loop = loop_new()) == NULL)
		return 1;
	if (loop_signals(v.loop, sigs, 3, on_signal, &v) == -1)
		return 1;
	v.start_ms = loop_now_ms();
	/* The feed benchmark's one-shot mode: no socket, poll, exit. */
	if (o.poll_once) {
		if (v.lockfd == -1)
			return 1;	/* lock_state logged why */
		rc = feeds_poll_once(&v);
		goto done;
	}
	if ((v.sd = sd_new(v.loop)) == NULL)
		return 1;
	if ((v.control = control_new(&v, v.loop)) == NULL)
		return 1;
	control_set_max_clients(v.control, v.cfg.max_clients);
	/* Started by vorleser.socket: the manager made the socket. */
	if ((fd = sd_listen_socket()) == -1)
		return 1;
	if ((fd > 0 ? control_adopt(v.control, fd) :
	    control_listen(v.control, v.paths.socket_path)) == -1)
		return 1;
	if (o.demo && (demo = demo_start(&v)) == NULL)
		return 1;
	if (start_state(&v, &later) == -1) {
		if (!later || o.demo)
			return 1;
		log_warnx("state folder %s cannot be written (%s); the socket "
		    "answers, feeds and speech wait until it can",
		    v.paths.state_dir, v.state_error);
		if (loop_timer_add(v.loop, STORE_RETRY_MS, retry_state, &v) ==
		    -1)
			return 1;
	}
	if (fd > 0)
		log_info("vorleserd %s ready on the socket from the service "
		    "manager", VERSION);
	else
		log_info("vorleserd %s ready on %s", VERSION,
		    v.paths.socket_path);
	/* The socket listens and the store is open (feeds_start). */
	sd_ready(v.sd);
	if (v.state_error[0] != '\0')
		sd_status(v.sd, "state folder cannot be written: %s",
		    v.state_error);
	else
		sd_status(v.sd, "idle, waiting for commands");

	if (loop_run(v.loop) == -1)
		log_warnx("event loop failed");

	log_info("stopped");
	rc = demo_failed(demo) ? 1 : 0;
done:
	demo_free(demo);
	stories_free(v.stories);
	queue_free(v.queue);
	feeds_stop(&v);
	control_free(v.control);
	sd_free(v.sd);
	loop_free(v.loop);
	filters_free(&v.filters);
	lexicon_free(v.lexicon);
	siterules_free(v.siterules);
	if (v.lockfd != -1)
		close(v.lockfd);
	if (demo_dir[0] != '\0')
		(void)nftw(demo_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
