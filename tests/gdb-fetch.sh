#!/bin/sh
# tests/gdb-fetch.sh: provide gdb for the gdb tests inside the KVM test host (Debian's gdb-minimal, never installed).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   gdb-fetch.sh OUT
#
# The gdb tests against os-1k need 32-bit paging, so on a host whose KVM
# cannot page (kvm_pvm) they run inside the KVM test host (tests/kvmhost.sh),
# and gdb must run there too. Debian's gdb has Python built in and will not
# start without Python's library; gdb-minimal has neither, and its shared
# libraries are a subset of gdb's. This fetches it with deb-fetch.sh
# (cached beside the test host's kernel, as kvmhost.sh does), and copies its
# gdb to OUT, an executable the test host copies together with its
# libraries (everything executable in tests/ is).
#
# Best effort: without the package (no apt archive) or with libraries this
# host lacks (every library must resolve, or kvmhost.sh refuses to boot),
# OUT is not created, and the gdb tests skip inside the test host. Always
# exits 0, saying what went wrong on stderr.
set -u
out=${1:?usage: gdb-fetch.sh OUT}
me=gdb-fetch.sh

note() {
	echo "$me: $*" >&2
}

if [ -n "${KVMHOST_CACHE:-}" ]; then
	cache=$KVMHOST_CACHE
elif [ -n "${XDG_CACHE_HOME:-}" ] || [ -n "${HOME:-}" ]; then
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/kvm-vmm/kvmhost
else
	cache=${TMPDIR:-/tmp}/kvm-vmm-kvmhost-$(id -u)
fi
dir=$cache/gdb-minimal
if [ ! -x "$dir/gdb" ]; then
	# deb-fetch.sh says why on stderr when it cannot (offline, no archive).
	mkdir -p "$dir" &&
		sh "$(dirname "$0")/deb-fetch.sh" gdb-minimal usr/bin/gdb "$dir/gdb" &&
		[ -f "$dir/gdb" ] && chmod 755 "$dir/gdb" || {
		note "no gdb-minimal: gdb tests in the KVM test host will skip"
		exit 0
	}
fi
if ldd "$dir/gdb" 2>&1 | grep -q 'not found'; then
	note "gdb-minimal needs libraries this host lacks (install gdb, whose libraries it shares): $(ldd "$dir/gdb" | grep 'not found' | tr '\n' ' ')"
	rm -f "$out"
	exit 0
fi
cmp -s "$dir/gdb" "$out" 2>/dev/null && exit 0
{ cp "$dir/gdb" "$out.tmp" && chmod 755 "$out.tmp" && mv "$out.tmp" "$out"; } ||
	rm -f "$out" "$out.tmp"
exit 0
