/*
 * extract: finds the story on a news page and returns its headline and
 * paragraphs in reading order, without menus, banners, captions, link
 * boxes, share bars or comments.
 *
 * It works like Mozilla's Readability, on libxml2's HTML tree:
 *
 *  1. Parse leniently, without network access.  Read the signals in the
 *     head: lang, og:title/og:description, JSON-LD headline, articleBody
 *     and isAccessibleForFree, the canonical URL.
 *  2. Drop what is never story text: scripts, media, forms, navigation,
 *     figures with their captions, hidden elements, and elements whose
 *     class or id says comment, share, related, teaser, newsletter,
 *     consent, ad, paywall and so on, plus the site rules' selectors.
 *     A hinted element holding most of the page's prose is kept anyway:
 *     class names lie more often than text does.
 *  3. Score every paragraph (length, commas, link density) into its
 *     ancestors; the best-scoring element, widened to an ancestor its
 *     rivals share and joined by related siblings, holds the story.
 *  4. Walk it in document order and emit headings, paragraphs, list
 *     items and quotes; drop link-dense boxes, orphan labels and kickers.
 *     The lead is taken from between the <h1> and the story element,
 *     where many sites put it.
 *  5. When JSON-LD carries the whole articleBody, paragraphs that share
 *     almost no words with it are boilerplate; when the page hides most
 *     of it, the articleBody itself is used.
 *
 * It does not clean text for speech (clean.c does) and does no I/O.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean.h"
#include "defaults.h"
#include "extract.h"
#include "log.h"
#include "utf8.h"
#include "xml.h"

/* Properties of HTML tags. */
#define T_BLOCK		0x001	/* ends and starts a paragraph */
#define T_DROP		0x002	/* never story text */
#define T_SOFT		0x004	/* boilerplate unless it holds the story */
#define T_PARA		0x008	/* a paragraph for scoring */
#define T_HEAD		0x010	/* a heading */
#define T_ITEM		0x020	/* a list item */
#define T_QUOTE		0x040	/* a quotation */
#define T_BOLD		0x080	/* bold text (subheads in disguise) */
#define T_LINK		0x100	/* a hyperlink */
#define T_BR		0x200	/* a line break */
#define T_CELL		0x400	/* a table cell: a row reads as one line */

struct tag {
	const char	*name;
	unsigned	 flags;
};

/* Sorted by name for bsearch. */
static const struct tag tags[] = {
	{ "a",		T_LINK },
	{ "address",	T_BLOCK },
	{ "applet",	T_DROP },
	{ "area",	T_DROP },
	{ "article",	T_BLOCK },
	{ "aside",	T_BLOCK | T_SOFT },
	{ "audio",	T_DROP },
	{ "b",		T_BOLD },
	{ "blockquote",	T_BLOCK | T_QUOTE },
	{ "body",	T_BLOCK },
	{ "br",		T_BR },
	{ "button",	T_DROP },
	{ "canvas",	T_DROP },
	{ "caption",	T_DROP },
	{ "center",	T_BLOCK },
	{ "dd",		T_BLOCK | T_PARA },
	{ "details",	T_BLOCK },
	{ "dialog",	T_DROP },
	{ "dir",	T_BLOCK },
	{ "div",	T_BLOCK },
	{ "dl",		T_BLOCK },
	{ "dt",		T_BLOCK },
	{ "embed",	T_DROP },
	{ "fieldset",	T_BLOCK },
	{ "figcaption",	T_DROP },
	{ "figure",	T_DROP },
	{ "footer",	T_BLOCK | T_SOFT },
	{ "form",	T_BLOCK | T_SOFT },
	{ "frame",	T_DROP },
	{ "frameset",	T_DROP },
	{ "h1",		T_BLOCK | T_HEAD },
	{ "h2",		T_BLOCK | T_HEAD },
	{ "h3",		T_BLOCK | T_HEAD },
	{ "h4",		T_BLOCK | T_HEAD },
	{ "h5",		T_BLOCK | T_HEAD },
	{ "h6",		T_BLOCK | T_HEAD },
	{ "head",	T_DROP },
	{ "header",	T_BLOCK },
	{ "hgroup",	T_BLOCK },
	{ "hr",		T_BLOCK },
	{ "iframe",	T_DROP },
	{ "img",	T_DROP },
	{ "input",	T_DROP },
	{ "label",	T_DROP },
	{ "legend",	T_DROP },
	{ "li",		T_BLOCK | T_ITEM },
	{ "link",	T_DROP },
	{ "main",	T_BLOCK },
	{ "map",	T_DROP },
	{ "math",	T_DROP },
	{ "menu",	T_DROP },
	{ "meta",	T_DROP },
	{ "nav",	T_DROP },
	{ "noscript",	T_DROP },
	{ "object",	T_DROP },
	{ "ol",		T_BLOCK },
	{ "optgroup",	T_DROP },
	{ "option",	T_DROP },
	{ "p",		T_BLOCK | T_PARA },
	{ "picture",	T_DROP },
	{ "pre",	T_BLOCK | T_PARA },
	{ "script",	T_DROP },
	{ "section",	T_BLOCK },
	{ "select",	T_DROP },
	{ "source",	T_DROP },
	{ "strong",	T_BOLD },
	{ "style",	T_DROP },
	{ "summary",	T_BLOCK },
	{ "svg",	T_DROP },
	{ "table",	T_BLOCK },
	{ "tbody",	T_BLOCK },
	{ "td",		T_CELL },
	{ "template",	T_DROP },
	{ "textarea",	T_DROP },
	{ "tfoot",	T_BLOCK },
	{ "th",		T_CELL },
	{ "thead",	T_BLOCK },
	{ "title",	T_DROP },
	{ "tr",		T_BLOCK | T_ITEM },
	{ "track",	T_DROP },
	{ "ul",		T_BLOCK },
	{ "video",	T_DROP },
};

/*
 * Class and id hints, matched against the lowercased class and id with
 * '-' and '_' removed ("read-also" -> "readalso").  A strong hint drops
 * the element even if it also looks like content ("related-articles").
 */
static const char *const hint_strong[] = {
	"comment", "share", "sharing", "social", "related", "consent",
	"cookie", "gdpr", "newsletter", "promo", "advert", "outbrain",
	"taboola", "paywall", "regwall", "readalso", "readmore",
	"weiterlesen", "mehrzumthema", "morenews", "moreteaser", "sponsor",
	"recommend", "empfehl", "subscri", "abonnier", "leaderboard",
	"disqus", "iqad", "adslot", "adcontainer", "adsense", "adunit",
	"adbox", "anzeige", "werbung", "breadcrumb", "linklist", "popup",
	"modal", "skiplink", "sronly", "visuallyhidden", "screenreader",
	"signup", "login", "rating", "survey", "newsticker", "widget",
	"recent", "trending", "popular", "mostread", "meistgelesen",
	"mostviewed", "meistgesehen", "privacy", "optin", "twoclick",
	"externalcontent", "thirdparty", "datenschutz", "tweet", "instagram",
	"tiktok", "youtube", "spmessage", "usercentrics", "onetrust",
	"didomi", NULL
};
static const char *const hint_weak[] = {
	"teaser", "footer", "sidebar", "menu", "author", "autor", "byline",
	"caption", "credit", "copyright", "bildrechte", "toolbar", "video",
	"player", "podcast", "audio", "embed", "infobox", "servicebox",
	"infokasten", "pagination", "pager", "print", "tags", "keywords",
	"masthead", "banner", "overlay", "sendung", "shop", "meta", "date",
	"datum", "timestamp", "photo", "foto", "image", "gallery", "galerie",
	"slideshow", "banner", "topics", "themen", "hidden", "bio", "poll",
	"publishinfo", "publishdate", "pubdate", "dateline", "creator",
	"readingtime", "lesezeit",
	"lesedauer", "bildunterschrift", "bildtext", "bildquelle", "legend",
	NULL
};
static const char *const hint_good[] = {
	"article", "artikel", "content", "entry", "story", "body", "main",
	"post", "text", "beitrag", "inhalt", NULL
};
/* Names of a story's lead, which sites like to put in a "teaser" box. */
static const char *const hint_lead[] = {
	"lead", "intro", "einleitung", "preface", "standfirst", "summary",
	"abstract", "kicker", NULL
};
/* Whole words of class/id that mark ads and metadata. */
static const char *const hint_words[] = {
	"ad", "ads", "adv", "nav", "cmp", "share", "hide", "hidden",
	NULL
};

/* Node state in ninfo.flags. */
#define N_DROP		0x01	/* not part of the story */
#define N_HASBLOCK	0x02	/* has block descendants */
#define N_SCORED	0x04	/* a candidate with a score */
#define N_GOOD		0x08	/* class/id hints content */
#define N_WEAK		0x10	/* class/id hints boilerplate */
#define N_STRONG	0x20	/* class/id hints boilerplate firmly */
#define N_KEEP		0x40	/* a site rule names it the story */
#define N_HIDDEN	0x80	/* hidden attribute or display:none */
#define N_LEAD		0x100	/* class/id names the lead */
#define N_PAYWALL	0x200	/* class/id names a paywall (hints only) */

