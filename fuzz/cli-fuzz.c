/* cli-fuzz.c: libFuzzer target: the tools' command-line parsers (src/cli.c's and each tool's getopt loop) against the documented grammar. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli-fuzz.h"

/*
 * Input: byte 0 picks the parser, the rest is its text (NUL bytes cut it;
 * for a whole command line they separate the arguments):
 *   0 cli_parse_timeout  1 cli_parse_size  2 cli_parse_u32
 *   3 cli_guest_name     4 vmm-real's options  5 vmm-pm's options
 * The three number parsers are compared with reference parsers written
 * from the grammar the tools document (cli.h, --help):
 *   timeout  DIGITS [. DIGITS] or . DIGITS, seconds, > 0 and <= 86400
 *   size     DIGITS [K|M|G (any case) [i] [B]], no overflow
 *   u32      DIGITS (decimal) or 0x/0X HEXDIGITS, <= 0xFFFFFFFF
 * No sign, no spaces, no other base, no exponent: anything else is refused.
 */

jmp_buf cli_fuzz_jmp;
FILE *cli_fuzz_out;

_Noreturn void cli_fuzz_exit(int status)
{
	longjmp(cli_fuzz_jmp, 1000 + status);
}

static void fail(const char *what, const char *text)
{
	fprintf(stderr, "cli-fuzz: %s: '%s'\n", what, text);
	abort();
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int ref_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		int d = hex_value(*s);
		if (d < 0 || (unsigned)d >= base)
			return -1;
		v = v * base + (unsigned)d;
		if (v > UINT32_MAX)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static int ref_size(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;

	if (!is_digit(*s))
		return -1;
	for (; is_digit(*s); s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	switch (*s) {
	case 'k': case 'K': shift = 10; s++; break;
	case 'm': case 'M': shift = 20; s++; break;
	case 'g': case 'G': shift = 30; s++; break;
	}
	if (shift && *s == 'i')
		s++;
	if (shift && *s == 'B')
		s++;
	if (*s || v > (UINT64_MAX >> shift))
		return -1;
	*out = v << shift;
	return 0;
}

/* The grammar only; the value is then strtod's, as in the tool. */
static bool ref_timeout_syntax(const char *s)
{
	bool digits = false;

	for (; is_digit(*s); s++)
		digits = true;
	if (*s == '.')
		for (s++; is_digit(*s); s++)
			digits = true;
	return digits && !*s;
}

static void check_timeout(const char *s)
{
	uint64_t ms = 0;
	int r = cli_parse_timeout(s, &ms);
	bool ok = ref_timeout_syntax(s);
	double v = ok ? strtod(s, NULL) : 0;

	ok = ok && v > 0 && v <= 86400;
	if ((r == 0) != ok)
		fail(ok ? "timeout refused" : "timeout accepted", s);
	if (r == 0) {
		uint64_t want = (uint64_t)llround(v * 1000);
		if (want == 0)
			want = 1;
		if (ms != want || ms > 86400000u)
			fail("timeout value", s);
	}
}

static void check_size(const char *s)
{
	uint64_t got = 0, want = 0;
	int r = cli_parse_size(s, &got);
	int w = ref_size(s, &want);

	if (r != w)
		fail(w == 0 ? "size refused" : "size accepted", s);
	if (r == 0 && got != want)
		fail("size value", s);
}

static void check_u32(const char *s)
{
	uint32_t got = 0, want = 0;
	int r = cli_parse_u32(s, &got);
	int w = ref_u32(s, &want);

	if (r != w)
		fail(w == 0 ? "number refused" : "number accepted", s);
	if (r == 0 && got != want)
		fail("number value", s);
}

static void check_name(const char *s, size_t len)
{
	char name[64];
	size_t n;

	memset(name, 'X', sizeof(name));
	cli_guest_name(s, name, (len % sizeof(name)) + 1);
	n = strnlen(name, sizeof(name));
	if (n > len % sizeof(name))
		fail("guest name overflows", s);
	if (memchr(name, '/', n))
		fail("guest name has a slash", s);
}

/* Split TEXT at NUL bytes into at most 32 arguments after a program name. */
static int split_args(const uint8_t *text, size_t len, char **argv, char *buf)
{
	int argc = 1;
	size_t start = 0;

	memcpy(buf, text, len);
	buf[len] = '\0';
	argv[0] = (char *)"vmm";
	for (size_t i = 0; i <= len && argc < 33; i++) {
		if (i == len || buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	return argc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *argv[34];
	int argc, r;

	if (size < 1 || size > 4096)
		return 0;
	if (!cli_fuzz_out)
		cli_fuzz_out = fopen("/dev/null", "w");
	text = malloc(size);
	if (!text || !cli_fuzz_out)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 6) {
	case 0: check_timeout(text); break;
	case 1: check_size(text); break;
	case 2: check_u32(text); break;
	case 3: check_name(text, size - 1); break;
	case 4:
	case 5:
		argc = split_args(data + 1, size - 1, argv, text);
		r = data[0] % 6 == 4 ? cli_fuzz_real(argc, argv) : cli_fuzz_pm(argc, argv);
		/* Either options ended somewhere, or the tool exited as
		 * documented: 0 for --help and --version, 125 for a bad line. */
		if (r < 0 && r != -1000 && r != -1000 - EXIT_NOSTART)
			fail("the parser exited with an undocumented status", text);
		break;
	}
	free(text);
	return 0;
}
