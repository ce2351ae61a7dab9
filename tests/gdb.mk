## tests/gdb.mk: the gdb stub: Check unit tests of the protocol, gdb sessions against real-mode guests and os-1k.
## SPDX-License-Identifier: GPL-2.0-or-later

if HAVE_CHECK
check_PROGRAMS += tests/unit-gdb
TESTS += tests/unit-gdb
endif
tests_unit_gdb_SOURCES = tests/unit-gdb.c
tests_unit_gdb_CFLAGS = $(UNIT_CFLAGS)
tests_unit_gdb_LDADD = $(UNIT_LIBS)

GDB_TESTS = tests/gdb-real.test tests/gdb-os1k.test tests/gdb-idle.test \
	tests/gdb-nowait.test
TESTS += $(GDB_TESTS)
EXTRA_DIST += $(GDB_TESTS) tests/gdb-lib.sh tests/gdb-fetch.sh tests/gdb-guest.S

# The real-mode test guest, built like the others (guests/local.mk); its
# .elf (for gdb's symbols) comes with the .bin.
check_DATA += tests/gdb-guest.bin tests/gdb-guest.elf
CLEANFILES += tests/gdb-guest.bin tests/gdb-guest.elf
tests/gdb-guest.bin: tests/gdb-guest.S
	$(GUEST_BIN)
tests/gdb-guest.elf: tests/gdb-guest.bin
	@test -f $@

# gdb inside the KVM test host, where the tests run on a host whose KVM
# cannot page or that has none (tests/kvm-probe says 1, 3, or 4 with
# KVMHOST_USE=1; see tests/run-test) and under `make check-kvmhost`:
# Debian's gdb-minimal, fetched once into the test host's cache (see
# tests/gdb-fetch.sh). The test host copies tests/gdb-minimal and its
# libraries like every program in tests/. Best effort: without it those
# sessions skip in the test host. Elsewhere nothing is fetched.
check_DATA += gdb-minimal-for-kvmhost
gdb-minimal-for-kvmhost: tests/kvm-probe$(EXEEXT)
	@$(MKDIR_P) tests; \
	need='$(KVMHOST_ALL)'; \
	tests/kvm-probe$(EXEEXT) >/dev/null 2>&1; \
	case $$?:$${KVMHOST_USE-} in 1:* | 3:* | 4:1) need=1 ;; esac; \
	case $$need in 1 | yes) \
	  echo "  GEN      tests/gdb-minimal"; \
	  $(SHELL) $(srcdir)/tests/gdb-fetch.sh tests/gdb-minimal ;; \
	esac
CLEANFILES += tests/gdb-minimal
.PHONY: gdb-minimal-for-kvmhost

$(GDB_TESTS:.test=.log): tests/gdb-guest.bin
