/* Bounded growable byte buffers. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <stdio.h>

/*
 * A buffer that grows on demand up to a hard maximum.  data is always
 * NUL-terminated after len bytes (when data != NULL), so text can be used
 * as a C string.  Appending past max fails with -1 and leaves the buffer
 * as it was.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
};

void	buf_init(struct buf *, size_t max);
void	buf_free(struct buf *);		/* accepts a zeroed buffer */
void	buf_reset(struct buf *);	/* len = 0, memory kept */
int	buf_append(struct buf *, const void *, size_t);
int	buf_puts(struct buf *, const char *);
int	buf_putc(struct buf *, int);
int	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_consume(struct buf *, size_t);
/* Appends everything up to the end of f.  0, or -1 with errno EFBIG
 * when it would pass max, or the read error's errno (EIO if none). */
int	buf_read_file(struct buf *, FILE *);	/* drop n bytes at the front */
/* Hands the data to the caller (who frees it) and resets the buffer.
 * Returns an empty string rather than NULL for an empty buffer; NULL only
 * when out of memory. */
char	*buf_release(struct buf *);

#endif