struct ninfo {
	unsigned	 flags;
	unsigned	 tflags;	/* T_* of the tag */
	unsigned	 chars;		/* visible characters below */
	unsigned	 linkchars;	/* ... of them inside links */
	unsigned	 commas;
	unsigned	 inlinechars;	/* characters outside block children */
	unsigned	 good;		/* characters of prose paragraphs */
	double		 score;
};

/* Paragraph kinds. */
enum { K_P, K_HEAD, K_H1, K_ITEM, K_QUOTE };

struct para {
	char		*text;
	unsigned	 chars;
	unsigned	 linkchars;
	int		 kind;
	int		 lead;		/* from before the story element */
};

#define HINTCACHE	1024	/* class strings remembered, a power of 2 */

struct ex {
	struct {
		uint64_t	 hash;
		unsigned	 flags;
	}			 hc[HINTCACHE];
	xmlNodePtr		 body;
	struct ninfo		*info;
	size_t			 ninfo;
	size_t			 nodes;
	const struct siterule	*rules[SITERULES_MAX_PER_HOST];
	size_t			 nrules;
	/* Signals from the head. */
	char			*og_title;
	char			*og_desc;
	char			*desc;
	char			*site;
	char			*title_tag;
	char			*canonical;
	char			*lang;
	char			*ld_headline;
	char			*ld_body;
	int			 ld_paid;	/* isAccessibleForFree false */
	int			 paywall;	/* a paywall element exists */
	char			*title;
	xmlNodePtr		 title_node;
	/* Emission. */
	struct para		*paras;
	size_t			 nparas;
	struct buf		 cur;
	unsigned		 cur_chars, cur_link, cur_bold;
	int			 cur_kind;
	int			 pending_space;
	int			 in_link, in_bold;
	int			 kind;
	int			 active, done;
	xmlNodePtr		 start, stop;
	size_t			 total;
	int			 full;		/* text limit reached */
};

static int
tag_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct tag *)e)->name);
}

static unsigned
tag_flags(xmlNodePtr n)
{
	const struct tag	*t;
	const char		*name = (const char *)n->name;

	if (name == NULL)
		return 0;
	if (strncmp(name, "amp-", 4) == 0)
		return T_DROP;		/* AMP widgets: images, ads, consent */
	t = bsearch(name, tags, sizeof(tags) / sizeof(tags[0]),
	    sizeof(tags[0]), tag_cmp);
	return t == NULL ? 0 : t->flags;
}

static struct ninfo *
info(xmlNodePtr n)
{
	return n->_private;
}

static int
is_dropped(xmlNodePtr n)
{
	return n->_private == NULL || (info(n)->flags & N_DROP);
}

/* The value of attribute name, borrowed from the tree, or NULL. */
static const char *
attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->name != NULL &&
		    strcasecmp((const char *)a->name, name) == 0) {
			if (a->children != NULL &&
			    a->children->type == XML_TEXT_NODE &&
			    a->children->content != NULL)
				return (const char *)a->children->content;
			return "";
		}
	return NULL;
}

/* Number of UTF-8 characters in s[0..n), whitespace runs counted once. */
static unsigned
count_chars(const unsigned char *s, unsigned *commas)
{
	unsigned	n = 0;
	int		sp = 1;

	for (; *s != '\0'; s++) {
		if (isspace(*s)) {
			if (!sp)
				n++;
			sp = 1;
			continue;
		}
		sp = 0;
		if ((*s & 0xc0) != 0x80)
			n++;
		if (*s == ',' || (s[0] == 0xe3 && s[1] == 0x80 &&
		    s[2] == 0x81) || (s[0] == 0xef && s[1] == 0xbc &&
		    s[2] == 0x8c))
			(*commas)++;	/* , 、 ， */
	}
	return n;
}

/* Tells whether word occurs in s as a whole word (split on non-alnum). */
static int
has_word(const char *s, const char *word)
{
	size_t		wl = strlen(word);
	const char	*p = s;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == s || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[wl]))
			return 1;
		p += wl;
	}
	return 0;
}

/* Whether any word of list occurs in s.  strchr on the first letter
 * beats strstr's set-up cost on these short strings. */
static int
has_any(const char *s, const char *const *list)
{
	const char	*p, *h;
	size_t		 l;

	for (; *list != NULL; list++) {
		h = *list;
		l = strlen(h);
		for (p = s; (p = strchr(p, h[0])) != NULL; p++)
			if (strncmp(p, h, l) == 0)
				return 1;
	}
	return 0;
}

/* Sets N_GOOD, N_WEAK, N_STRONG from the class and id attributes. */
/* The hint flags of a "class id data-area" string; raw is lowercased. */
static unsigned
hints(char *raw)
{
	char		sq[512];
	size_t		i, j;
	unsigned	f = 0;

	for (i = j = 0; raw[i] != '\0' && j < sizeof(sq) - 1; i++) {
		raw[i] = tolower((unsigned char)raw[i]);
		if (raw[i] != '-' && raw[i] != '_')
			sq[j++] = raw[i];
	}
	sq[j] = '\0';
	if (has_any(sq, hint_good))
		f |= N_GOOD;
	if (has_any(sq, hint_lead) && strstr(sq, "leader") == NULL)
		f |= N_LEAD;
	if (has_any(sq, hint_strong))
		f |= N_STRONG;
	else if (has_any(sq, hint_weak))
		f |= N_WEAK;
	for (i = 0; hint_words[i] != NULL; i++)
		if (has_word(raw, hint_words[i]))
			f |= N_STRONG;
	if (strstr(sq, "paywall") != NULL || strstr(sq, "regwall") != NULL ||
	    strstr(sq, "abowall") != NULL)
		f |= N_PAYWALL;
	return f;
}

/*
 * Pages repeat the same class strings thousands of times and matching
 * them against the hint lists is a fifth of the work, so the answers are
 * kept by a 64-bit hash of the string (a collision costs a wrong hint,
 * not memory safety).
 */
static unsigned
hints_cached(struct ex *ex, char *raw)
{
	uint64_t	 h = 14695981039346656037ull;
	const char	*p;
	size_t		 i;

	for (p = raw; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h |= 1;
	i = h & (HINTCACHE - 1);
	if (ex->hc[i].hash != h) {
		ex->hc[i].hash = h;
		ex->hc[i].flags = hints(raw);
	}
	return ex->hc[i].flags;
}

static void
classify(xmlNodePtr n, struct ninfo *ni, struct ex *ex)
{
	char		 raw[512], sq[512];
	const char	*cls, *id, *style, *area, *role;
	size_t		 i, j;
	unsigned	 f;
	int		 r;

	cls = attr(n, "class");
	id = attr(n, "id");
	/* Some CMS name their boxes in data attributes instead. */
	if ((area = attr(n, "data-area")) == NULL)
		area = attr(n, "data-component");
	/* Landmarks that are never the story. */
	if ((role = attr(n, "role")) != NULL &&
	    (strcmp(role, "navigation") == 0 ||
	    strcmp(role, "complementary") == 0 ||
	    strcmp(role, "contentinfo") == 0 || strcmp(role, "search") == 0 ||
	    strcmp(role, "dialog") == 0 || strcmp(role, "alertdialog") == 0))
		ni->flags |= N_STRONG;
	if (attr(n, "hidden") != NULL ||
	    ((style = attr(n, "aria-hidden")) != NULL &&
	    strcmp(style, "true") == 0))
		ni->flags |= N_HIDDEN;
	if ((style = attr(n, "style")) != NULL) {
		for (i = j = 0; style[i] != '\0' && j < sizeof(sq) - 1; i++)
			if (!isspace((unsigned char)style[i]))
				sq[j++] = tolower((unsigned char)style[i]);
		sq[j] = '\0';
		/* Fixed boxes float over the page: banners, not story. */
		if (strstr(sq, "display:none") != NULL ||
		    strstr(sq, "visibility:hidden") != NULL ||
		    strstr(sq, "position:fixed") != NULL)
			ni->flags |= N_HIDDEN;
	}
	if (cls == NULL && id == NULL && area == NULL)
		return;
	r = snprintf(raw, sizeof(raw), "%s %s %s", cls ? cls : "",
	    id ? id : "", area ? area : "");
	if (r < 0)
		return;
	f = hints_cached(ex, raw);
	if (f & N_PAYWALL)
		ex->paywall = 1;
	if ((ni->tflags & (T_CELL | T_ITEM)) && !(f & N_STRONG))
		f &= ~N_WEAK;		/* rows: "player-2020" is a driver */
	ni->flags |= f & (N_GOOD | N_LEAD | N_STRONG | N_WEAK);
}

static int
class_has(const char *cls, const char *word)
{
	size_t		wl = strlen(word);
	const char	*p = cls;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == cls || isspace((unsigned char)p[-1])) &&
		    (p[wl] == '\0' || isspace((unsigned char)p[wl])))
			return 1;
		p += wl;
	}
	return 0;
}

static int
rule_matches(const struct siterule *r, xmlNodePtr n)
{
	const char	*v;

	if (r->tag != NULL && strcasecmp(r->tag, (const char *)n->name) != 0)
		return 0;
	if (r->cls != NULL &&
	    ((v = attr(n, "class")) == NULL || !class_has(v, r->cls)))
		return 0;
	if (r->id != NULL && ((v = attr(n, "id")) == NULL || strcmp(v, r->id)))
		return 0;
	return 1;
}

