/*
 * html: feed text to paragraphs.  Feeds carry their summaries and full
 * bodies as HTML fragments ("<p>...</p><p>...</p>", sometimes plain text
 * with line breaks).  Unlike a web page there is nothing to find here:
 * every block is the story's, so this is a plain walk over libxml2's HTML
 * parse, not extract.c's scoring.  The parser never touches the network
 * (HTML_PARSE_NONET) and the walk is depth-bounded.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "defaults.h"
#include "html.h"
#include "log.h"
#include "xml.h"

struct walk {
	struct buf	  cur;		/* the paragraph being built */
	char		**paras;
	size_t		  n;
	int		  failed;
};

static const char *const block_tags[] = {
	"address", "article", "blockquote", "br", "dd", "div", "dl", "dt",
	"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p",
	"pre", "section", "table", "td", "th", "tr", "ul",
};

/*
 * Not read.  "figure" is not among them: libxml2's HTML 4 parser does
 * not know it and nests whatever follows an unclosed one inside it, so
 * only its caption is dropped.
 */
static const char *const dropped_tags[] = {
	"audio", "button", "figcaption", "form", "iframe", "img", "noscript",
	"object", "picture", "script", "style", "svg", "video",
};

static int
in_list(const char *name, const char *const *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/* Ends the current paragraph, keeping it when it has any text. */
static void
end_para(struct walk *w)
{
	char	**np, *s, *e;

	if (w->cur.len == 0 || w->failed)
		return;
	s = w->cur.data;
	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	if (*s != '\0') {
		if (w->n >= EXTRACT_MAX_PARAS ||
		    (np = realloc(w->paras, (w->n + 1) * sizeof(*np))) == NULL) {
			w->failed = 1;
			return;
		}
		w->paras = np;
		if ((w->paras[w->n] = strdup(s)) == NULL) {
			w->failed = 1;
			return;
		}
		w->n++;
	}
	buf_reset(&w->cur);
}

/* Appends text with runs of white space squeezed to one space. */
static void
add_text(struct walk *w, const char *t)
{
	int	space = w->cur.len > 0 && w->cur.data[w->cur.len - 1] == ' ';

	for (; *t != '\0' && !w->failed; t++) {
		if (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r') {
			if (!space && w->cur.len > 0 &&
			    buf_putc(&w->cur, ' ') == -1)
				w->failed = 1;
			space = 1;
			continue;
		}
		if (buf_putc(&w->cur, *t) == -1)
			w->failed = 1;	/* over EXTRACT_MAX_TEXT */
		space = 0;
	}
}

static void
walk(struct walk *w, xmlNodePtr n, int depth)
{
	const char	*name;
	int		 block;

	if (depth > EXTRACT_MAX_DEPTH)
		return;
	for (; n != NULL && !w->failed; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				add_text(w, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		name = (const char *)n->name;
		if (in_list(name, dropped_tags, sizeof(dropped_tags) /
		    sizeof(dropped_tags[0])))
			continue;
		block = in_list(name, block_tags, sizeof(block_tags) /
		    sizeof(block_tags[0]));
		if (block)
			end_para(w);
		walk(w, n->children, depth + 1);
		if (block)
			end_para(w);
	}
}

/* Plain text: paragraphs are separated by blank lines; single line
 * breaks inside a paragraph are spaces. */
static void
plain(struct walk *w, const char *text, size_t len)
{
	const char	*p = text, *end = text + len, *nl;
	char		 line[2];

	while (p < end && !w->failed) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == p || (nl - p == 1 && *p == '\r'))
			end_para(w);
		else {
			for (; p < nl && !w->failed; p++) {
				line[0] = *p == '\r' || *p == '\t' ? ' ' : *p;
				line[1] = '\0';
				add_text(w, line);
			}
			add_text(w, " ");
		}
		p = nl + 1;
	}
	end_para(w);
}

int
html_fragment_paras(const char *text, size_t len, char ***paras,
    size_t *nparas)
{
	struct walk	 w;
	htmlDocPtr	 doc;
	xmlNodePtr	 root;

	memset(&w, 0, sizeof(w));
	buf_init(&w.cur, EXTRACT_MAX_TEXT);
	*paras = NULL;
	*nparas = 0;
	if (len > EXTRACT_MAX_HTML)
		len = EXTRACT_MAX_HTML;
	if (memchr(text, '<', len) == NULL)
		plain(&w, text, len);
	else if (xml_load() == -1)
		w.failed = 1;		/* logged there */
	else {
		doc = htmlReadMemory(text, (int)len, NULL, "UTF-8",
		    HTML_PARSE_NONET | HTML_PARSE_NOERROR |
		    HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
		    HTML_PARSE_NOIMPLIED);
		if (doc != NULL) {
			root = xmlDocGetRootElement(doc);
			/* With NOIMPLIED the fragment's nodes are siblings
			 * of the first one. */
			walk(&w, root, 0);
			end_para(&w);
			xmlFreeDoc(doc);
		}
	}
	buf_free(&w.cur);
	if (w.failed) {
		html_free_paras(w.paras, w.n);
		return -1;
	}
	*paras = w.paras;
	*nparas = w.n;
	return 0;
}

void
html_free_paras(char **paras, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(paras[i]);
	free(paras);
}
