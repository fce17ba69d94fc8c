/*
 * Unit tests for normalize.c and lexicon.c.  The cases are data:
 * tests/data/normalize/<category>.tsv holds input<TAB>expected lines, and
 * every line is one check against the shipped word lists in voices/.
 * Run from the repository root (tests/run does).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "defaults.h"
#include "lexicon.h"
#include "normalize.h"

#define CASES_DIR	"tests/data/normalize"

static int
run_file(const struct lexicon *lx, const char *path)
{
	FILE	*fp;
	char	*line = NULL, *tab, *got;
	size_t	 cap = 0, lineno = 0;
	ssize_t	 n;
	int	 cases = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		CHECK(0, path);
		return 0;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if ((tab = strchr(line, '\t')) == NULL) {
			fprintf(stderr, "%s:%zu: no tab\n", path, lineno);
			CHECK(0, "malformed case line");
			continue;
		}
		*tab = '\0';
		got = normalize_text(lx, line, (size_t)(tab - line));
		if (got == NULL || strcmp(got, tab + 1) != 0)
			fprintf(stderr, "%s:%zu: %s\n", path, lineno, line);
		CHECK_STR_EQ(got, tab + 1);
		free(got);
		cases++;
	}
	free(line);
	fclose(fp);
	return cases;
}

static int
run_cases(const struct lexicon *lx)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[1024];
	size_t		 len;
	int		 cases = 0, files = 0;

	if ((d = opendir(CASES_DIR)) == NULL) {
		CHECK(0, "open " CASES_DIR " (run from the repository root)");
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".tsv") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", CASES_DIR, de->d_name);
		cases += run_file(lx, path);
		files++;
	}
	closedir(d);
	CHECK(files >= 15, "a case file per category");
	return cases;
}

/* Lines are kept: n lines in, n lines out, even when rules consume
 * periods and parentheses at line ends. */
static void
test_lines(const struct lexicon *lx)
{
	char	*s;

	const char *in = "Am 3. Oktober.\nKarl III.\n(AfD)\n\nusw.";

	s = normalize_text(lx, in, strlen(in));
	CHECK_STR_EQ(s, "Am dritten Oktober.\nKarl der Dritte.\nA F D\n\n"
	    "und so weiter.");
	free(s);
	s = normalize_text(lx, "", 0);
	CHECK_STR_EQ(s, "");
	free(s);
	/* Only len bytes are read: no terminator needed. */
	s = normalize_text(lx, "5 km/h und mehr", 4);
	CHECK_STR_EQ(s, "fünf Kilometer");
	free(s);
}

static const char *const soup[] = {
	"www.1.200.$Mio.\xc2\xa7Mio.OktoberNATO\xe2\x82\xacSt.3,5!",
	"0KarlNATOAfD2.amNr.030Karl2.-$am?+.(www.3,5\xe2\x82\xacIII.",
	"www.%0der12.09.2023am\xe2\x80\x93" "am.ca.derkm/hwww.\xc2\xa7:Nr.",
	"a@b.de/?&=#", "http://", "www.", "1.", "III.", "(", ")",
	"\xc2\xa7\xc2\xa7",
	"$", "1:", "12.09.", "2023-", "- 3", "1990er-", "Karl III", "z.", "St.",
};

static void
test_limits(const struct lexicon *lx)
{
	char	*big, *s;
	size_t	 i;

	/* Longer than the limit: refused, not truncated. */
	if ((big = malloc(NORMALIZE_MAX_INPUT + 1)) == NULL)
		return;
	memset(big, 'a', NORMALIZE_MAX_INPUT + 1);
	CHECK(normalize_text(lx, big, NORMALIZE_MAX_INPUT + 1) == NULL,
	    "input over NORMALIZE_MAX_INPUT is refused");
	/* Worst-case growth stays within the output bound. */
	for (i = 0; i + 2 <= 100000; i += 2)
		memcpy(big + i, "7%", 2);
	s = normalize_text(lx, big, 100000);
	CHECK(s != NULL && strncmp(s, "sieben Prozent", 14) == 0,
	    "dense numbers and symbols");
	free(s);
	/* Bytes that are not UTF-8 and NUL pass without harm. */
	s = normalize_text(lx, "a\xff\xfe b\0c 12", 10);
	CHECK(s != NULL && strstr(s, "zwölf") != NULL, "invalid UTF-8");
	free(s);
	/* Token soup from a fuzz run once looped forever in the address
	 * rule; each must come back. */
	for (i = 0; i < sizeof(soup) / sizeof(soup[0]); i++) {
		s = normalize_text(lx, soup[i], strlen(soup[i]));
		CHECK(s != NULL, soup[i]);
		free(s);
	}
	/* A huge number is read digit by digit, not overflowed. */
	s = normalize_text(lx, "99999999999999999999999 Euro", 28);
	CHECK(s != NULL && strncmp(s, "neun neun", 9) == 0, "long digits");
	free(s);
	free(big);
}

