/* common.c: printf and string helpers linked into both the kernel and user programs. */
/* SPDX-License-Identifier: MIT */
#include "common.h"

static void print_unsigned(uint32_t value)
{
	char digits[10];
	int n = 0;
	do {
		digits[n++] = '0' + value % 10;
		value /= 10;
	} while (value);
	while (n > 0)
		putchar(digits[--n]);
}

void printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%' || fmt[1] == '\0') {
			putchar(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			while (*s)
				putchar(*s++);
			break;
		}
		case 'd': {
			int value = va_arg(ap, int);
			if (value < 0) {
				putchar('-');
				/* Negate as unsigned: also right for INT_MIN. */
				print_unsigned(-(uint32_t) value);
			} else {
				print_unsigned(value);
			}
			break;
		}
		case 'u':
			print_unsigned(va_arg(ap, uint32_t));
			break;
		case 'x': {
			uint32_t value = va_arg(ap, uint32_t);
			for (int shift = 28; shift >= 0; shift -= 4)
				putchar("0123456789abcdef"[(value >> shift) & 0xf]);
			break;
		}
		case 'c':
			putchar((char) va_arg(ap, int));
			break;
		case '%':
			putchar('%');
			break;
		default: /* unknown conversion: print it as it is */
			putchar('%');
			putchar(*fmt);
			break;
		}
	}
	va_end(ap);
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n--)
		*d++ = (uint8_t) c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *p = a, *q = b;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *(const uint8_t *) a - *(const uint8_t *) b;
}

/* Copy SRC into DST of SIZE bytes, truncating; DST is always terminated. */
char *strcpy_s(char *dst, size_t size, const char *src)
{
	size_t i = 0;
	if (size == 0)
		return dst;
	for (; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return dst;
}
