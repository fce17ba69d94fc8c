/* vorleser: placeholder entry point while the daemon's spine is built. */
#include <stdio.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0)
		printf("vorleser %s\n", VERSION);
	return 0;
}