/*
 * Gives every element within the depth limit an ninfo with its tag,
 * hints and site rules.  Elements deeper than the limit keep _private
 * NULL and count as dropped.
 */
static int
assign(struct ex *ex, xmlNodePtr n, int depth)
{
	struct ninfo	*ni;
	xmlNodePtr	 c;
	size_t		 i;

	if (depth > EXTRACT_MAX_DEPTH)
		return 0;
	if (ex->ninfo >= EXTRACT_MAX_NODES) {
		log_warnx("extract: more than %d elements",
		    EXTRACT_MAX_NODES);
		return -1;
	}
	ni = &ex->info[ex->ninfo++];
	memset(ni, 0, sizeof(*ni));
	n->_private = ni;
	ni->tflags = tag_flags(n);
	classify(n, ni, ex);
	for (i = 0; i < ex->nrules; i++) {
		if (ex->rules[i]->kind == SITERULE_DROP &&
		    rule_matches(ex->rules[i], n))
			ni->flags |= N_DROP;
		if (ex->rules[i]->kind == SITERULE_KEEP &&
		    rule_matches(ex->rules[i], n))
			ni->flags |= N_KEEP;
	}
	if (ni->tflags & T_DROP)
		ni->flags |= N_DROP;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    assign(ex, c, depth + 1) == -1)
			return -1;
	return 0;
}

static size_t
count_elements(xmlNodePtr n, int depth)
{
	xmlNodePtr	c;
	size_t		k = 1;

	if (depth > EXTRACT_MAX_DEPTH)
		return 0;
	for (c = n->children; c != NULL && k <= EXTRACT_MAX_NODES;
	    c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			k += count_elements(c, depth + 1);
	return k;
}

/* Fills the character counts below n, skipping dropped elements. */
static void
stats(xmlNodePtr n)
{
	struct ninfo	*ni = info(n), *ci;
	xmlNodePtr	 c;
	unsigned	 k, inl_good = 0;

	ni->chars = ni->linkchars = ni->commas = ni->inlinechars = 0;
	ni->good = 0;
	ni->flags &= ~N_HASBLOCK;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			if (c->content == NULL)
				continue;
			k = count_chars(c->content, &ni->commas);
			ni->chars += k;
			ni->inlinechars += k;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || is_dropped(c))
			continue;
		stats(c);
		ci = info(c);
		ni->chars += ci->chars;
		ni->linkchars += ci->linkchars;
		ni->commas += ci->commas;
		ni->good += ci->good;
		if ((ci->tflags & T_BLOCK) || (ci->flags & N_HASBLOCK))
			ni->flags |= N_HASBLOCK;
		else
			ni->inlinechars += ci->chars;
	}
	if (ni->tflags & T_LINK)
		ni->linkchars = ni->chars;
	if (ni->linkchars > ni->chars)
		ni->linkchars = ni->chars;
	/* Prose: a paragraph-sized run of text that is not mostly links. */
	if (!(ni->flags & N_HASBLOCK))
		inl_good = ni->chars;
	else
		inl_good = ni->inlinechars;
	if ((ni->tflags & T_BLOCK) && inl_good >= 80 &&
	    ni->linkchars * 10 < inl_good * 3)
		ni->good += inl_good;
}

static double
link_density(const struct ninfo *ni)
{
	return ni->chars ? (double)ni->linkchars / ni->chars : 0;
}

static int
is_main_role(xmlNodePtr n)
{
	const char	*v;

	if ((v = attr(n, "role")) != NULL && strcmp(v, "main") == 0)
		return 1;
	if ((v = attr(n, "itemprop")) != NULL && strcmp(v, "articleBody") == 0)
		return 1;
	return 0;
}

/*
 * The prose inside firmly hinted boxes (comments, related lists), which
 * does not count when deciding what share of the page's prose an
 * element holds: an open thread's comments dwarf its article.
 */
static unsigned
strong_good(xmlNodePtr n, unsigned total)
{
	xmlNodePtr	c;
	unsigned	g = 0;

	/* A hinted box holding most of the prose is kept (see decide). */
	if ((info(n)->flags & N_STRONG) && info(n)->good * 2 <= total)
		return info(n)->good;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && c->_private != NULL &&
		    !(info(c)->flags & N_DROP))
			g += strong_good(c, total);
	return g;
}

/*
 * Decides which hinted elements to drop.  An element holding more than
 * half of the page's prose (total) is the story's wrapper, whatever its
 * class.  story is the prose outside firmly hinted boxes, against which
 * weakly hinted boxes and <article>s are weighed.
 */
static void
decide(struct ex *ex, xmlNodePtr n, unsigned total, unsigned story)
{
	struct ninfo	*ni = info(n);
	xmlNodePtr	 c;
	int		 drop = 0;

	if (ni->flags & N_DROP)
		return;
	/* A weak hint beside a content hint ("article-footer") still
	 * drops a box that holds little of the prose. */
	if (ni->flags & N_STRONG)
		drop = 1;
	else if ((ni->flags & N_WEAK) && !(ni->flags & N_LEAD) &&
	    (!(ni->flags & N_GOOD) || ni->good * 4 < story))
		drop = 1;
	else if ((ni->flags & N_HIDDEN) || (ni->tflags & T_SOFT))
		drop = 1;
	/* <article> and <main> carry class soup such as WordPress's
	 * "tag-x comments-open"; when they hold a good part of the prose
	 * their tag says more than their class. */
	if ((ni->flags & (N_WEAK | N_STRONG)) && !(ni->flags & N_HIDDEN) &&
	    (strcmp((const char *)n->name, "article") == 0 ||
	    strcmp((const char *)n->name, "main") == 0 ||
	    is_main_role(n)) && ni->good * 4 >= story)
		drop = 0;
	if (drop && n != ex->body && !(ni->flags & N_KEEP) &&
	    !(total > 0 && ni->good * 2 > total)) {
		ni->flags |= N_DROP;
		return;
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && c->_private != NULL)
			decide(ex, c, total, story);
}

static void
score_init(xmlNodePtr n)
{
	struct ninfo	*ni = info(n);
	const char	*name = (const char *)n->name;

	if (ni->flags & N_SCORED)
		return;
	ni->flags |= N_SCORED;
	ni->score = 0;
	if (strcmp(name, "div") == 0 || strcmp(name, "article") == 0 ||
	    strcmp(name, "main") == 0)
		ni->score += 5;
	else if (strcmp(name, "pre") == 0 || strcmp(name, "td") == 0 ||
	    strcmp(name, "blockquote") == 0 || strcmp(name, "section") == 0)
		ni->score += 3;
	else if (strcmp(name, "ol") == 0 || strcmp(name, "ul") == 0 ||
	    strcmp(name, "dl") == 0 || strcmp(name, "li") == 0 ||
	    strcmp(name, "form") == 0 || strcmp(name, "address") == 0)
		ni->score -= 3;
	else if (ni->tflags & T_HEAD)
		ni->score -= 5;
	if (ni->flags & N_GOOD)
		ni->score += 25;
	if (ni->flags & (N_WEAK | N_STRONG))
		ni->score -= 25;
}

/* Adds a paragraph's score to its ancestors, less for the far ones. */
static void
score_up(struct ex *ex, xmlNodePtr first, double s)
{
	xmlNodePtr	a;
	int		level;

	for (a = first, level = 0; a != NULL && level < 5;
	    a = a->parent, level++) {
		if (a->type != XML_ELEMENT_NODE || a->_private == NULL)
			break;
		score_init(a);
		info(a)->score += s / (level == 0 ? 1 : level == 1 ? 2 :
		    level * 3);
		if (a == ex->body)
			break;
	}
}

static double
para_score(unsigned chars, unsigned commas, unsigned linkchars)
{
	double	s;

	s = 1 + commas + (chars / 100.0 > 3 ? 3 : chars / 100.0);
	if (chars > 0)
		s *= 1 - (double)linkchars / chars;
	return s;
}

static void
score(struct ex *ex, xmlNodePtr n)
{
	struct ninfo	*ni = info(n);
	xmlNodePtr	 c;

	if (!(ni->flags & N_HASBLOCK)) {
		if ((ni->tflags & (T_PARA | T_BLOCK)) &&
		    !(ni->tflags & T_HEAD) && ni->chars >= 25 &&
		    n->parent != NULL)
			score_up(ex, n->parent,
			    para_score(ni->chars, ni->commas, ni->linkchars));
		return;
	}
	/* Text directly inside a container counts as its own paragraph. */
	if (ni->inlinechars >= 25)
		score_up(ex, n, para_score(ni->inlinechars, 0, 0));
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !is_dropped(c))
			score(ex, c);
}

static double
final_score(xmlNodePtr n)
{
	struct ninfo	*ni = info(n);

	return ni->score * (1 - link_density(ni));
}

#define NTOP		5	/* rivals considered for a shared ancestor */
#define MAX_ROOTS	64	/* story element and its siblings */

