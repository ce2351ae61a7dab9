/* common.h: types and helpers shared by the os-1k kernel and its user programs. */
/* SPDX-License-Identifier: MIT */
#ifndef OS1K_COMMON_H
#define OS1K_COMMON_H

typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long long uint64_t;
typedef int int32_t;
typedef uint32_t size_t;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *) 0)

#define ALIGN_UP(value, align) (((value) + (align) - 1) / (align) * (align))
#define IS_ALIGNED(value, align) ((value) % (align) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* printf() understands %s %d %u %x (always 8 digits, like the book) %c %%. */
typedef __builtin_va_list va_list;
#define va_start __builtin_va_start
#define va_arg __builtin_va_arg
#define va_end __builtin_va_end

/* System call numbers (int 0x80: EAX = number, EBX/ECX/EDX = arguments). */
#define SYS_PUTCHAR   1  /* putchar(ch) */
#define SYS_GETCHAR   2  /* getchar() -> byte, or -1 at end of input */
#define SYS_EXIT      3  /* exit() */
#define SYS_READFILE  4  /* readfile(name, buf, len) -> bytes read or -1 */
#define SYS_WRITEFILE 5  /* writefile(name, buf, len) -> len or -1 */
#define SYS_LISTFILE  6  /* listfile(index, namebuf, namelen) -> size or -1 */
#define SYS_SPAWN     7  /* spawn(fn) -> pid of a new copy of this program running fn, or -1 */
#define SYS_WAIT      8  /* wait(pid) -> 0 if it exited, 1 if it was killed, -1 */
#define SYS_SLEEP     9  /* sleep(ms): not runnable for at least ms milliseconds */
#define SYS_UPTIME   10  /* uptime() -> timer ticks since boot (100 a second) */
#define SYS_WRITE    11  /* write(buf, len) -> len or -1: printed in one piece */

#define FILE_NAME_MAX 100  /* a ustar name field, including its NUL */

/* Defined separately by the kernel (buffered console) and by user programs. */
void putchar(char ch);

void printf(const char *fmt, ...);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
char *strcpy_s(char *dst, size_t size, const char *src);

#endif
