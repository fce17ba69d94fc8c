/*
 * Unit tests for extract.c with clean.c: the German pages of the
 * extraction benchmark scored against their gold text (word-multiset F1
 * and precision, as bench/extract.sh does), the seed story as a page,
 * site rules, paywalls and limits.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "buf.h"
#include "clean.h"
#include "defaults.h"
#include "extract.h"
#include "log.h"
#include "siterules.h"

/* Quality floors, a little below what extraction reaches (1.000 on all
 * five pages when this was written): a drop fails the test. */
#define FLOOR_MEAN_F1	0.98
#define FLOOR_MEAN_P	0.98
#define FLOOR_PAGE_F1	0.95

#define DATA	"tests/data/extract"

static char *
slurp(const char *path, size_t *lenp)
{
	FILE	*fp;
	char	*d;
	long	 n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == -1 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1 || (d = malloc(n + 1)) == NULL) {
		fclose(fp);
		return NULL;
	}
	if (fread(d, 1, n, fp) != (size_t)n) {
		fclose(fp);
		free(d);
		return NULL;
	}
	fclose(fp);
	d[n] = '\0';
	if (lenp != NULL)
		*lenp = n;
	return d;
}

/* Extracts, cleans and formats a page; NULL when extraction fails. */
static char *
extract_clean(const char *html, size_t len, const char *url,
    const struct siterules *rules, int *paywalled)
{
	struct article	 a;
	struct buf	 out;

	if (extract_html(html, len, url, rules, &a) == -1) {
		article_free(&a);
		return NULL;
	}
	if (paywalled != NULL)
		*paywalled = a.paywalled;
	clean_story(&a.title, a.paras, &a.nparas);
	buf_init(&out, EXTRACT_MAX_TEXT * 2);
	extract_format(&a, &out);
	article_free(&a);
	return buf_release(&out);
}

/*
 * Word tokens as the benchmark's scorer sees them: runs of letters and
 * digits (any non-ASCII byte counts as a letter, except the UTF-8
 * punctuation of U+2000..U+206F and guillemets).
 */
#define MAXTOK	20000

static int
is_word_byte(const unsigned char *s, size_t *skip)
{
	*skip = 1;
	if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
	    (*s >= 'A' && *s <= 'Z') || *s == '_')
		return 1;
	if (s[0] == 0xe2 && s[1] == 0x80 && s[2] != '\0') {
		*skip = 3;
		return 0;
	}
	if (s[0] == 0xc2 && (s[1] == 0xab || s[1] == 0xbb || s[1] == 0xa0 ||
	    s[1] == 0xa9)) {
		*skip = 2;
		return 0;
	}
	return *s >= 0x80;
}

