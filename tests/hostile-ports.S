# tests/hostile-ports.S: hostile real-mode guest: port I/O of every size to every COM1 register, across its end, from below it, and to unclaimed ports; string I/O to the UART.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run with stdin from a FILE holding "xyz" (a file is always ready, so the
# UART's data-ready bit is exact). Expected output: tests/hostile-ports.test.
	.code16
	.include "hostile-real.inc"
	.globl _start

	.set RBR, COM1 + 0
	.set IER, COM1 + 1
	.set IIR, COM1 + 2
	.set LCR, COM1 + 3
	.set MCR, COM1 + 4
	.set LSR, COM1 + 5
	.set MSR, COM1 + 6
	.set SCR, COM1 + 7

# INB/INW/INL PORT: EAX = 0x12345678, then IN of that width (DX = PORT).
.macro INB port
	mov $\port, %dx
	mov $0x12345678, %eax
	in %dx, %al
.endm
.macro INW port
	mov $\port, %dx
	mov $0x12345678, %eax
	in %dx, %ax
.endm
.macro INL port
	mov $\port, %dx
	mov $0x12345678, %eax
	in %dx, %eax
.endm
.macro OUTB port, value
	mov $\port, %dx
	mov $\value, %al
	out %al, %dx
.endm
.macro OUTW port, value
	mov $\port, %dx
	mov $\value, %ax
	out %ax, %dx
.endm
.macro OUTL port, value
	mov $\port, %dx
	mov $\value, %eax
	out %eax, %dx
.endm

_start:
	cld
	mov %cs, %ax
	mov %ax, %ds
	mov %ax, %es

	# Input first: "xyz" is ready, then the end of it.
	INB LSR
	CHECK "LSR with input: THRE|TEMT|DR", 0x12345661
	mov $RBR, %dx
	mov $inbuf, %di
	mov $4, %cx
	rep insb                   # string input from RBR
	mov inbuf, %eax
	CHECK "rep insb from RBR: x y z, then 0 (empty)", 0x007A7978
	INB LSR
	CHECK "LSR after the end of input", 0x12345660
	INB RBR
	CHECK "RBR with no input", 0x12345600
	mov $LSR, %dx
	mov $inbuf, %di
	mov $4, %cx
	rep insb
	mov inbuf, %eax
	CHECK "rep insb from LSR", 0x60606060

	# Reset values, one byte at a time.
	INB IER
	CHECK "IER", 0x12345600
	INB IIR
	CHECK "IIR: no interrupt", 0x12345601
	INB LCR
	CHECK "LCR: 8N1", 0x12345603
	INB MCR
	CHECK "MCR", 0x12345600
	INB MSR
	CHECK "MSR: DCD, DSR, CTS", 0x123456B0
	INB SCR
	CHECK "SCR", 0x12345600

	# Writes read back, except LSR and MSR (status) and FCR (IIR shows it).
	OUTB IER, 0x0F
	INB IER
	CHECK "IER reads back", 0x1234560F
	OUTB IIR, 0xC7
	INB IIR                    # IER.THRI went on with THR empty
	CHECK "FCR write: FIFOs on, THRE pending", 0x123456C2
	OUTB LCR, 0x1B
	INB LCR
	CHECK "LCR reads back", 0x1234561B
	OUTB MCR, 0x0B
	INB MCR
	CHECK "MCR reads back", 0x1234560B
	OUTB LSR, 0xFF
	INB LSR
	CHECK "LSR ignores writes", 0x12345660
	OUTB MSR, 0x55
	INB MSR
	CHECK "MSR ignores writes", 0x123456B0
	OUTB SCR, 0xAA
	INB SCR
	CHECK "SCR reads back", 0x123456AA

	# DLAB: offsets 0 and 1 are the divisor latch; nothing is printed.
	OUTB LCR, 0x83
	INB RBR
	CHECK "DLL: 9600 baud", 0x1234560C
	INB IER
	CHECK "DLM", 0x12345600
	OUTB RBR, 0x01
	OUTB IER, 0x02
	INW RBR
	CHECK "divisor latch as a word", 0x12340201
	OUTB LCR, 0x03
	INB IER
	CHECK "IER kept under DLAB", 0x1234560F

	# Words and dwords cover consecutive registers; past 0x3FF all ones.
	INW RBR
	CHECK "word at RBR", 0x12340F00
	INW IIR
	CHECK "word at IIR", 0x123403C1
	INW MSR
	CHECK "word at MSR", 0x1234AAB0
	INW SCR
	CHECK "word at SCR, half past the end", 0x1234FFAA
	INL RBR
	CHECK "dword at RBR", 0x03C10F00
	INL MCR
	CHECK "dword at MCR", 0xAAB0600B
	INL LSR
	CHECK "dword at LSR, a byte past the end", 0xFFAAB060
	INL SCR
	CHECK "dword at SCR, three bytes past the end", 0xFFFFFFAA
	OUTW MSR, 0x1122
	INW MSR
	CHECK "word write to MSR and SCR", 0x123411B0
	OUTL MCR, 0x44332211       # MCR: loopback with DTR alone
	INL MCR
	CHECK "dword write from MCR to SCR", 0x44296011
	OUTB MCR, 0x0B             # out of loopback: THR is output again
	OUTL SCR, 0x99887766
	INB SCR
	CHECK "dword write at SCR: only SCR", 0x12345666
	OUTW RBR, 0x4241           # THR 'A', IER 0x42
	mov $'\n', %al
	call putc
	INB IER
	CHECK "word write at THR: 'A' out, IER set", 0x12345602

	# Accesses that start below COM1 are not COM1's, whatever they cover.
	OUTL 0x3F6, 0x5A5A5A5A
	INL 0x3F6
	CHECK "dword at 0x3F6: unclaimed", 0xFFFFFFFF
	INW 0x3F7
	CHECK "word at 0x3F7: unclaimed", 0x1234FFFF
	INB SCR
	CHECK "SCR untouched by them", 0x12345666

	# Unclaimed ports: all ones at every width, writes ignored.
	mov $unclaimed, %si
1:	lodsw
	cmp $0x0500, %ax           # the list ends with the hypercall port
	je 2f
	mov %ax, %dx
	mov $0x5A, %al
	out %al, %dx
	mov $0x12345678, %eax
	in %dx, %al
	cmp $0x123456FF, %eax
	jne 3f
	mov $0x12345678, %eax
	in %dx, %ax
	cmp $0x1234FFFF, %eax
	jne 3f
	in %dx, %eax
	cmp $0xFFFFFFFF, %eax
3:	CHECK "an unclaimed port", 0xFFFFFFFF
	jmp 1b
2:

	# String output to THR.
	mov $THR_line, %si
	mov $RBR, %dx
	mov $THR_line_end - THR_line, %cx
	rep outsb
	FINISH

unclaimed: .word 0x0000, 0x0080, 0x03F7, 0x03F0, 0x0400, 0x04FF, 0x0501, 0x0CF8, 0xFFFF, 0x0500
inbuf:	.long 0
THR_line: .ascii "rep outsb to THR\n"
THR_line_end:
