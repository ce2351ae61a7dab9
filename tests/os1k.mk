## tests/os1k.mk: integration tests of the test kernel and os-1k (all need 32-bit paging).
## SPDX-License-Identifier: GPL-2.0-or-later

OS1K_TESTS = tests/os1k-testkernel.test tests/os1k-session.test \
	tests/os1k-faults.test tests/os1k-readonly.test tests/os1k-timer.test
TESTS += $(OS1K_TESTS)
EXTRA_DIST += $(OS1K_TESTS) tests/os1k-testkernel.expected \
	tests/os1k-session.expected tests/os1k-faults.expected
# Built before any test runs: the test host runs a whole batch in one boot.
check_DATA += $(OS1K_TESTKERNEL)
