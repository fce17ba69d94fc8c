/* Unit tests for clean.c: one realistic example per cleaning rule. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "clean.h"

/* Checks clean_text(in) == want. */
#define CLEAN_EQ(in, want) do {						\
	char *c_ = clean_text((in), strlen(in));			\
	CHECK_STR_EQ(c_, (want));					\
	free(c_);							\
} while (0)

#define BOILER(in)	CHECK(clean_is_boilerplate(in) == 1, in)
#define STORY(in)	CHECK(clean_is_boilerplate(in) == 0, in)

static void
test_entities(void)
{
	CLEAN_EQ("Gr&uuml;&szlig;e aus M&uuml;nchen &amp; Umgebung",
	    "Grüße aus München & Umgebung");
	CLEAN_EQ("Preis: 5&nbsp;&euro; pro Liter", "Preis: 5 € pro Liter");
	CLEAN_EQ("&#8222;Wir schaffen das&#8220;, sagte sie.",
	    "\"Wir schaffen das\", sagte sie.");
	CLEAN_EQ("Caf&#xE9; am Markt", "Café am Markt");
	/* Feeds that escape twice. */
	CLEAN_EQ("Der Minister sprach von einem "
	    "&amp;quot;Durchbruch&amp;quot;.",
	    "Der Minister sprach von einem \"Durchbruch\".");
	/* Not an entity: stays. */
	CLEAN_EQ("AT&T und Procter & Gamble", "AT&T und Procter & Gamble");
	CLEAN_EQ("", "");
	CLEAN_EQ("&shy;", "");
	/* Windows-1252 numbers some CMS still send. */
	CLEAN_EQ("Berlin &#150; Hamburg", "Berlin \xe2\x80\x93 Hamburg");
}

static void
test_invisible(void)
{
	/* Soft hyphens in long compounds. */
	CLEAN_EQ("Das Bundes\xc2\xad" "verfassungs\xc2\xadgericht entschied.",
	    "Das Bundesverfassungsgericht entschied.");
	/* Zero-width space, joiner, byte order mark. */
	CLEAN_EQ("\xef\xbb\xbf" "Das Kanzler\xe2\x80\x8b" "amt schweigt.",
	    "Das Kanzleramt schweigt.");
	/* Control characters from copy and paste. */
	CLEAN_EQ("Der Zug\x01 hatte\x7f Versp\xc3\xa4tung.",
	    "Der Zug hatte Verspätung.");
	/* Invalid UTF-8 is dropped, not read. */
	CLEAN_EQ("Stra\xdf" "e gesperrt", "Strae gesperrt");
	/* Encoded surrogates (CESU-8) are not UTF-8 either (found by
	 * fuzz_clean). */
	CLEAN_EQ("debattiert\xed\xac\x8b" "a", "debattierta");
}

static void
test_emoji(void)
{
	CLEAN_EQ("Tor f\xc3\xbcr Bayern! "
	    "\xe2\x9a\xbd\xef\xb8\x8f\xf0\x9f\x8e\x89",
	    "Tor für Bayern!");
	CLEAN_EQ("\xf0\x9f\x94\xb4 Live: Der Bundestag debattiert",
	    "Live: Der Bundestag debattiert");
	CLEAN_EQ("Familie \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80"
	    "\x8d\xf0\x9f\x91\xa7 im Urlaub", "Familie im Urlaub");
}

static void
test_quotes_dashes_space(void)
{
	CLEAN_EQ("\xe2\x80\x9eWir haben keine Wahl\xe2\x80\x9c, sagte der "
	    "Minister.", "\"Wir haben keine Wahl\", sagte der Minister.");
	CLEAN_EQ("Er nannte das \xe2\x80\x9aunverantwortlich\xe2\x80\x98.",
	    "Er nannte das 'unverantwortlich'.");
	CLEAN_EQ("Der Roman \xc2\xbb" "Effi Briest\xc2\xab von Fontane",
	    "Der Roman \"Effi Briest\" von Fontane");
	CLEAN_EQ("Das ist Merz\xe2\x80\x99 Plan", "Das ist Merz' Plan");
	CLEAN_EQ("Die Regierung \xe2\x80\x94 so hie\xc3\x9f es \xe2\x80\x94 "
	    "sei einig.", "Die Regierung \xe2\x80\x93 so hieß es \xe2\x80\x93 "
	    "sei einig.");
	CLEAN_EQ("Die Ost\xe2\x80\x91West-Verbindung",
	    "Die Ost-West-Verbindung");
	CLEAN_EQ("  Zu\xc2\xa0viel \t Platz\n "
	    "zwischen\xe2\x80\x89W\xc3\xb6rtern ",
	    "Zu viel Platz zwischen Wörtern");
}

