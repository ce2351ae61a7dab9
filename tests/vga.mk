## tests/vga.mk: VGA text mode: the VGA test kernel, Debian's Multiboot example kernel, their screens under vmm-pm --vga=dump and the reference screens from qemu-system-i386 -kernel.
## SPDX-License-Identifier: GPL-2.0-or-later

VGA_TESTS = tests/vga-kernel.test tests/vga-multiboot-example.test \
	tests/vga-live.test tests/vga-rom.test tests/pm-vga.test
TESTS += $(VGA_TESTS)
EXTRA_DIST += $(VGA_TESTS) tests/vga-boot.S tests/vga-kernel.c tests/vga-rom.c \
	tests/pm-vga.S tests/vga-spin.S \
	tests/vga-qemu-ref.sh

# The build host's helper: QEMU's screen through its monitor, rendered by
# libvmm's renderer (tests/vga-screen.c).
check_PROGRAMS += tests/vga-screen
tests_vga_screen_SOURCES = tests/vga-screen.c
tests_vga_screen_LDADD = libvmm/libvmmcore.la
# --vga=live on a pseudo-terminal (tests/vga-live.test).
check_PROGRAMS += tests/vga-live-check
tests_vga_live_check_SOURCES = tests/vga-live-check.c

# References are build products made on the build host (which has QEMU and
# the network; the KVM test host has neither) before any test starts.
# The example kernel is fetched, never committed (tests/deb-fetch.sh).
VGA_FILES = tests/vga-kernel.elf tests/vga-kernel.qemu-ref tests/vga-rom.elf \
	tests/pm-vga.elf tests/vga-spin.elf \
	tests/multiboot-example.elf tests/multiboot-example.qemu-ref
CLEANFILES += $(VGA_FILES) tests/vga-boot.o tests/vga-kernel.o tests/vga-rom.o \
	tests/pm-vga.o tests/vga-spin.o \
	tests/multiboot-example.elf.why
check_DATA += $(VGA_FILES)
$(TEST_LOGS): $(VGA_FILES)
.SECONDARY: tests/vga-boot.o tests/vga-kernel.o tests/vga-rom.o tests/pm-vga.o \
	tests/vga-spin.o
# tests/pm-vga.elf: tests/pm.mk's pattern rules (a vmm-protocol kernel).

tests/vga-boot.o: tests/vga-boot.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/vga-kernel.o: tests/vga-kernel.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/vga-kernel.elf: tests/vga-boot.o tests/vga-kernel.o $(srcdir)/tests/mb-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/mb-kernel.ld -o $@ \
	  tests/vga-boot.o tests/vga-kernel.o

tests/vga-rom.o: tests/vga-rom.c
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/vga-rom.elf: tests/vga-boot.o tests/vga-rom.o $(srcdir)/tests/mb-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/mb-kernel.ld -o $@ \
	  tests/vga-boot.o tests/vga-rom.o

tests/vga-spin.o: tests/vga-spin.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/vga-spin.elf: tests/vga-spin.o $(srcdir)/tests/mb-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/tests/mb-kernel.ld -o $@ tests/vga-spin.o

tests/multiboot-example.elf:
	$(AM_V_GEN)$(SHELL) $(srcdir)/tests/deb-fetch.sh multiboot \
	  usr/lib/multiboot/examples/kernel $@

# A reference: COM1's output, then the screen as vmm-pm --vga=dump prints
# it (tests/vga-qemu-ref.sh; "SKIP: why" without QEMU or the kernel).
VGA_REF = $(SHELL) $(srcdir)/tests/vga-qemu-ref.sh tests/vga-screen$(EXEEXT)
tests/vga-kernel.qemu-ref: tests/vga-kernel.elf tests/vga-screen$(EXEEXT) \
		$(srcdir)/tests/vga-qemu-ref.sh
	$(AM_V_GEN)$(VGA_REF) tests/vga-kernel.elf $@ serial 'vga-kernel: done' -m 32
tests/multiboot-example.qemu-ref: tests/multiboot-example.elf \
		tests/vga-screen$(EXEEXT) $(srcdir)/tests/vga-qemu-ref.sh
	$(AM_V_GEN)$(VGA_REF) tests/multiboot-example.elf $@ screen 'Halted.' \
	  -m 64 -append 'foo=bar test'