static size_t
tokenize(const char *text, char **tok)
{
	const unsigned char	*p = (const unsigned char *)text, *st;
	size_t			 n = 0, skip;

	while (*p != '\0' && n < MAXTOK) {
		if (!is_word_byte(p, &skip)) {
			p += skip;
			continue;
		}
		st = p;
		while (*p != '\0' && is_word_byte(p, &skip))
			p++;
		tok[n++] = strndup((const char *)st, (size_t)(p - st));
	}
	return n;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Multiset intersection size of two sorted token arrays. */
static size_t
common(char **a, size_t na, char **b, size_t nb)
{
	size_t	i = 0, j = 0, k = 0;
	int	c;

	while (i < na && j < nb) {
		c = strcmp(a[i], b[j]);
		if (c == 0) {
			k++;
			i++;
			j++;
		} else if (c < 0)
			i++;
		else
			j++;
	}
	return k;
}

static void
score(const char *out, const char *gold, double *f1, double *prec)
{
	char		**to, **tg;
	size_t		  no, ng, tp;
	double		  p, r;
	const char	 *body;

	to = calloc(MAXTOK, sizeof(char *));
	tg = calloc(MAXTOK, sizeof(char *));
	*f1 = *prec = 0;
	if (to == NULL || tg == NULL)
		goto done;
	no = tokenize(out, to);
	/* Scored with and without the gold's headline; the better counts. */
	for (int pass = 0; pass < 2; pass++) {
		body = gold;
		if (pass == 1) {
			if ((body = strchr(gold, '\n')) == NULL)
				break;
			body++;
		}
		ng = tokenize(body, tg);
		qsort(to, no, sizeof(char *), cmpstr);
		qsort(tg, ng, sizeof(char *), cmpstr);
		tp = common(to, no, tg, ng);
		p = no ? (double)tp / no : 0;
		r = ng ? (double)tp / ng : 0;
		if (p + r > 0 && 2 * p * r / (p + r) > *f1) {
			*f1 = 2 * p * r / (p + r);
			*prec = p;
		}
		while (ng > 0)
			free(tg[--ng]);
	}
	while (no > 0)
		free(to[--no]);
done:
	free(to);
	free(tg);
}

static void
test_pages(const char *dir, int want)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[512], *html, *gold, *out;
	size_t		 len, l;
	double		 f1, p, sf1 = 0, sp = 0;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL) {
		CHECK(0, dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".html") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		html = slurp(path, &len);
		snprintf(path, sizeof(path), "%s/%.*s.gold.txt", dir,
		    (int)(l - 5), e->d_name);
		gold = slurp(path, NULL);
		CHECK(html != NULL && gold != NULL, e->d_name);
		if (html == NULL || gold == NULL) {
			free(html);
			free(gold);
			continue;
		}
		out = extract_clean(html, len, NULL, NULL, NULL);
		CHECK(out != NULL, e->d_name);
		score(out != NULL ? out : "", gold, &f1, &p);
		printf("%-40s F1 %.3f P %.3f\n", e->d_name, f1, p);
		CHECK(f1 >= FLOOR_PAGE_F1, e->d_name);
		sf1 += f1;
		sp += p;
		n++;
		free(out);
		free(html);
		free(gold);
	}
	closedir(d);
	CHECK_INT_EQ(n, want);
	if (n > 0) {
		printf("mean F1 %.3f P %.3f\n", sf1 / n, sp / n);
		CHECK(sf1 / n >= FLOOR_MEAN_F1, "mean F1 of German pages");
		CHECK(sp / n >= FLOOR_MEAN_P, "mean precision of German pages");
	}
}

