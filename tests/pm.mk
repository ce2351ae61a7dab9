## tests/pm.mk: vmm-pm tests: loader and paged-mode unit tests, test kernels.

# ---- unit tests (Check; no KVM needed) ----
check_PROGRAMS += tests/unit-loader tests/unit-paged
TESTS += tests/unit-loader tests/unit-paged
tests_unit_loader_SOURCES = tests/unit-loader.c
tests_unit_loader_CFLAGS = $(UNIT_CFLAGS)
tests_unit_loader_LDADD = $(UNIT_LIBS)
tests_unit_paged_SOURCES = tests/unit-paged.c
tests_unit_paged_CFLAGS = $(UNIT_CFLAGS)
tests_unit_paged_LDADD = $(UNIT_LIBS)

# ---- integration tests: test kernels run by vmm-pm ----
# They need 32-bit paging, which kvm_pvm refuses: "# kvm: paging" in each
# script sends them to the KVM test host on such machines.
PM_TEST_KERNELS = tests/pm-segments.elf tests/pm-triple.elf \
	tests/pm-write.elf tests/pm-segments.bin
PM_TESTS = tests/pm-segments.test tests/pm-flat.test tests/pm-triple.test \
	tests/pm-write.test
TESTS += $(PM_TESTS)
EXTRA_DIST += $(PM_TESTS) tests/pm-kernel.ld tests/pm-lib.S \
	tests/pm-segments.S tests/pm-triple.S tests/pm-write.S
CLEANFILES += $(PM_TEST_KERNELS) tests/pm-lib.o tests/pm-segments.o \
	tests/pm-triple.o tests/pm-write.o
# Built before any of these tests runs, also when TESTS names a subset.
$(PM_TESTS:.test=.log): $(PM_TEST_KERNELS)
pm-test-kernels: $(PM_TEST_KERNELS)
.PHONY: pm-test-kernels
# Keep the objects: make would delete them as intermediates of the chain.
.SECONDARY: tests/pm-lib.o tests/pm-segments.o tests/pm-triple.o \
	tests/pm-write.o

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
