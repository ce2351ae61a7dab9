## tests/irq.mk: the interrupt test kernel (PICs, PIT IRQ0, RTC IRQ8, the i8042 and IRQ1, COM1's IRQ4, the HLT rule), its runs under vmm-pm and its reference outputs from qemu-system-i386 -kernel.
## SPDX-License-Identifier: GPL-2.0-or-later

IRQ_TESTS = tests/irq-kernel.test tests/irq-hostile.test tests/irq-gdb.test \
	tests/irq-kbd.test tests/irq-flood.test
TESTS += $(IRQ_TESTS)
EXTRA_DIST += $(IRQ_TESTS) tests/irq-boot.S tests/irq-kernel.c
# irq-flood.test's peak-RSS reporter (wait4's rusage).
check_PROGRAMS += tests/rss-run
tests_rss_run_SOURCES = tests/rss-run.c
tests/irq-flood.log: tests/rss-run$(EXEEXT)
# The references are build products, made on the build host (which has
# QEMU; the KVM test host does not) before any test of the run starts.
IRQ_SCENARIOS = ticks pic kbdcmd nest comtx rtc
IRQ_FILES = tests/irq-kernel.elf $(IRQ_SCENARIOS:%=tests/irq-kernel.%.qemu-ref)
CLEANFILES += $(IRQ_FILES) tests/irq-boot.o tests/irq-kernel.o \
	$(IRQ_SCENARIOS:%=tests/irq-kernel.%.qemu-ref.tmp)
check_DATA += $(IRQ_FILES)
$(TEST_LOGS): $(IRQ_FILES)
.SECONDARY: tests/irq-boot.o tests/irq-kernel.o

# Guest code: GUEST_CC/GUEST_CFLAGS and GUEST_LINK, never the host's tools.
# The Multiboot test kernel's link script serves this one too.
tests/irq-boot.o: tests/irq-boot.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/irq-kernel.o: tests/irq-kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/irq-kernel.elf: tests/irq-boot.o tests/irq-kernel.o $(srcdir)/tests/mb-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/mb-kernel.ld -o $@ \
	  tests/irq-boot.o tests/irq-kernel.o

# The scenarios that end through isa-debug-exit, under QEMU (the others
# hang there by design: a HLT with IF=0 is forever on a PC). Without QEMU,
# or if it fails, the file says why and the test skips the comparison.
# QEMU's isa-debug-exit makes its status (0x21 << 1) | 1 = 67.
tests/irq-kernel.%.qemu-ref: tests/irq-kernel.elf
	$(AM_V_GEN)if ! command -v $(MB_QEMU) >/dev/null 2>&1; then \
	  echo "SKIP: $(MB_QEMU) is not installed on the build host" >$@; \
	else \
	  timeout 60 $(MB_QEMU) -kernel tests/irq-kernel.elf -append 'test=$*' \
	    -m 32 -serial stdio -display none -monitor none -no-reboot \
	    -device isa-debug-exit,iobase=0xf4,iosize=4 </dev/null \
	    >$@.tmp 2>&1; st=$$?; \
	  if [ $$st = 67 ]; then mv $@.tmp $@; \
	  else echo "SKIP: $(MB_QEMU) -kernel exited with status $$st, not 67" >$@; \
	    cat $@.tmp >>$@; rm -f $@.tmp; fi; \
	fi

# Debian's grub-invaders (a Multiboot a.out-kludge game that polls the
# i8042 and the PIT and draws on the VGA text screen), fetched on the build
# host like memtest86+ (tests/linux.mk); offline there is no file, only
# tests/invaders.bin.why, and the test skips with that reason.
TESTS += tests/irq-invaders.test
EXTRA_DIST += tests/irq-invaders.test
CLEANFILES += tests/invaders.bin tests/invaders.bin.why tests/invaders.bin.tmp
check_DATA += tests/invaders.bin
$(TEST_LOGS): tests/invaders.bin
tests/invaders.bin:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(SHELL) $(srcdir)/tests/deb-fetch.sh \
	  grub-invaders boot/invaders.exec $@
