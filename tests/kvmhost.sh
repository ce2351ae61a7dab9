#!/bin/sh
# tests/kvmhost.sh: the KVM test host of kvm-vmm (doc/design.md#the-kvm-test-host).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Boots Debian's own kernel under QEMU's TCG with an emulated AMD-V CPU,
# loads the real kvm/kvm_amd modules there, and runs kvm-vmm's integration
# tests (or one interactive command) on that genuine KVM. Needed where the
# host's /dev/kvm cannot run 32-bit paged guests (kvm_pvm).
#
# Usage (from the top build directory, or say --builddir/--srcdir):
#   tests/kvmhost.sh [OPTION]... TEST...
#       run the tests (paths like tests/foo.test) in one boot; prints one
#       PASS/FAIL/SKIP/ERROR line per test, and with --results DIR leaves
#       DIR/TEST.log (output) and DIR/TEST.status (exit status) behind.
#   tests/kvmhost.sh --interactive [--disk FILE] [OPTION]... -- COMMAND [ARG]...
#       boot quietly and run COMMAND with the serial console as its terminal;
#       returns COMMAND's exit status. With --disk, FILE is the test host's
#       virtio disk /dev/vda: an argument @DISK@ is replaced by that path
#       (also in $KVMHOST_DISK), and the guest's writes land in FILE.
#       Example: tests/kvmhost.sh --interactive --disk my.tar -- \
#                    src/vmm-pm os-1k/kernel.elf --disk @DISK@
#       Ctrl-A x ends the test host from the outside.
# `make check` uses it through tests/run-test; `make check-kvmhost` runs the
# whole integration suite in it. Needs qemu-system-x86 and cpio on the host;
# the kernel and busybox-static are fetched with `apt-get download` (never
# installed) and cached in $KVMHOST_CACHE, and so is QEMU 9.1 or later when
# the host's is older (tests/kvmhost-qemu.sh).
#
# Exit status (test mode): 0 all tests passed or skipped, 1 some failed,
# 2 the test host itself failed (no QEMU, no kernel, kvm_amd did not load,
# no results...). Interactive mode: COMMAND's status, or 125 when the test
# host failed.

# "A && B || die" is meant (either failing dies); ls picks cache files whose
# names we made; cleanup() runs from a trap.
# shellcheck disable=SC2015,SC2012,SC2317

set -u

me=kvmhost.sh

