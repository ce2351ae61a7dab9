## tests/local.mk: unit tests (Check) and integration tests (shell).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Integration tests are tests/*.test shell scripts. They get their paths from
# the environment below and source tests/common.sh.
TEST_EXTENSIONS = .test
TEST_LOG_COMPILER = $(SHELL) $(abs_top_srcdir)/tests/run-test $(KVMHOST_FLAGS)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	VMM_REAL='$(abs_top_builddir)/src/vmm-real'; export VMM_REAL; \
	VMM_PM='$(abs_top_builddir)/src/vmm-pm'; export VMM_PM; \
	GUESTS='$(abs_top_builddir)/guests'; export GUESTS; \
	TESTGUESTS='$(abs_top_builddir)/tests'; export TESTGUESTS; \
	OS1K='$(abs_top_builddir)/os-1k'; export OS1K;
EXTRA_DIST += tests/common.sh tests/deb-fetch.sh tests/check-main.h

# Start-up failures that need no KVM (they run everywhere, also here).
START_TESTS = tests/start-errors.test tests/kvm-permission.test
TESTS += $(START_TESTS)
EXTRA_DIST += $(START_TESTS)

UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
UNIT_LIBS = libvmm/libvmmcore.la $(CHECK_LIBS)

# Unit tests need Check; configure finds it or leaves them out (HAVE_CHECK).
if HAVE_CHECK
check_PROGRAMS += tests/unit-core tests/unit-cli tests/unit-pc tests/unit-pic tests/unit-i8042 tests/unit-uart tests/unit-vga
TESTS += tests/unit-core tests/unit-cli tests/unit-pc tests/unit-pic tests/unit-i8042 tests/unit-uart tests/unit-vga
endif
tests_unit_vga_SOURCES = tests/unit-vga.c
tests_unit_vga_CFLAGS = $(UNIT_CFLAGS)
tests_unit_vga_LDADD = $(UNIT_LIBS)
tests_unit_pc_SOURCES = tests/unit-pc.c
tests_unit_pc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_pc_LDADD = $(UNIT_LIBS)
tests_unit_i8042_SOURCES = tests/unit-i8042.c
tests_unit_i8042_CFLAGS = $(UNIT_CFLAGS)
tests_unit_i8042_LDADD = $(UNIT_LIBS)
tests_unit_uart_SOURCES = tests/unit-uart.c
tests_unit_uart_CFLAGS = $(UNIT_CFLAGS)
tests_unit_uart_LDADD = $(UNIT_LIBS)
tests_unit_pic_SOURCES = tests/unit-pic.c
tests_unit_pic_CFLAGS = $(UNIT_CFLAGS)
tests_unit_pic_LDADD = $(UNIT_LIBS)
tests_unit_core_SOURCES = tests/unit-core.c
tests_unit_core_CFLAGS = $(UNIT_CFLAGS)
tests_unit_core_LDADD = $(UNIT_LIBS)
tests_unit_cli_SOURCES = tests/unit-cli.c src/cli.c src/cli.h \
	src/testhooks.c src/testhooks.h
tests_unit_cli_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src
tests_unit_cli_CFLAGS = $(UNIT_CFLAGS)
tests_unit_cli_LDADD = $(UNIT_LIBS)

# Tests that need no KVM: the tools' --version, and the citations of
# doc/design.md (tests/doc-refs.test also runs from make distcheck's tree).
TESTS += tests/version.test tests/doc-refs.test
EXTRA_DIST += tests/version.test tests/doc-refs.test

# The tools' output loop (src/cli.c's cli_write_all) under signals and full pipes.
check_PROGRAMS += tests/unit-output
TESTS += tests/unit-output
tests_unit_output_SOURCES = tests/unit-output.c src/cli.c src/cli.h \
	src/testhooks.c src/testhooks.h
tests_unit_output_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src
tests_unit_output_CFLAGS = $(UNIT_CFLAGS)
tests_unit_output_LDADD = $(UNIT_LIBS)

# A terminal on stdin is restored however a tool ends (tests/pty-check.c
# plays the shell).
check_PROGRAMS += tests/pty-check
TESTS += tests/tty-restore.test
EXTRA_DIST += tests/tty-restore.test
tests_pty_check_SOURCES = tests/pty-check.c
tests/tty-restore.log: tests/pty-check$(EXEEXT)
