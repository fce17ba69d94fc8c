/* The speaker: audio, synthesis worker and player, wired to the loop. */
#ifndef SPEAKER_H
#define SPEAKER_H

#include "player.h"
#include "voice.h"

struct loop;

/* Settings as config.h names them (speech.*, audio.*). */
struct speaker_config {
	const char	*device;	/* audio.device; NULL: "default" */
	const char	*voice;		/* speech.voice: profile or eSpeak */
	int		 rate;		/* 0: the profile's */
	int		 pitch;		/* -1: the profile's */
	int		 volume;	/* 0..200, 100 unchanged */
	const char	*mode;		/* headlines|summary|full */
	int		 earcons;
	const char	*voices_dir;	/* where *.voice profiles are */
};

struct speaker;

/*
 * Initialises eSpeak NG, loads the voice profiles, opens the audio device
 * (a missing device is not an error: the player retries), starts the
 * synthesis worker and registers its pipe and timers with loop.  hooks
 * are the owner's (its timer_add/timer_cancel are replaced by the loop's).
 * Call before any other thread exists except the loop's.  NULL on error
 * (logged).
 */
struct speaker	*speaker_new(struct loop *, const struct speaker_config *,
		    const struct player_hooks *);
void		 speaker_free(struct speaker *);	/* accepts NULL */

/* Borrowed; valid until speaker_free. */
struct player		*speaker_player(struct speaker *);
const struct voices	*speaker_voices(struct speaker *);

/* Resolves the configured voice the way `set voice' does: a profile, an
 * eSpeak NG voice, else the default profile.  Needs only eSpeak NG
 * initialised; for the offline renderer. */
void	speaker_resolve_voice(const struct voices *, const char *name,
	    int rate, int pitch, struct voice *);

/*
 * A line-oriented driver on stdin for tests and benchmarks, until the
 * control socket speaks: "say [--urgent|--low] TEXT", "story ID TITLE|P1|P2",
 * "play", "pause", "resume", "stop", "next story", "status", "quit".  Each
 * command is answered on stdout with "ok NAME EPOCH" (CLOCK_REALTIME right
 * after it took effect) or "err NAME"; hooks print "event ..." lines.
 * Returns the exit code.
 */
int	speaker_drive_stdin(const struct speaker_config *);

#endif
