/* kernel.c: kernel_main: boot checks, memory, traps, disk, timer, then the shell. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

void kernel_main(uint32_t magic, const struct boot_info *info);

void kernel_main(uint32_t magic, const struct boot_info *info)
{
	/* EBX is only trustworthy if EAX says this is the VMM1 protocol. */
	if (magic != BOOT_MAGIC || info->magic != BOOT_MAGIC || info->version != 1)
		PANIC("not booted by vmm-pm (eax=0x%x)", magic);
	printf("os-1k: booting\n");

	memory_init(info);
	trap_init();
	printf("memory: %u KiB RAM, free 0x%x - 0x%x\n", info->mem_bytes / 1024,
	       free_ram_start, free_ram_end);
	char cmdline[sizeof(info->cmdline)];
	strcpy_s(cmdline, sizeof(cmdline), info->cmdline);
	if (cmdline[0])
		printf("cmdline: %s\n", cmdline);
	/* For the tests: show what a fault in the kernel itself does. */
	if (strcmp(cmdline, "test-kernel-fault") == 0)
		printf("%d\n", *(volatile int *) 0); /* nothing is mapped at 0 */

	if (info->virtio_blk_base == 0)
		printf("virtio-blk: no disk\n");
	else if (virtio_blk_init(info->virtio_blk_base))
		fs_init();

	timer_init(); /* ticks start once a process runs with interrupts on */
	process_init();
	if (!create_process(_shell_start, _shell_end - _shell_start, 0))
		PANIC("cannot create the shell");
	idle_loop();
}