/* The seed story's body, sentence by sentence. */
static const char *const seed_sentences[] = {
	"Der nordkoreanische Staatschef wird \"in den kommenden Tagen\" an "
	    "einem nicht genannten Ort eintreffen, wie Beamte in Moskau "
	    "mitteilten.",
	"Der nordkoreanische Staatschef Kim Jong-un wird in naher Zukunft "
	    "auf Einladung des russischen Präsidenten Wladimir Putin zu einem "
	    "offiziellen Besuch nach Russland reisen, wie der Kreml am Montag "
	    "mitteilte.",
	"Die Ankündigung des Besuchs, der laut dem Kreml \"in den kommenden "
	    "Tagen\" stattfinden soll, folgte auf einen Bericht des "
	    "südkoreanischen Senders YTN, der einen hohen Regierungsbeamten "
	    "mit den Worten zitierte, Kim bewege sich \"langsam in einem "
	    "Privatzug innerhalb Nordkoreas in Richtung der nordöstlichen "
	    "Grenze\".",
	"Russland und Nordkorea teilen sich einen kurzen gemeinsamen "
	    "Grenzabschnitt in der Nähe der russischen Stadt Wladiwostok im "
	    "Fernen Osten.",
	"Anfang dieses Monats berichtete die New York Times unter Berufung "
	    "auf US-amerikanische und andere westliche Beamte, Kim wolle mit "
	    "seinem russischen Amtskollegen über eine weitere militärische "
	    "Zusammenarbeit sprechen.",
	"Unterdessen ist Wladimir Putin am Montag zu einer zweitägigen Reise "
	    "nach Wladiwostok gestartet, wo er am Östlichen Wirtschaftsforum "
	    "teilnehmen wird.",
	"Das letzte Treffen zwischen Putin und Kim fand 2019 statt, als der "
	    "nordkoreanische Staatschef mit seinem Panzerzug in Wladiwostok "
	    "eintraf.",
	"Im Mittelpunkt der Gespräche standen damals die Denuklearisierung, "
	    "die Lage auf der koreanischen Halbinsel und eine Reihe von Fragen "
	    "der bilateralen Beziehungen.",
	"Die Ankündigung des Kremls folgt auch auf einen Überraschungsbesuch "
	    "des russischen Verteidigungsministers Sergei Schoigu in Pjöngjang "
	    "im Juli, wo er gemeinsam mit Kim an einer Militärparade "
	    "anlässlich des 70. Jahrestages des Endes des Koreakriegs "
	    "teilnahmen.",
	"Der russische Verteidigungsminister schlug damals auch gemeinsame "
	    "Militärübungen vor.",
	"Unterdessen warnte das russische Außenministerium am Montag vor "
	    "einer drohenden Sicherheitskrise auf der koreanischen Halbinsel "
	    "und verwies auf die eskalierenden Spannungen und die kriegerische "
	    "Rhetorik zwischen Nordkorea auf der einen Seite und den USA, "
	    "Südkorea, Japan und ihren Verbündeten auf der anderen Seite.",
	"In den letzten Wochen war es in der Region zu einer Reihe von "
	    "nordkoreanischen Raketenstarts und zu umfangreichen "
	    "Militärübungen der USA gemeinsam mit Südkorea gekommen.",
	NULL
};

static void
test_seed_page(void)
{
	char	*html, *out;
	size_t	 len, i;

	html = slurp(DATA "/seed.html", &len);
	CHECK(html != NULL, "read seed.html");
	if (html == NULL)
		return;
	out = extract_clean(html, len, NULL, NULL, NULL);
	CHECK(out != NULL, "seed page extracts");
	if (out == NULL) {
		free(html);
		return;
	}
	CHECK(strncmp(out, "Kreml: Kim Jong-un wird Russland besuchen\n\n",
	    43) == 0, "seed headline first");
	for (i = 0; seed_sentences[i] != NULL; i++)
		CHECK(strstr(out, seed_sentences[i]) != NULL,
		    seed_sentences[i]);
	CHECK(strstr(out, "Kadobnov") == NULL, "photo credit dropped");
	CHECK(strstr(out, "AFP") == NULL, "photo credit dropped");
	CHECK(strstr(out, "Schoigu trifft") == NULL,
	    "related headline dropped");
	CHECK(strstr(out, "Arbeitsbesuch") == NULL,
	    "related headline dropped");
	CHECK(strstr(out, "Mehr zum Thema") == NULL, "trailer dropped");
	CHECK(strstr(out, "U-Boot") == NULL, "trailer dropped");
	CHECK(strstr(out, "Cookies") == NULL, "cookie banner dropped");
	CHECK(strstr(out, "Leser42") == NULL && strstr(out, "Interessant")
	    == NULL, "comments dropped");
	CHECK(strstr(out, "Meistgelesen") == NULL, "sidebar dropped");
	free(out);
	free(html);
}

static const char rules_page[] =
	"<html lang=\"de\"><head><title>Testseite</title></head><body>"
	"<div class=\"wrap\"><h1>Stadtrat beschließt neuen Haushalt</h1>"
	"<div class=\"story\">"
	"<p>Der Stadtrat hat am Abend nach langer Debatte den Haushalt für "
	"das kommende Jahr beschlossen, mit den Stimmen der Mehrheit.</p>"
	"<p class=\"zeile-extra\">Unser Newsletter hält Sie jeden Morgen auf "
	"dem Laufenden über alles, was in der Stadt passiert.</p>"
	"<p>Die Opposition kritisierte, dass die Schulen zu wenig Geld "
	"bekämen, und kündigte weitere Anträge an, im Frühjahr.</p>"
	"<p>Hinweis der Redaktion: Dieser Artikel wurde aktualisiert, die "
	"Zahl der Stimmen war zunächst falsch angegeben.</p>"
	"</div></div></body></html>";

