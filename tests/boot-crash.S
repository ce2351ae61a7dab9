# tests/boot-crash.S: a boot sector that divides by zero: the exception reaches the BIOS's vector 0, and the guest stops as crashed.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	xor %ax, %ax
	div %al                     # at 0000:7C02
1:	hlt
	jmp 1b

	.org 510
	.byte 0x55, 0xAA