static void
test_credits(void)
{
	BOILER("Foto: dpa");
	BOILER("Foto: picture alliance/dpa | Michael Kappeler");
	BOILER("Bild: Screenshot: Golem.de");
	BOILER("Quelle: AFP \xc2\xa9 \xc2\xa9 Yuri Kadobnov");
	BOILER("\xc2\xa9 dpa");
	BOILER("Bildrechte: MDR/Jan Wagner");
	BOILER("\xc2\xa9 NDR/Hauke Jansen");
	BOILER("dpa/Michael Kappeler");
	/* A sentence about photographers is story. */
	STORY("Der Fotograf hatte an diesem Tag mehr Glück als seine "
	    "Kollegen.");
	STORY("Quellen zufolge plant die Regierung eine Reform der "
	    "Schuldenbremse.");
}

static void
test_source_tags(void)
{
	BOILER("(dpa/lcs)");
	BOILER("(ter/mit Material von dpa, Reuters)");
	BOILER("(AFP)");
	BOILER("Quelle: ntv.de");
	BOILER("ntv.de, mli/dpa");
	BOILER("Quelle: MDR SACHSEN (Sandra Meier)");
	/* A tag at the end of the last sentence goes, the sentence stays. */
	CLEAN_EQ("Der Zugverkehr soll am Abend wieder anlaufen. (dpa/lcs)",
	    "Der Zugverkehr soll am Abend wieder anlaufen.");
	/* A party in brackets is no tag. */
	CLEAN_EQ("Das sagte Olaf Scholz (SPD)", "Das sagte Olaf Scholz (SPD)");
	/* Datelines. */
	CLEAN_EQ("Berlin (dpa) - Die Bundesregierung hat das Gesetz "
	    "beschlossen.", "Die Bundesregierung hat das Gesetz beschlossen.");
	CLEAN_EQ("Frankfurt/Main (dpa) \xe2\x80\x93 Der Dax legte zu.",
	    "Der Dax legte zu.");
}

static void
test_pointers(void)
{
	BOILER("Mehr zum Thema - Nordkorea stellt atomar bewaffnetes U-Boot "
	    "vor");
	BOILER("Mehr zum Thema: Elektroauto-Absatz bricht nach "
	    "F\xc3\xb6rder-Aus "
	    "ein");
	BOILER("Lesen Sie auch: Warum die Bahn so unp\xc3\xbcnktlich ist");
	BOILER("Lesen Sie auch");
	BOILER("Mehr aktuelle News aus der Wirtschaft finden Sie hier.");
	BOILER("Dieses Thema im Programm:");
	BOILER("NDR 1 Niedersachsen | Regional Oldenburg | 21.10.2023 | "
	    "08:30 Uhr");
	/* Fused onto the last sentence in scraped text (the seed story). */
	CLEAN_EQ("Militär\xc3\xbc" "bungen der USA gemeinsam mit S\xc3\xbc"
	    "dkorea gekommen. Mehr zum Thema - Nordkorea stellt atomar "
	    "bewaffnetes U-Boot vor", "Militärübungen der USA gemeinsam mit "
	    "Südkorea gekommen.");
	CLEAN_EQ("Die Gespr\xc3\xa4" "che gehen weiter. Lesen Sie auch: Was "
	    "die Einigung bedeutet", "Die Gespräche gehen weiter.");
	/* "Mehr zum Thema" inside a sentence is story. */
	CLEAN_EQ("Er wollte mehr zum Thema sagen, durfte aber nicht.",
	    "Er wollte mehr zum Thema sagen, durfte aber nicht.");
	STORY("Mehr Zugverbindungen nach Prag soll es ab 2027 geben, sagte "
	    "der Minister.");
}

