/* cli-fuzz.h: what fuzz/cli-fuzz.c needs from the wrapped tools (fuzz/cli-real.c, fuzz/cli-pm.c). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_FUZZ_H
#define CLI_FUZZ_H

#include <setjmp.h>
#include <stdio.h>

/*
 * The tools' sources are compiled into the fuzz target with exit() turned
 * into a longjmp back to the caller and stdout/stderr into one sink, so that
 * a whole command line can be parsed over and over in one process.
 */
extern jmp_buf cli_fuzz_jmp;
extern FILE *cli_fuzz_out;
_Noreturn void cli_fuzz_exit(int status);

/*
 * Parse ARGV (ARGC strings, ARGV[ARGC] == NULL, writable: getopt permutes
 * it) with the tool's own parse_options() and check what it left in its
 * options. Returns the index of the first non-option argument, or -1000 -
 * STATUS when the parser exited with STATUS (--help, --version, errors).
 * Aborts when an invariant of the options does not hold.
 */
int cli_fuzz_real(int argc, char **argv);
int cli_fuzz_pm(int argc, char **argv);

#endif
