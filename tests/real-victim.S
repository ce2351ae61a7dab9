# tests/real-victim.S: test guest that waits until someone else writes into its memory (only possible with --shared-vm).
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start

	.set MAILBOX, 0x8000       # a word of our RAM that nothing of ours uses

_start:
	mov $waiting, %esi
	mov $waiting_end - waiting, %ecx
	call write
	# Spin (no exits) until the word changes; real-scribble.S writes
	# 0x5a5a there. In a VM of our own nobody can, and --timeout ends us.
1:	cmpw $0, MAILBOX
	je 1b
	mov $visited, %esi
	mov $visited_end - visited, %ecx
	call write
2:	hlt
	jmp 2b

# WRITE hypercall: DS:ESI, ECX.
write:
	mov $0x03, %al
	mov $0x500, %dx
	out %al, %dx
	ret

waiting: .ascii "waiting for a visitor\n"
waiting_end:
visited: .ascii "my memory was written by someone else\n"
visited_end:
