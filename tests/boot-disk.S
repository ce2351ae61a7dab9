# tests/boot-disk.S: a boot sector that asks int 13h for the disk's geometry, writes a sector (EDD) and reads it back (CHS), and reads past the end of its 4-sector image.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %dl, drive
	# The test is sectors 1 and 2: to 0000:7E00, where it is linked.
	mov $0x0202, %ax
	mov $0x0002, %cx
	mov $0, %dh
	mov $0x7E00, %bx
	int $0x13
	jc fail
	jmp stage2

fail:
	mov $s_fail, %si
	call status
	mov $1, %bl
	jmp finish

# status: the string at SI, then AH in hex.
status:
	call puts
	mov %ah, %al
	call hex8
	jmp crlf

#include "boot-lib.inc"

s_fail:	.asciz "FAILED: AH="
drive:	.byte 0

	.org 510
	.byte 0x55, 0xAA

stage2:

	# AH=15h: a hard disk (03h) of 4 sectors.
	mov $0x15, %ah
	int $0x13
	jc fail
	mov $s_type, %si
	call puts
	mov %ah, %al
	call hex8
	mov $s_count, %si
	call puts
	mov %dx, %ax
	call hex16
	call crlf

	# AH=48h: the EDD drive parameters.
	movw $0x1A, 0x600
	mov $0x48, %ah
	mov drive, %dl
	mov $0x600, %si
	int $0x13
	jc fail
	mov $s_edd, %si
	call puts
	mov 0x610, %ax
	call hex16
	mov $s_bytes, %si
	call puts
	mov 0x618, %ax
	call hex16
	call crlf

	# Sector 3 (CHS 0/0/4) as built.
	mov $0x0201, %ax
	mov $0x0004, %cx
	mov drive, %dl
	mov $0, %dh
	mov $0x8000, %bx
	int $0x13
	jc fail
	mov $0x8000, %si
	call puts

	# A new sector 3 from 0x8000 (AH=43h, LBA 3); :ro refuses.
	mov $s_written, %si
	mov $0x8000, %di
	mov $s_written_end - s_written, %cx
	cld
	rep movsb
	mov $0x43, %ah
	mov $0, %al
	mov drive, %dl
	mov $wpacket, %si
	int $0x13
	jnc 1f
	mov $s_werr, %si
	call status
	jmp 2f
1:	mov $s_wok, %si
	call puts
2:
	# Sector 3 back by CHS (0/0/4) to 0x9000.
	mov $0x0201, %ax
	mov $0x0004, %cx
	mov drive, %dl
	mov $0, %dh
	mov $0x9000, %bx
	int $0x13
	jc fail
	mov $s_back, %si
	call puts
	mov $0x9000, %si
	call puts

	# LBA 4 is past the end: an error, the packet's count 0, and AH=01h
	# says so too.
	mov $0x42, %ah
	mov drive, %dl
	mov $rpacket, %si
	int $0x13
	jnc fail
	mov $s_past, %si
	call status
	mov $s_left, %si
	call puts
	mov rpacket + 2, %ax
	call hex16
	call crlf
	mov $0x01, %ah
	mov drive, %dl
	int $0x13
	jnc fail
	mov $s_last, %si
	call status
	mov $0, %bl
	jmp finish

s_type:	.asciz "AH=15h: type "
s_count: .asciz ", sectors "
s_edd:	.asciz "AH=48h: sectors "
s_bytes: .asciz ", bytes per sector "
s_wok:	.asciz "AH=43h: sector 3 written\r\n"
s_werr:	.asciz "AH=43h: write refused, AH="
s_back:	.asciz "sector 3 now: "
s_past:	.asciz "AH=42h at LBA 4 (past the end): AH="
s_left:	.asciz "packet count after the error: "
s_last:	.asciz "AH=01h: last status "
s_written: .asciz "written by the boot sector\r\n"
s_written_end:
wpacket: .byte 0x10, 0
	.word 1, 0x8000, 0
	.quad 3
rpacket: .byte 0x10, 0
	.word 1, 0xA000, 0
	.quad 4

	.org 1536
	.asciz "sector 3, as built\r\n"
	.org 2048
