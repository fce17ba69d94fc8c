/* The poll schedule's arithmetic: interval, jitter, backoff, server
 * hints, and the spread of many feeds due at once. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "defaults.h"
#include "poll.h"

static void
test_delay(void)
{
	struct poll_settings	s;
	uint64_t		ms, lo, hi, r;
	int			i;

	poll_settings_default(&s);
	CHECK_INT_EQ(s.interval, 15 * 60);

	/* No errors: the interval, +-5 %, and the jitter really varies. */
	lo = UINT64_MAX;
	hi = 0;
	for (r = 0; r < 2000; r += 7) {
		ms = poll_delay_ms(&s, 900, 0, -1, r * 2654435761u);
		if (ms < lo)
			lo = ms;
		if (ms > hi)
			hi = ms;
	}
	CHECK(lo >= 900000 * (100 - POLL_JITTER_PCT) / 100, "jitter low");
	CHECK(hi <= 900000 * (100 + POLL_JITTER_PCT) / 100, "jitter high");
	CHECK(hi - lo > 900000 * POLL_JITTER_PCT / 100, "jitter spreads");

	/* Errors: 1 -> interval, 2 -> twice, 3 -> 4 times, capped. */
	for (i = 1; i <= 3; i++) {
		ms = poll_delay_ms(&s, 900, i, -1, 0);
		lo = 900000ULL << (i - 1);
		CHECK(ms >= lo * 95 / 100 && ms <= lo * 105 / 100, "backoff");
	}
	ms = poll_delay_ms(&s, 900, 40, -1, 0);
	CHECK(ms >= (uint64_t)s.backoff_max * 1000 * 95 / 100 &&
	    ms <= (uint64_t)s.backoff_max * 1000 * 105 / 100, "backoff cap");
	/* An interval above the cap is not shortened by errors. */
	ms = poll_delay_ms(&s, 86400, 5, -1, 0);
	CHECK(ms >= 86400000ULL * 95 / 100, "long interval kept");

	/* Server hints are a minimum, capped at hint_max. */
	CHECK_INT_EQ(poll_delay_ms(&s, 900, 0, 7200, 12345), 7200000);
	CHECK_INT_EQ(poll_delay_ms(&s, 900, 1, 7200, 12345), 7200000);
	ms = poll_delay_ms(&s, 900, 0, 60, 12345);
	CHECK(ms >= 855000, "a short max-age does not shorten the interval");
	CHECK_INT_EQ(poll_delay_ms(&s, 900, 0, 99999999, 1),
	    (uint64_t)s.hint_max * 1000);
}

/* 500 feeds due at once: never more than starts_per_s in a second. */
static void
test_spread(void)
{
	struct poll_settings	s;
	int			per_s[100] = { 0 };
	uint64_t		ms, last = 0;
	size_t			k;
	int			i, worst = 0, ordered = 1;

	poll_settings_default(&s);
	for (k = 0; k < 500; k++) {
		ms = poll_spread_ms(&s, k, k * 2654435761u + 17);
		if (ms < last)
			ordered = 0;
		last = ms;
		if (ms / 1000 < 100)
			per_s[ms / 1000]++;
	}
	for (i = 0; i < 100; i++)
		if (per_s[i] > worst)
			worst = per_s[i];
	CHECK(ordered, "starts in queue order");
	CHECK(worst <= s.starts_per_s, "at most starts_per_s per second");
	CHECK(last < 500 / (uint64_t)s.starts_per_s * 1000 + 1000,
	    "and no slower than that");
	CHECK_INT_EQ(poll_spread_ms(&s, 0, 0), 0);
}

int
main(void)
{
	test_delay();
	test_spread();
	return CHECK_SUMMARY();
}
