/* dev_vga.c: the VGA text-mode device for vmm-pm: CRTC cursor ports 0x3D4/0x3D5, input status 0x3DA, the screen at 0xB8000 seen through KVM's dirty log. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define VGA_CRTC_INDEX  0x3D4
#define VGA_CRTC_DATA   0x3D5
#define VGA_STATUS      0x3DA    /* input status #1 (colour) */

#define CRTC_CURSOR_START 0x0A   /* bit 5: cursor off; bits 0-4: first line */
#define CRTC_CURSOR_END   0x0B
#define CRTC_CURSOR_HIGH  0x0E
#define CRTC_CURSOR_LOW   0x0F
#define CRTC_CURSOR_OFF   0x20

/* Input status #1: bit 0 display disabled (in a blanking interval), bit 3
 * vertical retrace. */
#define STATUS_RETRACE 0x09

/* The text cells within the VGA window slot, and the page holding them
 * (the 4000 bytes fit in page 24 of the slot). */
#define TEXT_OFFSET (VMM_VGA_TEXT_ADDR - 0xA0000u)
#define TEXT_PAGE   (TEXT_OFFSET / 4096)

struct vmm_vga {
	struct vmm_vm *vm;
	pthread_mutex_t lock;         /* the registers: vCPU and display threads */
	uint8_t index;
	uint8_t crtc[256];            /* every index is stored (and read back) */
	unsigned status_reads;
	unsigned cursor_changes;      /* writes to the cursor registers */
	unsigned cursor_seen;         /* ... as of the last vmm_vga_poll() */
	bool written;
	/* The text cells as the VMM last left them (at attach, after each
	 * BIOS call): the guest wrote the screen only if they differ. KVM's
	 * dirty log cannot tell alone: it may count a page as written when
	 * the guest only read it (KVM can map a page writable on a read
	 * fault, and logs it then). */
	uint8_t known[VMM_VGA_TEXT_BYTES];
};

static const uint8_t *text_of(const struct vmm_vm *vm)
{
	return vm->vga_hva + TEXT_OFFSET;
}

/* With V locked: the guest changed the cells since the VMM's last look.
 * "Written" never goes back, so once it is set neither this compare nor
 * keeping known[] is needed again (int 10h would pay both on every call:
 * a boot sector printing by teletype makes one call per character). */
static void check_guest_writes(struct vmm_vga *v)
{
	if (!v->written && memcmp(text_of(v->vm), v->known, VMM_VGA_TEXT_BYTES) != 0)
		__atomic_store_n(&v->written, true, __ATOMIC_RELAXED);
}

void vga_host_write_begin(struct vmm_vm *vm)
{
	struct vmm_vga *v = vm->vga;

	if (!v)
		return;
	pthread_mutex_lock(&v->lock);
	check_guest_writes(v);
	pthread_mutex_unlock(&v->lock);
}

void vga_host_write_end(struct vmm_vm *vm)
{
	struct vmm_vga *v = vm->vga;

	if (!v)
		return;
	pthread_mutex_lock(&v->lock);
	if (!v->written)
		memcpy(v->known, text_of(vm), VMM_VGA_TEXT_BYTES);
	pthread_mutex_unlock(&v->lock);
}

static void crtc_write(struct vmm_vga *v, uint8_t value)
{
	switch (v->index) {
	case CRTC_CURSOR_START: case CRTC_CURSOR_END:
	case CRTC_CURSOR_HIGH: case CRTC_CURSOR_LOW:
		if (v->crtc[v->index] != value)
			v->cursor_changes++;
		break;
	}
	v->crtc[v->index] = value;
}

