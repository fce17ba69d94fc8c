/* Unit tests for siterules.c: parsing, errors, lookup, user override. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "defaults.h"
#include "log.h"
#include "siterules.h"

#define DATA	"tests/data/siterules"

static void
test_parse(void)
{
	static const char ok[] =
	    "# comment\n"
	    "\n"
	    "example.de\tdrop\tdiv.teaser\n"
	    "example.de keep #story\n"
	    "example.de trailer Mehr aus der Region\n"
	    "  example.de strip   Anzeige  \n";
	struct siterules	*sr;
	const struct siterule	*r[8];
	size_t			 n;

	sr = siterules_parse(ok, sizeof(ok) - 1, "ok");
	CHECK(sr != NULL, "valid rules parse");
	if (sr == NULL)
		return;
	CHECK_INT_EQ(sr->nrules, 4);
	n = siterules_for_host(sr, "www.example.de", r, 8);
	CHECK_INT_EQ(n, 4);
	if (n == 4) {
		CHECK_INT_EQ(r[0]->kind, SITERULE_DROP);
		CHECK_STR_EQ(r[0]->tag, "div");
		CHECK_STR_EQ(r[0]->cls, "teaser");
		CHECK(r[0]->id == NULL, "no id");
		CHECK_INT_EQ(r[1]->kind, SITERULE_KEEP);
		CHECK_STR_EQ(r[1]->id, "story");
		CHECK(r[1]->tag == NULL, "no tag");
		CHECK_INT_EQ(r[2]->kind, SITERULE_TRAILER);
		CHECK_STR_EQ(r[2]->text, "Mehr aus der Region");
		CHECK_STR_EQ(r[3]->text, "Anzeige");
	}
	/* Subdomains match, look-alikes do not. */
	CHECK_INT_EQ(siterules_for_host(sr, "example.de", r, 8), 4);
	CHECK_INT_EQ(siterules_for_host(sr, "badexample.de", r, 8), 0);
	CHECK_INT_EQ(siterules_for_host(sr, "example.de.evil", r, 8), 0);
	CHECK_INT_EQ(siterules_for_host(sr, NULL, r, 8), 0);
	CHECK_INT_EQ(siterules_for_host(NULL, "example.de", r, 8), 0);
	/* The output is bounded. */
	CHECK_INT_EQ(siterules_for_host(sr, "example.de", r, 2), 2);
	siterules_free(sr);
}

static void
test_errors(void)
{
	static const char *const bad[] = {
		"example.de\n",				/* no kind */
		"example.de hide .x\n",			/* unknown kind */
		"example.de drop\n",			/* no selector */
		"example.de drop div .x\n",		/* two selectors */
		"example.de drop div.x.y\n",		/* compound */
		"example.de drop [data-x]\n",		/* attribute */
		"example.de keep .\n",			/* empty class */
		NULL
	};
	size_t	i;

	for (i = 0; bad[i] != NULL; i++)
		CHECK(siterules_parse(bad[i], strlen(bad[i]), "bad") == NULL,
		    bad[i]);
}

static void
test_files(void)
{
	struct siterules	*sr;
	const struct siterule	*r[8];
	size_t			 n;

	/* The user's file replaces the shipped rules for its hosts. */
	sr = siterules_load(DATA "/shipped.conf", DATA "/user.conf");
	CHECK(sr != NULL, "load shipped and user rules");
	if (sr != NULL) {
		n = siterules_for_host(sr, "www.spiegel.de", r, 8);
		CHECK_INT_EQ(n, 2);		/* user strip + "*" */
		CHECK(n > 0 && r[0]->kind != SITERULE_KEEP,
		    "shipped spiegel.de rules replaced");
		n = siterules_for_host(sr, "www.zeit.de", r, 8);
		CHECK_INT_EQ(n, 2);		/* shipped trailer + "*" */
		siterules_free(sr);
	}
	/* Missing files are empty (the shipped one is logged). */
	sr = siterules_load(DATA "/shipped.conf", DATA "/none.conf");
	CHECK(sr != NULL && sr->nrules == 4, "missing user file");
	siterules_free(sr);
	sr = siterules_load(DATA "/none.conf", DATA "/user.conf");
	CHECK(sr != NULL && sr->nrules == 1, "missing shipped file");
	siterules_free(sr);
	/* A bad line fails the whole load, so the caller keeps its rules. */
	CHECK(siterules_load(DATA "/bad.conf", NULL) == NULL, "bad line");
	CHECK(siterules_load(DATA "/shipped.conf", DATA "/bad.conf") == NULL,
	    "bad line in user file");
	/* The rules file we ship parses. */
	sr = siterules_load("daemon/siterules.conf", NULL);
	CHECK(sr != NULL, "shipped daemon/siterules.conf parses");
	siterules_free(sr);
}

int
main(void)
{
	log_init("test_siterules", LOG_LEVEL_ERR);
	test_parse();
	test_errors();
	test_files();
	return CHECK_SUMMARY();
}
