# tests/boot-a20.S: a boot sector that turns A20 on the three ways tutorials do (int 15h AX=2401h, port 92h, the keyboard controller's output port), checks that memory does not wrap at 1 MiB, then takes a key from int 16h: 'k' resets the PC through the keyboard controller, 'p' through port 92h.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es

	# The BIOS's way.
	mov $0x2401, %ax
	int $0x15
	jc fail
	mov $0x2402, %ax
	int $0x15
	jc fail
	mov $s_int15, %si
	call puts
	call hex8
	call crlf

	# "Fast A20": port 92h bit 1 (bit 0 would reset the PC).
	in $0x92, %al
	mov $s_p92, %si
	call puts
	call hex8
	or $0x02, %al
	and $0xFE, %al
	out %al, $0x92
	in $0x92, %al
	mov $s_arrow, %si
	call puts
	call hex8
	call crlf

	# The keyboard controller: keyboard off, read the output port, write
	# it back with bit 1 set, keyboard on (what tutorials do; reading it
	# back gets nothing from QEMU).
	mov $0xAD, %al
	call kbc_command
	mov $0xD0, %al
	call kbc_command
	call kbc_read
	mov %al, %bl
	mov $s_kbc, %si
	call puts
	call hex8
	mov $0xD1, %al
	call kbc_command
	mov %bl, %al
	or $0x02, %al
	call kbc_data
	mov $0xAE, %al
	call kbc_command
	call crlf

	# The usual check: with A20 on, FFFF:0510 is not 0000:0500.
	mov $0xFFFF, %ax
	mov %ax, %fs
	movb $0x00, 0x500
	movb $0xFF, %fs:0x510
	mov $s_nowrap, %si
	cmpb $0x00, 0x500
	je 1f
	mov $s_wrap, %si
1:	call puts

	# A key from int 16h, if one is there: stdin is still the BIOS's
	# after the keyboard controller was used.
	mov $0x01, %ah
	int $0x16
	jz done
	mov $0x00, %ah
	int $0x16
	mov $s_key, %si
	call puts
	call putc
	call crlf
	cmp $'k', %al
	je reset_kbc
	cmp $'p', %al
	je reset_92
done:
	mov $s_done, %si
	mov $0, %bl
	jmp say_finish

reset_kbc:
	mov $0xFE, %al
	call kbc_command
	jmp after_reset
reset_92:
	in $0x92, %al
	or $0x01, %al
	out %al, $0x92
after_reset:
	mov $s_alive, %si
	mov $2, %bl
	jmp say_finish

fail:
	mov $s_fail, %si
	mov $1, %bl
	jmp say_finish

# kbc_wait: until the controller's input buffer is empty (status bit 1),
# as every tutorial's A20 code waits; gives up after 65536 looks.
kbc_wait:
	push %ax
	push %cx
	xor %cx, %cx
1:	in $0x64, %al
	test $0x02, %al
	jz 2f
	loop 1b
	jmp kbc_stuck
2:	pop %cx
	pop %ax
	ret

# kbc_command: AL to port 64h; kbc_data: AL to port 60h.
kbc_command:
	call kbc_wait
	out %al, $0x64
	ret
kbc_data:
	call kbc_wait
	out %al, $0x60
	ret

# kbc_read: AL = the next byte of port 60h, once status bit 0 says so.
# (QEMU holds a byte back for a while after the last read of port 60h.)
kbc_read:
	push %cx
	push %dx
	mov $64, %dx
	xor %cx, %cx
1:	in $0x64, %al
	test $0x01, %al
	jnz 2f
	loop 1b
	dec %dx
	jnz 1b
kbc_stuck:
	mov $s_stuck, %si
	mov $3, %bl
	jmp say_finish
2:	in $0x60, %al
	pop %dx
	pop %cx
	ret

	.include "boot-lib.inc"

s_int15:  .asciz "int 15h 2402h: "
s_p92:    .asciz "92h: "
s_kbc:    .asciz "KBC D0h: "
s_arrow:  .asciz " -> "
s_nowrap: .asciz "no wrap\r\n"
s_wrap:   .asciz "wraps\r\n"
s_key:    .asciz "key "
s_done:   .asciz "done\r\n"
s_alive:  .asciz "no reset\r\n"
s_fail:   .asciz "int 15h failed\r\n"
s_stuck:  .asciz "KBC stuck\r\n"

	.org 510
	.byte 0x55, 0xAA
