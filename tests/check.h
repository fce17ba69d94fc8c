/* Minimal unit-test macros: CHECK, CHECK_STR_EQ, CHECK_INT_EQ, and a
 * summary line that tests/run reads ("N passed, N failed"). */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, msg) do {						\
	if (cond)							\
		check_passed++;						\
	else {								\
		check_failed++;						\
		fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__,	\
		    (msg));						\
	}								\
} while (0)

#define CHECK_STR_EQ(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0)		\
		check_passed++;						\
	else {								\
		check_failed++;						\
		fprintf(stderr, "FAIL %s:%d: %s\n  got:  \"%s\"\n"	\
		    "  want: \"%s\"\n", __FILE__, __LINE__, #got,	\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
	}								\
} while (0)

#define CHECK_INT_EQ(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ == w_)							\
		check_passed++;						\
	else {								\
		check_failed++;						\
		fprintf(stderr, "FAIL %s:%d: %s: got %lld, want %lld\n",	\
		    __FILE__, __LINE__, #got, g_, w_);			\
	}								\
} while (0)

/* Call at the end of main(): prints the summary, returns the exit code. */
#define CHECK_SUMMARY()							\
	(printf("%d passed, %d failed\n", check_passed, check_failed),	\
	 check_failed ? 1 : 0)

#endif
