/* stats.c: the names of exit and stop reasons (the counters themselves are inline in internal.h). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

const char *vmm_exit_reason_name(unsigned reason)
{
	static const char *const names[] = {
		[KVM_EXIT_UNKNOWN] = "UNKNOWN",
		[KVM_EXIT_EXCEPTION] = "EXCEPTION",
		[KVM_EXIT_IO] = "IO",
		[KVM_EXIT_HYPERCALL] = "HYPERCALL",
		[KVM_EXIT_DEBUG] = "DEBUG",
		[KVM_EXIT_HLT] = "HLT",
		[KVM_EXIT_MMIO] = "MMIO",
		[KVM_EXIT_IRQ_WINDOW_OPEN] = "IRQ_WINDOW_OPEN",
		[KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
		[KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
		[KVM_EXIT_INTR] = "INTR",
		[KVM_EXIT_SET_TPR] = "SET_TPR",
		[KVM_EXIT_TPR_ACCESS] = "TPR_ACCESS",
		[KVM_EXIT_NMI] = "NMI",
		[KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
		[KVM_EXIT_OSI] = "OSI",
		[KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
	};

	if (reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "OTHER";
}

const char *vmm_stop_reason_name(enum vmm_stop_reason reason)
{
	switch (reason) {
	case VMM_STOP_EXIT: return "exited";
	case VMM_STOP_HLT: return "halted";
	case VMM_STOP_CRASH: return "crashed";
	case VMM_STOP_STOPPED: return "stopped";
	case VMM_STOP_ERROR: return "failed";
	case VMM_STOP_NONE: break;
	}
	return "running";
}

_Static_assert(VMM_EXIT_IO == KVM_EXIT_IO && VMM_EXIT_HLT == KVM_EXIT_HLT &&
               VMM_EXIT_MMIO == KVM_EXIT_MMIO, "vmm.h exit numbers drifted");