static void
collect_top(xmlNodePtr n, xmlNodePtr *top, double *ts)
{
	xmlNodePtr	c;
	double		s;
	int		i, j;

	if ((info(n)->flags & N_SCORED)) {
		s = final_score(n);
		for (i = 0; i < NTOP; i++)
			if (top[i] == NULL || s > ts[i])
				break;
		if (i < NTOP) {
			for (j = NTOP - 1; j > i; j--) {
				top[j] = top[j - 1];
				ts[j] = ts[j - 1];
			}
			top[i] = n;
			ts[i] = s;
		}
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !is_dropped(c))
			collect_top(c, top, ts);
}

static int
is_ancestor(xmlNodePtr a, xmlNodePtr n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (n == a)
			return 1;
	return 0;
}

static xmlNodePtr
find_keep(xmlNodePtr n)
{
	xmlNodePtr	c, k;

	if (info(n)->flags & N_KEEP)
		return n;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !is_dropped(c) &&
		    (k = find_keep(c)) != NULL)
			return k;
	return NULL;
}

/* Picks the element holding the story (Readability's candidate logic). */
static xmlNodePtr
pick_top(struct ex *ex)
{
	xmlNodePtr	 top[NTOP] = { NULL }, t, p, c;
	double		 ts[NTOP] = { 0 }, last, ps;
	int		 i, shared;

	if ((t = find_keep(ex->body)) != NULL)
		return t;
	score(ex, ex->body);
	collect_top(ex->body, top, ts);
	if ((t = top[0]) == NULL)
		return ex->body;
	/* An ancestor that three strong rivals share holds them all. */
	for (p = t->parent; p != NULL && p != ex->body->parent; p = p->parent) {
		shared = 0;
		for (i = 1; i < NTOP; i++)
			if (top[i] != NULL && ts[i] >= ts[0] * 0.75 &&
			    is_ancestor(p, top[i]))
				shared++;
		if (shared >= 3) {
			t = p;
			break;
		}
		if (p == ex->body)
			break;
	}
	if (!(info(t)->flags & N_SCORED))
		score_init(t);
	/* Climb while the parent scores better than the child. */
	last = final_score(t);
	for (p = t->parent; p != NULL && p != ex->body &&
	    p->_private != NULL; p = p->parent) {
		if (!(info(p)->flags & N_SCORED))
			continue;
		ps = final_score(p);
		if (ps < last / 3)
			break;
		if (ps > last) {
			t = p;
			break;
		}
		last = ps;
	}
	/* An only child stands for its parent. */
	while (t != ex->body && t->parent != NULL &&
	    t->parent->type == XML_ELEMENT_NODE) {
		int	others = 0;

		for (c = t->parent->children; c != NULL; c = c->next)
			if (c != t && c->type == XML_ELEMENT_NODE &&
			    !is_dropped(c) && info(c)->chars > 0)
				others++;
		if (others > 0)
			break;
		t = t->parent;
		if (!(info(t)->flags & N_SCORED))
			score_init(t);
	}
	return t;
}

/* Siblings of top that belong to the story, in document order. */
static size_t
pick_roots(struct ex *ex, xmlNodePtr top, xmlNodePtr *roots, size_t max)
{
	xmlNodePtr	 c;
	struct ninfo	*ci;
	double		 thr, bonus, ts, ld;
	const char	*tc, *cc;
	size_t		 n = 0;

	if (top == ex->body || top->parent == NULL ||
	    top->parent->type != XML_ELEMENT_NODE ||
	    (info(top)->flags & N_KEEP)) {
		roots[n++] = top;
		return n;
	}
	ts = final_score(top);
	thr = ts * 0.2 > 10 ? ts * 0.2 : 10;
	tc = attr(top, "class");
	for (c = top->parent->children; c != NULL && n < max; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_dropped(c))
			continue;
		if (c == top) {
			roots[n++] = c;
			continue;
		}
		/* Beside an <article>, another <article> is another story. */
		if (strcmp((const char *)c->name, "article") == 0 &&
		    strcmp((const char *)top->name, "article") == 0)
			continue;
		ci = info(c);
		bonus = 0;
		if (tc != NULL && *tc != '\0' &&
		    (cc = attr(c, "class")) != NULL && strcmp(tc, cc) == 0)
			bonus = ts * 0.2;
		log_debug("extract: sibling <%s class=\"%s\"> score %.1f "
		    "(+%.1f) of %.1f", c->name, attr(c, "class") ?
		    attr(c, "class") : "", (ci->flags & N_SCORED) ?
		    final_score(c) : -1.0, bonus, thr);
		if ((ci->flags & N_SCORED) && final_score(c) + bonus >= thr) {
			roots[n++] = c;
			continue;
		}
		/* A sibling of the same class whose prose sits too deep to
		 * have scored here: the story goes on in it. */
		if (bonus > 0 && !(ci->flags & N_SCORED) && ci->good >= 300 &&
		    link_density(ci) < 0.3) {
			roots[n++] = c;
			continue;
		}
		if (strcmp((const char *)c->name, "p") != 0)
			continue;
		ld = link_density(ci);
		if (ci->chars > 80 && ld < 0.25)
			roots[n++] = c;
		else if (ci->chars > 0 && ci->chars <= 80 && ld == 0) {
			/* Short plain paragraphs that end a sentence. */
			xmlChar	*t = xmlNodeGetContent(c);
			size_t	 l;

			if (t != NULL) {
				l = strlen((char *)t);
				while (l > 0 && isspace(t[l - 1]))
					l--;
				if (l > 0 && t[l - 1] == '.')
					roots[n++] = c;
				xmlFree(t);
			}
		}
	}
	return n;
}

/* --- Emission --------------------------------------------------------- */

static int
para_push(struct ex *ex, char *text, unsigned chars, unsigned link,
    int kind)
{
	struct para	*np;

	if (ex->nparas >= EXTRACT_MAX_PARAS) {
		free(text);
		ex->full = 1;
		return -1;
	}
	if ((ex->nparas & 63) == 0) {
		np = reallocarray(ex->paras, ex->nparas + 64, sizeof(*np));
		if (np == NULL) {
			free(text);
			return -1;
		}
		ex->paras = np;
	}
	np = &ex->paras[ex->nparas++];
	np->text = text;
	np->chars = chars;
	np->linkchars = link;
	np->kind = kind;
	np->lead = 0;
	return 0;
}

static void
flush(struct ex *ex)
{
	char	*t;
	int	 kind = ex->cur_kind;

	ex->pending_space = 0;
	if (ex->cur.len == 0)
		goto out;
	/* A short, wholly bold paragraph is a subhead. */
	if (kind == K_P && ex->cur_bold * 10 >= ex->cur_chars * 9 &&
	    ex->cur_chars < 80 && strchr(".!?:", ex->cur.data[ex->cur.len -
	    1]) == NULL)
		kind = K_HEAD;
	/* The article as a whole is bounded too, not just a paragraph. */
	ex->total += ex->cur.len;
	if (ex->total > EXTRACT_MAX_TEXT) {
		ex->full = 1;
		goto out;
	}
	if ((t = buf_release(&ex->cur)) == NULL)
		goto out;
	para_push(ex, t, ex->cur_chars, ex->cur_link, kind);
out:
	buf_reset(&ex->cur);
	ex->cur_chars = ex->cur_link = ex->cur_bold = 0;
}

static void
add_text(struct ex *ex, const unsigned char *s)
{
	unsigned	n;

	if (!ex->active || ex->full)
		return;
	for (; *s != '\0'; s++) {
		if (isspace(*s) || (s[0] == 0xc2 && s[1] == 0xa0)) {
			if (*s == 0xc2)
				s++;
			ex->pending_space = 1;
			continue;
		}
		if (ex->cur.len == 0)
			ex->cur_kind = ex->kind;
		n = 0;
		if (ex->pending_space && ex->cur.len > 0) {
			if (buf_putc(&ex->cur, ' ') == -1)
				goto full;
			n++;
		}
		ex->pending_space = 0;
		if (buf_putc(&ex->cur, *s) == -1)
			goto full;
		if ((*s & 0xc0) != 0x80)
			n++;
		ex->cur_chars += n;
		if (ex->in_link)
			ex->cur_link += n;
		if (ex->in_bold)
			ex->cur_bold += n;
	}
	return;
full:
	ex->full = 1;
}

static int
same_headline(const char *a, const char *b)
{
	char	sa[1024], sb[1024];

	if (a == NULL || b == NULL)
		return 0;
	clean_squash(a, sa, sizeof(sa));
	clean_squash(b, sb, sizeof(sb));
	if (sa[0] == '\0' || sb[0] == '\0')
		return 0;
	return strstr(sa, sb) != NULL || strstr(sb, sa) != NULL;
}

