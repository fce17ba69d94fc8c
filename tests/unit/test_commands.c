/* Unit tests for the protocol tokenizer and the command table. */
#include <string.h>

#include "check.h"
#include "commands.h"
#include "defaults.h"

int
main(void)
{
	char		 line[256], *argv[8];
	const char	*why;
	const struct command *c, *prev = NULL;
	int		 i;

	strcpy(line, "  say  --urgent \"Guten \\\"Morgen\\\" \\\\ Welt\"  ");
	CHECK_INT_EQ(commands_tokenize(line, argv, 8, &why), 3);
	CHECK_STR_EQ(argv[0], "say");
	CHECK_STR_EQ(argv[1], "--urgent");
	CHECK_STR_EQ(argv[2], "Guten \"Morgen\" \\ Welt");

	strcpy(line, "a \"\" b");
	CHECK_INT_EQ(commands_tokenize(line, argv, 8, &why), 3);
	CHECK_STR_EQ(argv[1], "");

	strcpy(line, "");
	CHECK_INT_EQ(commands_tokenize(line, argv, 8, &why), 0);
	strcpy(line, "say \"open");
	CHECK_INT_EQ(commands_tokenize(line, argv, 8, &why), -1);
	CHECK_STR_EQ(why, "unterminated quote");
	strcpy(line, "say \"a\"b");
	CHECK_INT_EQ(commands_tokenize(line, argv, 8, &why), -1);
	strcpy(line, "1 2 3 4 5 6 7 8 9");
	CHECK_INT_EQ(commands_tokenize(line, argv, 8, &why), -1);
	CHECK_STR_EQ(why, "too many arguments");

	/* The table is sorted (bsearch) and every entry is documented. */
	for (i = 0; (c = commands_table(i)) != NULL; i++) {
		if (prev != NULL)
			CHECK(strcmp(prev->name, c->name) < 0, c->name);
		CHECK(strncmp(c->usage, c->name, strlen(c->name)) == 0,
		    c->name);
		CHECK(c->help != NULL && c->help[0] != '\0', c->name);
		CHECK(c->max_args == -1 || c->max_args >= c->min_args, c->name);
		CHECK(c->max_args <= MAX_ARGS, c->name);
		prev = c;
	}
	CHECK(i >= 5, "table has the foundation commands");
	return CHECK_SUMMARY();
}