usage() {
	cat <<EOF
Usage: $0 [OPTION]... TEST...
       $0 --interactive [--disk FILE] [OPTION]... -- COMMAND [ARG]...

Boot Debian's kernel under QEMU (TCG, emulated AMD-V) with the real kvm and
kvm_amd modules, and run kvm-vmm tests, or one command, on that KVM.

Test mode: each TEST (e.g. tests/foo.test, relative to the build or source
tree) runs inside as 'make check' runs it; one boot for all of them.
  --results DIR     leave DIR/TEST.log, DIR/TEST.status, DIR/console.log
  --test-timeout S  per-test limit inside the test host (default 900)
Interactive mode:
  --interactive     run COMMAND with the serial console as its terminal
  --disk FILE       attach FILE as virtio disk /dev/vda; '@DISK@' in the
                    arguments (and \$KVMHOST_DISK) names it
  COMMAND sees the build and source trees at their own paths (programs,
  guests, test kernels, os-1k), starts in the current directory, and finds
  the tools in \$PATH; other files need KVMHOST_EXTRA_FILES.
Common options:
  --builddir DIR    top build directory (default: \$top_builddir or .)
  --srcdir DIR      top source directory (default: \$top_srcdir, else the
                    directory above this script)
  --cache DIR       download cache (default: \$KVMHOST_CACHE or
                    \${XDG_CACHE_HOME:-\$HOME/.cache}/kvm-vmm/kvmhost)
  --mem SIZE        memory of the test host (default 1G)
  --timeout S       kill the test host after S seconds (default: 3600 in
                    test mode, none in interactive mode)
  --keep            keep the work directory (initramfs, console log)
  -v, --verbose     show what is done, and the console in test mode
  -h, --help        this text

In interactive mode the console is multiplexed with QEMU's monitor: Ctrl-A x
ends the test host, Ctrl-A Ctrl-A sends a Ctrl-A; Ctrl-C goes to COMMAND.

Environment: KVMHOST_CACHE, KVMHOST_QEMU (default: the host's
qemu-system-x86_64 if it is 9.1 or later, else one fetched from the Debian
release's backports into the cache, since older QEMUs never stop the test
host's guests at their debug registers; see tests/kvmhost-qemu.sh),
KVMHOST_CPU (QEMU -cpu model, default max: it must offer AMD-V/svm),
KVMHOST_KERNEL_PKG (default: what linux-image-amd64 depends on),
KVMHOST_EXTRA_FILES (more files, absolute or relative to the build tree, to
copy into the test host), KVMHOST_PASSENV (more variable names to pass to
the tests); top_srcdir, top_builddir, srcdir, VMM_REAL, VMM_PM, GUESTS,
TESTGUESTS and OS1K are passed as 'make check' sets them, and so are
ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS.
EOF
}

die() {
	echo "$me: error: $*" >&2
	exit "$fail_status"
}

# KVMHOST_OFFLINE=1 (set by debian/rules: a package build may not use the
# network) forbids downloads; what is then missing makes the test host
# "unavailable" (status 3, which tests/run-test reports as SKIP) instead of
# a failure. Without it, a missing kernel or QEMU is a loud failure.
offline=${KVMHOST_OFFLINE:-0}
unavailable() {
	[ "$offline" = 1 ] && [ "$interactive" != 1 ] || die "$*"
	echo "$me: unavailable (KVMHOST_OFFLINE=1): $*" >&2
	exit 3
}

note() {
	[ "$verbose" = 1 ] && echo "$me: $*" >&2
	return 0
}

# Quote a string for the shell: 'it'\''s'.
shquote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

abspath() {
	(CDPATH="" cd -- "$1" 2>/dev/null && pwd)
}

# ---- options -------------------------------------------------------------

interactive=0
disk=
results=
test_timeout=900
builddir=${top_builddir:-}
srcdir_top=${top_srcdir:-}
cache=
mem=1G
timeout_s=
keep=0
verbose=0
fail_status=2

while [ $# -gt 0 ]; do
	case $1 in
	--interactive) interactive=1; fail_status=125 ;;
	--disk) disk=${2?--disk needs a file}; shift ;;
	--disk=*) disk=${1#*=} ;;
	--results) results=${2?--results needs a directory}; shift ;;
	--results=*) results=${1#*=} ;;
	--test-timeout) test_timeout=${2?}; shift ;;
	--test-timeout=*) test_timeout=${1#*=} ;;
	--builddir) builddir=${2?}; shift ;;
	--builddir=*) builddir=${1#*=} ;;
	--srcdir) srcdir_top=${2?}; shift ;;
	--srcdir=*) srcdir_top=${1#*=} ;;
	--cache) cache=${2?}; shift ;;
	--cache=*) cache=${1#*=} ;;
	--mem) mem=${2?}; shift ;;
	--mem=*) mem=${1#*=} ;;
	--timeout) timeout_s=${2?}; shift ;;
	--timeout=*) timeout_s=${1#*=} ;;
	--keep) keep=1 ;;
	-v | --verbose) verbose=1 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	-*) echo "$me: unknown option $1 (try --help)" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ "$interactive" = 1 ] && fail_status=125
[ $# -gt 0 ] || { usage >&2; exit "$fail_status"; }
[ -z "$disk" ] || [ "$interactive" = 1 ] || die "--disk needs --interactive"
case $test_timeout in '' | *[!0-9]*) die "bad --test-timeout '$test_timeout'" ;; esac
case ${timeout_s:-0} in *[!0-9]*) die "bad --timeout '$timeout_s'" ;; esac
[ "$interactive" = 1 ] || timeout_s=${timeout_s:-3600}

# ---- trees ---------------------------------------------------------------

builddir=$(abspath "${builddir:-.}") || die "no build directory"
if [ -z "$srcdir_top" ]; then
	srcdir_top=$(dirname "$0")/..
