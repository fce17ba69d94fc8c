/* Unit tests for dynlib.c: loading by soname, all symbols or none. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "dynlib.h"

int
main(void)
{
	double		(*fcos)(double) = NULL, (*fsin)(double) = NULL;
	void		(*fnone)(void) = NULL;
	struct dynlib_sym good[] = {
		{ "cos", (void **)&fcos },
		{ "sin", (void **)&fsin },
	};
	struct dynlib_sym bad[] = {
		{ "cos", (void **)&fcos },
		{ "vorleser_no_such_function", (void **)&fnone },
	};
	struct dynlib	 m = { "libm.so.6", good, 2, 0, "" };
	struct dynlib	 none = { "libvorleser-none.so.9", good, 2, 0, "" };
	struct dynlib	 half = { "libm.so.6", bad, 2, 0, "" };

	/* A library that is not there: the loader's reason names it. */
	CHECK_INT_EQ(dynlib_load(&none), -1);
	CHECK(strstr(none.error, "libvorleser-none.so.9") != NULL,
	    "the reason names the soname");
	CHECK(fcos == NULL && fsin == NULL, "nothing resolved");
	/* ... and it is tried again, not remembered as failed for good. */
	CHECK_INT_EQ(dynlib_load(&none), -1);

	/* A missing symbol fails the whole table. */
	CHECK_INT_EQ(dynlib_load(&half), -1);
	CHECK(strstr(half.error, "vorleser_no_such_function") != NULL,
	    "the reason names the symbol");
	CHECK(fcos == NULL && fnone == NULL, "a half table is cleared");

	/* A real one: every symbol is there and callable. */
	CHECK_INT_EQ(dynlib_load(&m), 0);
	CHECK_STR_EQ(m.error, "");
	CHECK(fcos != NULL && fsin != NULL, "resolved");
	if (fcos != NULL && fsin != NULL)
		CHECK(fcos(0.0) == 1.0 && fsin(0.0) == 0.0, "callable");
	CHECK_INT_EQ(dynlib_load(&m), 0);	/* idempotent */
	return CHECK_SUMMARY();
}
