#!/bin/sh
# tests/kvmhost-qemu.sh: find or fetch a QEMU whose emulated AMD-V stops a nested guest at its debug registers (for the KVM test host).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   kvmhost-qemu.sh CACHE         print the path of such a QEMU (exit 0), or
#                                 say why there is none on stderr (exit 1;
#                                 exit 3 when it would need a download and
#                                 KVMHOST_OFFLINE=1 forbids it)
#   kvmhost-qemu.sh --check QEMU  exit 0 when QEMU is such a QEMU
#
# Why: before QEMU 9.1, VMRUN under TCG stored the guest's DR7 without
# arming its breakpoints ("target/i386: disable/enable breakpoints on
# vmentry/vmexit", 2024), so a guest of the test host's KVM never stopped
# at a hardware breakpoint or watchpoint, and gdb could not debug it there.
# Debian 12 ships QEMU 7.2. When the host's qemu-system-x86_64 is older than
# 9.1, this fetches qemu-system-x86, qemu-system-data and seabios from the
# system's own Debian archive, suite CODENAME-backports, with
# `apt-get download` and a private package list (the host's apt sources are
# left alone; nothing is installed), and unpacks them to CACHE/qemu, whose
# qemu-system-x86_64 is a wrapper that points QEMU at its own firmware.
# Its shared libraries are those of Debian's qemu-system-x86 7.2, which
# README's first command installs.

# "A && B || fail" is meant (either failing fails); apt-private.sh is
# found beside this script.
# shellcheck disable=SC2015,SC1091

set -u
me=kvmhost-qemu.sh

# MAJOR MINOR of QEMU $1, or nothing.
qemu_version() {
	"$1" --version 2>/dev/null |
		sed -n '1s/.*version \([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p'
}

# Whether QEMU $1 runs and is 9.1 or later.
debug_capable() {
	# shellcheck disable=SC2046 # two words wanted
	set -- $(qemu_version "$1")
	[ $# = 2 ] && { [ "$1" -gt 9 ] || { [ "$1" = 9 ] && [ "$2" -ge 1 ]; }; }
}

if [ "${1:-}" = --check ]; then
	debug_capable "${2:?usage: $me --check QEMU}"
	exit
fi
cache=${1:?usage: $me CACHE}

fail() {
	echo "$me: $*" >&2
	exit 1
}

system=$(command -v qemu-system-x86_64 2>/dev/null)
if [ -n "$system" ] && debug_capable "$system"; then
	echo "$system"
	exit 0
fi

dir=$cache/qemu
qemu_bin=$dir/root/bin/qemu-system-x86_64

# The command kvmhost.sh runs: the unpacked QEMU with its own firmware.
# Written afresh on every call (a newer version of this script may want
# other options), for the emulator alone is the cache. `-audio none`:
# without it QEMU probes audio back ends, tries the host QEMU's modules for
# them and for OpenGL, which refuse to load into another build, and says so
# on the terminal.
wrapper() {
	cat >"$dir/wrapper.tmp" <<EOF &&
#!/bin/sh
# Written by tests/kvmhost-qemu.sh: the QEMU unpacked here, with its own firmware.
exec '$qemu_bin' -L '$dir/root/share/qemu' -L '$dir/root/share/seabios' -audio none "\$@"
EOF
		chmod 755 "$dir/wrapper.tmp" && mv "$dir/wrapper.tmp" "$dir/qemu-system-x86_64" ||
		fail "cannot write $dir/qemu-system-x86_64"
	debug_capable "$dir/qemu-system-x86_64" ||
		fail "the QEMU in $dir is not 9.1 or later: $(qemu_version "$dir/qemu-system-x86_64")"
	echo "$dir/qemu-system-x86_64"
}

if [ -x "$qemu_bin" ]; then
	wrapper
	exit 0
fi
if [ "${KVMHOST_OFFLINE:-0}" = 1 ]; then
	echo "$me: QEMU 9.1 or later is not in the cache $dir and downloads are off" >&2
	exit 3
fi

for tool in apt-get dpkg-deb ldd; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done
. "$(dirname "$0")/apt-private.sh"

tmp=$(mktemp -d "$cache/qemu.XXXXXX") || fail "cannot create a directory in $cache"
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/debs" "$tmp/x" || fail "cannot fill $tmp"
codename=$apt_private_codename
apt_private_init "$tmp/apt" "$codename-backports" || fail "$apt_private_error"
export APT_CONFIG="$tmp/apt/apt.conf"
set -- -q
echo "$me: fetching QEMU from $codename-backports (the host's QEMU is older than 9.1)" >&2
apt-get "$@" update >"$tmp/apt.log" 2>&1 &&
	(cd "$tmp/debs" && apt-get "$@" download qemu-system-x86 qemu-system-data seabios) \
		>>"$tmp/apt.log" 2>&1 || {
	tail -n 5 "$tmp/apt.log" >&2
	fail "cannot download qemu-system-x86, qemu-system-data and seabios from $codename-backports"
}
for deb in "$tmp"/debs/*.deb; do
	dpkg-deb -x "$deb" "$tmp/x" || fail "cannot unpack $deb"
done
# Only the emulator and its firmware are kept.
mkdir -p "$tmp/root/bin" "$tmp/root/share" &&
	mv "$tmp/x/usr/bin/qemu-system-x86_64" "$tmp/root/bin/" &&
	mv "$tmp/x/usr/share/qemu" "$tmp/x/usr/share/seabios" "$tmp/root/share/" ||
	fail "the downloaded packages lack qemu-system-x86_64 or its firmware"
missing=$(ldd "$tmp/root/bin/qemu-system-x86_64" 2>&1 | sed -n 's/^[[:space:]]*\([^ ]*\) => not found.*/\1/p' | tr '\n' ' ')
[ -z "$missing" ] ||
	fail "the backported QEMU needs libraries this host lacks: ${missing}(apt-get install qemu-system-x86 brings them)"
rm -rf "$tmp/x" "$tmp/debs" "$tmp/apt" "$tmp/apt.log"
# Another run may have filled the cache meanwhile: either copy will do.
rm -rf "$dir"
mv "$tmp" "$dir" 2>/dev/null || [ -x "$qemu_bin" ] ||
	fail "cannot fill the cache $dir"
trap - EXIT
wrapper
