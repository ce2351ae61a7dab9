## tests/mb.mk: the Multiboot test kernel, its run under vmm-pm and its reference output from qemu-system-i386 -kernel.
## SPDX-License-Identifier: GPL-2.0-or-later

MB_TESTS = tests/mb-kernel.test
TESTS += $(MB_TESTS)
EXTRA_DIST += $(MB_TESTS) tests/mb-boot.S tests/mb-kernel.c \
	tests/mb-kernel.ld tests/mb-mod1.txt tests/mb-mod2.txt
# The reference is a build product: made on the build host (which has
# QEMU; the KVM test host does not), before any test of the run starts.
MB_FILES = tests/mb-kernel.elf tests/mb-kernel.qemu-ref
CLEANFILES += $(MB_FILES) tests/mb-boot.o tests/mb-kernel.o \
	tests/mb-kernel.qemu-ref.tmp
check_DATA += $(MB_FILES)
$(TEST_LOGS): $(MB_FILES)
.SECONDARY: tests/mb-boot.o tests/mb-kernel.o

# Guest code: GUEST_CC/GUEST_CFLAGS and GUEST_LINK, never the host's tools.
tests/mb-boot.o: tests/mb-boot.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/mb-kernel.o: tests/mb-kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/mb-kernel.elf: tests/mb-boot.o tests/mb-kernel.o $(srcdir)/tests/mb-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/mb-kernel.ld -o $@ \
	  tests/mb-boot.o tests/mb-kernel.o

# The kernel under QEMU, with the arguments tests/mb-kernel.test gives
# vmm-pm; run from the modules' directory so that their strings match.
# Without QEMU, or if it fails, the file says why and the test skips the
# comparison. QEMU's isa-debug-exit makes its status (0x21 << 1) | 1 = 67.
MB_QEMU = qemu-system-i386
tests/mb-kernel.qemu-ref: tests/mb-kernel.elf $(srcdir)/tests/mb-mod1.txt \
		$(srcdir)/tests/mb-mod2.txt
	$(AM_V_GEN)elf=$$(cd $(@D) && pwd)/mb-kernel.elf; out=$$(pwd)/$@; \
	if ! command -v $(MB_QEMU) >/dev/null 2>&1; then \
	  echo "SKIP: $(MB_QEMU) is not installed on the build host" >$@; \
	else \
	  (cd $(srcdir)/tests && timeout 60 $(MB_QEMU) -kernel "$$elf" \
	    -append 'console=ttyS0 mb test' \
	    -initrd 'mb-mod1.txt one,mb-mod2.txt' -m 32 -serial stdio \
	    -display none -monitor none -no-reboot \
	    -device isa-debug-exit,iobase=0xf4,iosize=4 </dev/null) \
	    >"$$out.tmp" 2>&1; st=$$?; \
	  if [ $$st = 67 ]; then mv "$$out.tmp" $@; \
	  else echo "SKIP: $(MB_QEMU) -kernel exited with status $$st, not 67" >$@; \
	    cat "$$out.tmp" >>$@; rm -f "$$out.tmp"; fi; \
	fi

# The Multiboot header and boot stack the kernels' entry files share.
EXTRA_DIST += tests/mb-header.inc
tests/mb-boot.o tests/irq-boot.o tests/vga-boot.o tests/mb-pcports-boot.o: \
	$(srcdir)/tests/mb-header.inc
# The port I/O and COM1 helpers of the Multiboot test kernels' C files
# (tests/mb-tut.mk lists its own).
tests/mb-kernel.o tests/irq-kernel.o tests/vga-rom.o: $(srcdir)/tests/mb-io.h