static void
walk(struct ex *ex, xmlNodePtr n, xmlNodePtr root)
{
	struct ninfo	*ni;
	xmlNodePtr	 c;
	unsigned	 tf;
	int		 okind = ex->kind;

	if (ex->done)
		return;
	if (n == ex->stop) {
		ex->done = 1;
		return;
	}
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			add_text(ex, n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (n == ex->start) {
		ex->active = 1;
		return;
	}
	ni = n->_private;
	tf = ni != NULL ? ni->tflags : 0;
	if (is_dropped(n)) {
		if (tf & (T_BLOCK | T_DROP))
			flush(ex);
		return;
	}
	/* A box that is mostly links inside the story: a link list. */
	if (n != root && (ni->flags & N_HASBLOCK) && ni->chars > 0 &&
	    ni->linkchars * 10 > ni->chars * 5 &&
	    (ex->stop == NULL || !is_ancestor(n, ex->stop)))
		return;
	if (tf & T_BR) {
		flush(ex);
		return;
	}
	if (tf & T_BLOCK) {
		flush(ex);
		if (tf & T_HEAD)
			ex->kind = (n->name[1] == '1') ? K_H1 : K_HEAD;
		else if (tf & T_ITEM)
			ex->kind = K_ITEM;
		else if (tf & T_QUOTE)
			ex->kind = K_QUOTE;
		else if (ex->kind != K_QUOTE && ex->kind != K_ITEM)
			ex->kind = K_P;
	}
	if (tf & T_CELL)
		ex->pending_space = 1;
	if (tf & T_LINK)
		ex->in_link++;
	if (tf & T_BOLD)
		ex->in_bold++;
	for (c = n->children; c != NULL && !ex->done; c = c->next)
		walk(ex, c, root);
	if (tf & T_CELL)
		ex->pending_space = 1;
	if (tf & T_LINK)
		ex->in_link--;
	if (tf & T_BOLD)
		ex->in_bold--;
	if (tf & T_BLOCK) {
		flush(ex);
		ex->kind = okind;
	}
}

static int
ends_sentence(const char *t)
{
	size_t		 l = strlen(t);
	const char	*e;

	while (l > 0 && isspace((unsigned char)t[l - 1]))
		l--;
	if (l == 0)
		return 0;
	e = t + l;
	if (strchr(".!?\")'", e[-1]) != NULL)
		return 1;
	/* … “ ” » in UTF-8 */
	if (l >= 3 && (memcmp(e - 3, "\xe2\x80\xa6", 3) == 0 ||
	    memcmp(e - 3, "\xe2\x80\x9c", 3) == 0 ||
	    memcmp(e - 3, "\xe2\x80\x9d", 3) == 0))
		return 1;
	if (l >= 2 && memcmp(e - 2, "\xc2\xbb", 2) == 0)
		return 1;
	/* 。！？ */
	if (l >= 3 && (memcmp(e - 3, "\xe3\x80\x82", 3) == 0 ||
	    memcmp(e - 3, "\xef\xbc\x81", 3) == 0 ||
	    memcmp(e - 3, "\xef\xbc\x9f", 3) == 0))
		return 1;
	return 0;
}

static unsigned
count_words(const char *t)
{
	unsigned	n = 0;
	int		in = 0;

	for (; *t != '\0'; t++) {
		if (isspace((unsigned char)*t))
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

static void
para_drop(struct para *p)
{
	free(p->text);
	p->text = NULL;
}

static int
is_body(const struct para *p)
{
	return p->text != NULL && p->kind != K_HEAD && p->kind != K_H1 &&
	    p->chars >= 80;
}

static int
is_fragment(const struct para *p)
{
	const char	*t = p->text;
	size_t		 l = strlen(t);

	if (p->kind != K_P || p->chars >= 40)
		return 0;
	if (count_words(t) >= 5)
		return 0;
	if (ends_sentence(t))
		return 0;
	if (l > 0 && t[l - 1] == ':' && count_words(t) >= 3)
		return 0;
	return 1;
}

/* Credits and dates are no subheads: slashes, bars, ©, mostly digits. */
static int
looks_like_credit(const char *t)
{
	unsigned	letters = 0, other = 0;
	const unsigned char *p;

	if (strchr(t, '/') != NULL || strchr(t, '|') != NULL ||
	    strstr(t, "\xc2\xa9") != NULL)
		return 1;
	for (p = (const unsigned char *)t; *p != '\0'; p++) {
		if (isalpha(*p) || *p >= 0x80)
			letters++;
		else if (!isspace(*p))
			other++;
	}
	return letters < other * 2;
}

/* What a paywall says where the free part ends. */
static const char *const paywall_phrases[] = {
	"Jetzt weiterlesen", "Weiterlesen mit", "Lesen Sie weiter mit",
	"exklusiv für Abonnenten", "nur für Abonnenten", "Abo abschließen",
	"Um weiterzulesen", "Zum Weiterlesen", "Sie haben bereits ein Abo",
	"Bereits Abonnent", "Subscribe to continue", "subscribers only",
	"Jetzt abonnieren", "Zugang zu allen", "und weiterlesen", NULL
};

static int
is_paywall_text(const char *t)
{
	size_t	i;

	if (strlen(t) > 400)
		return 0;
	for (i = 0; paywall_phrases[i] != NULL; i++)
		if (strcasestr(t, paywall_phrases[i]) != NULL)
			return 1;
	return 0;
}

/* Drops link boxes, orphan labels and headings, kickers and dates. */
static void
filter(struct ex *ex, size_t from)
{
	struct para	*p, *q;
	size_t		 i, j;

	for (i = from; i < ex->nparas; i++) {
		p = &ex->paras[i];
		if (p->text == NULL)
			continue;
		if (is_paywall_text(p->text)) {
			ex->paywall = 1;
			para_drop(p);
			continue;
		}
		if (p->kind == K_H1 && same_headline(p->text, ex->title)) {
			para_drop(p);
			continue;
		}
		/* The headline again with its kicker, not in an <h1>. */
		if (i < from + 4 && ex->title != NULL &&
		    !ends_sentence(p->text) &&
		    strlen(p->text) < strlen(ex->title) + 60 &&
		    same_headline(p->text, ex->title)) {
			para_drop(p);
			continue;
		}
		if (p->chars > 0 && p->linkchars * 2 > p->chars) {
			para_drop(p);
			/* The label of the box goes with it. */
			for (j = i; j > from; j--) {
				q = &ex->paras[j - 1];
				if (q->text == NULL)
					continue;
				if (q->chars < 60 && !ends_sentence(q->text))
					para_drop(q);
				break;
			}
		}
	}
	for (i = from; i < ex->nparas; i++) {
		p = &ex->paras[i];
		if (p->text == NULL || !is_fragment(p))
			continue;
		/* A short line between two body paragraphs is a subhead
		 * unless it looks like a credit. */
		for (j = i; j > from && ex->paras[j - 1].text == NULL; j--)
			;
		q = NULL;
		if (j > from && is_body(&ex->paras[j - 1])) {
			for (j = i + 1; j < ex->nparas &&
			    ex->paras[j].text == NULL; j++)
				;
			if (j < ex->nparas && is_body(&ex->paras[j]))
				q = &ex->paras[j];
		}
		if (q != NULL && !looks_like_credit(p->text))
			p->kind = K_HEAD;
		else
			para_drop(p);
	}
	/* Headings need a body paragraph after them. */
	for (i = ex->nparas; i > from; i--) {
		p = &ex->paras[i - 1];
		if (p->text == NULL || (p->kind != K_HEAD && p->kind != K_H1))
			continue;
		for (j = i; j < ex->nparas && ex->paras[j].text == NULL; j++)
			;
		if (j == ex->nparas || ex->paras[j].kind == K_HEAD ||
		    ex->paras[j].kind == K_H1)
			para_drop(p);
	}
}

static void
compact(struct ex *ex)
{
	size_t	i, j;

	for (i = j = 0; i < ex->nparas; i++)
		if (ex->paras[i].text != NULL)
			ex->paras[j++] = ex->paras[i];
	ex->nparas = j;
}

/* --- Head signals ----------------------------------------------------- */

static char *
node_text(xmlNodePtr n)
{
	xmlChar		*t;
	char		*s, *d;
	const char	*p;
	int		 sp = 0;

	if ((t = xmlNodeGetContent(n)) == NULL)
		return NULL;
	if ((s = malloc(strlen((char *)t) + 1)) == NULL) {
		xmlFree(t);
		return NULL;
	}
	/* Collapse whitespace. */
	for (p = (char *)t, d = s; *p != '\0'; p++) {
		if (isspace((unsigned char)*p)) {
			sp = d != s;
			continue;
		}
		if (sp)
			*d++ = ' ';
		sp = 0;
		*d++ = *p;
	}
	*d = '\0';
	xmlFree(t);
	return s;
}

static void
set_once(char **dst, const char *v)
{
	if (*dst != NULL || v == NULL || *v == '\0')
		return;
	if (strlen(v) > EXTRACT_MAX_META)
		return;
	*dst = strdup(v);
}

/* Decodes the JSON string at p (just past the opening quote) into b. */
static void
json_string(const char *p, const char *end, struct buf *b)
{
	unsigned long	cp, lo;
	char		u[5], enc[UTF8_MAX];

	for (; p < end && *p != '"'; p++) {
		if (*p != '\\') {
			if (buf_putc(b, *p) == -1)
				return;
			continue;
		}
		if (++p >= end)
			return;
		switch (*p) {
		case 'n':
			buf_putc(b, '\n');
			break;
		case 't':
		case 'r':
			buf_putc(b, ' ');
			break;
		case 'b':
		case 'f':
			break;
		case 'u':
			if (end - p < 5)
				return;
			memcpy(u, p + 1, 4);
			u[4] = '\0';
			cp = strtoul(u, NULL, 16);
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 7 &&
			    p[1] == '\\' && p[2] == 'u') {
				memcpy(u, p + 3, 4);
				lo = strtoul(u, NULL, 16);
				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
					p += 6;
				}
			}
			/* A lone surrogate becomes U+FFFD. */
			buf_append(b, enc, utf8_encode((uint32_t)cp, enc));
			break;
		default:
			buf_putc(b, *p);
			break;
		}
	}
}

/* Finds "key": in a JSON text and returns a pointer past the colon. */
static const char *
json_key(const char *s, const char *end, const char *key)
{
	size_t		 kl = strlen(key);
	const char	*p = s;

	while (p < end && (p = memmem(p, (size_t)(end - p), key, kl)) != NULL) {
		const char *q = p + kl;

		p = q;
		if (p - kl <= s || p[-kl - 1] != '"' || q >= end || *q != '"')
			continue;
		q++;
		while (q < end && isspace((unsigned char)*q))
			q++;
		if (q < end && *q == ':') {
			q++;
			while (q < end && isspace((unsigned char)*q))
				q++;
			return q;
		}
	}
	return NULL;
}

static void
read_jsonld(struct ex *ex, const char *s)
{
	const char	*end = s + strlen(s), *v;
	struct buf	 b;

	buf_init(&b, EXTRACT_MAX_META);
	if ((v = json_key(s, end, "articleBody")) != NULL && *v == '"') {
		json_string(v + 1, end, &b);
		if (b.len > 0 && (ex->ld_body == NULL ||
		    strlen(ex->ld_body) < b.len)) {
			free(ex->ld_body);
			ex->ld_body = buf_release(&b);
		}
	}
	buf_reset(&b);
	if ((v = json_key(s, end, "headline")) != NULL && *v == '"') {
		json_string(v + 1, end, &b);
		set_once(&ex->ld_headline, b.data);
	}
	if ((v = json_key(s, end, "isAccessibleForFree")) != NULL &&
	    (strncasecmp(v, "false", 5) == 0 ||
	    strncasecmp(v, "\"false\"", 7) == 0))
		ex->ld_paid = 1;
	buf_free(&b);
}

static void
read_head(struct ex *ex, xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;
	const char	*name, *prop, *content, *type, *rel;
	xmlChar		*t;

	if (depth > EXTRACT_MAX_DEPTH)
		return;
	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		name = (const char *)c->name;
		if (strcmp(name, "html") == 0)
			set_once(&ex->lang, attr(c, "lang"));
		if (strcmp(name, "meta") == 0) {
			prop = attr(c, "property");
			if (prop == NULL)
				prop = attr(c, "name");
			content = attr(c, "content");
			if (prop != NULL && content != NULL) {
				if (strcasecmp(prop, "og:title") == 0)
					set_once(&ex->og_title, content);
				else if (strcasecmp(prop,
				    "og:description") == 0)
					set_once(&ex->og_desc, content);
				else if (strcasecmp(prop, "description") == 0)
					set_once(&ex->desc, content);
				else if (strcasecmp(prop, "og:site_name") == 0)
					set_once(&ex->site, content);
				else if (strcasecmp(prop, "og:url") == 0)
					set_once(&ex->canonical, content);
				else if (strcasecmp(prop, "og:locale") == 0)
					set_once(&ex->lang, content);
			}
			if ((prop = attr(c, "http-equiv")) != NULL &&
			    strcasecmp(prop, "content-language") == 0)
				set_once(&ex->lang, content);
		} else if (strcmp(name, "link") == 0) {
			if ((rel = attr(c, "rel")) != NULL &&
			    strcasecmp(rel, "canonical") == 0)
				set_once(&ex->canonical, attr(c, "href"));
		} else if (strcmp(name, "title") == 0) {
			if (ex->title_tag == NULL &&
			    (t = xmlNodeGetContent(c)) != NULL) {
				char *s = node_text(c);

				set_once(&ex->title_tag, s);
				free(s);
				xmlFree(t);
			}
		} else if (strcmp(name, "script") == 0) {
			type = attr(c, "type");
			if (type != NULL &&
			    strcasecmp(type, "application/ld+json") == 0 &&
			    (t = xmlNodeGetContent(c)) != NULL) {
				read_jsonld(ex, (const char *)t);
				xmlFree(t);
			}
			continue;
		} else if (strcmp(name, "body") == 0 && ex->body == NULL)
			ex->body = c;
		read_head(ex, c->children, depth + 1);
	}
}

