/* cli-real.c: src/vmm-real.c compiled for fuzz/cli-fuzz.c, with exit() and the standard streams redirected (a test seam; src/ stays as it is). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-fuzz.h"

#define main vmm_real_main
#define exit cli_fuzz_exit
#undef stdout
#undef stderr
#define stdout cli_fuzz_out
#define stderr cli_fuzz_out
#define printf(...) fprintf(cli_fuzz_out, __VA_ARGS__)
#include "../src/vmm-real.c"

int cli_fuzz_real(int argc, char **argv)
{
	struct options o = { .prefix = -1 };
	int r, first;

	optind = 0;  /* GNU getopt: start afresh */
	r = setjmp(cli_fuzz_jmp);
	if (r != 0)
		return -r;
	first = parse_options(argc, argv, &o);
	if (first < 1 || first > argc)
		abort();
	if (o.timeout_ms > 86400000u || o.prefix < -1 || o.prefix > 1)
		abort();
	return first;
}
