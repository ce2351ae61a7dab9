## tests/harden.mk: regression unit tests of the hardening work, the sandbox tests, `make soak`.
## SPDX-License-Identifier: GPL-2.0-or-later

# ---- unit tests (Check, no KVM): one per bug found by fuzzing or review ----
if HAVE_CHECK
check_PROGRAMS += tests/unit-harden
TESTS += tests/unit-harden
endif
tests_unit_harden_SOURCES = tests/unit-harden.c src/cli.c src/cli.h \
	src/testhooks.c src/testhooks.h
tests_unit_harden_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src
tests_unit_harden_CFLAGS = $(UNIT_CFLAGS)
tests_unit_harden_LDADD = $(UNIT_LIBS)

# ---- the seccomp sandbox (libvmm/sandbox.c, --no-sandbox) ----
SANDBOX_TESTS = tests/sandbox.test tests/pm-sandbox.test
TESTS += $(SANDBOX_TESTS)
EXTRA_DIST += $(SANDBOX_TESTS)

# ---- descriptors all closed at exit (the VMM_RESOURCE_REPORT hook) ----
TESTS += tests/resources.test
EXTRA_DIST += tests/resources.test

# ---- make soak (not part of make check): see tests/soak.sh ----
SOAK_RUNS = 1000
SOAK_MULTI = 200
SOAK_SESSIONS = 100
soak: all $(check_PROGRAMS) $(check_DATA)
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
	VMM_REAL='$(abs_top_builddir)/src/vmm-real' \
	  $(SHELL) $(srcdir)/tests/soak.sh $(SOAK_RUNS) $(SOAK_MULTI) $(SOAK_SESSIONS)
EXTRA_DIST += tests/soak.sh tests/soak-pm.sh
.PHONY: soak
