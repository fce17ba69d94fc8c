/* Unit tests for voice.c: profile parsing, errors, and name lookup. */
#include <string.h>

#include "check.h"
#include "voice.h"

int
main(void)
{
	struct voice	 v, cur, out;
	struct voices	 vs;
	const char	*good = "# calm\nvoice\tde+m3\nrate 150 # slow\n"
			    "pitch 40\nrange 30\nwordgap 1\nvolume 120\n";

	CHECK_INT_EQ(voice_parse("calm", good, strlen(good), &v), 0);
	CHECK_STR_EQ(v.name, "calm");
	CHECK_STR_EQ(v.base, "de+m3");
	CHECK_INT_EQ(v.rate, 150);
	CHECK_INT_EQ(v.pitch, 40);
	CHECK_INT_EQ(v.range, 30);
	CHECK_INT_EQ(v.wordgap, 1);
	CHECK_INT_EQ(v.volume, 120);
	CHECK_INT_EQ(voice_parse("x", "rate 5\n", 7, &v), -1);
	CHECK_INT_EQ(voice_parse("x", "speed 100\n", 10, &v), -1);
	CHECK_INT_EQ(voice_parse("x", "voice a/b\n", 10, &v), -1);
	CHECK_INT_EQ(voice_parse("x", "pitch\n", 6, &v), -1);

	/* Lookup: a profile by name, else an eSpeak voice with a variant,
	 * keeping the current settings.  The eSpeak names come from the
	 * engine, which this loads (Debian's espeak-ng-data has de, en). */
	memset(&vs, 0, sizeof(vs));
	voice_parse("calm", good, strlen(good), &vs.profiles[0]);
	vs.nprofiles = 1;
	voice_default(&cur);
	cur.rate = 200;
	CHECK_INT_EQ(voice_find(&vs, "calm", &cur, &out), 0);
	CHECK_INT_EQ(out.rate, 150);
	CHECK_INT_EQ(voice_find(&vs, "en+f2", &cur, &out), 0);
	CHECK_STR_EQ(out.base, "en+f2");
	CHECK_INT_EQ(out.rate, 200);
	CHECK_INT_EQ(voice_find(&vs, "xx", &cur, &out), -1);
	CHECK_INT_EQ(voice_find(&vs, "de;rm", &cur, &out), -1);

	/* The shipped default profile parses. */
	CHECK_INT_EQ(voice_load("voices/news-de.voice", &v), 0);
	CHECK_STR_EQ(v.name, "news-de");
	return CHECK_SUMMARY();
}