/* Strips " | Site" or " - Site" from a page title. */
static char *
strip_site(const char *t, const char *site, int any)
{
	static const char *const seps[] = { " | ", " - ",
	    " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ", " \xc2\xbb ", NULL };
	const char	*cut = NULL, *p, *q;
	int		 i;

	for (i = 0; seps[i] != NULL; i++) {
		for (p = t; (q = strstr(p, seps[i])) != NULL; p = q + 1)
			cut = (cut == NULL || q > cut) ? q : cut;
	}
	if (cut == NULL)
		return strdup(t);
	p = cut + 3;
	while (*p == ' ' || (*p & 0x80 && !(*p & 0x40)))
		p++;
	if ((site != NULL && same_headline(p, site)) ||
	    (any && count_words(p) <= 4 &&
	    count_words(t) - count_words(p) >= 3))
		return strndup(t, (size_t)(cut - t));
	return strdup(t);
}

static xmlNodePtr
find_h1(xmlNodePtr n, const char *title, int any)
{
	xmlNodePtr	 c, r;
	char		*t;
	int		 m;

	if (strcmp((const char *)n->name, "h1") == 0) {
		if (any)
			return n;
		t = node_text(n);
		m = same_headline(t, title);
		free(t);
		return m ? n : NULL;
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !is_dropped(c) &&
		    (r = find_h1(c, title, any)) != NULL)
			return r;
	return NULL;
}

static void
pick_title(struct ex *ex)
{
	xmlNodePtr	h1;

	if (ex->og_title != NULL)
		ex->title = strip_site(ex->og_title, ex->site, 0);
	else if (ex->ld_headline != NULL)
		ex->title = strdup(ex->ld_headline);
	if (ex->title != NULL && (h1 = find_h1(ex->body, ex->title, 0)) != NULL)
		ex->title_node = h1;
	else if ((h1 = find_h1(ex->body, NULL, 1)) != NULL) {
		ex->title_node = h1;
		if (ex->title == NULL)
			ex->title = node_text(h1);
	}
	if (ex->title == NULL && ex->title_tag != NULL)
		ex->title = strip_site(ex->title_tag, ex->site, 1);
}

static void
host_of(const char *url, char *out, size_t outsz)
{
	const char	*p, *e;
	size_t		 n;

	out[0] = '\0';
	if (url == NULL)
		return;
	if ((p = strstr(url, "://")) != NULL)
		p += 3;
	else if (strncmp(url, "//", 2) == 0)
		p = url + 2;
	else
		return;
	e = p + strcspn(p, "/?#");
	for (const char *at = p; at < e; at++)
		if (*at == '@')
			p = at + 1;
	n = strcspn(p, ":/?#");
	if ((size_t)(e - p) < n)
		n = (size_t)(e - p);
	if (n == 0 || n >= outsz)
		return;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* --- JSON-LD articleBody as a check ----------------------------------- */

#define WORDSET_BITS	14

struct wordset {
	uint32_t	slot[1 << WORDSET_BITS];
	unsigned	n;
};

/* Letters, digits and non-ASCII (except U+2000..U+203F punctuation). */
static size_t
word_byte(const unsigned char *s)
{
	if (isalnum(*s))
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 && s[2] != '\0')
		return 3;		/* quotes, dashes, ellipsis */
	if (s[0] == 0xc2 && (s[1] == 0xa0 || s[1] == 0xab || s[1] == 0xbb))
		return 2;		/* no-break space, guillemets */
	return *s >= 0x80 ? 0 : 1;
}

/* Returns the hash of the next word of *sp and moves past it; 0 at the
 * end. */
static uint32_t
next_word(const char **sp)
{
	const unsigned char	*s = (const unsigned char *)*sp;
	uint32_t		 h = 2166136261u;
	size_t			 k;
	int			 any = 0;

	while (*s != '\0' && (k = word_byte(s)) > 0)
		s += k;
	while (*s != '\0' && word_byte(s) == 0) {
		h = (h ^ tolower(*s)) * 16777619u;
		any = 1;
		s++;
	}
	*sp = (const char *)s;
	return any ? (h | 1) : 0;
}

static void
wordset_add(struct wordset *ws, uint32_t h)
{
	uint32_t	i, m = (1u << WORDSET_BITS) - 1;

	if (ws->n * 2 >= (1u << WORDSET_BITS))
		return;
	for (i = h & m; ws->slot[i] != 0; i = (i + 1) & m)
		if (ws->slot[i] == h)
			return;
	ws->slot[i] = h;
	ws->n++;
}

static int
wordset_has(const struct wordset *ws, uint32_t h)
{
	uint32_t	i, m = (1u << WORDSET_BITS) - 1;

	for (i = h & m; ws->slot[i] != 0; i = (i + 1) & m)
		if (ws->slot[i] == h)
			return 1;
	return 0;
}

