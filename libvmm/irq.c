/* irq.c: the VM's interrupt lines: devices raise and lower them, knowing nothing of how an interrupt reaches the guest. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include "internal.h"

/*
 * Today this only records each line's level and counts its rising edges
 * (for --stats later): guest ABI v1 has no interrupts, and nothing reads
 * the levels yet. Delivering them (an 8259 PIC model in user space, and
 * KVM_INTERRUPT when the vCPU can take one) is the interrupts issue's
 * work; it belongs here, behind vm_irq_set(), so that devices need not
 * change when it comes.
 *
 * Lines are shared by the vCPUs of a VM: the state is kept with __atomic
 * builtins, not a lock.
 */

void vm_irq_set(struct vmm_vm *vm, unsigned line, bool level)
{
	uint32_t bit;

	if (line >= VM_IRQ_LINES)
		return;   /* a device's bug, not the guest's: ignored */
	bit = 1u << line;
	if (!level) {
		__atomic_fetch_and(&vm->irq.levels, ~bit, __ATOMIC_SEQ_CST);
		return;
	}
	if (!(__atomic_fetch_or(&vm->irq.levels, bit, __ATOMIC_SEQ_CST) & bit))
		__atomic_add_fetch(&vm->irq.edges[line], 1, __ATOMIC_SEQ_CST);
}

bool vm_irq_level(struct vmm_vm *vm, unsigned line)
{
	if (line >= VM_IRQ_LINES)
		return false;
	return __atomic_load_n(&vm->irq.levels, __ATOMIC_SEQ_CST) & (1u << line);
}

uint64_t vm_irq_edges(struct vmm_vm *vm, unsigned line)
{
	if (line >= VM_IRQ_LINES)
		return 0;
	return __atomic_load_n(&vm->irq.edges[line], __ATOMIC_SEQ_CST);
}
