/* Unit tests for lang.c: declared languages, then the stopword check. */
#include "check.h"
#include "lang.h"

static const char de_text[] =
    "Die Bundesregierung will das Gesetz noch vor der Sommerpause durch "
    "den Bundestag bringen, sagte ein Sprecher am Montag in Berlin.";
static const char en_text[] =
    "The government wants to pass the bill before the summer recess, a "
    "spokesman said on Monday in London, and it has the votes for it.";
static const char ru_text[] =
    "\xd0\x9f\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd0\xb5\xd0\xbb\xd1"
    "\x8c\xd1\x81\xd1\x82\xd0\xb2\xd0\xbe \xd1\x85\xd0\xbe\xd1\x87\xd0\xb5"
    "\xd1\x82 \xd0\xbf\xd1\x80\xd0\xb8\xd0\xbd\xd1\x8f\xd1\x82\xd1\x8c "
    "\xd0\xb7\xd0\xb0\xd0\xba\xd0\xbe\xd0\xbd \xd0\xb4\xd0\xbe \xd0\xbb"
    "\xd0\xb5\xd1\x82\xd0\xbd\xd0\xb8\xd1\x85 \xd0\xba\xd0\xb0\xd0\xbd"
    "\xd0\xb8\xd0\xba\xd1\x83\xd0\xbb, \xd1\x81\xd0\xba\xd0\xb0\xd0\xb7"
    "\xd0\xb0\xd0\xbb \xd0\xbf\xd1\x80\xd0\xb5\xd1\x81\xd1\x81-\xd1\x81"
    "\xd0\xb5\xd0\xba\xd1\x80\xd0\xb5\xd1\x82\xd0\xb0\xd1\x80\xd1\x8c.";

int
main(void)
{
	char	l[LANG_MAX];

	/* The page's lang wins, reduced to its primary subtag. */
	lang_guess("de-AT", "en", en_text, l);
	CHECK_STR_EQ(l, "de");
	lang_guess("EN_us", NULL, de_text, l);
	CHECK_STR_EQ(l, "en");
	/* Then the feed's language. */
	lang_guess(NULL, "de-de", en_text, l);
	CHECK_STR_EQ(l, "de");
	lang_guess("", " fr-CA", NULL, l);
	CHECK_STR_EQ(l, "fr");
	/* Unusable tags fall through to the text. */
	lang_guess("und", "x-klingon", de_text, l);
	CHECK_STR_EQ(l, "de");
	lang_guess("deutsch", NULL, de_text, l);
	CHECK_STR_EQ(l, "de");
	/* Stopwords. */
	lang_guess(NULL, NULL, de_text, l);
	CHECK_STR_EQ(l, "de");
	lang_guess(NULL, NULL, en_text, l);
	CHECK_STR_EQ(l, "en");
	lang_guess(NULL, NULL, ru_text, l);
	CHECK_STR_EQ(l, "und");
	lang_guess(NULL, NULL, "Bayern 3:1 Dortmund", l);
	CHECK_STR_EQ(l, "und");
	lang_guess(NULL, NULL, NULL, l);
	CHECK_STR_EQ(l, "und");
	CHECK(lang_is_german(de_text), "German text");
	CHECK(!lang_is_german(en_text), "English text");
	CHECK(!lang_is_german("Die Die Die"), "too short to tell");
	return CHECK_SUMMARY();
}