fi
srcdir_top=$(abspath "$srcdir_top") || die "no source directory"
# The variables the tests get from `make check` (tests/local.mk); keep the
# caller's values, so the paths inside are exactly the ones outside.
: "${top_builddir:=$builddir}" "${top_srcdir:=$srcdir_top}"
: "${VMM_REAL:=$builddir/src/vmm-real}" "${VMM_PM:=$builddir/src/vmm-pm}"
: "${GUESTS:=$builddir/guests}" "${TESTGUESTS:=$builddir/tests}"
: "${OS1K:=$builddir/os-1k}"
if [ -z "${srcdir:-}" ]; then
	if [ "$srcdir_top" = "$builddir" ]; then srcdir=.; else srcdir=$srcdir_top; fi
fi

# ---- host tools ----------------------------------------------------------

for tool in cpio dpkg-deb apt-get apt-cache; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found (Debian: apt-get install cpio dpkg apt)"
done

if [ -z "$cache" ]; then
	if [ -n "${KVMHOST_CACHE:-}" ]; then
		cache=$KVMHOST_CACHE
	elif [ -n "${XDG_CACHE_HOME:-}" ] || [ -n "${HOME:-}" ]; then
		cache=${XDG_CACHE_HOME:-$HOME/.cache}/kvm-vmm/kvmhost
	else
		cache=${TMPDIR:-/tmp}/kvm-vmm-kvmhost-$(id -u)
	fi
fi
mkdir -p "$cache" || die "cannot create the cache $cache"
cache=$(abspath "$cache")

work=$(mktemp -d "${TMPDIR:-/tmp}/kvmhost.XXXXXX") || die "mktemp failed"
saved_stty=
cleanup() {
	if [ -n "$saved_stty" ]; then stty "$saved_stty" 2>/dev/null; fi
	if [ "$keep" = 1 ]; then
		echo "$me: work directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# QEMU: KVMHOST_QEMU, else one whose guests' guests stop at their debug
# registers (9.1 or later, fetched into the cache when the host's is older:
# see kvmhost-qemu.sh), so the gdb tests can set breakpoints in there. A
# command in interactive mode needs none, and offline the host's QEMU does
# for all but those breakpoints: there the host's QEMU is used instead.
nested_debug=
if [ -n "${KVMHOST_QEMU:-}" ]; then
	qemu=$KVMHOST_QEMU
elif qemu=$(sh "$(dirname "$0")/kvmhost-qemu.sh" "$cache" 2>"$work/qemu.why"); then
	nested_debug=1   # kvmhost-qemu.sh checked its version
else
	qstatus=$?
	if [ "$interactive" = 0 ] && [ "$qstatus" != 3 ]; then
		cat "$work/qemu.why" >&2
		die "no QEMU 9.1 or later for the test host (set KVMHOST_QEMU to use another)"
	fi
	note "$(cat "$work/qemu.why"); using the host's QEMU"
	qemu="qemu-system-x86_64"
fi
command -v "$qemu" >/dev/null 2>&1 ||
	unavailable "$qemu not found: the KVM test host needs QEMU (Debian: apt-get install qemu-system-x86)"
if [ -n "$nested_debug" ] || sh "$(dirname "$0")/kvmhost-qemu.sh" --check "$qemu"; then
	nested_debug=1
else
	nested_debug=0
	[ "$interactive" = 1 ] ||
		echo "$me: $qemu is older than 9.1: gdb breakpoints and watchpoints in the test host are not tested" >&2
fi

# ---- the kernel and busybox ----------------------------------------------

# Run apt-get download for PKG into the cache's debs/ directory.
apt_download() {
	(
		cd "$cache/debs" || exit 1
		# As root, apt would hand the download to the _apt user, who may not
		# write here; it then warns and does it as root anyway. Ask directly.
		if [ "$(id -u)" = 0 ]; then
			apt-get -q -o APT::Sandbox::User=root download "$1"
		else
			apt-get -q download "$1"
		fi
	) >"$work/apt.log" 2>&1
}

apt_updated=0
apt_update() {
	[ "$offline" = 1 ] && unavailable "the kernel or busybox is not in the cache $cache and downloads are off"
	[ "$apt_updated" = 0 ] || return 1
	apt_updated=1
	note "apt-get update"
	apt-get -q update >>"$work/apt.log" 2>&1
}

# The name of the kernel package linux-image-amd64 currently depends on.
resolve_kernel_pkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1
}