static void
test_ads(void)
{
	BOILER("Anzeige");
	BOILER("ANZEIGE");
	BOILER("Anzeige | Jetzt Festgeld-Zinsen vergleichen: Bis zu 4,1 "
	    "Prozent");
	BOILER("Werbung");
	BOILER("Artikel anh\xc3\xb6ren");
	BOILER("Link kopieren");
	STORY("Anzeigen gegen Unbekannt wurden bereits erstattet, teilte die "
	    "Polizei mit.");
}

static void
test_prompts(void)
{
	/* Consent placeholders of embedded posts. */
	BOILER("An dieser Stelle finden Sie Inhalte von Drittanbietern. "
	    "Um diese anzuzeigen, ben\xc3\xb6tigen wir Ihre Zustimmung.");
	BOILER("Empfohlener externer Inhalt: Wir haben einen externen Inhalt "
	    "von X ausgew\xc3\xa4hlt. Sie k\xc3\xb6nnen ihn mit einem Klick "
	    "anzeigen lassen.");
	/* Cookie banners. */
	BOILER("Wir und unsere Partner verwenden Cookies und \xc3\xa4hnliche "
	    "Technologien. Mit Klick auf \"Alle akzeptieren\" willigen Sie "
	    "in diese Verarbeitung ein.");
	STORY("Die Verbraucherzentrale mahnte den Shop ab, weil er Cookies "
	    "ohne Einwilligung der Kunden setzte und Daten weitergab. Das "
	    "Landgericht gab ihr recht, die Revision ist zugelassen, und der "
	    "Fall d\xc3\xbcrfte den Bundesgerichtshof besch\xc3\xa4" "ftigen. "
	    "Bis dahin m\xc3\xbcssen H\xc3\xa4ndler mit weiteren Abmahnungen "
	    "rechnen, sagen Juristen, denn viele Seiten arbeiten \xc3\xa4hnlich. "
	    "Eine Kl\xc3\xa4rung durch den Gesetzgeber gibt es bisher nicht, "
	    "obwohl Verb\xc3\xa4nde sie seit Jahren fordern, auch im Sinne "
	    "der Datenschutzbeh\xc3\xb6rden der L\xc3\xa4nder und des Bundes, "
	    "die Beschwerden sammeln.");
	/* Newsletter prompts. */
	BOILER("Melden Sie sich jetzt f\xc3\xbcr unseren Newsletter an und "
	    "erhalten Sie jeden Morgen die wichtigsten Nachrichten.");
	BOILER("Abonnieren Sie unseren Telegram-Kanal, um keine Nachrichten zu "
	    "verpassen.");
	STORY("Der Anbieter des Newsletters muss nun ein Bu\xc3\x9fgeld "
	    "zahlen, entschied das Gericht in Hamburg am Dienstag.");
	STORY("Die Drittanbieter m\xc3\xbcssen ihre Daten bis Ende des "
	    "Jahres offenlegen, sagte die Ministerin.");
}

static void
test_urls(void)
{
	char	*c = clean_text("https://www.tagesschau.de/inland/123.html",
	    41);

	CHECK_STR_EQ(c, "");
	CHECK(c != NULL && clean_is_boilerplate(c), "bare URL paragraph");
	free(c);
	CLEAN_EQ("Die Studie ist abrufbar unter www.rki.de/studie.pdf.",
	    "Die Studie ist abrufbar unter.");
	CLEAN_EQ("Hinweise nimmt die Polizei entgegen "
	    "(https://polizei.example/hinweise).",
	    "Hinweise nimmt die Polizei entgegen.");
}

