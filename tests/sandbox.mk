## tests/sandbox.mk: tests of the seccomp sandbox (libvmm/sandbox.c, --no-sandbox).
SANDBOX_TESTS = tests/sandbox.test tests/pm-sandbox.test
TESTS += $(SANDBOX_TESTS)
EXTRA_DIST += $(SANDBOX_TESTS)
