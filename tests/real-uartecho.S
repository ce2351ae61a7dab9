# tests/real-uartecho.S: test guest that copies one input line through the UART (RBR to THR), then HLT.
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start

	.set RBR, 0x3F8            # receive (read) and transmit (write) register
	.set LSR, 0x3FD

_start:
1:	mov $LSR, %dx              # wait for data ready (LSR bit 0)
	in %dx, %al
	test $0x01, %al
	jz 1b
	mov $RBR, %dx
	in %dx, %al
	out %al, %dx               # the same port is THR for writes
	cmp $'\n', %al
	jne 1b
2:	hlt
	jmp 2b