static void
test_siterules(void)
{
	static const char conf[] =
	    "# test rules\n"
	    "stadt.example drop p.zeile-extra\n"
	    "stadt.example trailer Hinweis der Redaktion\n";
	struct siterules	*sr;
	char			*out;

	sr = siterules_parse(conf, sizeof(conf) - 1, "test");
	CHECK(sr != NULL, "rules parse");
	out = extract_clean(rules_page, sizeof(rules_page) - 1,
	    "https://www.stadt.example/politik/haushalt.html", sr, NULL);
	CHECK(out != NULL, "rules page extracts");
	if (out != NULL) {
		CHECK(strstr(out, "Newsletter") == NULL, "drop rule applied");
		CHECK(strstr(out, "Hinweis der Redaktion") == NULL,
		    "trailer rule applied");
		CHECK(strstr(out, "Opposition kritisierte") != NULL,
		    "story kept");
	}
	free(out);
	/* Another host: the rules do not apply. */
	out = extract_clean(rules_page, sizeof(rules_page) - 1,
	    "https://andere.example/x", sr, NULL);
	CHECK(out != NULL && strstr(out, "Newsletter") != NULL,
	    "rules are per host");
	free(out);
	siterules_free(sr);
}

static const char paywall_page[] =
	"<html lang=\"de\"><head><title>Plus</title>"
	"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	"\"isAccessibleForFree\":false}</script></head><body><article>"
	"<h1>Wie die Bahn pünktlicher werden will</h1>"
	"<p>Die Bahn will bis 2027 wieder zu neunzig Prozent pünktlich sein, "
	"sagt der Vorstand, und nennt dafür drei Maßnahmen.</p>"
	"<p>Die erste betrifft die Baustellen, die künftig gebündelt werden "
	"sollen, damit weniger Strecken gleichzeitig gesperrt sind.</p>"
	"<div class=\"paywall-box\"><p>Lesen Sie weiter mit Plus: Jetzt "
	"vier Wochen für nur einen Euro testen und jederzeit kündigen.</p>"
	"</div></article></body></html>";

/* No paywall class, only what the box says. */
static const char paywall_text_page[] =
	"<html lang=\"de\"><head><title>Plus</title></head><body><main>"
	"<h1>Was die Reform f\xc3\xbcr Mieter bedeutet</h1>"
	"<p>Die Reform soll Mieter in St\xc3\xa4" "dten mit knappem Wohnraum "
	"entlasten, sagt die Ministerin, und gilt ab dem kommenden Jahr.</p>"
	"<p>Vermieter d\xc3\xbcrfen die Miete dann nur noch um elf Prozent "
	"in drei Jahren erh\xc3\xb6hen, bisher waren es f\xc3\xbcnfzehn.</p>"
	"<div class=\"box-x\"><p>Jetzt weiterlesen mit Plus: alle Artikel "
	"f\xc3\xbcr 9,99 Euro im Monat.</p></div></main></body></html>";

static void
test_paywall(void)
{
	char	*out;
	int	 pw = 0;

	out = extract_clean(paywall_page, sizeof(paywall_page) - 1, NULL,
	    NULL, &pw);
	CHECK(out != NULL, "paywalled page extracts its free part");
	CHECK(pw == 1, "paywalled page is marked");
	CHECK(out != NULL && strstr(out, "Baustellen") != NULL,
	    "free part kept");
	CHECK(out != NULL && strstr(out, "vier Wochen") == NULL,
	    "paywall box dropped");
	free(out);
	pw = 0;
	out = extract_clean(paywall_text_page, sizeof(paywall_text_page) - 1,
	    NULL, NULL, &pw);
	CHECK(pw == 1, "paywall found by its words");
	CHECK(out != NULL && strstr(out, "elf Prozent") != NULL,
	    "free part kept");
	CHECK(out != NULL && strstr(out, "weiterlesen") == NULL,
	    "paywall prompt dropped");
	free(out);
	out = extract_clean(rules_page, sizeof(rules_page) - 1, NULL, NULL,
	    &pw);
	CHECK(pw == 0, "free page is not marked");
	free(out);
}

