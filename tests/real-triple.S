# tests/real-triple.S: test guest that prints a line and then triple faults (crash, exit 126).
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start
_start:
	mov $msg, %esi
	mov $msg_end - msg, %ecx
	mov $0x03, %al             # WRITE
	mov $0x500, %dx
	out %al, %dx
	# With an IDT of limit 0 no exception can be delivered: dividing by
	# zero raises #DE, then #GP, then #DF, none deliverable, and that is
	# a triple fault. KVM's real-mode emulator (kvm_pvm) ignores the limit
	# but fails, the same way, to read a vector from a base that is not
	# RAM in any layout, so the base is 15 MiB.
	lidt idt
	xor %bl, %bl
	div %bl
1:	hlt                        # not reached
	jmp 1b

idt:	.word 0                    # limit
	.long 0xf00000             # base (24 bits in real mode)
msg:	.ascii "about to triple fault\n"
msg_end:
