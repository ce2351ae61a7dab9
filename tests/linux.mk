## tests/linux.mk: kernels booted by the Linux 32-bit boot protocol: Debian's memtest86+ under vmm-pm and its reference run under qemu-system-i386 -kernel.
## SPDX-License-Identifier: GPL-2.0-or-later

LINUX_TESTS = tests/linux-kernel.test tests/linux-memtest.test \
	tests/linux-options.test
TESTS += $(LINUX_TESTS)
EXTRA_DIST += $(LINUX_TESTS) tests/ansi-screen.sh tests/linux-kernel.S \
	tests/linux-initrd.txt

# Our own bzImage-style kernel: one assembly file, no link (its header and
# code sit at fixed file offsets); guest tools, never the host's.
check_DATA += tests/linux-kernel.bin
$(TEST_LOGS): tests/linux-kernel.bin
CLEANFILES += tests/linux-kernel.bin tests/linux-kernel.o
.SECONDARY: tests/linux-kernel.o
tests/linux-kernel.o: tests/linux-kernel.S
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<
tests/linux-kernel.bin: tests/linux-kernel.o
	$(AM_V_GEN)$(GUEST_OBJCOPY) -O binary -j .text $< $@
# Fetched and made on the build host (the KVM test host has no network and
# no QEMU), before any test of the run starts; never committed.
LINUX_FILES = tests/memtest86+ia32.bin tests/memtest86+ia32.qemu-ref
CLEANFILES += $(LINUX_FILES) tests/memtest86+ia32.bin.why \
	tests/memtest86+ia32.bin.tmp tests/memtest86+ia32.qemu-ref.tmp
check_DATA += $(LINUX_FILES)
$(TEST_LOGS): $(LINUX_FILES)

# Debian's memtest86+, a bzImage-style file of the Linux boot protocol.
# Offline, deb-fetch.sh leaves no file but tests/memtest86+ia32.bin.why,
# and the test skips with that reason.
tests/memtest86+ia32.bin:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(SHELL) $(srcdir)/tests/deb-fetch.sh \
	  memtest86+ boot/memtest86+ia32.bin $@

# memtest86+ never stops by itself: QEMU runs it for LINUX_QEMU_SECONDS
# (the reference is a build product, not a test assertion), and the test
# compares only as far as both got. Without the file or QEMU, the reference
# says why on its first line.
LINUX_QEMU = qemu-system-i386
LINUX_QEMU_SECONDS = 30
tests/memtest86+ia32.qemu-ref: tests/memtest86+ia32.bin
	$(AM_V_GEN)bin=tests/memtest86+ia32.bin; \
	if [ ! -f $$bin ]; then \
	  { printf 'SKIP: '; cat $$bin.why 2>/dev/null || echo "no $$bin"; } >$@; \
	elif ! command -v $(LINUX_QEMU) >/dev/null 2>&1; then \
	  echo "SKIP: $(LINUX_QEMU) is not installed on the build host" >$@; \
	else \
	  rm -f $@.tmp; \
	  timeout $(LINUX_QEMU_SECONDS) $(LINUX_QEMU) -kernel $$bin \
	    -append console=ttyS0,115200 -m 32 -serial file:$@.tmp \
	    -display none -monitor none -no-reboot </dev/null >/dev/null 2>&1; \
	  st=$$?; \
	  if [ $$st = 124 ] && grep -q 'Memtest86+' $@.tmp; then mv $@.tmp $@; \
	  else echo "SKIP: $(LINUX_QEMU) -kernel $$bin exited with status $$st and no banner" >$@; \
	    rm -f $@.tmp; fi; \
	fi

# ---- unit tests (Check; no KVM needed) ----
if HAVE_CHECK
check_PROGRAMS += tests/unit-linux
TESTS += tests/unit-linux
endif
tests_unit_linux_SOURCES = tests/unit-linux.c
tests_unit_linux_CFLAGS = $(UNIT_CFLAGS)
tests_unit_linux_LDADD = $(UNIT_LIBS)