static void
test_limits(void)
{
	struct article	 a;
	char		*big;

	CHECK_INT_EQ(extract_html("", 0, NULL, NULL, &a), -1);
	article_free(&a);
	CHECK_INT_EQ(extract_html("<html><body><nav>Menü</nav></body></html>",
	    40, NULL, NULL, &a), -1);
	article_free(&a);
	if ((big = calloc(1, EXTRACT_MAX_HTML + 2)) != NULL) {
		memset(big, 'x', EXTRACT_MAX_HTML + 1);
		CHECK_INT_EQ(extract_html(big, EXTRACT_MAX_HTML + 1, NULL,
		    NULL, &a), -1);
		article_free(&a);
		free(big);
	}
}

/* Scripts, styles and comments are skipped before parsing; JSON-LD is
 * kept, and a script that never ends does not eat the page. */
static const char script_page[] =
	"<html lang=\"de\"><head><title>x</title>"
	"<script type=\"application/ld+json\">{\"headline\":\"Der Titel "
	"aus JSON-LD\"}</script>"
	"<STYLE>p { color: red }</STYLE></head><body><article>"
	"<script>var s = \"<p>Nicht lesen, das ist Code, kein Text, auch "
	"wenn es so aussieht, mit Komma.</p>\";</script>"
	"<!-- <p>Auch dieser Kommentar ist kein Text, den jemand hören "
	"soll, niemals.</p> -->"
	"<p>Der erste Absatz steht hier und ist lang genug, um als Absatz "
	"gelesen zu werden, mit Kommas, wie es sich geh\xc3\xb6rt.</p>"
	"<scripts-custom><p>Ein eigenes Element mit script im Namen bleibt "
	"Text, denn es ist kein Skript, sondern Inhalt.</p></scripts-custom>"
	"<p>Der zweite Absatz folgt und ist ebenfalls lang genug f\xc3\xbcr "
	"einen Absatz im Artikel, gewiss.</p>"
	"</article><script>var unclosed = 1;";

static void
test_scripts(void)
{
	char	*out;

	out = extract_clean(script_page, sizeof(script_page) - 1, NULL, NULL,
	    NULL);
	CHECK(out != NULL, "page with scripts extracts");
	if (out == NULL)
		return;
	CHECK(strncmp(out, "Der Titel aus JSON-LD\n", 22) == 0,
	    "JSON-LD kept");
	CHECK(strstr(out, "Nicht lesen") == NULL, "script body skipped");
	CHECK(strstr(out, "Kommentar") == NULL, "comment skipped");
	CHECK(strstr(out, "color") == NULL, "style skipped");
	CHECK(strstr(out, "erste Absatz") != NULL &&
	    strstr(out, "zweite Absatz") != NULL, "text kept");
	CHECK(strstr(out, "eigenes Element") != NULL,
	    "custom element is not a script");
	free(out);
}

