/* main.c — the command line: parses the verb and hands over to a module. */
#include "config.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("tmix %s\n", PACKAGE_VERSION);
		return 0;
	}
	fprintf(stderr, "usage: tmix PROJECT.ini\n");
	return 2;
}
