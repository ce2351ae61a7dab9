/* linux-kernel.S: a bzImage-style test kernel for the Linux 32-bit boot protocol: it prints its entry state and zero page on COM1 and exits through port 0xF4. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One file, no link: the setup header at 0x1F1 (boot.rst's offsets), one
 * setup sector after the boot sector, and from file offset 0x400 the
 * protected-mode code, which the loader puts at code32_start = 0x100000.
 * ABS(x) is a label's address there.
 */
	.set PM_FILE, 0x400
	.set PM_LOAD, 0x100000
#define ABS(x) ((x) - pm_start + PM_LOAD)
	.set COM1, 0x3F8

	.text
	.code32
	.org 0x1F1
	.byte 1                            /* setup_sects */
	.word 0                            /* root_flags */
	.long (pm_end - pm_start + 15) / 16  /* syssize */
	.word 0                            /* ram_size */
	.word 0xFFFF                       /* vid_mode */
	.word 0                            /* root_dev */
	.word 0xAA55                       /* boot_flag */
	.byte 0xEB, hdr_end - 0x202        /* jump: where the header ends */
	.ascii "HdrS"
	.word 0x020A                       /* version 2.10 */
	.long 0                            /* realmode_swtch */
	.word 0                            /* start_sys_seg */
	.word 0                            /* kernel_version */
	.byte 0                            /* type_of_loader: the loader's */
	.byte 0x01                         /* loadflags: LOADED_HIGH */
	.word 0                            /* setup_move_size */
	.long PM_LOAD                      /* code32_start */
	.long 0, 0                         /* ramdisk_image, ramdisk_size */
	.long 0                            /* bootsect_kludge */
	.word 0                            /* heap_end_ptr */
	.byte 0, 0                         /* ext_loader_ver, ext_loader_type */
	.long 0                            /* cmd_line_ptr */
	.long 0x37FFFFFF                   /* initrd_addr_max */
	.long 0x1000                       /* kernel_alignment */
	.byte 0, 0                         /* relocatable_kernel, min_alignment */
	.word 0                            /* xloadflags */
	.long 255                          /* cmdline_size */
	.long 0                            /* hardware_subarch */
	.quad 0                            /* hardware_subarch_data */
	.long 0, 0                         /* payload_offset, payload_length */
	.quad 0                            /* setup_data */
	.quad PM_LOAD                      /* pref_address */
	.long 0x10000                      /* init_size: code, bss, stack */
hdr_end:

	.org PM_FILE
pm_start:
	/* What the loader left, before anything changes it. */
	mov %esi, ABS(saved_esi)
	mov %ebx, ABS(saved_ebx)
	mov %ebp, ABS(saved_ebp)
	mov %edi, ABS(saved_edi)
	mov %esp, ABS(saved_esp)
	pushf                              /* on the loader's stack */
	pop ABS(saved_eflags)
	mov %cs, ABS(saved_cs)
	mov %ds, ABS(saved_ds)
	mov %es, ABS(saved_es)
	mov %ss, ABS(saved_ss)
	mov $ABS(stack_top), %esp

	mov $ABS(s_esi), %ebx
	mov ABS(saved_esi), %eax
	call label_hex
	mov $ABS(s_ebx), %ebx
	mov ABS(saved_ebx), %eax
	call label_hex
	mov $ABS(s_ebp), %ebx
	mov ABS(saved_ebp), %eax
	call label_hex
	mov $ABS(s_edi), %ebx
	mov ABS(saved_edi), %eax
	call label_hex
	mov $ABS(s_esp), %ebx
	mov ABS(saved_esp), %eax
	call label_hex
	call newline
	mov $ABS(s_cs), %ebx
	mov ABS(saved_cs), %eax
	call label_hex
	mov $ABS(s_ds), %ebx
	mov ABS(saved_ds), %eax
	call label_hex
	mov $ABS(s_es), %ebx
	mov ABS(saved_es), %eax
	call label_hex
	mov $ABS(s_ss), %ebx
	mov ABS(saved_ss), %eax
	call label_hex
	call newline
	mov $ABS(s_eflags), %ebx
	mov ABS(saved_eflags), %eax
	call label_hex
	mov $ABS(s_cr0), %ebx
	mov %cr0, %eax
	and $0x8000001F, %eax              /* PG and PE..ET */
	call label_hex
	call newline

	/* The zero page. */
	mov ABS(saved_esi), %esi
	mov $ABS(s_loader), %ebx
	movzbl 0x210(%esi), %eax
	call label_hex
	mov $ABS(s_version), %ebx
	movzwl 0x206(%esi), %eax
	call label_hex
	mov $ABS(s_code32), %ebx
	mov 0x214(%esi), %eax
	call label_hex
	call newline
	mov $ABS(s_cmdline), %ebx
	call puts
	mov 0x228(%esi), %ebx
	call puts
	mov $'\'', %al
	call putc
	call newline
	mov $ABS(s_e820), %ebx
	movzbl 0x1E8(%esi), %eax
	call label_hex
	call newline
	movzbl 0x1E8(%esi), %ecx
	lea 0x2D0(%esi), %edi
