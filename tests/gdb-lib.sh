# tests/gdb-lib.sh: helpers for the gdb stub's tests (sourced after common.sh; POSIX sh, busybox-safe).
# SPDX-License-Identifier: GPL-2.0-or-later

# Set GDB to a usable gdb, or skip: Debian's gdb-minimal from
# tests/gdb-fetch.sh inside the KVM test host, else the host's gdb.
find_gdb() {
	GDB=
	if [ "${KVMHOST:-}" = 1 ] && [ -x "$top_builddir/tests/gdb-minimal" ]; then
		GDB=$top_builddir/tests/gdb-minimal
	elif command -v gdb >/dev/null 2>&1; then
		GDB=gdb
	elif [ -x "$top_builddir/tests/gdb-minimal" ]; then
		GDB=$top_builddir/tests/gdb-minimal
	fi
	if [ -z "$GDB" ]; then
		echo "SKIP: no gdb (Debian: apt-get install gdb)"
		exit 77
	fi
	# The KVM test host boots with its loopback interface down (it has no
	# network at all); gdb and the stub talk over 127.0.0.1.
	if [ "${KVMHOST:-}" = 1 ]; then
		ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null ||
			{ echo "SKIP: cannot bring up the loopback interface in the test host"; exit 77; }
	fi
	"$GDB" -nx -batch -ex 'set architecture i8086' >"$scratch/gdb-probe" 2>&1 || {
		cat "$scratch/gdb-probe"
		echo "SKIP: $GDB does not run, or knows no i8086"
		exit 77
	}
}

# start_vmm NAME COMMAND...: run a VMM that waits for gdb (or, with
# --gdb-nowait, lets it attach) in the background
# (stdout to $scratch/NAME.out, stderr to $scratch/NAME.err, stdin from
# $scratch/NAME.in if it exists, else /dev/null) and set $port to the
# port it announces, $vmm_pid to its process.
start_vmm() {
	name=$1
	shift
	input=/dev/null
	[ -e "$scratch/$name.in" ] && input=$scratch/$name.in
	# Not fd 7, where a test may hold the writing end of the VMM's input.
	"$@" <"$input" >"$scratch/$name.out" 2>"$scratch/$name.err" 7>&- &
	vmm_pid=$!
	port=
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n -e 's/^.*waiting for gdb on 127\.0\.0\.1:\([0-9][0-9]*\).*$/\1/p' \
			-e 's/^.*gdb can attach on 127\.0\.0\.1:\([0-9][0-9]*\).*$/\1/p' "$scratch/$name.err")
		[ -n "$port" ] && return 0
		running "$vmm_pid" || break
		sleep 0.1
		i=$((i + 1))
	done
	cat "$scratch/$name.err"
	fail "$name: the VMM did not announce a gdb port"
}

# running PID: the process exists and has not ended (a child that ended
# stays a zombie until waited for, and kill -0 still finds it).
running() {
	[ -e "/proc/$1" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat" 2>/dev/null
}

# wait_vmm: wait for the VMM started last (at most 60 s) and set $vmm_status.
wait_vmm() {
	i=0
	while running "$vmm_pid" && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if running "$vmm_pid"; then
		kill -9 "$vmm_pid" 2>/dev/null
		fail "the VMM did not end"
	fi
	wait "$vmm_pid"
	vmm_status=$?
}

# start_gdb NAME [ELF]: start gdb -batch in the background on the commands in
# $scratch/NAME.gdb (where @PORT@ stands for $port), with the symbols of
# ELF, output in $scratch/NAME.gdbout; $gdb_pid is gdb itself (for a
# Ctrl-C: kill -INT).
start_gdb() {
	sed "s/@PORT@/$port/g" "$scratch/$1.gdb" >"$scratch/$1.cmds"
	# -readnever: the ELF symbols only, not the DWARF that GUEST_CFLAGS'
	# -g adds: the sessions expect gdb's lines without source positions
	# ("0x80001000 in _start ()"), the same whatever the guests' flags.
	"$GDB" -nx -batch -readnever -x "$scratch/$1.cmds" ${2:+"$2"} >"$scratch/$1.gdbout" 2>&1 7>&- &
	gdb_pid=$!
}

# finish_gdb NAME: wait for it (killed after 60 s) and show its output.
finish_gdb() {
	i=0
	while running "$gdb_pid" && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$gdb_pid" 2>/dev/null
	wait "$gdb_pid"
	gdb_status=$?
	echo "--- gdb session $1:"
	cat "$scratch/$1.gdbout"
}

# run_gdb NAME ELF: both.
run_gdb() {
	start_gdb "$1" "$2"
	finish_gdb "$1"
}

# expect_gdb NAME TEXT: the session's output has a line containing TEXT.
expect_gdb() {
	grep -qF -- "$2" "$scratch/$1.gdbout" || fail "gdb session $1: no line with '$2'"
}

# breakpoints_work [segmented]: set $breakpoints to yes when breakpoints
# and watchpoints can stop the guest here, else to no, saying why; say
# "segmented" for a real-mode guest whose code segment is not 0.
# In the KVM test host they work only through the debug registers, and only
# under QEMU 9.1 or later (tests/kvmhost.sh provides one unless it is
# offline or told otherwise): QEMU's TCG checks a nested guest's int3
# against the software-interrupt intercept instead of KVM's #BP intercept,
# so the stub's int3 would reach the guest; every breakpoint also takes a
# free debug register, and these tests use at most four. QEMU also matches
# an instruction breakpoint against IP instead of CS.base + IP, and then
# crashes, so a segmented guest gets none there.
breakpoints_work() {
	breakpoints=yes
	[ "${KVMHOST:-}" = 1 ] || return 0
	if [ "${KVMHOST_NESTED_DEBUG:-0}" != 1 ]; then
		breakpoints=no
		echo "NOTE: the test host's QEMU is older than 9.1: no breakpoints or watchpoints tested"
	elif [ "${1:-}" = segmented ]; then
		breakpoints=no
		echo "NOTE: QEMU's TCG cannot stop a nested guest at a breakpoint when CS.base is not 0: single steps instead"
	fi
}
