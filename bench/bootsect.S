# bench/bootsect.S: hello.bin's line through COM1, then stop: a vmm-real guest and, linked at 0x7C00, a PC boot sector.
# SPDX-License-Identifier: MIT
#
# The same code runs under vmm-real (linked at 0) and under QEMU's BIOS
# (linked at 0x7C00 with the boot signature), so make bench compares the
# same job. It stops with an OUT to QEMU's isa-debug-exit port 0xF4, which
# ends QEMU (status 1) and which vmm-real ignores, then with HLT, which ends
# vmm-real.
	.code16
	.text
	.globl _start
_start:
	cli
	cld
	xor %ax, %ax
	mov %ax, %ds
	mov $0x3F8, %dx
	mov $msg, %si
	mov $msg_end - msg, %cx
1:	lodsb
	out %al, %dx
	loop 1b
	xor %al, %al
	out %al, $0xF4
2:	hlt
	jmp 2b

msg:	.ascii "Hello from a real-mode guest!\n"
msg_end:

# The boot-sector build (--defsym BOOTSECTOR=1): BIOS signature at 510.
.ifdef BOOTSECTOR
	.org 510
	.word 0xAA55
.endif
