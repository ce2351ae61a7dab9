/* pm-pcdev.S: vmm-pm test kernel: prints through port 0xE9, the CMOS memory bytes, the PCI and port 0x80 answers, waits for PIT channel 2 through port 0x61, exits through 0xF4. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.code32
	.section .text.start, "ax"
	.globl _start
_start:
	mov $stack_top, %esp
	mov $hello, %esi
	call e9_puts

	/* Reading 0xE9 answers 0xE9: the port is there. */
	in $0xE9, %al
	cmp $0xE9, %al
	jne fail

	/* The memory-size bytes, as 16-bit hex numbers. */
	mov $cmos_list, %ebx
1:	movzbl (%ebx), %ecx        /* the register of the low byte, 0: end */
	test %ecx, %ecx
	jz 2f
	mov 1(%ebx), %esi          /* its label */
	call e9_puts
	lea 1(%ecx), %eax
	call cmos_read
	call e9_hex8
	mov %ecx, %eax
	call cmos_read
	call e9_hex8
	add $5, %ebx
	jmp 1b
2:	mov $'\n', %al
	out %al, $0xE9

	/* The clock's seconds are BCD: both digits 0-9, the tens 0-5. */
	mov $0x00, %eax
	call cmos_read
	mov %al, %ah
	and $0x0F, %ah
	cmp $9, %ah
	ja fail
	cmp $0x59, %al
	ja fail
	mov $rtc_msg, %esi
	call e9_puts

	/* PCI: the address register reads back, data is all ones. */
	mov $0xCF8, %dx
	mov $0x80001234, %eax
	out %eax, %dx
	xor %eax, %eax
	in %dx, %eax
	cmp $0x80001234, %eax
	jne fail
	mov $0xCFC, %dx
	in %dx, %eax
	cmp $0xFFFFFFFF, %eax
	jne fail
	/* Port 0x80: POST codes go nowhere. */
	mov $0x55, %al
	out %al, $0x80
	mov $pci_msg, %esi
	call e9_puts

	/* memtest86+'s calibration: gate channel 2 on, speaker off, mode 0,
	 * 11932 counts (10 ms), then wait for its output in bit 5 of 0x61. */
	in $0x61, %al
	and $0xFC, %al
	or $0x01, %al
	out %al, $0x61
	mov $0xB0, %al
	out %al, $0x43
	mov $(11932 & 0xFF), %al
	out %al, $0x42
	mov $(11932 >> 8), %al
	out %al, $0x42
	in $0x61, %al
	test $0x20, %al            /* low at once... */
	jnz fail
3:	in $0x61, %al              /* ...and high 10 ms later */
	test $0x20, %al
	jz 3b
	mov $pit_msg, %esi
	call e9_puts

	/* isa-debug-exit: status (0x21 << 1) | 1 = 67. */
	mov $0x21, %al
	out %al, $0xF4
	mov $late_msg, %esi        /* never reached */
	call e9_puts
	hlt

fail:
	mov $fail_msg, %esi
	call e9_puts
	mov $0, %al                /* status 1 */
	out %al, $0xF4
	hlt

/* e9_puts: print the NUL-terminated string at ESI through port 0xE9. */
e9_puts:
	push %eax
	push %esi
1:	lodsb
	test %al, %al
	jz 2f
	out %al, $0xE9
	jmp 1b
2:	pop %esi
	pop %eax
	ret

/* e9_hex8: print AL as two hex digits. */
e9_hex8:
	push %eax
	shr $4, %al
	call e9_digit
	pop %eax
	push %eax
	call e9_digit
	pop %eax
	ret
e9_digit:
	and $0x0F, %al
	add $'0', %al
	cmp $'9', %al
	jbe 1f
	add $('a' - '9' - 1), %al
1:	out %al, $0xE9
	ret

/* cmos_read: AL = CMOS byte AL (the NMI mask bit set, as a BIOS does). */
cmos_read:
	or $0x80, %al
	out %al, $0x70
	in $0x71, %al
	ret

	.section .rodata
hello:	.asciz "pm-pcdev: hello through port 0xE9\n"
cmos_list:
	.byte 0x15
	.long base_l
	.byte 0x17
	.long ext_l
	.byte 0x30
	.long ext2_l
	.byte 0x34
	.long high_l
	.byte 0
base_l:	.asciz "cmos: base "
ext_l:	.asciz " ext "
ext2_l:	.asciz " ext2 "
high_l:	.asciz " high "
rtc_msg: .asciz "rtc: seconds in BCD\n"
pci_msg: .asciz "pci: no devices, port 0x80 ignored\n"
pit_msg: .asciz "pit: channel 2 reached its terminal count\n"
late_msg: .asciz "FAIL: still running after port 0xF4\n"
fail_msg: .asciz "FAIL\n"

	.bss
	.balign 16
	.skip 4096
stack_top:

	.section .note.GNU-stack, "", @progbits
