/* cli-pm.c: src/vmm-pm.c compiled for fuzz/cli-fuzz.c, with exit() and the standard streams redirected (a test seam; src/ stays as it is). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-fuzz.h"

#define main vmm_pm_main
#define exit cli_fuzz_exit
#undef stdout
#undef stderr
#define stdout cli_fuzz_out
#define stderr cli_fuzz_out
#define printf(...) fprintf(cli_fuzz_out, __VA_ARGS__)
#include "../src/vmm-pm.c"

int cli_fuzz_pm(int argc, char **argv)
{
	struct options o = { .mem = VMM_PM_DEFAULT_MEM };
	int r, first;

	optind = 0;
	r = setjmp(cli_fuzz_jmp);
	if (r != 0)
		return -r;
	first = parse_options(argc, argv, &o);
	if (first < 1 || first > argc)
		abort();
	/* What main() relies on: RAM a multiple of 4 MiB up to 1 GiB, a
	 * disk name without ":ro". (The command line's length is the boot
	 * protocol's to check.) */
	if (o.mem == 0 || o.mem % (4u << 20) || o.mem > VMM_PM_MAX_MEM)
		abort();
	if (o.timeout_ms > 86400000u)
		abort();
	if (o.disk_ro && (!o.disk || strlen(o.disk) >= sizeof(o.disk_path)))
		abort();
	if (o.disk && !o.disk_ro) {
		size_t n = strlen(o.disk);
		if (n > 3 && strcmp(o.disk + n - 3, ":ro") == 0)
			abort();
	}
	return first;
}
