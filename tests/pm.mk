## tests/pm.mk: vmm-pm tests: loader and paged-mode unit tests, test kernels.
## SPDX-License-Identifier: GPL-2.0-or-later

# ---- unit tests (Check; no KVM needed) ----
check_PROGRAMS += tests/pm-host-probe
if HAVE_CHECK
check_PROGRAMS += tests/unit-loader tests/unit-paged tests/unit-multiboot
TESTS += tests/unit-loader tests/unit-paged tests/unit-multiboot
endif
tests_unit_loader_SOURCES = tests/unit-loader.c
tests_unit_loader_CFLAGS = $(UNIT_CFLAGS)
tests_unit_loader_LDADD = $(UNIT_LIBS)
tests_unit_multiboot_SOURCES = tests/unit-multiboot.c
tests_unit_multiboot_CFLAGS = $(UNIT_CFLAGS)
tests_unit_multiboot_LDADD = $(UNIT_LIBS)
tests_unit_paged_SOURCES = tests/unit-paged.c
tests_unit_paged_CFLAGS = $(UNIT_CFLAGS)
tests_unit_paged_LDADD = $(UNIT_LIBS)
# vmm_host_can_page32() through the installed API, for pm-nopaging.test.
tests_pm_host_probe_SOURCES = tests/pm-host-probe.c
tests_pm_host_probe_LDADD = libvmm/libvmm.la

# ---- integration tests: test kernels run by vmm-pm ----
# They need 32-bit paging, which kvm_pvm refuses: "# kvm: paging" in each
# script sends them to the KVM test host on such machines.
PM_TEST_KERNELS = tests/pm-segments.elf tests/pm-triple.elf \
	tests/pm-write.elf tests/pm-segments.bin tests/pm-pcdev.elf
PM_TESTS = tests/pm-options.test tests/pm-segments.test tests/pm-flat.test tests/pm-triple.test \
	tests/pm-write.test tests/pm-pcdev.test
# Not marked: they run wherever make check runs (vmm-pm refuses these
# before any guest instruction, so no paging is needed).
PM_HOST_TESTS = tests/pm-loader.test tests/pm-nopaging.test
TESTS += $(PM_TESTS) $(PM_HOST_TESTS)
EXTRA_DIST += $(PM_TESTS) $(PM_HOST_TESTS) tests/pm-kernel.ld tests/pm-lib.S \
	tests/pm-segments.S tests/pm-triple.S tests/pm-write.S tests/pm-pcdev.S
CLEANFILES += $(PM_TEST_KERNELS) tests/pm-lib.o tests/pm-segments.o \
	tests/pm-triple.o tests/pm-write.o tests/pm-pcdev.o
# Built before ANY test of the run starts, not just before these: on a host
# whose KVM cannot page, the first "# kvm: paging" test of a run boots the
# KVM test host once for all such tests of the run (tests/run-test), these
# included, possibly while make is still building. TEST_LOGS is the run's
# logs, also when TESTS or recheck names a subset.
$(TEST_LOGS): $(PM_TEST_KERNELS)
pm-test-kernels: $(PM_TEST_KERNELS)
.PHONY: pm-test-kernels
# Keep the objects: make would delete them as intermediates of the chain.
.SECONDARY: tests/pm-lib.o tests/pm-segments.o tests/pm-triple.o \
	tests/pm-write.o tests/pm-pcdev.o

# Guest code: GUEST_CC/GUEST_CFLAGS and GUEST_LINK, never the host's tools.
tests/pm-%.o: tests/pm-%.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/pm-%.elf: tests/pm-%.o tests/pm-lib.o $(srcdir)/tests/pm-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/pm-kernel.ld -o $@ \
	  $< tests/pm-lib.o
# The flat form: the image from 0x80001000 on, loaded at 0x1000 and entered
# at 0x80001000 (vmm-pm's defaults); the bss is RAM that starts zeroed.
tests/pm-segments.bin: tests/pm-segments.elf
	$(AM_V_GEN)$(GUEST_OBJCOPY) -O binary $< $@
check_DATA += $(PM_TEST_KERNELS)
