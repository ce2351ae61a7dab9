# tests/real-scribble.S: test guest that writes into the other guests' slots and prints what it reads there.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# For each slot j other than its own (GPA j*0x40000, segment j*0x4000) it
# reads the first word (the other guest's code, if it can see it), writes
# 0x5a5a at offset 0x8000 (real-victim.S's mailbox, unused by the other
# guests) and reads that back, then prints
#   slot J: first word XXXX, wrote 5a5a, read back XXXX
# In a VM of its own the other slots are not its memory, so it cannot see
# the code nor read its marker back; with --shared-vm it can.
	.code16
	.text
	.globl _start

	.set MAILBOX, 0x8000
	.set MARKER, 0x5a5a

_start:
	cld
	mov %cs, %ax
	shr $14, %ax               # our own slot number i = CS / 0x4000
	mov %ax, me
	xor %bp, %bp               # BP = slot j
slot:
	cmp me, %bp
	je next
	mov %bp, %ax
	shl $14, %ax
	mov %ax, %fs               # FS = slot j; ES stays ours for stosb

	mov %bp, %ax
	add $'0', %al
	mov %al, line_slot
	mov $line_word, %di
	mov %fs:0, %ax
	call puthex
	movw $MARKER, %fs:MAILBOX
	mov $line_read, %di
	mov %fs:MAILBOX, %ax
	call puthex

	mov $line, %esi            # WRITE the line
	mov $line_end - line, %ecx
	mov $0x03, %al
	mov $0x500, %dx
	out %al, %dx
next:
	inc %bp
	cmp $3, %bp
	jbe slot
1:	hlt
	jmp 1b

# Store AX as 4 lowercase hex digits at ES:DI. Clobbers AX, BX, CX, DI.
puthex:
	mov $4, %cx
1:	rol $4, %ax                # next nibble, highest first
	mov %ax, %bx
	and $0x0f, %bx
	mov hexdigits(%bx), %bl
	mov %bl, %es:(%di)
	inc %di
	loop 1b
	ret

hexdigits: .ascii "0123456789abcdef"
me:	.word 0
line:	.ascii "slot "
line_slot: .ascii "?: first word "
line_word: .ascii "????, wrote 5a5a, read back "
line_read: .ascii "????\n"
line_end:
