#!/bin/sh
# tests/ansi-screen.sh: replay a serial console's ANSI output (cursor moves, clears, attributes) onto an 80x25 screen and print it.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   ansi-screen.sh screen FILE    the screen at the end, trailing blanks cut
#   ansi-screen.sh writes FILE    every text write as "ROW;COL TEXT", in order
#
# Enough of ECMA-48 for programs that draw a text screen over a serial line
# (memtest86+ 6.x): CUP (ESC [ row ; col H), ED 2 (ESC [ 2 J), SGR and the
# cursor-visibility modes (ignored). Carriage returns and line feeds are
# dropped: such programs place every string with CUP. POSIX sh and awk, so
# that the KVM test host's busybox runs it too.
set -u
mode=${1:?usage: ansi-screen.sh screen|writes FILE}
file=${2:?usage: ansi-screen.sh screen|writes FILE}
tr -d '\r\n' <"$file" | tr '\033' '\n' | awk -v mode="$mode" '
function clear(  r) { for (r = 1; r <= 25; r++) line[r] = blank }
BEGIN {
	blank = sprintf("%80s", "")
	clear()
	row = 1; col = 1
}
{
	text = $0
	if (NR > 1) {
		# The escape sequence that this piece starts with.
		if (match(text, /^\[[0-9;?]*[A-Za-z]/)) {
			seq = substr(text, 2, RLENGTH - 2)
			cmd = substr(text, RLENGTH, 1)
			text = substr(text, RLENGTH + 1)
			if (cmd == "H" || cmd == "f") {
				n = split(seq, a, ";")
				row = (n >= 1 && a[1] != "") ? a[1] + 0 : 1
				col = (n >= 2 && a[2] != "") ? a[2] + 0 : 1
			} else if (cmd == "J" && seq == "2") {
				clear()
			}
		}
	}
	if (text == "")
		next
	if (mode == "writes")
		printf "%d;%d %s\n", row, col, text
	if (row >= 1 && row <= 25 && col >= 1 && col <= 80) {
		t = substr(text, 1, 81 - col)
		line[row] = substr(line[row], 1, col - 1) t substr(line[row], col + length(t))
	}
	col += length(text)
}
END {
	if (mode != "screen")
		exit
	for (r = 1; r <= 25; r++) {
		s = line[r]
		sub(/ +$/, "", s)
		print s
	}
}'
