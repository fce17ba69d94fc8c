/* Unit tests for utf8.c: encoding at every length boundary, what has no
 * UTF-8 form, and decoding what was encoded. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "utf8.h"

/* Checks utf8_encode(cp) == want (a C string of the bytes). */
#define ENC_EQ(cp, want) do {						\
	char	 o_[UTF8_MAX + 1];					\
	size_t	 n_ = utf8_encode((cp), o_);				\
	o_[n_] = '\0';							\
	CHECK_STR_EQ(o_, (want));					\
} while (0)

static void
test_encode(void)
{
	ENC_EQ(0x41, "A");
	ENC_EQ(0x7f, "\x7f");
	ENC_EQ(0x80, "\xc2\x80");
	ENC_EQ(0xe4, "\xc3\xa4");		/* ä */
	ENC_EQ(0x7ff, "\xdf\xbf");
	ENC_EQ(0x800, "\xe0\xa0\x80");
	ENC_EQ(0x20ac, "\xe2\x82\xac");		/* € */
	ENC_EQ(0xffff, "\xef\xbf\xbf");
	ENC_EQ(0x10000, "\xf0\x90\x80\x80");
	ENC_EQ(0x1f600, "\xf0\x9f\x98\x80");
	ENC_EQ(0x10ffff, "\xf4\x8f\xbf\xbf");
	/* No UTF-8 form: U+FFFD. */
	ENC_EQ(0xd800, "\xef\xbf\xbd");
	ENC_EQ(0xdfff, "\xef\xbf\xbd");
	ENC_EQ(0x110000, "\xef\xbf\xbd");
	ENC_EQ(0xffffffff, "\xef\xbf\xbd");
}

static void
test_round_trip(void)
{
	char		 o[UTF8_MAX];
	uint32_t	 cp, back;
	size_t		 n, used;
	int		 bad = 0;

	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp < 0xe000)
			continue;
		n = utf8_encode(cp, o);
		back = utf8_decode(o, n, &used);
		if (back != cp || used != n)
			bad++;
	}
	CHECK_INT_EQ(bad, 0);
}

int
main(void)
{
	test_encode();
	test_round_trip();
	return CHECK_SUMMARY();
}
