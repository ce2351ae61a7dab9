/* console.c: kernel console; output is collected and sent with one WRITE hypercall. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

/*
 * Every hypercall is a VM exit, which costs far more than the printing
 * itself. So putchar() only fills a buffer, and the buffer goes out in one
 * WRITE when it is full, before the kernel waits for input, and before the
 * VM stops. A boot up to the shell prompt then needs a single WRITE.
 */
static char console_buf[4096];
static size_t console_len;

void console_flush(void)
{
	if (console_len == 0)
		return;
	if (hypercall(HC_WRITE, 0, console_len, console_buf) != console_len) {
		/* WRITE refused the buffer: fall back to PUTCHAR, byte by byte. */
		for (size_t i = 0; i < console_len; i++)
			hypercall(HC_PUTCHAR, (uint8_t) console_buf[i], 0, NULL);
	}
	console_len = 0;
}

void putchar(char ch)
{
	if (console_len == sizeof(console_buf))
		console_flush();
	console_buf[console_len++] = ch;
}

int console_getchar(void)
{
	console_flush(); /* the user must see the prompt before typing */
	uint32_t ch = hypercall(HC_GETCHAR, 0, 0, NULL);
	return ch > 0xff ? -1 : (int) ch;
}

void vm_exit(int status)
{
	console_flush();
	for (;;)
		hypercall(HC_EXIT, (uint32_t) status, 0, NULL);
}
