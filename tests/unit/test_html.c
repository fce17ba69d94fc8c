/* Unit tests for html.c: feed fragments and plain feed text to
 * paragraphs. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "html.h"

static char	**p;
static size_t	  n;

static int
run(const char *s)
{
	html_free_paras(p, n);
	p = NULL;
	n = 0;
	return html_fragment_paras(s, strlen(s), &p, &n);
}

int
main(void)
{
	CHECK_INT_EQ(run("<p>Der Kreml teilte am Montag mit, Kim werde "
	    "<b>bald</b> reisen.</p>\n<p>Zweiter &amp; letzter Absatz.</p>"),
	    0);
	CHECK_INT_EQ(n, 2);
	CHECK_STR_EQ(p[0], "Der Kreml teilte am Montag mit, Kim werde bald "
	    "reisen.");
	CHECK_STR_EQ(p[1], "Zweiter & letzter Absatz.");

	/* Text outside any element, line breaks and lists. */
	CHECK_INT_EQ(run("Erster Teil<br/>zweiter Teil<ul><li>Punkt "
	    "eins</li><li>Punkt zwei</li></ul>Schluss"), 0);
	CHECK_INT_EQ(n, 5);
	CHECK_STR_EQ(p[0], "Erster Teil");
	CHECK_STR_EQ(p[2], "Punkt eins");
	CHECK_STR_EQ(p[4], "Schluss");

	/* Figures, captions, scripts and images are not read. */
	CHECK_INT_EQ(run("<figure><img src=x.jpg><figcaption>Foto: dpa"
	    "</figcaption></figure><p>Text.</p><script>var a=1;</script>"),
	    0);
	CHECK_INT_EQ(n, 1);
	CHECK_STR_EQ(p[0], "Text.");

	/* Plain text: blank lines separate paragraphs. */
	CHECK_INT_EQ(run("Erste Zeile\nnoch die erste.\n\nZweiter "
	    "Absatz.\r\n"), 0);
	CHECK_INT_EQ(n, 2);
	CHECK_STR_EQ(p[0], "Erste Zeile noch die erste.");
	CHECK_STR_EQ(p[1], "Zweiter Absatz.");

	CHECK_INT_EQ(run(""), 0);
	CHECK_INT_EQ(n, 0);
	CHECK_INT_EQ(run("<p>   </p><div></div>"), 0);
	CHECK_INT_EQ(n, 0);
	html_free_paras(p, n);
	return CHECK_SUMMARY();
}