# Download PKG unless a .deb of it is cached; print the .deb's path.
fetch_deb() {
	mkdir -p "$cache/debs"
	deb=$(ls "$cache/debs/$1"_*.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		[ "$offline" = 1 ] && unavailable "$1 is not in the cache $cache and downloads are off"
		note "apt-get download $1"
		if ! apt_download "$1"; then
			apt_update && apt_download "$1" || {
				cat "$work/apt.log" >&2
				return 1
			}
		fi
		deb=$(ls "$cache/debs/$1"_*.deb 2>/dev/null | tail -n 1)
	fi
	[ -n "$deb" ] && printf '%s\n' "$deb"
}

kpkg=${KVMHOST_KERNEL_PKG:-}
if [ -z "$kpkg" ]; then
	kpkg=$(resolve_kernel_pkg)
	if [ -z "$kpkg" ]; then
		apt_update
		kpkg=$(resolve_kernel_pkg)
	fi
	if [ -z "$kpkg" ]; then
		# No package lists (offline?): fall back on a kernel already cached.
		kpkg=$(ls -d "$cache"/linux-image-*/vmlinuz 2>/dev/null | tail -n 1)
		kpkg=${kpkg%/vmlinuz}
		kpkg=${kpkg##*/}
		[ -n "$kpkg" ] ||
			die "cannot find the kernel package: apt-cache knows no linux-image-amd64 (run apt-get update?)"
		note "apt-cache cannot resolve linux-image-amd64; using cached $kpkg"
	fi
fi

kdir=$cache/$kpkg
if [ ! -f "$kdir/vmlinuz" ] || [ ! -f "$kdir/modules/kvm-amd.ko" ]; then
	kdeb=$(fetch_deb "$kpkg") || { [ $? = 3 ] && exit 3; die "cannot download the kernel package $kpkg"; }
	note "extracting $kdeb"
	rm -rf "$kdir.tmp"
	mkdir -p "$kdir.tmp/x" "$kdir.tmp/modules"
	dpkg-deb -x "$kdeb" "$kdir.tmp/x" || die "cannot unpack $kdeb"
	cp "$kdir.tmp"/x/boot/vmlinuz-* "$kdir.tmp/vmlinuz" ||
		die "no vmlinuz in $kdeb"
	moddir=$(ls -d "$kdir.tmp"/x/lib/modules/* 2>/dev/null | head -n 1)
	[ -d "$moddir" ] || die "no modules in $kdeb"
	# Keep only the modules the test host loads (and what they need),
	# uncompressed, since busybox insmod may not read .ko.xz/.ko.zst.
	# modules.dep is generated at install time, so dependencies come from
	# each module's own "depends=" field instead.
	find "$moddir" -name '*.ko*' >"$kdir.tmp/all"
	find_module() {
		# kvm_amd is built as kvm-amd.ko: '-' and '_' are the same in names.
		pat=$(printf '%s' "$1" | sed 's/[-_]/[-_]/g')
		grep -E "/$pat\\.ko(\\.(xz|zst|gz))?\$" "$kdir.tmp/all" | head -n 1
	}
	# A subshell body: the recursion must not clobber the caller's variables.
	add_module() (
		grep -qx "$1" "$kdir.tmp/$2.order" 2>/dev/null && exit 0
		file=$(find_module "$1")
		[ -n "$file" ] || die "module $1 is not in $kdeb"
		name=$(basename "$file")
		name=${name%%.ko*}
		out=$kdir.tmp/modules/$name.ko
		case $file in
		*.ko) cp "$file" "$out" ;;
		*.ko.xz) xz -dc "$file" >"$out" ;;
		*.ko.zst) zstd -qdc "$file" >"$out" ;;
		*.ko.gz) gzip -dc "$file" >"$out" ;;
		esac || die "cannot decompress $file"
		deps=$(tr '\0' '\n' <"$out" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' ')
		for d in $deps; do
			add_module "$d" "$2" || exit
		done
		# A dependency may have pulled in this name already.
		grep -qx "$name" "$kdir.tmp/$2.order" 2>/dev/null ||
			echo "$name" >>"$kdir.tmp/$2.order"
	)
	: >"$kdir.tmp/kvm.order"
	# The order doc/design.md#the-kvm-test-host names; dependencies first in any case.
	for m in irqbypass ccp kvm kvm_amd; do add_module "$m" kvm || exit; done
	: >"$kdir.tmp/disk.order"
	for m in virtio_pci virtio_blk; do add_module "$m" disk || exit; done
	rm -rf "$kdir.tmp/x" "$kdir.tmp/all" "$kdir"
	mv "$kdir.tmp" "$kdir" || die "cannot fill the cache $kdir"
	# The extracted files are the cache: drop the .deb, and kernels that
	# linux-image-amd64 no longer points to.
	rm -f "$kdeb"
	for old in "$cache"/linux-image-*; do
		[ "$old" = "$kdir" ] || rm -rf "$old"
	done
fi

bbdir=$cache/busybox
if [ ! -x "$bbdir/busybox" ]; then
	bdeb=$(fetch_deb busybox-static) || { [ $? = 3 ] && exit 3; die "cannot download busybox-static"; }
	rm -rf "$bbdir.tmp"
	mkdir -p "$bbdir.tmp/x"
	dpkg-deb -x "$bdeb" "$bbdir.tmp/x" || die "cannot unpack $bdeb"
	mv "$bbdir.tmp/x/bin/busybox" "$bbdir.tmp/busybox" || die "no busybox in $bdeb"
	rm -rf "$bbdir.tmp/x" "$bbdir"
	mv "$bbdir.tmp" "$bbdir" || die "cannot fill the cache $bbdir"
	rm -f "$bdeb"
fi

# ---- the initramfs ---------------------------------------------------------

root=$work/root
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
	"$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/root" \
	"$root/kvmhost/modules" || die "cannot create $root"
cp "$bbdir/busybox" "$root/bin/busybox" || die "cannot copy busybox"
ln -s busybox "$root/bin/sh"
cp "$kdir"/modules/*.ko "$kdir"/*.order "$root/kvmhost/modules/" ||
	die "cannot copy the modules"
cp "$(dirname "$0")/kvmhost/init" "$root/init" || die "no $(dirname "$0")/kvmhost/init"
chmod 755 "$root/init"

# Copy FILE into the initramfs at the same absolute path (symlinks kept as
# symlinks when their target is copied too, see copy_lib).
mirror() {
	mkdir -p "$root$(dirname "$1")" && cp -pL "$1" "$root$1"
}

is_elf() {
	[ "$(head -c 4 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]
}

# A built program: the ELF itself, or for a libtool wrapper script the real
# binary from .libs/, copied to where the wrapper is, so $VMM_REAL etc.
# name the program inside as they do outside.
elf_list=$work/elves
: >"$elf_list"
add_program() {
	src=$1
	if ! is_elf "$src"; then
		d=$(dirname "$1")
		b=$(basename "$1")
		if is_elf "$d/.libs/$b"; then
			src=$d/.libs/$b
		elif is_elf "$d/.libs/lt-$b"; then
			src=$d/.libs/lt-$b
		else
			return 0 # a script, not a program
		fi
	fi
	mkdir -p "$root$(dirname "$1")" && cp -p "$src" "$root$1" ||
		die "cannot copy $src"
	echo "$root$1" >>"$elf_list"
}

# Shared libraries (and the dynamic loader) of the programs, from ldd, at
# their own paths; libvmm is found through LD_LIBRARY_PATH as in the tree.
libpath=$builddir/libvmm/.libs
for f in "$builddir"/libvmm/.libs/libvmm.so*; do
	[ -e "$f" ] || continue
	mkdir -p "$root$libpath" && cp -P "$f" "$root$libpath/" ||
		die "cannot copy $f"
done

for dir in "$builddir/src" "$builddir/tests"; do
	for f in "$dir"/*; do
		[ -f "$f" ] && [ -x "$f" ] || continue
		case $f in *.test | *.sh) continue ;; esac
		add_program "$f"
	done
done

# Test data: guests, test kernels, os-1k, the test scripts and whatever else
# lives beside them in tests/ (expected outputs...).
for f in "$builddir"/guests/*.bin "$builddir"/os-1k/*.elf "$builddir"/os-1k/*.bin \
	"$builddir"/os-1k/disk.tar "$builddir"/tests/* "$srcdir_top"/tests/*; do
	[ -f "$f" ] || continue
	[ -e "$root$f" ] && continue
	case $f in *.o | *.log | *.trs | *.c | *.mk | */Makefile*) continue ;; esac
	# Programs were handled above (their .libs binaries).
	if [ -x "$f" ] && is_elf "$f"; then continue; fi
	mirror "$f" || die "cannot copy $f"
done
if [ -d "$srcdir_top/os-1k/disk" ]; then
	mkdir -p "$root$srcdir_top/os-1k" &&
		cp -pR "$srcdir_top/os-1k/disk" "$root$srcdir_top/os-1k/" ||
		die "cannot copy os-1k/disk"
fi
for f in ${KVMHOST_EXTRA_FILES:-}; do
	case $f in /*) ;; *) f=$builddir/$f ;; esac
	[ -e "$f" ] || die "KVMHOST_EXTRA_FILES: no $f"
	if [ -x "$f" ] && [ -f "$f" ]; then
		add_program "$f"
		[ -e "$root$f" ] || mirror "$f" || die "cannot copy $f"
	else
		mkdir -p "$root$(dirname "$f")" && cp -pR "$f" "$root$f" || die "cannot copy $f"
	fi
done

# Libraries: resolve with the same LD_LIBRARY_PATH the tests run with.
while read -r elf; do
	LD_LIBRARY_PATH=$libpath${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} ldd "$elf" 2>/dev/null
done <"$elf_list" >"$work/ldd"
if grep -q 'not found' "$work/ldd"; then
	die "a program's libraries are missing: $(grep 'not found' "$work/ldd" | sort -u | tr '\n' ' ')"
fi
awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' "$work/ldd" |
	sort -u >"$work/libs"
while read -r lib; do
	[ -e "$root$lib" ] && continue
	mirror "$lib" || die "cannot copy $lib"
done <"$work/libs"

# What the tests (or the command) see, as `make check` sets it up.
{
	# Sanitizer settings too: CI runs the suite with an ASan/UBSan build.
	for v in top_srcdir top_builddir srcdir VMM_REAL VMM_PM GUESTS TESTGUESTS \
		OS1K ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS ${KVMHOST_PASSENV:-}; do
		isset='' val=''
		eval "isset=\${$v+x}"
		[ -n "$isset" ] || continue
		eval "val=\$$v"
		printf '%s=%s; export %s\n' "$v" "$(shquote "$val")" "$v"
	done
	printf 'LD_LIBRARY_PATH=%s; export LD_LIBRARY_PATH\n' "$(shquote "$libpath")"
	# Whether the test host's KVM guests stop at their debug registers.
	printf 'KVMHOST_NESTED_DEBUG=%s; export KVMHOST_NESTED_DEBUG\n' "$nested_debug"
	if [ "$interactive" = 1 ]; then
		# So "vmm-pm" works as a command name inside.
		# shellcheck disable=SC2016 # $PATH is for the test host's shell
		printf 'PATH=%s:$PATH\n' "$(shquote "$builddir/src")"
	fi
} >"$root/kvmhost/env"

{
	echo "KVMHOST_TEST_TIMEOUT=$test_timeout"
	if [ "$interactive" = 1 ]; then
		echo "KVMHOST_MODE=interactive"
		echo "KVMHOST_CWD=$(shquote "$(pwd)")"
		[ -n "$disk" ] && echo "KVMHOST_DISK=/dev/vda"
		echo "KVMHOST_TERM=$(shquote "${TERM:-vt100}")"
		if [ -t 0 ] && size=$(stty size 2>/dev/null) && [ -n "$size" ]; then
			echo "KVMHOST_ROWS=${size% *} KVMHOST_COLS=${size#* }"
		else
			echo "KVMHOST_ROWS= KVMHOST_COLS="
		fi
	else
		echo "KVMHOST_MODE=tests"
	fi
} >"$root/kvmhost/config"

if [ "$interactive" = 1 ]; then
	{
		printf 'exec'
		for a in "$@"; do
			[ -n "$disk" ] && a=$(printf '%s' "$a" | sed 's|@DISK@|/dev/vda|g')
			printf ' %s' "$(shquote "$a")"
		done
		echo
	} >"$root/kvmhost/command"
else
	# Tests are numbered on the results channel; the harness's path
	# convention: ./NAME when it is in the build tree, else $srcdir/NAME.
	n=0
	: >"$root/kvmhost/tests"
	: >"$work/names"
	for t in "$@"; do
		t=${t#./}
		case $t in "$srcdir"/*) t=${t#"$srcdir"/} ;; esac
		n=$((n + 1))
		if [ -f "$builddir/$t" ]; then
			p=./$t
		elif [ -f "$srcdir_top/$t" ]; then
			p=$srcdir/$t
		else
			die "no test $t in $builddir or $srcdir_top"
		fi
		# The test itself, wherever it lives (most are in tests/, copied above).
		case $p in /*) ap=$p ;; *) ap=$builddir/${p#./} ;; esac
		ap=$(abspath "$(dirname "$ap")")/$(basename "$ap")
		[ -e "$root$ap" ] || mirror "$ap" || die "cannot copy $ap"
		echo "$n $p" >>"$root/kvmhost/tests"
		echo "$n $t" >>"$work/names"
	done
fi

# cpio cannot store a device node without creating one (root only), so
# /dev/console is appended as a hand-written newc entry: the kernel opens it
# for init before devtmpfs is mounted, and complains when it is missing.
cpio_entry() { # NAME MODE(octal) RDEVMAJOR RDEVMINOR
	namesize=$((${#1} + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		0 "$((0$2))" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0
	printf '%s\0' "$1"
	# Header (110 bytes) plus name, padded to a multiple of 4.
	pad=$(((4 - (110 + namesize) % 4) % 4))
	while [ "$pad" -gt 0 ]; do printf '\0'; pad=$((pad - 1)); done
}
(
	cd "$root" && find . | sort | cpio -o -H newc --quiet -R 0:0
) >"$work/initrd" || die "cpio failed"
{
	cpio_entry dev 40755 0 0
	cpio_entry dev/console 20600 5 1
	cpio_entry TRAILER!!! 0 0 0
} >>"$work/initrd"
note "initramfs: $(du -k "$work/initrd" | cut -f1) KiB"

# ---- boot ------------------------------------------------------------------

: >"$work/results"
set -- -accel tcg -cpu "${KVMHOST_CPU:-max}" -m "$mem" -smp 1 -net none -no-reboot \
	-display none -vga none \
	-kernel "$kdir/vmlinuz" -initrd "$work/initrd"
if [ "$interactive" = 1 ]; then
	# The console on our terminal, multiplexed with the monitor (Ctrl-A c;
	# Ctrl-A x quits); Ctrl-C goes to the guest. The terminal is put back
	# the way it was whatever happens.
	set -- "$@" -chardev stdio,id=con0,mux=on,signal=off \
		-serial chardev:con0 -mon chardev=con0,mode=readline \
		-serial "file:$work/results" \
		-append "console=ttyS0 panic=-1 quiet loglevel=0"
	[ -n "$disk" ] && {
		[ -f "$disk" ] && [ -w "$disk" ] || die "--disk $disk: not a writable file"
		# QEMU option values escape a comma by doubling it.
		dpath=$(abspath "$(dirname "$disk")")/$(basename "$disk")
		set -- "$@" -drive "file=$(printf '%s' "$dpath" | sed 's/,/,,/g'),format=raw,if=virtio"
	}
	[ -t 0 ] && saved_stty=$(stty -g 2>/dev/null)
else
	set -- "$@" -monitor none -serial "file:$work/console" \
		-serial "file:$work/results" \
		-append "console=ttyS0 panic=-1 quiet"
fi
if [ -n "$timeout_s" ] && [ "$timeout_s" != 0 ]; then
	set -- timeout --foreground "$timeout_s" "$qemu" "$@"
else
	set -- "$qemu" "$@"
fi
note "$*"

start=$(date +%s)
if [ "$interactive" = 1 ]; then
	"$@"
	qstatus=$?
elif [ "$verbose" = 1 ]; then
	"$@" </dev/null >"$work/qemu.out" 2>&1 &
	qpid=$!
	tail -f "$work/console" --pid="$qpid" >&2 2>/dev/null
	wait "$qpid"
	qstatus=$?
else
	"$@" </dev/null >"$work/qemu.out" 2>&1
	qstatus=$?
fi
elapsed=$(($(date +%s) - start))
tr -d '\r' <"$work/results" >"$work/results.txt"

if [ "$qstatus" = 124 ]; then
	echo "$me: the test host did not finish within $timeout_s s; killed" >&2
elif [ "$qstatus" != 0 ]; then
	echo "$me: $qemu failed (exit status $qstatus):" >&2
	cat "$work/qemu.out" >&2 2>/dev/null
fi
fatal=$(sed -n 's/^@@KVMHOST@@ FATAL //p' "$work/results.txt")

if [ "$interactive" = 1 ]; then
	[ -z "$fatal" ] || die "the test host failed: $fatal"
	status=$(sed -n 's/^@@KVMHOST@@ EXIT \([0-9]*\)$/\1/p' "$work/results.txt")
	[ -n "$status" ] || die "the test host ended without reporting the command's exit status"
	exit "$status"
fi

# ---- test results ------------------------------------------------------------

if [ -n "$results" ]; then
	mkdir -p "$results" || die "cannot create $results"
	results=$(abspath "$results")
	cp "$work/console" "$results/console.log" 2>/dev/null
else
	results=$work/out
	mkdir -p "$results"
fi

# Split the channel into one base64 file and one status file per test.
awk -v dir="$work" '
	$1 == "@@KVMHOST@@" && $2 == "BEGIN" { out = dir "/" $3 ".b64"; printf "" > out; next }
	$1 == "@@KVMHOST@@" && $2 == "END" { close(out); print $4 > (dir "/" $3 ".st"); close(dir "/" $3 ".st"); out = ""; next }
	$1 == "@@KVMHOST@@" { next }
	out != "" { print > out }
' "$work/results.txt"

failed=0
missing=0
while read -r n t; do
	mkdir -p "$(dirname "$results/$t")"
	if [ -f "$work/$n.st" ]; then
		base64 -d <"$work/$n.b64" >"$results/$t.log" 2>/dev/null
		st=$(cat "$work/$n.st")
		echo "$st" >"$results/$t.status"
		case $st in
		0) word=PASS ;;
		77) word=SKIP ;;
		99) word=ERROR; failed=1 ;;
		*) word=FAIL; failed=1 ;;
		esac
		echo "$word: $t"
		[ "$word" = PASS ] || [ "$word" = SKIP ] || [ "$verbose" = 0 ] ||
			sed 's/^/  | /' "$results/$t.log"
	else
		rm -f "$results/$t.status" "$results/$t.log"
		echo "ERROR: $t (no result from the test host)"
		missing=1
	fi
done <"$work/names"
echo "$me: one boot, ${elapsed}s wall clock" >&2

if [ -n "$fatal" ] || [ "$missing" = 1 ]; then
	[ -n "$fatal" ] && echo "$me: error: the test host failed: $fatal" >&2
	[ -z "$fatal" ] &&
		echo "$me: error: the test host ended without results for every test" >&2
	echo "$me: last console lines:" >&2
	tail -n 25 "$work/console" 2>/dev/null | sed 's/^/  | /' >&2
	exit 2
fi
grep -q '^@@KVMHOST@@ DONE' "$work/results.txt" ||
	die "the test host did not finish cleanly"
exit "$failed"
