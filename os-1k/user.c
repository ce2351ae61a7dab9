/* user.c: the start of every user program, and its system call wrappers. */
/* SPDX-License-Identifier: MIT */
#include "user.h"

extern char __stack_top[];
int main(void);

/*
 * The kernel enters every process here, in ring 3, with EBX = the function
 * to run (0 for main); see spawn(). The stack is the program's own, at the
 * end of its image.
 */
__attribute__((section(".text.start"), naked)) void start(void)
{
	__asm__ volatile(
		"mov $__stack_top, %esp\n\t"
		"test %ebx, %ebx\n\t"
		"jnz 1f\n\t"
		"mov $main, %ebx\n"
		"1:\tcall *%ebx\n\t"
		"call exit\n\t");
}

static int syscall(int nr, int a, int b, int c)
{
	int ret;
	__asm__ volatile("int $0x80"
	                 : "=a"(ret)
	                 : "a"(nr), "b"(a), "c"(b), "d"(c)
	                 : "memory");
	return ret;
}

void putchar(char ch)
{
	syscall(SYS_PUTCHAR, (uint8_t) ch, 0, 0);
}

int getchar(void)
{
	return syscall(SYS_GETCHAR, 0, 0, 0);
}

void exit(void)
{
	syscall(SYS_EXIT, 0, 0, 0);
	for (;;) /* not reached */
		;
}

int readfile(const char *name, char *buf, int len)
{
	return syscall(SYS_READFILE, (int) name, (int) buf, len);
}

int writefile(const char *name, const char *buf, int len)
{
	return syscall(SYS_WRITEFILE, (int) name, (int) buf, len);
}

int listfile(int index, char *name, int len)
{
	return syscall(SYS_LISTFILE, index, (int) name, len);
}

int spawn(void (*fn)(void))
{
	return syscall(SYS_SPAWN, (int) fn, 0, 0);
}

int wait(int pid)
{
	return syscall(SYS_WAIT, pid, 0, 0);
}

void sleep(int ms)
{
	syscall(SYS_SLEEP, ms, 0, 0);
}

unsigned uptime(void)
{
	return (unsigned) syscall(SYS_UPTIME, 0, 0, 0);
}

int write(const char *buf, int len)
{
	return syscall(SYS_WRITE, (int) buf, len, 0);
}
