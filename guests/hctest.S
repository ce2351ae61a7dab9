# guests/hctest.S: checks every hypercall and the COM1 UART, one "ok NAME"/"FAIL NAME" line each; EXIT 0 only if all pass.
# SPDX-License-Identifier: MIT
#
# Run it alone with stdin at end of input (e.g. </dev/null). Some checks
# can only be judged from outside (did the bytes appear?), so the expected
# output is part of the check: tests/real-guests.test compares it exactly.
	.code16
	.text
	.globl _start

	.set HC, 0x500             # hypercall port
	.set HC_EXIT, 0x00
	.set HC_PUTCHAR, 0x01
	.set HC_GETCHAR, 0x02
	.set HC_WRITE, 0x03
	.set COM1, 0x3F8
	.set THR, COM1 + 0
	.set LSR, COM1 + 5
	.set SCR, COM1 + 7
	.set UNCLAIMED, 0x1234     # no device claims this port

# Hypercall number N; arguments already in registers, result in EAX.
.macro HCALL n
	mov $\n, %al
	mov $HC, %dx
	out %al, %dx
.endm

# A sub-check: EAX must equal VALUE, else count a failure in BP.
.macro EXPECT value
	cmp $\value, %eax
	je .Lok\@
	inc %bp
.Lok\@:
.endm

# Print "ok NAME" if BP is 0 (no sub-check failed), else "FAIL NAME".
# The name lives in subsection 1 of .text, after all the code.
.macro REPORT name
	mov $.Lname\@, %si
	call report
	.text 1
.Lname\@: .asciz "\name"
	.text 0
.endm

_start:
	cld

	# PUTCHAR: the whole line goes out one byte at a time.
	mov $putchar_line, %si
1:	lodsb
	test %al, %al
	jz 2f
	mov %al, %bl
	HCALL HC_PUTCHAR
	jmp 1b
