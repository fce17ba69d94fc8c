/*
 * utf8: decoding, encoding and the few character classes the normaliser needs.  We
 * deliberately avoid the C library's locale machinery: the daemon's locale
 * is whatever systemd gives it, and the text is always UTF-8.
 */
#include <stddef.h>
#include <stdint.h>

#include "utf8.h"

uint32_t
utf8_decode(const char *s, size_t len, size_t *n)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 need, i;

	if (len == 0) {
		*n = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		need = 2;
		cp = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		need = 3;
		cp = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		need = 4;
		cp = u[0] & 0x07;
	} else
		goto bad;
	if (len < need)
		goto bad;
	for (i = 1; i < need; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms and surrogates are not text. */
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		goto bad;
	*n = need;
	return cp;
bad:
	*n = 1;
	return 0xfffd;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		cp = 0xfffd;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_is_letter(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return 1;
	if (cp < 0xc0)
		return 0;
	if (cp == 0xd7 || cp == 0xf7)		/* multiplication, division */
		return 0;
	return cp <= 0x24f ||			/* Latin-1 and Extended A/B */
	    (cp >= 0x300 && cp <= 0x36f) ||	/* combining marks */
	    (cp >= 0x370 && cp <= 0x3ff && cp != 0x37e) ||	/* Greek */
	    (cp >= 0x400 && cp <= 0x4ff) ||	/* Cyrillic */
	    (cp >= 0x1e00 && cp <= 0x1eff);	/* Latin Extended Additional */
}

int
utf8_is_upper(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return 1;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return 1;
	/* Latin Extended-A alternates upper and lower case. */
	if (cp >= 0x100 && cp <= 0x17f)
		return (cp & 1) == 0;
	if (cp >= 0x391 && cp <= 0x3ab)
		return 1;
	return cp >= 0x400 && cp <= 0x42f;
}

int
utf8_is_lower(uint32_t cp)
{
	return utf8_is_letter(cp) && !utf8_is_upper(cp);
}