static int vga_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t port,
                  bool is_write, uint8_t *data, unsigned size)
{
	struct vmm_vga *v = opaque;
	(void)vcpu;

	pthread_mutex_lock(&v->lock);
	/* Byte by byte: a 16-bit OUT to 0x3D4 (index in the low byte, the
	 * value in the high one) is the common way to set a register. */
	for (unsigned i = 0; i < size; i++, port++) {
		uint8_t *b = &data[i];

		switch (port) {
		case VGA_CRTC_INDEX:
			if (is_write)
				v->index = *b;
			else
				*b = v->index;
			break;
		case VGA_CRTC_DATA:
			if (is_write)
				crtc_write(v, *b);
			else
				*b = v->crtc[v->index];
			break;
		case VGA_STATUS:
			/* No real timing: alternate in and out of retrace, so
			 * that "wait for the retrace to start, then to end"
			 * loops finish at once. Writes (feature control) are
			 * ignored. */
			if (!is_write)
				*b = v->status_reads++ & 1 ? STATUS_RETRACE : 0;
			break;
		default:
			if (!is_write)
				*b = 0xFF;    /* the bytes of a wide access past ours */
		}
	}
	pthread_mutex_unlock(&v->lock);
	return 0;
}

static void vga_free(void *opaque)
{
	struct vmm_vga *v = opaque;

	pthread_mutex_destroy(&v->lock);
	free(v);
}

struct vmm_vga *vmm_vga_attach(struct vmm_vm *vm)
{
	struct vmm_vga *v;

	if (vm->vga_slot < 0)
		return set_error_null("VGA needs PC RAM (vmm_vm_add_pc_ram)");
	v = calloc(1, sizeof(*v));
	if (!v)
		return set_error_null("out of memory");
	v->vm = vm;
	pthread_mutex_init(&v->lock, NULL);
	/* As a BIOS leaves 80x25 text mode: an underline cursor in the
	 * last two lines of the 16-line cell, at the top-left corner. */
	v->crtc[CRTC_CURSOR_START] = 0x0E;
	v->crtc[CRTC_CURSOR_END] = 0x0F;
	memcpy(v->known, text_of(vm), VMM_VGA_TEXT_BYTES);
	if (vm_own_device(vm, v, vga_free) < 0) {
		vga_free(v);
		return NULL;
	}
	vm->vga = v;
	/* From here the VM frees V, also when a range cannot be claimed. */
	if (io_register(vm, VMM_IO_PORT, VGA_CRTC_INDEX, 2, vga_io, v, 0) < 0 ||
	    io_register(vm, VMM_IO_PORT, VGA_STATUS, 1, vga_io, v, 0) < 0)
		return NULL;
	return v;
}

int vmm_vga_poll(struct vmm_vga *v)
{
	uint64_t dirty;
	bool text, cursor;

	if (vm_dirty_pages(v->vm, v->vm->vga_slot, &dirty) < 0)
		return -1;
	text = dirty >> TEXT_PAGE & 1;
	pthread_mutex_lock(&v->lock);
	cursor = v->cursor_changes != v->cursor_seen;
	v->cursor_seen = v->cursor_changes;
	if (text)
		check_guest_writes(v);
	pthread_mutex_unlock(&v->lock);
	return text || cursor;
}

bool vmm_vga_written(const struct vmm_vga *v)
{
	return __atomic_load_n(&v->written, __ATOMIC_RELAXED);
}

int vmm_vga_read(struct vmm_vga *v, uint8_t cells[VMM_VGA_TEXT_BYTES])
{
	unsigned pos;
	bool off;

	/* A torn copy while the guest writes is fine: the dirty log says so
	 * and the next repaint has the rest. */
	memcpy(cells, text_of(v->vm), VMM_VGA_TEXT_BYTES);
	pthread_mutex_lock(&v->lock);
	pos = (unsigned)v->crtc[CRTC_CURSOR_HIGH] << 8 | v->crtc[CRTC_CURSOR_LOW];
	off = (v->crtc[CRTC_CURSOR_START] & CRTC_CURSOR_OFF) ||
	      (v->crtc[CRTC_CURSOR_START] & 0x1F) > (v->crtc[CRTC_CURSOR_END] & 0x1F);
	pthread_mutex_unlock(&v->lock);
	return off || pos >= VMM_VGA_COLS * VMM_VGA_ROWS ? -1 : (int)pos;
}
