# tests/boot-hello.S: a boot sector that shows its entry state, prints with int 10h and loads its second and third stages with int 13h (CHS, then LBA/EDD).
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	# The entry state, before anything changes it (CS is 0: these are
	# the boot sector's own bytes).
	mov %sp, %cs:entry_sp
	mov %dx, %cs:entry_dx
	mov %ds, %cs:entry_ds
	mov %es, %cs:entry_es
	mov %ss, %cs:entry_ss
	mov %cs, %cs:entry_cs
	call 1f
1:	pop %ax
	sub $1b - _start, %ax
	mov %ax, %cs:entry_ip
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es

	mov $hello, %si
	call puts
	mov $s_cs, %si
	mov entry_cs, %ax
	call field
	mov $s_ip, %si
	mov entry_ip, %ax
	call field
	mov $s_ds, %si
	mov entry_ds, %ax
	call field
	mov $s_es, %si
	mov entry_es, %ax
	call field
	mov $s_ss, %si
	mov entry_ss, %ax
	call field
	mov $s_sp, %si
	mov entry_sp, %ax
	call field
	mov $s_dl, %si
	call puts
	mov entry_dx, %ax
	call hex8
	call crlf

	# Reset, then sector 1 to 0000:7E00 by CHS (cylinder 0, head 0,
	# sector 2).
	mov $0x00, %ah
	mov entry_dx, %dl
	int $0x13
	jc fail
	mov $0x0201, %ax
	mov $0x0002, %cx
	mov entry_dx, %dx
	mov $0, %dh
	mov $0x7E00, %bx
	int $0x13
	jc fail
	mov $s_chs, %si
	call puts
	call hex8
	call crlf
	call stage2

	# EDD, then sector 2 to 0000:8000 by LBA.
	mov $0x41, %ah
	mov $0x55AA, %bx
	mov entry_dx, %dl
	int $0x13
	jc fail
	cmp $0xAA55, %bx
	jne fail
	mov $s_edd, %si
	call puts
	mov $0x42, %ah
	mov entry_dx, %dl
	mov $packet, %si
	int $0x13
	jc fail
	call stage3
	mov $bye, %si
	call puts
	mov $0, %bl
	jmp finish

fail:
	mov $s_fail, %si
	call puts
	mov %ah, %al
	call hex8
	call crlf
	mov $1, %bl
	jmp finish

# field: the string at SI, then AX in hex and a space.
field:
	call puts
	call hex16
	push %ax
	mov $' ', %al
	call putc
	pop %ax
	ret

#include "boot-lib.inc"

hello:	.asciz "Hello from a boot sector\r\n"
s_cs:	.asciz "entry CS="
s_ip:	.asciz "IP="
s_ds:	.asciz "DS="
s_es:	.asciz "ES="
s_ss:	.asciz "SS="
s_sp:	.asciz "SP="
s_dl:	.asciz "DL="
s_chs:	.asciz "int 13h AH=02h read sectors: AL="
s_edd:	.asciz "int 13h AH=41h: EDD present\r\n"
s_fail:	.asciz "FAILED: AH="
bye:	.asciz "bye\r\n"
# The entry state is kept below the boot sector, in free RAM.
	.set entry_sp, 0x600
	.set entry_dx, 0x602
	.set entry_ds, 0x604
	.set entry_es, 0x606
	.set entry_ss, 0x608
	.set entry_cs, 0x60A
	.set entry_ip, 0x60C
# The disk address packet: 16 bytes, 1 block to 0000:8000 from LBA 2.
packet:	.byte 0x10, 0
	.word 1, 0x8000, 0
	.quad 2

	.org 510
	.byte 0x55, 0xAA

# Sector 1, loaded at 0x7E00 by CHS.
stage2:
	mov $s_stage2, %si
	jmp puts
s_stage2: .asciz "stage 2 (sector 1) loaded by CHS\r\n"
	.org 1024

# Sector 2, loaded at 0x8000 by LBA.
stage3:
	mov $s_stage3, %si
	jmp puts
s_stage3: .asciz "stage 3 (sector 2) loaded by LBA\r\n"
	.org 1536
