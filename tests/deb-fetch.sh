#!/bin/sh
# tests/deb-fetch.sh: one file out of a Debian package, for tests that run third-party code (never installed, never committed).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   deb-fetch.sh PACKAGE PATH OUT
#
# Downloads PACKAGE with `apt-get download` (the .deb is cached beside the
# KVM test host's kernel, in $KVMHOST_CACHE/debs, so a second build fetches
# nothing), unpacks it with dpkg-deb and copies its file PATH (as in the
# package: boot/memtest86+ia32.bin) to OUT. Run on the build host, before
# the tests: the KVM test host has no network, and it is given what lies in
# the build tree's tests/ directory.
#
# Best effort, like gdb-fetch.sh: with no archive (offline, KVMHOST_OFFLINE=1,
# no apt-get), OUT is removed, the reason goes to stderr and to OUT.why
# (which the test prints when it skips), and the status is still 0 so that
# the build goes on.
set -u
pkg=${1:?usage: deb-fetch.sh PACKAGE PATH OUT}
path=${2:?usage: deb-fetch.sh PACKAGE PATH OUT}
out=${3:?usage: deb-fetch.sh PACKAGE PATH OUT}
me=deb-fetch.sh

unavailable() {
	echo "$me: $pkg: $*" >&2
	rm -f "$out"
	printf '%s\n' "Debian's $pkg is not available: $*" >"$out.why"
	exit 0
}

if [ -n "${KVMHOST_CACHE:-}" ]; then
	cache=$KVMHOST_CACHE
elif [ -n "${XDG_CACHE_HOME:-}" ] || [ -n "${HOME:-}" ]; then
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/kvm-vmm/kvmhost
else
	cache=${TMPDIR:-/tmp}/kvm-vmm-kvmhost-$(id -u)
fi
mkdir -p "$cache/debs" || unavailable "cannot create the cache $cache/debs"

download() {
	(
		cd "$cache/debs" || exit 1
		# As root, apt hands downloads to the _apt user, who may not write here.
		if [ "$(id -u)" = 0 ]; then
			apt-get -q -o APT::Sandbox::User=root download "$pkg"
		else
			apt-get -q download "$pkg"
		fi
	) >"$tmp/apt.log" 2>&1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deb-fetch.XXXXXX") || unavailable "no temporary directory"
trap 'rm -rf "$tmp"' EXIT
deb=$(ls "$cache/debs/${pkg}"_*.deb 2>/dev/null | tail -n 1)
if [ -z "$deb" ]; then
	[ "${KVMHOST_OFFLINE:-0}" = 1 ] &&
		unavailable "not in the cache $cache/debs, and KVMHOST_OFFLINE=1 forbids downloads"
	command -v apt-get >/dev/null 2>&1 || unavailable "no apt-get on this machine"
	if ! download; then
		# A fresh machine may have no package lists yet.
		if [ "$(id -u)" = 0 ]; then
			apt-get -q update >>"$tmp/apt.log" 2>&1
			download
		fi
	fi
	deb=$(ls "$cache/debs/${pkg}"_*.deb 2>/dev/null | tail -n 1)
	[ -n "$deb" ] ||
		unavailable "apt-get download failed ($(tail -n 1 "$tmp/apt.log"))"
fi
command -v dpkg-deb >/dev/null 2>&1 || unavailable "no dpkg-deb on this machine"
dpkg-deb -x "$deb" "$tmp/x" 2>"$tmp/dpkg.log" ||
	unavailable "dpkg-deb -x $deb failed: $(tail -n 1 "$tmp/dpkg.log")"
[ -f "$tmp/x/$path" ] || unavailable "$deb has no /$path"
# Data, not a program of this machine (kvmhost.sh would take it for one).
cp "$tmp/x/$path" "$out.tmp" && chmod 644 "$out.tmp" && mv "$out.tmp" "$out" ||
	unavailable "cannot write $out"
rm -f "$out.why"
exit 0
