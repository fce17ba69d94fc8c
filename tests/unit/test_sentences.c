/* Unit tests for sentences.c: where sentences end in raw and normalised
 * German news text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sentences.h"

/*
 * Splits text and compares with the expected sentences, given as one
 * string with sentences separated by '|'.
 */
static void
expect(const char *text, const char *want)
{
	struct sentence	*s;
	size_t		 n, i;
	char		 got[4096];
	size_t		 o = 0;

	if (sentences_split(text, strlen(text), &s, &n) == -1) {
		CHECK(0, text);
		return;
	}
	got[0] = '\0';
	for (i = 0; i < n; i++) {
		if (o + s[i].len + 2 >= sizeof(got))
			break;
		if (i > 0)
			got[o++] = '|';
		memcpy(got + o, text + s[i].off, s[i].len);
		o += s[i].len;
		got[o] = '\0';
	}
	if (strcmp(got, want) != 0)
		fprintf(stderr, "text: %s\n", text);
	CHECK_STR_EQ(got, want);
	free(s);
}

int
main(void)
{
	struct sentence	*s;
	size_t		 n;

	/* Plain boundaries. */
	expect("Der Kanzler reist nach Paris. Dort trifft er Macron.",
	    "Der Kanzler reist nach Paris.|Dort trifft er Macron.");
	expect("Wer zahlt? Der Bund! Und die Länder...",
	    "Wer zahlt?|Der Bund!|Und die Länder...");
	expect("Was nun?! Niemand weiß es.", "Was nun?!|Niemand weiß es.");
	expect("  Ein Satz ohne Punkt  ", "Ein Satz ohne Punkt");
	expect("", "");
	expect("Erster Absatz\nZweiter Absatz.\n\nDritter.",
	    "Erster Absatz|Zweiter Absatz.|Dritter.");

	/* Abbreviations do not end sentences. */
	expect("Viele Länder, z. B. Frankreich, haben es umgesetzt.",
	    "Viele Länder, z. B. Frankreich, haben es umgesetzt.");
	expect("Betroffen sind u. a. Bayern und Hessen. Mehr folgt.",
	    "Betroffen sind u. a. Bayern und Hessen.|Mehr folgt.");
	expect("Die Buslinie Nr. 7 fällt aus.",
	    "Die Buslinie Nr. 7 fällt aus.");
	expect("Es kamen ca. 200 Menschen. Die Polizei war da.",
	    "Es kamen ca. 200 Menschen.|Die Polizei war da.");
	expect("Dr. Anna Weber und Prof. Drosten sprachen.",
	    "Dr. Anna Weber und Prof. Drosten sprachen.");
	expect("Der FC St. Pauli gewann. Das Derby war laut.",
	    "Der FC St. Pauli gewann.|Das Derby war laut.");
	expect("Das regelt Art. 5 GG.", "Das regelt Art. 5 GG.");
	expect("Gemeint sind Gas, Öl usw. Die Preise steigen.",
	    "Gemeint sind Gas, Öl usw.|Die Preise steigen.");
	expect("John F. Kennedy wurde 1963 ermordet.",
	    "John F. Kennedy wurde 1963 ermordet.");

	/* Ordinals and regnal numbers. */
	expect("Die Feier zum 3. Oktober findet in Hamburg statt.",
	    "Die Feier zum 3. Oktober findet in Hamburg statt.");
	expect("Am 24. Februar 2022 begann der Krieg.",
	    "Am 24. Februar 2022 begann der Krieg.");
	expect("Im 19. Jahrhundert wuchs die Stadt.",
	    "Im 19. Jahrhundert wuchs die Stadt.");
	expect("Sie belegte den 2. Platz.", "Sie belegte den 2. Platz.");
	expect("König Karl III. empfing den Kanzler.",
	    "König Karl III. empfing den Kanzler.");
	expect("Die Zahl der Toten stieg auf 12. Die Suche geht weiter.",
	    "Die Zahl der Toten stieg auf 12.|Die Suche geht weiter.");
	expect("Das Urteil kam am 12. Sept. 2023. Er ging in Berufung.",
	    "Das Urteil kam am 12. Sept. 2023.|Er ging in Berufung.");

	/* Quotes. */
	expect("„Wir schaffen das. Ganz sicher“, sagte sie. Dann ging sie.",
	    "„Wir schaffen das. Ganz sicher“, sagte sie.|Dann ging sie.");
	expect("Er sagte: „Das wird schwierig.“ Danach schwieg er.",
	    "Er sagte: „Das wird schwierig.“|Danach schwieg er.");
	expect("»Das ist ein Tag. Ein schwarzer«, erklärte er.",
	    "»Das ist ein Tag. Ein schwarzer«, erklärte er.");
	expect("\"Nein. Niemals\", rief er. Alle lachten.",
	    "\"Nein. Niemals\", rief er.|Alle lachten.");

	/* Normalised text: spelled acronyms end sentences, and the
	 * normaliser's words split like any text. */
	expect("Das berichtet die Nachrichtenagentur A F P. Die Lage ist "
	    "unklar.", "Das berichtet die Nachrichtenagentur A F P.|"
	    "Die Lage ist unklar.");
	expect("Die Feier zum dritten Oktober findet statt. Alle kommen.",
	    "Die Feier zum dritten Oktober findet statt.|Alle kommen.");
	expect("Viele Länder, zum Beispiel Frankreich, handeln. Gut so.",
	    "Viele Länder, zum Beispiel Frankreich, handeln.|Gut so.");
	expect("Die Zahl stieg auf zwölf. Die Suche geht weiter.",
	    "Die Zahl stieg auf zwölf.|Die Suche geht weiter.");

	/* Offsets point into the text; the caller frees the array. */
	CHECK_INT_EQ(sentences_split("Ab cd.  Ef gh.", 14, &s, &n), 0);
	CHECK_INT_EQ(n, 2);
	if (n == 2) {
		CHECK_INT_EQ(s[0].off, 0);
		CHECK_INT_EQ(s[0].len, 6);
		CHECK_INT_EQ(s[1].off, 8);
		CHECK_INT_EQ(s[1].len, 6);
	}
	free(s);
	CHECK_INT_EQ(sentences_split("   \n  ", 6, &s, &n), 0);
	CHECK_INT_EQ(n, 0);
	free(s);
	return CHECK_SUMMARY();
}