/* Without a lexicon the grammar rules still work. */
static void
test_no_lexicon(void)
{
	char	*s;

	s = normalize_text(NULL, "Am 3. Oktober um 14:30 Uhr.", 27);
	CHECK_STR_EQ(s, "Am dritten Oktober um vierzehn Uhr dreißig.");
	free(s);
}

static int
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[2048];
	FILE	*fp;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return -1;
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

static const char *const list_names[] = {
	"abbreviations.tsv", "acronyms.tsv", "lexicon.tsv", "units.tsv",
	"nouns.tsv"
};

/* Loading: the user's entries override shipped ones; a bad line fails. */
static void
test_lexicon(void)
{
	char			 tmpl[] = "/tmp/test_normalize.XXXXXX";
	char			 path[1024];
	char			*dir, *s;
	struct lexicon		*lx;
	const struct lex_entry	*e;
	size_t			 i;

	if ((dir = mkdtemp(tmpl)) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/de", dir);
	CHECK(mkdir(path, 0700) == 0, "mkdir de");
	for (i = 0; i < sizeof(list_names) / sizeof(list_names[0]); i++)
		write_file(path, list_names[i], "# empty\n");
	write_file(path, "acronyms.tsv", "# c\nNATO\tNato\nUNO\tUhno\n");
	write_file(path, "units.tsv", "km\tKilometer\tKilometer\tm\n");
	lx = lexicon_load(dir, NULL);
	CHECK(lx != NULL, "load a minimal lexicon");
	CHECK_INT_EQ(lexicon_count(lx), 3);
	e = lexicon_find(lx, LEX_ACRONYM, "NATO", 4);
	CHECK(e != NULL && strcmp(e->say, "Nato") == 0, "find NATO");
	CHECK(lexicon_find(lx, LEX_UNIT, "NATO", 4) == NULL, "lists apart");
	lexicon_free(lx);

	/* The user's acronyms.tsv overrides one entry and adds one. */
	write_file(dir, "acronyms.tsv", "UNO\tU N O\nYTN\tWhy Tie En\n");
	lx = lexicon_load(dir, dir);
	CHECK(lx != NULL, "load with user lists");
	CHECK_INT_EQ(lexicon_count(lx), 4);
	s = normalize_text(lx, "Die UNO und YTN und NATO", 24);
	CHECK_STR_EQ(s, "Die U N O und Why Tie En und Nato");
	free(s);
	lexicon_free(lx);

	/* A missing user folder is fine; a missing shipped list is not. */
	lx = lexicon_load(dir, "/nonexistent/vorleser");
	CHECK(lx != NULL, "missing user folder");
	lexicon_free(lx);
	CHECK(lexicon_load("/nonexistent/vorleser", NULL) == NULL,
	    "missing voices folder");

	/* A bad line fails the load (and is logged with file:line). */
	write_file(path, "units.tsv", "km\tKilometer\tKilometer\tx\n");
	CHECK(lexicon_load(dir, NULL) == NULL, "bad gender");
	write_file(path, "units.tsv", "km\tKilometer\n");
	CHECK(lexicon_load(dir, NULL) == NULL, "too few columns");
	write_file(path, "units.tsv", "km\tKilometer\tKilometer\tm\tbogus\n");
	CHECK(lexicon_load(dir, NULL) == NULL, "unknown flag");

	for (i = 0; i < sizeof(list_names) / sizeof(list_names[0]); i++) {
		snprintf(path, sizeof(path), "%s/de/%s", dir, list_names[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s", dir, list_names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/de", dir);
	rmdir(path);
	rmdir(dir);
}

int
main(void)
{
	struct lexicon	*lx;
	int		 cases;

	if ((lx = lexicon_load("voices", NULL)) == NULL) {
		CHECK(0, "load voices/de (run from the repository root)");
		return CHECK_SUMMARY();
	}
	CHECK(lexicon_count(lx) > 300, "shipped lists are not empty");
	cases = run_cases(lx);
	CHECK(cases >= 200, "enough cases");
	printf("%d normalisation cases\n", cases);
	test_lines(lx);
	test_limits(lx);
	test_no_lexicon();
	test_lexicon();
	lexicon_free(lx);
	return CHECK_SUMMARY();
}
