/* linebuf.c: whole-line output with a prefix, so guests' lines never mix. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A longer line is broken here: memory per guest stays bounded. */
#define LINE_MAX_BYTES 4096

struct vmm_linebuf {
	vmm_line_sink sink;
	void *opaque;
	size_t prefix_len, len;
	char line[];  /* prefix, then the line being collected, then '\n' */
};

struct vmm_linebuf *vmm_linebuf_new(const char *prefix, vmm_line_sink sink,
                                    void *opaque)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	struct vmm_linebuf *lb;

	if (plen > 1024)
		return set_error_null("line prefix too long");
	lb = malloc(sizeof(*lb) + plen + LINE_MAX_BYTES + 1);
	if (!lb)
		return set_error_null("out of memory");
	lb->sink = sink;
	lb->opaque = opaque;
	lb->prefix_len = plen;
	lb->len = 0;
	memcpy(lb->line, prefix ? prefix : "", plen);
	return lb;
}

static void emit(struct vmm_linebuf *lb)
{
	lb->line[lb->prefix_len + lb->len] = '\n';
	lb->sink(lb->opaque, lb->line, lb->prefix_len + lb->len + 1);
	lb->len = 0;
}

void vmm_linebuf_write(struct vmm_linebuf *lb, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			emit(lb);
			continue;
		}
		if (lb->len == LINE_MAX_BYTES)
			emit(lb);
		lb->line[lb->prefix_len + lb->len++] = (char)buf[i];
	}
}

void vmm_linebuf_flush(struct vmm_linebuf *lb)
{
	if (lb->len)
		emit(lb);
}

void vmm_linebuf_free(struct vmm_linebuf *lb)
{
	free(lb);
}
