## tests/real.mk: vmm-real integration tests and the test-only real-mode guests they run.
## SPDX-License-Identifier: GPL-2.0-or-later

REAL_TESTS = \
	tests/real-guests.test \
	tests/real-multi.test \
	tests/real-isolation.test \
	tests/real-input.test \
	tests/real-status.test \
	tests/real-crash.test \
	tests/real-badinput.test \
	tests/real-cli.test \
	tests/real-wholelines.test \
	tests/real-idle.test
TESTS += $(REAL_TESTS)
# vmm-real still splits lines: with --no-prefix it does not buffer them at
# all, and with prefixes it ends the partial line before every read of
# input. Remove this once it prints whole lines (doc/design.md#vmm-real).

# Test-only guests: tests/real-NAME.bin, never installed, built by the
# same rule as the installed guests (guests/local.mk) before the tests run.
REAL_TEST_GUESTS = big chatter exit3 exit42 idle loop nonl scribble triple \
	uartecho victim
REAL_TEST_BINS = $(REAL_TEST_GUESTS:%=tests/real-%.bin)
check_DATA += $(REAL_TEST_BINS)
EXTRA_DIST += $(REAL_TESTS) $(REAL_TEST_GUESTS:%=tests/real-%.S)
CLEANFILES += $(REAL_TEST_BINS) $(REAL_TEST_GUESTS:%=tests/real-%.elf)

# Prerequisites of the logs, so also built when TESTS names a subset.
$(REAL_TESTS:.test=.log): $(REAL_TEST_BINS) $(REAL_GUESTS:%=guests/%.bin)

tests/real-%.bin: tests/real-%.S
	$(GUEST_BIN)