1:	test %ecx, %ecx
	jz 2f
	mov $ABS(s_base), %ebx
	mov (%edi), %eax
	call label_hex
	mov $ABS(s_size), %ebx
	mov 8(%edi), %eax
	call label_hex
	mov $ABS(s_type), %ebx
	mov 16(%edi), %eax
	call label_hex
	call newline
	add $20, %edi
	dec %ecx
	jmp 1b
2:	mov $ABS(s_initrd), %ebx
	mov 0x218(%esi), %eax
	call label_hex
	mov $ABS(s_size), %ebx
	mov 0x21C(%esi), %eax
	call label_hex
	call newline
	/* The initrd's bytes, as text. */
	mov 0x218(%esi), %edi
	mov 0x21C(%esi), %ecx
3:	test %ecx, %ecx
	jz 4f
	mov (%edi), %al
	call putc
	inc %edi
	dec %ecx
	jmp 3b
4:	/* QEMU's isa-debug-exit (vmm-pm's port 0xF4): status (0x10 << 1) | 1. */
	mov $0x10, %al
	out %al, $0xF4
	cli
5:	hlt
	jmp 5b

/* putc: AL to COM1 (vmm-pm's COM1 takes every byte at once). */
putc:
	push %edx
	mov $COM1, %dx
	out %al, %dx
	pop %edx
	ret

/* puts: the NUL-terminated string at EBX. */
puts:
	push %eax
	push %ebx
1:	mov (%ebx), %al
	test %al, %al
	jz 2f
	call putc
	inc %ebx
	jmp 1b
2:	pop %ebx
	pop %eax
	ret

newline:
	push %eax
	mov $'\n', %al
	call putc
	pop %eax
	ret

/* label_hex: the string at EBX, then EAX as 0x%08x and a blank. */
label_hex:
	push %eax
	push %ecx
	push %edx
	call puts
	mov %eax, %edx
	mov $'0', %al
	call putc
	mov $'x', %al
	call putc
	mov $8, %ecx
1:	rol $4, %edx
	mov %edx, %eax
	and $0xF, %eax
	mov ABS(digits)(%eax), %al
	call putc
	dec %ecx
	jnz 1b
	mov $' ', %al
	call putc
	pop %edx
	pop %ecx
	pop %eax
	ret

digits:	.ascii "0123456789abcdef"
s_esi:	.asciz "esi "
s_ebx:	.asciz "ebx "
s_ebp:	.asciz "ebp "
s_edi:	.asciz "edi "
s_esp:	.asciz "esp "
s_cs:	.asciz "cs "
s_ds:	.asciz "ds "
s_es:	.asciz "es "
s_ss:	.asciz "ss "
s_eflags: .asciz "eflags "
s_cr0:	.asciz "cr0 "
s_loader: .asciz "type_of_loader "
s_version: .asciz "version "
s_code32: .asciz "code32_start "
s_cmdline: .asciz "cmdline '"
s_e820:	.asciz "e820 entries "
s_base:	.asciz "  base "
s_size:	.asciz "size "
s_type:	.asciz "type "
s_initrd: .asciz "initrd "

	.align 4
saved_esi: .long 0
saved_ebx: .long 0
saved_ebp: .long 0
saved_edi: .long 0
saved_esp: .long 0
saved_eflags: .long 0
saved_cs: .long 0
saved_ds: .long 0
saved_es: .long 0
saved_ss: .long 0
	.align 16
	.skip 1024
stack_top:
pm_end:
