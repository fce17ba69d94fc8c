/* Unit tests for filter.c: keywords, regular expressions, fields, the
 * file round trip and its errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "filter.h"

/*
 * A quantifier on a quantifier, and a repeated group that may match
 * nothing, blow up regcomp's epsilon closures far inside the bound on
 * repetition copies: 47 s for "W*+++++" (found by fuzz_protocol),
 * minutes for the sixteen a? below.  Real filters still pass.
 */
static void
test_regex_bombs(void)
{
	struct filters	f;
	char		err[256];

	filters_init(&f);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "^(Sort|W*+++++etter)", err,
	    sizeof(err)), -1);
	CHECK(strstr(err, "repetition of a repetition") != NULL, err);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "a{2}{3}", err, sizeof(err)),
	    -1);
	CHECK(strstr(err, "repetition of a repetition") != NULL, err);
	CHECK_INT_EQ(filters_add(&f, "title", 1,
	    "((a?|b?|c?|d?|e?|f?|g?|h?|i?|j?|k?|l?|m?|n?|o?|p?)+){1,16}",
	    err, sizeof(err)), -1);
	CHECK(strstr(err, "repeated group") != NULL, err);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "(Nachrichten|)+", err,
	    sizeof(err)), -1);
	CHECK(strstr(err, "repeated group") != NULL, err);
	CHECK_INT_EQ(filters_add(&f, "title", 1,
	    "((((((((((W)+)+)+)+)+)+)+)+)+)", err, sizeof(err)), -1);
	CHECK(strstr(err, "too many repetitions") != NULL, err);
	/* In brackets they are plain characters. */
	CHECK_INT_EQ(filters_add(&f, "title", 1, "C[+*?]{2}", err,
	    sizeof(err)), 1);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "[]*[:digit:]]+ Tote", err,
	    sizeof(err)), 2);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "(Sport|Wetter)+ ?[0-9]*",
	    err, sizeof(err)), 3);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "\\(dpa\\)? *$", err,
	    sizeof(err)), 4);
	filters_free(&f);
}

int
main(void)
{
	struct filters		f, g;
	struct filter_subject	s = {
		"Bundesliga: Bayern gewinnt 2:1 gegen Dortmund",
		"Sportschau", "sport fussball",
		"Am Samstag gewann der FC Bayern München ..."
	};
	struct filter_subject	t = {
		"Bundestag beschließt Haushalt", "tagesschau.de", "politik",
		"Der Bundestag hat am Freitag ..."
	};
	char			err[256], path[] = "/tmp/vorleser-filter.XXXXXX";
	int			id1, id2, id3, fd;

	test_regex_bombs();
	filters_init(&f);
	CHECK_INT_EQ(filters_match(&f, &s), 0);
	id1 = filters_add(&f, "title", 0, "bundesliga", err, sizeof(err));
	CHECK_INT_EQ(id1, 1);
	CHECK_INT_EQ(filters_match(&f, &s), id1);	/* case-insensitive */
	CHECK_INT_EQ(filters_match(&f, &t), 0);
	id2 = filters_add(&f, "feed", 1, "^tagesschau\\.(de|com)$", err,
	    sizeof(err));
	CHECK_INT_EQ(id2, 2);
	CHECK_INT_EQ(filters_match(&f, &t), id2);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "([a-z", err, sizeof(err)),
	    -1);
	CHECK(strstr(err, "bad regular expression") != NULL, err);
	/* Repetition bombs that make regcomp eat gigabytes are refused. */
	CHECK_INT_EQ(filters_add(&f, "title", 1, "(a{1000}){1000}", err,
	    sizeof(err)), -1);
	CHECK(strstr(err, "repetition") != NULL, err);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "((a{9}){9}){9}{9}", err,
	    sizeof(err)), -1);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "^(See++++++++++++++++t|)",
	    err, sizeof(err)), -1);
	CHECK_INT_EQ(filters_add(&f, "title", 1, "x{1,3}", err, sizeof(err)),
	    3);
	CHECK_INT_EQ(filters_remove(&f, 3), 0);
	CHECK_INT_EQ(filters_add(&f, "author", 0, "x", err, sizeof(err)), -1);
	CHECK(strstr(err, "unknown field") != NULL, err);
	CHECK_INT_EQ(filters_add(&f, "any", 0, "", err, sizeof(err)), -1);
	id3 = filters_add(&f, "tag", 0, "fussball", err, sizeof(err));
	CHECK_INT_EQ(filters_remove(&f, id1), 0);
	CHECK_INT_EQ(filters_remove(&f, id1), -1);
	CHECK_INT_EQ(filters_match(&f, &s), id3);	/* by tag now */
	CHECK_INT_EQ(filters_add(&f, "text", 0, "München", err, sizeof(err)),
	    5);	/* ids are never reused */

	/* Round trip through the file, ids and kinds kept. */
	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	CHECK_INT_EQ(filters_save(&f, path), 0);
	filters_init(&g);
	CHECK_INT_EQ(filters_load(&g, path, err, sizeof(err)), 0);
	CHECK_INT_EQ(g.n, 3);
	CHECK_INT_EQ(g.rules[0].id, 2);
	CHECK_INT_EQ(g.rules[0].regex, 1);
	CHECK_STR_EQ(g.rules[0].pattern, "^tagesschau\\.(de|com)$");
	CHECK_INT_EQ(filters_match(&g, &t), 2);
	CHECK_INT_EQ(filters_add(&g, "any", 0, "x", err, sizeof(err)), 6);

	/* A broken file names its line and leaves the rules in force. */
	FILE *fp = fopen(path, "w");
	fputs("# ok\n7 title keyword Fußball\n8 title glob *\n", fp);
	fclose(fp);
	CHECK_INT_EQ(filters_load(&g, path, err, sizeof(err)), -1);
	CHECK(strstr(err, ":3: expected") != NULL, err);
	CHECK_INT_EQ(g.n, 4);
	CHECK_INT_EQ(filters_load(&g, "/nonexistent/filters", err,
	    sizeof(err)), 0);
	CHECK_INT_EQ(g.n, 0);
	unlink(path);
	filters_free(&f);
	filters_free(&g);
	return CHECK_SUMMARY();
}