2:

	# Byte, word and dword OUTs all count, the number is the low byte:
	# "o" goes out with outb, "k" with outw, " " with outl, so a missing
	# one shows in the output only; this line cannot say FAIL.
	mov $HC, %dx
	mov $'o', %bl
	mov $HC_PUTCHAR, %al
	out %al, %dx
	mov $'k', %bl
	mov $0x7700 + HC_PUTCHAR, %ax
	out %ax, %dx
	mov $' ', %bl
	mov $0x55667700 + HC_PUTCHAR, %eax
	out %eax, %dx
	mov $widths_line, %si
	call puts

	# WRITE returns the number of bytes written; a zero length writes 0.
	xor %bp, %bp
	mov $write_line, %esi
	mov $write_line_end - write_line, %ecx
	HCALL HC_WRITE
	EXPECT (write_line_end - write_line)
	mov $write_line, %esi
	xor %ecx, %ecx
	HCALL HC_WRITE
	EXPECT 0
	REPORT "WRITE-LENGTH"

	# WRITE of a buffer that is not all RAM: refused, nothing printed.
	# Our RAM is the 256 KiB from our segment base; "LEAKLEAK" in its last
	# 8 bytes would show in the output if the VMM printed a partial buffer.
	xor %bp, %bp
	mov %cs, %ax
	add $0x3FFF, %ax           # segment base = RAM end - 16
	mov %ax, %es
	movl $0x4B41454C, %es:8    # "LEAK"
	movl $0x4B41454C, %es:12
	push %ds
	mov %ax, %ds               # DS:8 = last 8 bytes of RAM, DS:16 = past it
	mov $8, %esi
	mov $16, %ecx
	HCALL HC_WRITE
	EXPECT 0xFFFFFFFF
	mov %cs, %ax
	add $0x4000, %ax           # the 256 KiB after ours: nothing there
	mov %ax, %ds
	xor %esi, %esi
	mov $1, %ecx
	HCALL HC_WRITE
	EXPECT 0xFFFFFFFF
	pop %ds
	push %ds
	pop %es
	# A 32-bit offset past RAM must not wrap to 16 bits.
	mov $0x3FFFF, %esi
	mov $2, %ecx
	HCALL HC_WRITE
	EXPECT 0xFFFFFFFF
	REPORT "WRITE-PAST-RAM"

	# WRITE longer than 1 MiB is refused (with 256 KiB of RAM this cannot
	# be told apart from the RAM check), as is a length that overflows.
	xor %bp, %bp
	xor %esi, %esi
	mov $0x100001, %ecx
	HCALL HC_WRITE
	EXPECT 0xFFFFFFFF
	mov $16, %esi
	mov $0xFFFFFFFF, %ecx
	HCALL HC_WRITE
	EXPECT 0xFFFFFFFF
	REPORT "WRITE-TOO-LONG"

	# Unknown numbers: EAX = 0xFFFFFFFF (whatever it held), no stop.
	xor %bp, %bp
	mov $0x12345600, %eax
	HCALL 0x04
	EXPECT 0xFFFFFFFF
	mov $0x12345600, %eax
	HCALL 0xFF
	EXPECT 0xFFFFFFFF
	REPORT "UNKNOWN-HYPERCALL"

	# GETCHAR at end of input, twice: the end is sticky.
	xor %bp, %bp
	xor %eax, %eax
	HCALL HC_GETCHAR
	EXPECT 0xFFFFFFFF
	xor %eax, %eax
	HCALL HC_GETCHAR
	EXPECT 0xFFFFFFFF
	REPORT "GETCHAR-EOF"

	# LSR: the transmitter is always empty (bits 5 and 6).
	xor %bp, %bp
	xor %eax, %eax
	mov $LSR, %dx
	in %dx, %al
	and $0x60, %al
	EXPECT 0x60
	REPORT "UART-LSR"

	# THR: this whole line goes out through the UART.
	mov $thr_line, %si
	mov $THR, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:

	# The scratch register reads back what was written.
	xor %bp, %bp
	mov $SCR, %dx
	mov $0x5A, %al
	out %al, %dx
	xor %eax, %eax
	in %dx, %al
	EXPECT 0x5A
	mov $0xA5, %al
	out %al, %dx
	xor %eax, %eax
	in %dx, %al
	EXPECT 0xA5
	REPORT "UART-SCRATCH"

	# An unclaimed port ignores writes and reads all ones at every width.
	xor %bp, %bp
	mov $UNCLAIMED, %dx
	mov $0x42, %al
	out %al, %dx
	xor %eax, %eax
	in %dx, %al
	EXPECT 0xFF
	xor %eax, %eax
	in %dx, %ax
	EXPECT 0xFFFF
	xor %eax, %eax
	in %dx, %eax
	EXPECT 0xFFFFFFFF
	REPORT "UNCLAIMED-PORT"

	# EXIT 0 if every check passed, else 1.
	movzbl failed, %ebx
	HCALL HC_EXIT
1:	hlt
	jmp 1b

# Print "ok " or "FAIL " (and note the failure), the name at SI and a newline.
report:
	push %si
	mov $ok, %si
	test %bp, %bp
	jz 1f
	movb $1, failed
	mov $fail, %si
1:	call puts
	pop %si
	call puts
	mov $newline, %si
	jmp puts

# Print the NUL-terminated string at DS:SI with one WRITE.
puts:
	mov %si, %bx
1:	cmpb $0, (%bx)
	je 2f
	inc %bx
	jmp 1b
2:	sub %si, %bx
	movzwl %bx, %ecx
	movzwl %si, %esi
	HCALL HC_WRITE
	ret

putchar_line:	.asciz "ok PUTCHAR\n"
write_line:	.ascii "written with WRITE\n"
write_line_end:
widths_line:	.asciz "PORT-WIDTHS\n"
thr_line:	.asciz "ok UART-THR\n"
ok:		.asciz "ok "
fail:		.asciz "FAIL "
newline:	.asciz "\n"
failed:		.byte 0
