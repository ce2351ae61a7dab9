# tests/hostile-quiet.S: test guest that does nothing but HLT (fills slots so that another guest runs in slot 1-3, silently).
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start
_start:
	hlt
	jmp _start