static void
test_meta(void)
{
	BOILER("Stand: 21.10.2023 09:52 Uhr");
	BOILER("Lesedauer: 3 Min.");
	BOILER("Von Thomas Eder");
	BOILER("Aktualisiert am 12.03.2024, 14:02 Uhr");
	BOILER("08.09.2023, 13.05 Uhr");
	BOILER("12. Oktober 2023, 19:30 Uhr");
	BOILER("7. M\xc3\xa4rz 2024");
	BOILER("Von Thorsten Leemhuis 30.10.2023, 09:15 Uhr Lesezeit: 2 Min.");
	STORY("Um 12.30 Uhr am 3. Oktober beginnt die Feier vor dem "
	    "Reichstag.");
	STORY("2:1");
	STORY("Von Montag an gilt die neue Regel f\xc3\xbcr alle Pendler.");
}

static void
test_story(void)
{
	char	**p;
	char	 *title;
	size_t	  n = 5;

	p = calloc(n, sizeof(char *));
	title = strdup("Kreml: Kim Jong-un wird Russland besuchen");
	p[0] = strdup("Kreml: Kim Jong-un wird Russland besuchen");
	p[1] = strdup("Der nordkoreanische Staatschef wird &quot;in den "
	    "kommenden Tagen&quot; eintreffen.");
	p[2] = strdup("Quelle: AFP \xc2\xa9 \xc2\xa9 Yuri Kadobnov");
	p[3] = strdup("Anzeige");
	p[4] = strdup("Das letzte Treffen fand 2019 statt. Mehr zum Thema - "
	    "Nordkorea stellt atomar bewaffnetes U-Boot vor");
	CHECK_INT_EQ(clean_story(&title, p, &n), 0);
	CHECK_INT_EQ(n, 2);
	CHECK_STR_EQ(title, "Kreml: Kim Jong-un wird Russland besuchen");
	CHECK_STR_EQ(p[0], "Der nordkoreanische Staatschef wird \"in den "
	    "kommenden Tagen\" eintreffen.");
	CHECK_STR_EQ(p[1], "Das letzte Treffen fand 2019 statt.");
	while (n > 0)
		free(p[--n]);
	free(title);
	/* The headline with its kicker as the first paragraph. */
	title = strdup("Netzbetreiber warnen vor Engpässen im Stromnetz");
	p[0] = strdup("Energiewende Netzbetreiber warnen vor Engpässen im "
	    "Stromnetz");
	p[1] = strdup("Der Ausbau der Netze hält nicht Schritt.");
	n = 2;
	CHECK_INT_EQ(clean_story(&title, p, &n), 0);
	CHECK_INT_EQ(n, 1);
	CHECK_STR_EQ(p[0], "Der Ausbau der Netze hält nicht Schritt.");
	while (n > 0)
		free(p[--n]);
	free(p);
	free(title);
}

static void
test_split(void)
{
	char	**p;
	size_t	  n;

	CHECK_INT_EQ(clean_split("Erster Absatz.\n\n  Zweiter Absatz.\n"
	    "Dritter.", &p, &n), 0);
	CHECK_INT_EQ(n, 3);
	if (n == 3) {
		CHECK_STR_EQ(p[0], "Erster Absatz.");
		CHECK_STR_EQ(p[1], "Zweiter Absatz.");
		CHECK_STR_EQ(p[2], "Dritter.");
	}
	while (n > 0)
		free(p[--n]);
	free(p);
}

static void
test_squash(void)
{
	char	k[16];

	clean_squash("Zölle: \"Wir prüfen 2 Optionen\"", k, sizeof(k));
	CHECK_STR_EQ(k, "zöllewirprüfe");	/* cut to fit */
	clean_squash("A-b C", k, sizeof(k));
	CHECK_STR_EQ(k, "abc");
	clean_squash("", k, sizeof(k));
	CHECK_STR_EQ(k, "");
}

int
main(void)
{
	test_entities();
	test_invisible();
	test_emoji();
	test_quotes_dashes_space();
	test_credits();
	test_source_tags();
	test_pointers();
	test_ads();
	test_prompts();
	test_urls();
	test_meta();
	test_story();
	test_split();
	test_squash();
	return CHECK_SUMMARY();
}