static double
overlap(const struct wordset *ws, const char *t, unsigned *nw)
{
	uint32_t	h;
	unsigned	n = 0, hit = 0;

	while (*t != '\0') {
		if ((h = next_word(&t)) == 0)
			continue;
		n++;
		hit += wordset_has(ws, h);
	}
	*nw = n;
	return n ? (double)hit / n : 0;
}

/* Replaces the paragraphs after the lead with the articleBody's. */
static void
use_ld_body(struct ex *ex)
{
	size_t		 i, j;
	char		*s = ex->ld_body, *e, *t, *d;
	int		 intag = 0;

	/* Some sites put HTML in articleBody: drop the tags. */
	for (d = s; *s != '\0'; s++) {
		if (*s == '<')
			intag = 1;
		else if (*s == '>' && intag)
			intag = 0;
		else if (!intag)
			*d++ = *s;
	}
	*d = '\0';
	for (i = j = 0; i < ex->nparas; i++) {
		if (ex->paras[i].lead)
			ex->paras[j++] = ex->paras[i];
		else
			free(ex->paras[i].text);
	}
	ex->nparas = j;
	for (s = ex->ld_body; *s != '\0'; s = e) {
		e = s + strcspn(s, "\n");
		while (s < e && isspace((unsigned char)*s))
			s++;
		if (s < e && (t = strndup(s, (size_t)(e - s))) != NULL)
			para_push(ex, t, (unsigned)(e - s), 0, K_P);
		if (*e == '\n')
			e++;
	}
}

/* An articleBody that stops with an ellipsis is an excerpt. */
static int
truncated(const char *s)
{
	size_t	n = strlen(s);

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return (n >= 3 && (memcmp(s + n - 3, "...", 3) == 0 ||
	    memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0)) ||
	    (n >= 8 && memcmp(s + n - 8, "&hellip;", 8) == 0);
}

static void
check_ld_body(struct ex *ex)
{
	struct wordset	*ws, *out;
	const char	*t;
	uint32_t	 h;
	size_t		 i, bodylen, domlen = 0;
	unsigned	 nw, ldn = 0, covered = 0;
	double		 ov;

	if (ex->ld_body == NULL || (bodylen = strlen(ex->ld_body)) < 400)
		return;
	if ((ws = calloc(1, sizeof(*ws))) == NULL)
		return;
	if ((out = calloc(1, sizeof(*out))) == NULL) {
		free(ws);
		return;
	}
	for (t = ex->ld_body; *t != '\0';)
		if ((h = next_word(&t)) != 0)
			wordset_add(ws, h);
	for (i = 0; i < ex->nparas; i++) {
		domlen += strlen(ex->paras[i].text);
		for (t = ex->paras[i].text; *t != '\0';)
			if ((h = next_word(&t)) != 0)
				wordset_add(out, h);
	}
	for (t = ex->ld_body; *t != '\0';)
		if ((h = next_word(&t)) != 0) {
			ldn++;
			covered += wordset_has(out, h);
		}
	if (domlen * 10 < bodylen * 6 && covered * 10 < ldn * 8) {
		/* The page shows less than its own articleBody. */
		use_ld_body(ex);
	} else if (covered * 10 >= ldn * 8 && bodylen * 10 >= domlen * 7 &&
	    !truncated(ex->ld_body)) {
		/* The articleBody is complete: words foreign to it are not
		 * the story. */
		for (i = 0; i < ex->nparas; i++) {
			struct para *p = &ex->paras[i];

			if (p->lead || p->kind != K_P)
				continue;
			ov = overlap(ws, p->text, &nw);
			if (nw >= 4 && ov < 0.3)
				para_drop(p);
		}
		compact(ex);
	}
	free(ws);
	free(out);
}

/* --- Site rules on paragraphs ----------------------------------------- */

static void
apply_text_rules(struct ex *ex)
{
	size_t	i, j, l;

	for (j = 0; j < ex->nrules; j++) {
		const struct siterule *r = ex->rules[j];

		if (r->kind != SITERULE_TRAILER && r->kind != SITERULE_STRIP)
			continue;
		l = strlen(r->text);
		for (i = 0; i < ex->nparas; i++) {
			if (ex->paras[i].text == NULL ||
			    strncmp(ex->paras[i].text, r->text, l) != 0)
				continue;
			if (r->kind == SITERULE_STRIP) {
				para_drop(&ex->paras[i]);
				continue;
			}
			for (; i < ex->nparas; i++)
				para_drop(&ex->paras[i]);
		}
	}
	compact(ex);
}

/* --- Entry points ----------------------------------------------------- */

/* Finds needle (lowercase) in s[0..n) ignoring case; NULL if absent. */
static const char *
find_ci(const char *s, size_t n, const char *needle)
{
	size_t		 l = strlen(needle);
	const char	*p, *end = s + n;

	for (p = s; p + l <= end; p++) {
		if ((p = memchr(p, '<', (size_t)(end - p))) == NULL ||
		    p + l > end)
			return NULL;
		if (strncasecmp(p, needle, l) == 0)
			return p;
	}
	return NULL;
}

/*
 * The first match at or after p of what a memo searches for.  Starts
 * only move forward, so a match at or after p is still the first, and a
 * failed search fails for every later start: a page of a million
 * unclosed "<!--" or "<script" costs one scan, not one per opener
 * (which was quadratic: minutes for a page of a few hundred KB).
 */
struct memo {
	const char	*at;
	int		 none;
};

static const char *
find_from(struct memo *m, const char *p, const char *end,
    const char *needle, int ci)
{
	if (m->none)
		return NULL;
	if (m->at != NULL && m->at >= p)
		return m->at;
	if (ci)
		m->at = find_ci(p, (size_t)(end - p), needle);
	else
		m->at = memmem(p, (size_t)(end - p), needle, strlen(needle));
	m->none = m->at == NULL;
	return m->at;
}

/*
 * Copies the page without the bodies of scripts (except JSON-LD),
 * styles and comments, which are never text: on big pages they are most
 * of the bytes, and libxml2 is slow to copy them character by character.
 * The result parses to the same text as the original.
 */
static int
prefilter(const char *html, size_t len, struct buf *out)
{
	const char	*p = html, *end = html + len, *lt, *gt;
	const char	*skip_to;
	/* One memo per series of searches, each with rising starts. */
	struct memo	 comment, tag_gt, close[2], close_gt[2];
	size_t		 n;
	int		 script;

	memset(&comment, 0, sizeof(comment));
	memset(&tag_gt, 0, sizeof(tag_gt));
	memset(close, 0, sizeof(close));
	memset(close_gt, 0, sizeof(close_gt));
	while (p < end) {
		if ((lt = memchr(p, '<', (size_t)(end - p))) == NULL)
			lt = end;
		if (buf_append(out, p, (size_t)(lt - p)) == -1)
			return -1;
		p = lt;
		if (p >= end)
			break;
		n = (size_t)(end - p);
		skip_to = NULL;
		if (n >= 4 && memcmp(p, "<!--", 4) == 0) {
			if ((gt = find_from(&comment, p + 4, end, "-->", 0)) !=
			    NULL)
				skip_to = gt + 3;
		} else if (n >= 8 && ((strncasecmp(p, "<script", 7) == 0 &&
		    strchr(" \t\r\n>/", p[7]) != NULL) ||
		    (strncasecmp(p, "<style", 6) == 0 &&
		    strchr(" \t\r\n>/", p[6]) != NULL)) &&
		    (gt = find_from(&tag_gt, p, end, ">", 0)) != NULL) {
			script = tolower((unsigned char)p[2]) == 'c';
			if (!(script && memmem(p, (size_t)(gt - p) <
			    EXTRACT_MAX_TAG_SCAN ? (size_t)(gt - p) :
			    EXTRACT_MAX_TAG_SCAN, "ld+json", 7) != NULL) &&
			    (lt = find_from(&close[script], gt, end, script ?
			    "</script" : "</style", 1)) != NULL &&
			    (gt = find_from(&close_gt[script], lt, end, ">",
			    0)) != NULL)
				skip_to = gt + 1;
		}
		if (skip_to != NULL) {
			p = skip_to;
			continue;
		}
		if (buf_putc(out, '<') == -1)
			return -1;
		p++;
	}
	return 0;
}

