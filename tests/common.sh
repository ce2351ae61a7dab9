# tests/common.sh: shared helpers for the integration tests (POSIX sh, busybox-safe).
# SPDX-License-Identifier: GPL-2.0-or-later

# Skip (77) when there is no usable KVM at all. A test that calls this
# needs a KVM: under `make check`, tests/run-test sees the call and runs the
# test in the KVM test host on a machine without /dev/kvm, so the skip is
# reached only when a test is run by hand there.
skip_without_kvm() {
	if [ ! -e /dev/kvm ]; then
		echo "SKIP: this machine has no KVM (/dev/kvm does not exist); 'make check' runs this test in the KVM test host"
		exit 77
	fi
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo "SKIP: no permission to use /dev/kvm: add yourself to the kvm group (or run as root)"
		exit 77
	fi
}

# A fresh scratch directory, removed when the test ends.
make_scratch() {
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/vmm-test.XXXXXX") || exit 99
	trap 'rm -rf "$scratch"' EXIT
}

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect_status EXPECTED ACTUAL WHAT
expect_status() {
	[ "$1" = "$2" ] || fail "$3: exit status $2, expected $1"
}

# expect_file EXPECTED-FILE ACTUAL-FILE WHAT: exact contents, with a diff.
expect_file() {
	if ! diff -u "$1" "$2"; then
		fail "$3: output differs from the expected (diff above)"
	fi
}
