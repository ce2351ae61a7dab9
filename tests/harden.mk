## tests/harden.mk: regression unit tests of the hardening work, the sandbox tests, `make soak`.

# ---- unit tests (Check, no KVM): one per bug found by fuzzing or review ----
check_PROGRAMS += tests/unit-harden
TESTS += tests/unit-harden
tests_unit_harden_SOURCES = tests/unit-harden.c src/cli.c src/cli.h
tests_unit_harden_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src
tests_unit_harden_CFLAGS = $(UNIT_CFLAGS)
tests_unit_harden_LDADD = $(UNIT_LIBS)

# ---- the seccomp sandbox (libvmm/sandbox.c, --no-sandbox) ----
SANDBOX_TESTS = tests/sandbox.test tests/pm-sandbox.test
TESTS += $(SANDBOX_TESTS)
EXTRA_DIST += $(SANDBOX_TESTS)
