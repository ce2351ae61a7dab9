/* error.c: the per-thread "last error" message of libvmm. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "internal.h"

static _Thread_local char last_error[512];

const char *vmm_last_error(void)
{
	return last_error[0] ? last_error : "no error";
}

const char *vmm_version(void)
{
	return PACKAGE_VERSION;
}

int set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return -1;
}

void *set_error_null(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return NULL;
}

int set_error_errno(const char *fmt, ...)
{
	int saved = errno;
	size_t used;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	used = strlen(last_error);
	snprintf(last_error + used, sizeof(last_error) - used, ": %s",
	         strerror(saved));
	errno = saved;
	return -1;
}
