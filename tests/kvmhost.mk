## tests/kvmhost.mk: the KVM test host (doc/design.md#the-kvm-test-host).
## SPDX-License-Identifier: GPL-2.0-or-later
##
## tests/run-test (TEST_LOG_COMPILER, see tests/local.mk) runs a test marked
## "# kvm: paging" inside the test host (tests/kvmhost.sh) when this host's
## KVM cannot page: one boot for all such tests of a make run.
## `make check-kvmhost` runs every integration test there, in one boot.

check_PROGRAMS += tests/kvm-probe
tests_kvm_probe_SOURCES = tests/kvm-probe.c

TESTS += tests/kvm-paging.test

EXTRA_DIST += \
	tests/kvmhost.sh \
	tests/kvmhost-qemu.sh \
	tests/kvmhost/init \
	tests/run-test \
	tests/kvm-paging.test

# One boot runs every marked test of the run, so whatever such a test reads
# must exist before the FIRST of them starts: a prerequisite of one test's
# log only ("tests/x.log: tests/x.elf") is not enough. Each fragment lists
# its test guests in check_DATA (with +=), which make builds before any
# test runs.

# One identifier per make invocation (simply expanded, so it is computed once
# per make process: the one sub-make running all test logs), so a new
# `make check` never replays the results of an earlier one.
KVMHOST_RUN := $(shell echo "`date +%s.%N`.$$PPID")
KVMHOST_RESULTS = $(abs_top_builddir)/tests/kvmhost-results

# The harness calls the sub-make with TEST_LOGS set to the logs to produce
# (all tests, TESTS='...' or just the failed ones for recheck): the tests
# of this run are those logs' names.
KVMHOST_FLAGS = \
	--kvmhost-run='$(KVMHOST_RUN)' \
	--kvmhost-batch='$(TEST_LOGS:.log=.test)' \
	--kvmhost-all='$(KVMHOST_ALL)' \
	--kvmhost-results='$(KVMHOST_RESULTS)' \
	--kvmhost-probe='$(abs_top_builddir)/tests/kvm-probe$(EXEEXT)' \
	--kvmhost-script='$(abs_top_srcdir)/tests/kvmhost.sh' \
	--kvmhost-shell='$(SHELL)'

# The whole integration suite (the .test scripts) in the test host.
check-kvmhost:
	$(MAKE) $(AM_MAKEFLAGS) check KVMHOST_ALL=1 TESTS='$(filter %.test,$(TESTS))'

clean-local: clean-kvmhost
clean-kvmhost:
	-rm -rf tests/kvmhost-results

.PHONY: check-kvmhost clean-kvmhost
