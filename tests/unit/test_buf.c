/* Unit tests for buf.c: growth, the hard maximum, printf, consume. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "buf.h"

int
main(void)
{
	struct buf	 b;
	char		*s;
	int		 i;

	buf_init(&b, 16);
	CHECK_INT_EQ(buf_puts(&b, "hello"), 0);
	CHECK_STR_EQ(b.data, "hello");
	CHECK_INT_EQ(buf_printf(&b, " %d%s", 42, "!"), 0);
	CHECK_STR_EQ(b.data, "hello 42!");
	CHECK_INT_EQ(buf_puts(&b, "0123456789"), -1);	/* past max */
	CHECK_STR_EQ(b.data, "hello 42!");		/* unchanged */
	CHECK_INT_EQ(buf_puts(&b, "0123456"), 0);	/* exactly max */
	CHECK_INT_EQ(b.len, 16);
	CHECK_INT_EQ(buf_putc(&b, 'x'), -1);
	buf_consume(&b, 6);
	CHECK_STR_EQ(b.data, "42!0123456");
	buf_consume(&b, 100);
	CHECK_INT_EQ(b.len, 0);
	buf_free(&b);

	buf_init(&b, 100000);
	for (i = 0; i < 1000; i++)
		CHECK(buf_printf(&b, "%08d", i) == 0, "append");
	CHECK_INT_EQ(b.len, 8000);
	CHECK(memcmp(b.data + 7992, "00000999", 8) == 0, "content");
	CHECK(buf_printf(&b, "%0300d", 1) == 0, "long printf");
	CHECK_INT_EQ(b.len, 8300);
	s = buf_release(&b);
	CHECK(s != NULL && strlen(s) == 8300, "release");
	CHECK(b.data == NULL && b.len == 0, "released buffer is empty");
	free(s);
	s = buf_release(&b);
	CHECK_STR_EQ(s, "");
	free(s);

	/* Whole files, and files past the maximum. */
	FILE *f = tmpfile();
	for (i = 0; i < 3000; i++)
		fputs("Zeile\n", f);
	rewind(f);
	buf_init(&b, 18000);
	CHECK_INT_EQ(buf_read_file(&b, f), 0);
	CHECK_INT_EQ(b.len, 18000);
	buf_free(&b);
	rewind(f);
	buf_init(&b, 17999);
	errno = 0;
	CHECK_INT_EQ(buf_read_file(&b, f), -1);
	CHECK_INT_EQ(errno, EFBIG);
	buf_free(&b);
	fclose(f);
	return CHECK_SUMMARY();
}
