/* intake/cmd_parse.c - reportgate parse (SPEC 6). Placeholder until the
   parser lands. */
#include <stdio.h>

#include "intake/commands.h"

int
cmd_parse(int argc, char **argv, const struct global_opts *g)
{
	(void)argc;
	(void)argv;
	(void)g;
	fprintf(stderr, "reportgate parse: not built yet\n");
	return 1;
}
