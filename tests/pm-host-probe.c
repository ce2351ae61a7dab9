/* pm-host-probe.c: prints vmm_host_can_page32() for pm-nopaging.test, exit status 0/1/77 like kvm-probe. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "vmm.h"

int main(void)
{
	int r = vmm_host_can_page32();

	if (r < 0) {
		printf("no usable KVM: %s\n", vmm_last_error());
		return 77;
	}
	printf("%s\n", r ? "32-bit paging works" : "32-bit paging does not stick");
	return r ? 0 : 1;
}
