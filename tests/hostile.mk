## tests/hostile.mk: hostile guests (tests/hostile-*.S) and the tests that assert exactly how the VMM answers them.
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Real-mode guests run here; the paged kernels carry "# kvm: paging" in
# their tests and go to the KVM test host on hosts whose KVM cannot page.

HOSTILE_REAL_GUESTS = write span hypercalls ports mmio storm quiet thr
HOSTILE_REAL_BINS = $(HOSTILE_REAL_GUESTS:%=tests/hostile-%.bin)
HOSTILE_PM_KERNELS = tests/hostile-pm.elf tests/hostile-pm-wipe.elf
HOSTILE_TESTS = \
	tests/hostile-write.test \
	tests/hostile-span.test \
	tests/hostile-hypercalls.test \
	tests/hostile-ports.test \
	tests/hostile-mmio.test \
	tests/hostile-quad.test \
	tests/hostile-thr.test \
	tests/hostile-pm.test
TESTS += $(HOSTILE_TESTS)
check_DATA += $(HOSTILE_REAL_BINS) $(HOSTILE_PM_KERNELS)
EXTRA_DIST += $(HOSTILE_TESTS) tests/hostile-real.inc \
	$(HOSTILE_REAL_GUESTS:%=tests/hostile-%.S) tests/hostile-pm.S \
	tests/hostile-pm-wipe.S
CLEANFILES += $(HOSTILE_REAL_BINS) $(HOSTILE_REAL_GUESTS:%=tests/hostile-%.elf) \
	$(HOSTILE_PM_KERNELS) tests/hostile-pm.o tests/hostile-pm-wipe.o

# Real-mode guests: the rule of guests/local.mk, with tests/ searched for
# hostile-real.inc.
tests/hostile-%.bin: tests/hostile-%.S $(srcdir)/tests/hostile-real.inc
	$(GUEST_BIN)
$(HOSTILE_REAL_BINS): GUEST_ASFLAGS += -Wa,-I$(srcdir)/tests
# The .elf comes with the .bin; tests/kvmhost.mk makes every *.elf of
# CLEANFILES a test input, so it needs a rule (or a parallel make fails).
$(HOSTILE_REAL_GUESTS:%=tests/hostile-%.elf): tests/hostile-%.elf: tests/hostile-%.bin
	@test -f $@

# Paged kernels: like tests/pm.mk's test kernels (pm-lib.o, pm-kernel.ld).
tests/hostile-pm.o tests/hostile-pm-wipe.o: tests/%.o: tests/%.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
$(HOSTILE_PM_KERNELS): tests/%.elf: tests/%.o tests/pm-lib.o $(srcdir)/tests/pm-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/pm-kernel.ld -o $@ \
	  $< tests/pm-lib.o
.SECONDARY: tests/hostile-pm.o tests/hostile-pm-wipe.o
