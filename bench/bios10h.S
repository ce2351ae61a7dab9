# bench/bios10h.S: a PC boot sector that prints one line through the BIOS (int 10h AH=0Eh, teletype), then stops: make bench's vmm-real --boot against QEMU booting the same image.
# SPDX-License-Identifier: MIT
#
# It stops with an OUT to QEMU's isa-debug-exit port 0xF4, which ends QEMU
# (status 1) and which vmm-real ignores, then with HLT (interrupts off),
# which ends vmm-real.
	.code16
	.text
	.globl _start
_start:
	cli
	cld
	xor %ax, %ax
	mov %ax, %ds
	mov $msg, %si
	xor %bx, %bx
	mov $0x0E, %ah
1:	lodsb
	test %al, %al
	jz 2f
	int $0x10
	jmp 1b
2:	xor %al, %al
	out %al, $0xF4
3:	hlt
	jmp 3b

msg:	.asciz "Hello from a boot sector!\r\n"

	.org 510
	.word 0xAA55
