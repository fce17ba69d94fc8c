/* vorleserd --normalize: the normaliser as a line filter. */
#ifndef NORMFILTER_H
#define NORMFILTER_H

#include <stdio.h>

/*
 * Loads the word lists (voices_dir/de, then the user's in user_dir, which
 * may be NULL) and copies in to out line by line through normalize_text:
 * exactly one output line per input line.  A line the normaliser cannot
 * take (longer than NORMALIZE_MAX_INPUT) is copied unchanged and logged.
 * Returns the exit status: 0, or 1 when the lists cannot be loaded or
 * reading or writing fails (logged).
 */
int	normfilter_run(const char *voices_dir, const char *user_dir, FILE *in,
	    FILE *out);

#endif
