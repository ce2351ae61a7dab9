## tests/mb-tut.mk: the tutorial-style Multiboot kernels of issue 15 (a.out kludge, higher half, PC ports), their runs under vmm-pm and their reference outputs from qemu-system-i386 -kernel.
## SPDX-License-Identifier: GPL-2.0-or-later

MB_TUT_TESTS = tests/mb-aout.test tests/mb-high.test tests/mb-pcports.test
TESTS += $(MB_TUT_TESTS)
EXTRA_DIST += $(MB_TUT_TESTS) tests/mb-io.h tests/mb-qemu-ref.sh \
	tests/mb-aout.S tests/mb-aout.c tests/mb-aout.ld \
	tests/mb-high.S tests/mb-high.c tests/mb-high.ld \
	tests/mb-pcports.S tests/mb-pcports.c
# The references are build products, as tests/mb.mk's: made on the build
# host (which has QEMU; the KVM test host does not) before any test runs.
MB_TUT_FILES = tests/mb-aout.bin tests/mb-aout.qemu-ref \
	tests/mb-high.elf tests/mb-high.qemu-ref \
	tests/mb-pcports.elf tests/mb-pcports.qemu-ref
MB_TUT_OBJS = tests/mb-aout-boot.o tests/mb-aout.o tests/mb-aout.elf \
	tests/mb-high-boot.o tests/mb-high.o \
	tests/mb-pcports-boot.o tests/mb-pcports.o
CLEANFILES += $(MB_TUT_FILES) $(MB_TUT_OBJS) \
	$(MB_TUT_FILES:=.tmp)
check_DATA += $(MB_TUT_FILES)
$(TEST_LOGS): $(MB_TUT_FILES)
.SECONDARY: $(MB_TUT_OBJS)

# Guest code: GUEST_CC/GUEST_CFLAGS and GUEST_LINK, never the host's tools.
# The C files include tests/mb-io.h from their own directory.
tests/mb-aout-boot.o: tests/mb-aout.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/mb-aout.o: tests/mb-aout.c tests/mb-io.h
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $(srcdir)/tests/mb-aout.c
tests/mb-high-boot.o: tests/mb-high.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/mb-high.o: tests/mb-high.c tests/mb-io.h
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $(srcdir)/tests/mb-high.c
tests/mb-pcports-boot.o: tests/mb-pcports.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/mb-pcports.o: tests/mb-pcports.c tests/mb-io.h
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $(srcdir)/tests/mb-pcports.c

# The a.out-kludge kernel is the flat image objcopy makes of its ELF
# (.bss, NOBITS, is left out: the header's bss_end_addr covers it), then
# 32 KiB of 0xAA bytes past load_end_addr: a loader that copied the whole
# file instead of stopping there would leave them in the kernel's .bss
# (stack, then the 64 KiB it checks), which must read as zero.
tests/mb-aout.elf: tests/mb-aout-boot.o tests/mb-aout.o $(srcdir)/tests/mb-aout.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/mb-aout.ld -o $@ \
	  tests/mb-aout-boot.o tests/mb-aout.o
tests/mb-aout.bin: tests/mb-aout.elf
	$(AM_V_GEN)$(GUEST_OBJCOPY) -O binary $< $@.tmp && \
	  head -c 32768 /dev/zero | tr '\000' '\252' >>$@.tmp && mv $@.tmp $@
tests/mb-high.elf: tests/mb-high-boot.o tests/mb-high.o $(srcdir)/tests/mb-high.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/mb-high.ld -o $@ \
	  tests/mb-high-boot.o tests/mb-high.o
# The PC-ports kernel is laid out as tests/mb-kernel.elf is.
tests/mb-pcports.elf: tests/mb-pcports-boot.o tests/mb-pcports.o $(srcdir)/tests/mb-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/mb-kernel.ld -o $@ \
	  tests/mb-pcports-boot.o tests/mb-pcports.o

tests/mb-aout.qemu-ref: tests/mb-aout.bin $(srcdir)/tests/mb-qemu-ref.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/tests/mb-qemu-ref.sh $@ tests/mb-aout.bin
tests/mb-high.qemu-ref: tests/mb-high.elf $(srcdir)/tests/mb-qemu-ref.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/tests/mb-qemu-ref.sh $@ tests/mb-high.elf
tests/mb-pcports.qemu-ref: tests/mb-pcports.elf $(srcdir)/tests/mb-qemu-ref.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/tests/mb-qemu-ref.sh $@ tests/mb-pcports.elf
