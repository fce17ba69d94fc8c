/* Voice profiles: eSpeak NG voice settings kept as data in voices/. */
#ifndef VOICE_H
#define VOICE_H

#include <stddef.h>

#include "defaults.h"

#define VOICE_NAME_MAX	64

/*
 * What the synthesis worker applies before a sentence.  Plain values, so
 * a job carries its own copy and a change applies from the next job.
 */
struct voice {
	char	name[VOICE_NAME_MAX];	/* profile name, or the eSpeak voice */
	char	base[VOICE_NAME_MAX];	/* eSpeak NG voice, e.g. "de+m3" */
	int	rate;			/* words per minute */
	int	pitch;			/* 0..100, 50 is eSpeak's normal */
	int	range;			/* pitch range 0..100 */
	int	wordgap;		/* extra pause between words, 10 ms units */
	int	volume;			/* eSpeak amplitude 0..200 */
};

/* The profiles found in a directory (eSpeak NG's own voices are the
 * engine's: voice_espeak_names). */
struct voices {
	struct voice	 profiles[VOICE_MAX_PROFILES];
	size_t		 nprofiles;
};

/* The calm German news default, used when no profile file is found. */
void	voice_default(struct voice *);

/*
 * Parses one profile: "key value" lines (voice, rate, pitch, range,
 * wordgap, volume), '#' comments.  The name is the file name without
 * ".voice".  0, or -1 on an unreadable file or a bad line (logged with
 * the line number).
 */
int	voice_load(const char *path, struct voice *);
int	voice_parse(const char *name, const char *text, size_t len,
	    struct voice *);

/*
 * Fills vs with every *.voice in dir (a missing dir is not an error).
 * 0; vs owns nothing that needs freeing.
 */
int	voice_load_all(struct voices *, const char *dir);

/*
 * The names of eSpeak NG's voices, borrowed from the engine for the
 * life of the process.  Loads libespeak-ng on first use (main thread
 * only).  0 and NULL when it cannot be loaded (logged).
 */
size_t	voice_espeak_names(const char *const **names);

/*
 * Resolves `set voice NAME': a profile of that name, else an eSpeak NG
 * voice (optionally with a "+variant") keeping the current rate, pitch
 * and the rest from cur; only that second case loads the engine.  0, or
 * -1 when unknown.
 */
int	voice_find(const struct voices *, const char *name,
	    const struct voice *cur, struct voice *out);

#endif