/* A page with more text than an article may have is cut, not refused. */
static void
test_huge(void)
{
	struct buf	 b;
	struct article	 a;
	size_t		 i, total = 0;

	buf_init(&b, 4 * 1024 * 1024);
	buf_puts(&b, "<html><body><article><h1>Lang</h1>");
	for (i = 0; i < 3000; i++)
		buf_printf(&b, "<p>Absatz %zu: Der Stadtrat hat lange beraten, "
		    "und am Ende stimmte eine Mehrheit zu, nachdem die "
		    "Verwaltung ihre Zahlen vorgelegt hatte, die niemand "
		    "bestritt, auch nicht die Opposition im Rat.</p>", i);
	buf_puts(&b, "</article></body></html>");
	CHECK(b.len > EXTRACT_MAX_TEXT, "page larger than the text bound");
	CHECK_INT_EQ(extract_html(b.data, b.len, NULL, NULL, &a), 0);
	for (i = 0; i < a.nparas; i++)
		total += strlen(a.paras[i]);
	CHECK(a.nparas > 100, "the start of the text is kept");
	CHECK(total <= EXTRACT_MAX_TEXT, "article text is bounded");
	article_free(&a);
	buf_free(&b);
}

/* Deeply nested markup must neither crash nor recurse without bound. */
static void
test_deep(void)
{
	struct buf	 b;
	struct article	 a;
	int		 i;

	buf_init(&b, 4 * 1024 * 1024);
	buf_puts(&b, "<html><body>");
	for (i = 0; i < 5000; i++)
		buf_puts(&b, "<div>");
	buf_puts(&b, "<p>Ganz tief unten steht ein Satz, der lang genug ist, "
	    "um als Absatz zu zählen, mit Kommas, und Punkt.</p>");
	extract_html(b.data, b.len, NULL, NULL, &a);
	article_free(&a);
	CHECK(1, "deep nesting survived");
	buf_free(&b);
}

static void
test_format(void)
{
	struct article	 a;
	struct buf	 b;
	char		*paras[2] = { "Erster Absatz.", "Zweiter Absatz." };

	memset(&a, 0, sizeof(a));
	a.title = "Titel";
	a.paras = paras;
	a.nparas = 2;
	buf_init(&b, 1024);
	CHECK_INT_EQ(extract_format(&a, &b), 0);
	CHECK_STR_EQ(b.data, "Titel\n\nErster Absatz.\n\nZweiter Absatz.\n");
	buf_free(&b);
}

static void
test_wants_page(void)
{
	struct buf	b;
	int		i;

	CHECK(extract_wants_page(NULL), "no feed text");
	CHECK(extract_wants_page(""), "empty feed text");
	CHECK(extract_wants_page("Der Kreml k\xc3\xbcndigt einen Besuch an."),
	    "short feed text");
	buf_init(&b, 8192);
	for (i = 0; i < 12; i++)
		buf_puts(&b, "Der nordkoreanische Staatschef wird in den "
		    "kommenden Tagen erwartet. ");
	CHECK(!extract_wants_page(b.data), "long feed text is the story");
	buf_puts(&b, "Lesen Sie mehr \xe2\x80\xa6");
	CHECK(extract_wants_page(b.data), "long text ending in an ellipsis");
	buf_reset(&b);
	for (i = 0; i < 20; i++)
		buf_puts(&b, "Die Bahn will p\xc3\xbcnktlicher werden, sagt "
		    "der Vorstand. ");
	buf_puts(&b, "[...]");
	CHECK(extract_wants_page(b.data), "long text ending in [...]");
	buf_reset(&b);
	for (i = 0; i < 20; i++)
		buf_puts(&b, "Die Bahn will p\xc3\xbcnktlicher werden. ");
	CHECK(!extract_wants_page(b.data), "long text");
	buf_puts(&b, "<a href=\"x\">mehr</a>");
	CHECK(extract_wants_page(b.data), "long text ending in mehr");
	buf_free(&b);
}

int
main(void)
{
	log_init("test_extract", LOG_LEVEL_ERR);
	test_pages(DATA "/de", 5);	/* the shared benchmark's */
	test_pages(DATA "/extra", 5);	/* more layouts, written here */
	test_seed_page();
	test_siterules();
	test_paywall();
	test_limits();
	test_deep();
	test_huge();
	test_scripts();
	test_format();
	test_wants_page();
	return CHECK_SUMMARY();
}