/* "UTF-8" when the page declares no charset and is valid UTF-8. */
static const char *
guess_encoding(const char *html, size_t len)
{
	const unsigned char	*s = (const unsigned char *)html;
	size_t			 i, n, head = len < 4096 ? len : 4096;

	if (memmem(html, head, "charset", 7) != NULL ||
	    memmem(html, head, "CHARSET", 7) != NULL)
		return NULL;
	for (i = 0; i < len; i += n) {
		if (s[i] < 0x80)
			n = 1;
		else if ((s[i] & 0xe0) == 0xc0)
			n = 2;
		else if ((s[i] & 0xf0) == 0xe0)
			n = 3;
		else if ((s[i] & 0xf8) == 0xf0)
			n = 4;
		else
			return "windows-1252";
		if (i + n > len)
			return "windows-1252";
		for (size_t k = 1; k < n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return "windows-1252";
	}
	return "UTF-8";
}

static void
lang_code(const char *in, char *out, size_t outsz)
{
	size_t	i;

	for (i = 0; in != NULL && i + 1 < outsz &&
	    isalpha((unsigned char)in[i]); i++)
		out[i] = tolower((unsigned char)in[i]);
	out[i] = '\0';
	if (i < 2 || i > 3)
		out[0] = '\0';
}

static void
ex_free(struct ex *ex)
{
	size_t	i;

	for (i = 0; i < ex->nparas; i++)
		free(ex->paras[i].text);
	free(ex->paras);
	free(ex->info);
	free(ex->og_title);
	free(ex->og_desc);
	free(ex->desc);
	free(ex->site);
	free(ex->title_tag);
	free(ex->canonical);
	free(ex->lang);
	free(ex->ld_headline);
	free(ex->ld_body);
	free(ex->title);
	buf_free(&ex->cur);
}

static int
desc_match(const struct ex *ex, const char *t)
{
	const char	*d = ex->og_desc != NULL ? ex->og_desc : ex->desc;
	char		 a[1024], b[1024];

	if (d == NULL || strlen(d) < 40)
		return 0;
	clean_squash(d, a, sizeof(a));
	clean_squash(t, b, sizeof(b));
	return strlen(b) >= 30 && (strncmp(a, b, strlen(b)) == 0 ||
	    strncmp(a, b, strlen(a)) == 0);
}

/* Takes the lead from between the headline and the story element. */
static void
find_lead(struct ex *ex, xmlNodePtr root)
{
	size_t		 from = ex->nparas, i, j, kept = 0;
	struct para	*p, tmp;
	int		 after_h1;

	after_h1 = ex->title_node != NULL && !is_ancestor(root,
	    ex->title_node) && root != ex->title_node &&
	    xmlXPathCmpNodes(ex->title_node, root) > 0;
	ex->start = after_h1 ? ex->title_node : NULL;
	ex->active = !after_h1;
	ex->stop = root;
	ex->done = 0;
	walk(ex, ex->body, NULL);
	flush(ex);
	for (i = from; i < ex->nparas; i++) {
		p = &ex->paras[i];
		if (p->kind != K_HEAD && p->kind != K_H1 && kept < 3 &&
		    ((after_h1 && p->chars >= 40 && count_words(p->text) >= 6 &&
		    p->linkchars * 10 < p->chars * 3 &&
		    ends_sentence(p->text)) || desc_match(ex, p->text))) {
			p->lead = 1;
			kept++;
		} else
			para_drop(p);
	}
	compact(ex);
	/* Only the kept lead counts against the article's bound. */
	ex->total = 0;
	ex->full = 0;
	for (i = from; i < ex->nparas; i++)
		ex->total += strlen(ex->paras[i].text);
	/* The lead goes first. */
	for (i = 0, j = from; j < ex->nparas; i++, j++) {
		tmp = ex->paras[j];
		memmove(&ex->paras[i + 1], &ex->paras[i],
		    (j - i) * sizeof(tmp));
		ex->paras[i] = tmp;
	}
	ex->start = ex->stop = NULL;
	ex->active = 1;
	ex->done = 0;
}

int
extract_html(const char *html, size_t len, const char *url,
    const struct siterules *rules, struct article *art)
{
	struct ex	 ex;
	htmlDocPtr	 doc = NULL;
	xmlNodePtr	 roots[MAX_ROOTS], top;
	size_t		 nroots, i, j, nelem;
	char		 host[256], lang[8];
	unsigned	 total;
	struct buf	 all, page;
	int		 rc = -1;

	memset(art, 0, sizeof(*art));
	memset(&ex, 0, sizeof(ex));
	buf_init(&ex.cur, EXTRACT_MAX_TEXT);
	ex.active = 1;
	if (len > EXTRACT_MAX_HTML) {
		log_warnx("extract: page of %zu bytes is over the limit of %d",
		    len, EXTRACT_MAX_HTML);
		goto done;
	}
	if (xml_load() == -1)
		goto done;		/* logged there */
	buf_init(&page, EXTRACT_MAX_HTML);
	if (prefilter(html, len, &page) == -1) {
		log_warnx("extract: out of memory");
		goto done;
	}
	doc = htmlReadMemory(page.data != NULL ? page.data : "",
	    (int)page.len, NULL, guess_encoding(html, len),
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
	buf_free(&page);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		log_warnx("extract: page is not HTML");
		goto done;
	}
	read_head(&ex, xmlDocGetRootElement(doc), 0);
	if (ex.body == NULL) {
		log_warnx("extract: page has no body");
		goto done;
	}
	host_of(url != NULL ? url : ex.canonical, host, sizeof(host));
	ex.nrules = siterules_for_host(rules, host[0] ? host : NULL,
	    ex.rules, SITERULES_MAX_PER_HOST);

	nelem = count_elements(ex.body, 0);
	if (nelem > EXTRACT_MAX_NODES) {
		log_warnx("extract: more than %d elements", EXTRACT_MAX_NODES);
		goto done;
	}
	if ((ex.info = calloc(nelem, sizeof(*ex.info))) == NULL) {
		log_warn("extract");
		goto done;
	}
	if (assign(&ex, ex.body, 0) == -1)
		goto done;
	/* Count with the sure drops only, then decide on the hinted ones
	 * knowing where the prose is, then count again. */
	stats(ex.body);
	total = info(ex.body)->good;
	decide(&ex, ex.body, total, total - strong_good(ex.body, total));
	stats(ex.body);

	pick_title(&ex);
	top = pick_top(&ex);
	roots[0] = top;
	log_debug("extract: story in <%s class=\"%s\" id=\"%s\">", top->name,
	    attr(top, "class") ? attr(top, "class") : "",
	    attr(top, "id") ? attr(top, "id") : "");
	nroots = pick_roots(&ex, top, roots, sizeof(roots) / sizeof(roots[0]));

	find_lead(&ex, roots[0]);
	j = ex.nparas;
	for (i = 0; i < nroots; i++)
		walk(&ex, roots[i], roots[i]);
	flush(&ex);
	filter(&ex, j);
	compact(&ex);
	/* Paragraphs repeated from the lead. */
	for (i = j; i < ex.nparas; i++)
		for (size_t k = 0; k < j; k++)
			if (ex.paras[i].text != NULL &&
			    ex.paras[k].text != NULL &&
			    strcmp(ex.paras[i].text, ex.paras[k].text) == 0)
				para_drop(&ex.paras[k]);
	compact(&ex);
	check_ld_body(&ex);
	apply_text_rules(&ex);

	if (ex.nparas == 0) {
		log_warnx("extract: no article text found");
		goto done;
	}
	art->title = strdup(ex.title != NULL ? ex.title : "");
	lang_code(ex.lang, lang, sizeof(lang));
	art->lang = strdup(lang);
	if ((art->paras = calloc(ex.nparas, sizeof(char *))) == NULL ||
	    art->title == NULL || art->lang == NULL) {
		log_warn("extract");
		goto done;
	}
	for (i = 0; i < ex.nparas; i++) {
		art->paras[i] = ex.paras[i].text;
		ex.paras[i].text = NULL;
	}
	art->nparas = ex.nparas;
	buf_init(&all, EXTRACT_MAX_TEXT);
	for (i = 0; i < art->nparas; i++)
		if (buf_puts(&all, art->paras[i]) == -1)
			break;
	art->paywalled = ex.paywall || (ex.ld_paid && all.len < 2000);
	buf_free(&all);
	rc = 0;
done:
	ex_free(&ex);
	if (doc != NULL)
		xmlFreeDoc(doc);
	return rc;
}

int
extract_wants_page(const char *t)
{
	static const char *const ends[] = { "\xe2\x80\xa6", "...",
	    "[\xe2\x80\xa6]", "[...]", "mehr", "Mehr", "weiterlesen",
	    "Weiterlesen", "more", NULL };
	size_t		 n, chars = 0, i, l;
	const char	*p;

	if (t == NULL)
		return 1;
	for (p = t; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			chars++;
	if (chars < EXTRACT_TEASER_CHARS)
		return 1;
	n = strlen(t);
	/* Past trailing space, tags ("mehr</a>") and closing marks. */
	for (;;) {
		while (n > 0 && (isspace((unsigned char)t[n - 1]) ||
		    t[n - 1] == ')' || t[n - 1] == ':'))
			n--;
		if (n == 0 || t[n - 1] != '>')
			break;
		while (n > 0 && t[n - 1] != '<')
			n--;
		if (n > 0)
			n--;
	}
	for (i = 0; ends[i] != NULL; i++) {
		l = strlen(ends[i]);
		if (n >= l && memcmp(t + n - l, ends[i], l) == 0)
			return 1;
	}
	return 0;
}

void
article_free(struct article *art)
{
	size_t	i;

	if (art == NULL)
		return;
	free(art->title);
	free(art->lang);
	for (i = 0; i < art->nparas; i++)
		free(art->paras[i]);
	free(art->paras);
	memset(art, 0, sizeof(*art));
}

int
extract_format(const struct article *art, struct buf *out)
{
	size_t	i;

	if (buf_puts(out, art->title != NULL ? art->title : "") == -1 ||
	    buf_puts(out, "\n") == -1)
		return -1;
	for (i = 0; i < art->nparas; i++)
		if (buf_printf(out, "\n%s\n", art->paras[i]) == -1)
			return -1;
	return 0;
}
