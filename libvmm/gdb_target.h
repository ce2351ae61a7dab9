/* gdb_target.h: what the gdb stub (gdb.c) debugs: a vCPU seen through gdb's addresses, and the callbacks gdb_target.c gives the protocol half. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_GDB_TARGET_H
#define VMM_GDB_TARGET_H

#include <stdint.h>

struct vmm_vcpu;
struct gdbp_target;

/* What the gdb stub debugs, VCPU, with gdb's address 0 at guest-linear
 * BASE (a real-mode guest's segment base, else 0). */
struct gdb_view {
	struct vmm_vcpu *vcpu;
	uint64_t base;
};

/* Fill T with callbacks (context VIEW) that read and write the guest's
 * memory by gdb address through its page tables, its registers, and plant
 * and take out int3s. */
void gdb_target_init(struct gdbp_target *t, struct gdb_view *view);

#endif
