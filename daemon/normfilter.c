/*
 * normfilter: stdin to stdout through the normaliser, for the benchmark
 * and for trying out word lists.  It owns the I/O that normalize.c must
 * not do; the daemon proper calls normalize_text directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "lexicon.h"
#include "log.h"
#include "normalize.h"
#include "normfilter.h"

int
normfilter_run(const char *voices_dir, const char *user_dir, FILE *in,
    FILE *out)
{
	struct lexicon	*lx;
	char		*line = NULL, *res;
	size_t		 cap = 0, lineno = 0;
	ssize_t		 n;
	int		 rc = 1;

	if ((lx = lexicon_load(voices_dir, user_dir)) == NULL)
		return 1;			/* logged with file:line */
	setvbuf(in, NULL, _IOFBF, NORMFILTER_BUFSIZE);
	setvbuf(out, NULL, _IOFBF, NORMFILTER_BUFSIZE);
	while ((n = getline(&line, &cap, in)) != -1) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if ((res = normalize_text(lx, line, (size_t)n)) == NULL) {
			log_warnx("normalize: line %zu: too long or out of "
			    "memory; copied unchanged", lineno);
			fwrite(line, 1, (size_t)n, out);
		} else {
			fputs(res, out);
			free(res);
		}
		if (putc('\n', out) == EOF)
			break;
	}
	if (ferror(in))
		log_warn("normalize: read");
	else if (fflush(out) == EOF || ferror(out))
		log_warn("normalize: write");
	else
		rc = 0;
	free(line);
	lexicon_free(lx);
	return rc;
}
