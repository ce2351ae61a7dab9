/* shell_image.S: embeds the shell's flat binary (built as os-1k/shell.bin) in the kernel. */
/* SPDX-License-Identifier: MIT */
	.section .rodata
	.balign 4096
	.globl _shell_start, _shell_end
_shell_start:
	.incbin SHELL_BIN	/* the path, from the build rule */
_shell_end:

	.section .note.GNU-stack, "", @progbits  /* no executable stack */
