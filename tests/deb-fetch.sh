#!/bin/sh
# tests/deb-fetch.sh: one file out of a Debian package, for tests that run third-party code (never installed, never committed).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   deb-fetch.sh [--arch ARCH] [--depends] PACKAGE PATH OUT
#
# Downloads PACKAGE with `apt-get download` (the .deb is cached beside the
# KVM test host's kernel, in $KVMHOST_CACHE/debs, so a second build fetches
# nothing), unpacks it with dpkg-deb and copies its file PATH (as in the
# package: boot/memtest86+ia32.bin; a pattern such as boot/vmlinuz-* takes
# the last match) to OUT. --arch ARCH takes the package built for ARCH
# (i386) through a private apt configuration (tests/apt-private.sh, kept in
# $KVMHOST_CACHE/apt-ARCH; the .debs in debs-ARCH): the machine's apt
# sources and architectures stay as they are. --depends takes the package
# that PACKAGE depends on instead, for a metapackage (linux-image-686). Run on the build host, before
# the tests: the KVM test host has no network, and it is given what lies in
# the build tree's tests/ directory.
#
# Best effort, like gdb-fetch.sh: with no archive (offline, KVMHOST_OFFLINE=1,
# no apt-get), OUT is removed, the reason goes to stderr and to OUT.why
# (which the test prints when it skips), and the status is still 0 so that
# the build goes on.
set -u
me=deb-fetch.sh
usage="usage: $me [--arch ARCH] [--depends] PACKAGE PATH OUT"
arch= depends=false
while :; do
	case ${1:-} in
	--arch) arch=${2:?$usage}; shift 2 ;;
	--depends) depends=true; shift ;;
	*) break ;;
	esac
done
pkg=${1:?$usage}
path=${2:?$usage}
out=${3:?$usage}

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
debs=$cache/debs${arch:+-$arch}
mkdir -p "$debs" || unavailable "cannot create the cache $debs"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deb-fetch.XXXXXX") || unavailable "no temporary directory"
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/apt.log"

if [ -n "$arch" ]; then
	command -v apt-get >/dev/null 2>&1 || unavailable "no apt-get on this machine"
	. "$(dirname "$0")/apt-private.sh"
	apt_private_init "$cache/apt-$arch" "$apt_private_codename" "$arch" ||
		unavailable "$apt_private_error"
	export APT_CONFIG="$cache/apt-$arch/apt.conf"
fi

# Whether apt may go to the archive; else the reason.
may_download() {
	[ "${KVMHOST_OFFLINE:-0}" = 1 ] &&
		unavailable "not in the cache $debs, and KVMHOST_OFFLINE=1 forbids downloads"
	command -v apt-get >/dev/null 2>&1 || unavailable "no apt-get on this machine"
}

# Package lists: a fresh machine, or a fresh private configuration, has none.
update_lists() {
	if [ -n "$arch" ] || [ "$(id -u)" = 0 ]; then
		apt-get -q update >>"$tmp/apt.log" 2>&1
	else
		false
	fi
}

if $depends; then
	# The metapackage's first dependency, from the lists (offline too, once
	# they are there).
	target() {
		apt-cache depends "$pkg" 2>>"$tmp/apt.log" | sed -n 's/^ *Depends: \([^ <>]*\)$/\1/p' | head -n 1
	}
	real=$(target)
	if [ -z "$real" ]; then
		may_download
		update_lists
		real=$(target)
	fi
	[ -n "$real" ] || unavailable "cannot tell what $pkg depends on ($(tail -n 1 "$tmp/apt.log"))"
	pkg=$real
fi

download() {
	(
		cd "$debs" || exit 1
		# As root, apt hands downloads to the _apt user, who may not write here.
		if [ "$(id -u)" = 0 ]; then
			apt-get -q -o APT::Sandbox::User=root download "$pkg"
		else
			apt-get -q download "$pkg"
		fi
	) >>"$tmp/apt.log" 2>&1
}

deb=$(ls "$debs/${pkg}"_*.deb 2>/dev/null | tail -n 1)
if [ -z "$deb" ]; then
	may_download
	if ! download; then
		update_lists && download
	fi
	deb=$(ls "$debs/${pkg}"_*.deb 2>/dev/null | tail -n 1)
	[ -n "$deb" ] ||
		unavailable "apt-get download failed ($(tail -n 1 "$tmp/apt.log"))"
fi
command -v dpkg-deb >/dev/null 2>&1 || unavailable "no dpkg-deb on this machine"
dpkg-deb -x "$deb" "$tmp/x" 2>"$tmp/dpkg.log" ||
	unavailable "dpkg-deb -x $deb failed: $(tail -n 1 "$tmp/dpkg.log")"
# shellcheck disable=SC2086 # PATH may be a pattern
file=$(ls -d "$tmp"/x/$path 2>/dev/null | tail -n 1)
[ -n "$file" ] && [ -f "$file" ] || unavailable "$deb has no /$path"
# Data, not a program of this machine (kvmhost.sh would take it for one).
cp "$file" "$out.tmp" && chmod 644 "$out.tmp" && mv "$out.tmp" "$out" ||
	unavailable "cannot write $out"
rm -f "$out.why"
exit 0
