# guests/multiplication.S: computes and prints the table "2 x 1 = 2" to "2 x 9 = 18", then HLT.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start

	.set FACTOR, 2
	.set LAST, 9

_start:
	cld                        # stosb/lodsb go upwards
	mov $1, %bp                # BP = the multiplier N
line:
	# Build "FACTOR x N = PRODUCT\n" in buf, then print it with one WRITE.
	mov $buf, %di
	mov $FACTOR, %ax
	call putnum
	mov $times, %si
	call putstr
	mov %bp, %ax
	call putnum
	mov $equals, %si
	call putstr
	mov %bp, %ax
	mov $FACTOR, %bx
	mul %bx                    # DX:AX = N * FACTOR (fits in AX)
	call putnum
	mov $'\n', %al
	stosb

	mov $buf, %esi             # WRITE: DS:ESI = buf, ECX = DI - buf
	movzwl %di, %ecx
	sub %esi, %ecx
	mov $0x03, %al
	mov $0x500, %dx
	out %al, %dx

	inc %bp
	cmp $LAST, %bp
	jbe line
1:	hlt
	jmp 1b

# Append AX in decimal at ES:DI. Digits come out lowest first, so they
# are pushed and popped to reverse them. Clobbers AX, BX, CX, DX.
putnum:
	mov $10, %bx
	xor %cx, %cx
1:	xor %dx, %dx
	div %bx                    # AX = AX / 10, DX = digit
	push %dx
	inc %cx
	test %ax, %ax
	jnz 1b
2:	pop %ax
	add $'0', %al
	stosb
	loop 2b
	ret

# Append the NUL-terminated string at DS:SI to ES:DI (without the NUL).
putstr:
	lodsb
	test %al, %al
	jz 1f
	stosb
	jmp putstr
1:	ret

times:	.asciz " x "
equals:	.asciz " = "
buf:	.space 32
