/* cli-common.c: src/cli.c compiled for fuzz/cli-fuzz.c, with exit() and the standard streams redirected, as the tools' parsers call it (a test seam). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-fuzz.h"

#define exit cli_fuzz_exit
#undef stdout
#undef stderr
#define stdout cli_fuzz_out
#define stderr cli_fuzz_out
#include "../src/cli.c"
