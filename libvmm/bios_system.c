/* bios_system.c: int 11h (equipment), int 12h (memory size) and int 15h (wait, memory map, configuration, A20). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"
#include "bios.h"

#define SMAP 0x534D4150u   /* "SMAP", E820's signature */

/* The memory map int 15h AX=E820h reports: the 640 KiB of RAM and the ROM
 * (the VGA window is a hole, as on a PC). */
static const struct { uint64_t base, len; uint32_t type; } e820[] = {
	{ 0, VMM_BIOS_RAM_SIZE, 1 },
	{ VMM_BIOS_ROM_BASE, VMM_BIOS_ROM_SIZE, 2 },
};
#define E820_COUNT (sizeof e820 / sizeof e820[0])

static void set_es(struct bios_call *c, uint16_t seg)
{
	c->sregs->es.selector = seg;
	c->sregs->es.base = (uint64_t)seg << 4;
	vcpu_sregs_changed(c->vcpu);
}

static void memory_map(struct bios_call *c)
{
	struct kvm_regs *r = c->regs;
	uint32_t index = (uint32_t)r->rbx;
	uint8_t entry[20];

	if ((uint32_t)r->rdx != SMAP || (uint32_t)r->rcx < sizeof(entry) ||
	    index >= E820_COUNT) {
		bios_trace(c, "E820 refused (EDX, ECX or EBX)");
		bios_fail(c, BIOS_EUNKNOWN);
		return;
	}
	for (unsigned i = 0; i < 8; i++) {
		entry[i] = (uint8_t)(e820[index].base >> (8 * i));
		entry[8 + i] = (uint8_t)(e820[index].len >> (8 * i));
	}
	for (unsigned i = 0; i < 4; i++)
		entry[16 + i] = (uint8_t)(e820[index].type >> (8 * i));
	if (bios_write(c, c->sregs->es.base + (uint16_t)r->rdi, entry, sizeof(entry)) < 0) {
		bios_trace(c, "E820 buffer is not guest RAM");
		bios_fail(c, BIOS_EUNKNOWN);
		return;
	}
	r->rax = SMAP;
	r->rcx = sizeof(entry);
	r->rbx = index + 1 < E820_COUNT ? index + 1 : 0;
	bios_ok(c, false);
}

static void int15(struct bios_call *c)
{
	struct kvm_regs *r = c->regs;

	switch (bios_ah(c)) {
	case 0x24:
		/* A20 is always on here: it can be enabled and asked about,
		 * not turned off. */
		switch (bios_al(c)) {
		case 0x01:
			bios_ok(c, true);
			return;
		case 0x02:
			bios_set16(&r->rax, 0x0001);
			bios_ok(c, false);
			return;
		case 0x03:
			bios_set16(&r->rbx, 0);
			bios_ok(c, true);
			return;
		}
		break;
	case 0x88:
		/* No memory above 1 MiB. */
		bios_set16(&r->rax, 0);
		bios_ok(c, false);
		return;
	case 0xC0:
		set_es(c, VMM_BIOS_ROM_BASE >> 4);
		bios_set16(&r->rbx, BIOS_ROM_CONFIG);
		bios_ok(c, true);
		return;
	case 0xE8:
		if (bios_al(c) == 0x20) {
			memory_map(c);
			return;
		}
		break;
	}
	bios_unknown(c);
}

int bios_system(struct bios_call *c)
{
	struct kvm_regs *r = c->regs;

	switch (c->vector) {
	case 0x11:
		bios_set16(&r->rax, bios_get16(c->bios, BDA_EQUIPMENT));
		return 0;
	case 0x12:
		bios_set16(&r->rax, bios_get16(c->bios, BDA_MEMORY_KB));
		return 0;
	default:
		if (bios_ah(c) == 0x86)
			return bios_wait(c);
		int15(c);
		return 0;
	}
}
