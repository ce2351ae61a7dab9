#!/bin/sh
# tests/linux-run.sh: boot tests/linux-init.sh's initramfs under one engine (vmm-pm or QEMU), type the shell's commands when it asks, and time its "sleep 1" against the host's clock.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   linux-run.sh [--kill-at-halt] DIR COMMAND [ARG]...
#
# Runs COMMAND (stdin a fifo, stdout DIR/out, stderr DIR/err) and, as its
# output shows them, notes the host's uptime at "sleep: begin" and
# "sleep: end" (DIR/sleep: "T0 T1" in seconds), types DIR/input (the shell's
# commands; none without the file) once "shell:" is there, and waits for
# COMMAND to end: DIR/status holds its exit status. With --kill-at-halt
# (QEMU's ISA PC has no way to power off), COMMAND is ended once the
# kernel's "System halted" is out, and the status is 0 then.
# Runs on the build host (QEMU) and in the KVM test host (busybox sh).
set -u
kill_at_halt=false
[ "${1:-}" = --kill-at-halt ] && { kill_at_halt=true; shift; }
dir=${1:?usage: linux-run.sh [--kill-at-halt] DIR COMMAND [ARG]...}
shift
rm -f "$dir/in" "$dir/out" "$dir/err" "$dir/sleep" "$dir/status"
mkfifo "$dir/in" || exit 1
: >"$dir/out"
"$@" <"$dir/in" >"$dir/out" 2>"$dir/err" &
pid=$!
# Held open until the end: the guest sees no end of input meanwhile.
exec 3>"$dir/in"

# Polls DIR/out for a fixed string while COMMAND runs (a 20 ms poll: the
# lines timed are a second apart).
wait_for() {
	while ! grep -qF "$1" "$dir/out"; do
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.02
	done
}
uptime_now() {
	read -r up _ </proc/uptime && echo "$up"
}

if wait_for 'sleep: begin'; then
	t0=$(uptime_now)
	wait_for 'sleep: end' && echo "$t0 $(uptime_now)" >"$dir/sleep"
fi
if wait_for 'shell:' && [ -f "$dir/input" ]; then
	cat "$dir/input" >&3
fi
if $kill_at_halt; then
	if wait_for 'System halted'; then
		# Its last bytes reach the file before it goes.
		sleep 0.5
		kill "$pid" 2>/dev/null
		wait "$pid"
		echo 0 >"$dir/status"
		exec 3>&-
		exit 0
	fi
fi
wait "$pid"
echo $? >"$dir/status"
exec 3>&-
exit 0
