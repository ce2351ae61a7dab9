## tests/boot.mk: boot sectors under vmm-real --boot (the BIOS), their test images, and QEMU's output for the same images as a reference.
## SPDX-License-Identifier: GPL-2.0-or-later

BOOT_TESTS = \
	tests/boot-badinput.test \
	tests/boot-hello.test \
	tests/boot-keys.test \
	tests/boot-clock.test \
	tests/boot-disk.test \
	tests/boot-e820.test \
	tests/boot-screen.test \
	tests/boot-multi.test \
	tests/boot-syslinux.test \
	tests/boot-vga.test \
	tests/boot-a20.test
TESTS += $(BOOT_TESTS)

# Test boot sectors: tests/boot-NAME.img, sector 0 and whatever sectors
# follow it, linked where the BIOS loads them (0x7C00); never installed.
BOOT_IMAGES = hello keys clock disk e820 screen crash vga a20
BOOT_IMGS = $(BOOT_IMAGES:%=tests/boot-%.img)
# QEMU's output for the images it can run alike (made on the build host:
# the KVM test host has no QEMU).
BOOT_QEMU_REFS = tests/boot-hello.qemu-ref tests/boot-disk.qemu-ref tests/boot-a20.qemu-ref \
	tests/boot-clock.qemu-ref
check_DATA += $(BOOT_IMGS) $(BOOT_QEMU_REFS)
EXTRA_DIST += $(BOOT_TESTS) $(BOOT_IMAGES:%=tests/boot-%.S) tests/boot-lib.inc \
	tests/mbr-image.sh
CLEANFILES += $(BOOT_IMGS) $(BOOT_IMAGES:%=tests/boot-%.elf) \
	$(BOOT_QEMU_REFS) $(BOOT_QEMU_REFS:=.tmp) $(BOOT_QEMU_REFS:.qemu-ref=.qemu-img)
$(BOOT_TESTS:.test=.log): $(BOOT_IMGS) $(BOOT_QEMU_REFS) $(SYSLINUX_FILES)

# As guests/local.mk's GUEST_BIN, linked at 0x7C00.
tests/boot-%.img: tests/boot-%.S $(srcdir)/tests/boot-lib.inc
	$(GUEST_BIN_V)$(MKDIR_P) $(@D) && \
	$(GUEST_CC) $(GUEST_ASFLAGS) -I$(srcdir)/tests -c -o $(@:.img=.o) $< && \
	$(GUEST_LINK) -Ttext 0x7C00 -e _start -o $(@:.img=.elf) $(@:.img=.o) && \
	rm -f $(@:.img=.o) && \
	$(GUEST_OBJCOPY) -O binary -j .text $(@:.img=.elf) $@ && \
	chmod a-x $@

# The image booted by QEMU (SeaBIOS) on a private copy, its output mirrored
# to the debug console 0xE9, its end through isa-debug-exit (status
# 0 * 2 + 1 = 1). Without QEMU, or if it fails, the file says why and the
# test skips the comparison.
BOOT_QEMU = qemu-system-i386
tests/boot-%.qemu-ref: tests/boot-%.img
	$(AM_V_GEN)$(BOOT_QEMU_SH)
BOOT_QEMU_SH = img=$@.qemu-img; rm -f $@.tmp; \
	if ! command -v $(BOOT_QEMU) >/dev/null 2>&1; then \
	  echo "SKIP: $(BOOT_QEMU) is not installed on the build host" >$@; \
	else \
	  cp $< $$img && \
	  timeout 60 $(BOOT_QEMU) -drive file=$$img,format=raw -display none \
	    -debugcon file:$@.tmp -device isa-debug-exit,iobase=0xf4,iosize=4 \
	    -monitor none -serial none -no-reboot </dev/null >/dev/null 2>&1; \
	  st=$$?; rm -f $$img; \
	  if [ $$st = 1 ] && [ -f $@.tmp ]; then tr -d '\r' <$@.tmp >$@; rm -f $@.tmp; \
	  else echo "SKIP: $(BOOT_QEMU) exited with status $$st, not 1" >$@; \
	    rm -f $@.tmp; fi; \
	fi

# The BIOS's pure parts (int 13h decoding, the console model), no KVM.
if HAVE_CHECK
check_PROGRAMS += tests/unit-bios
TESTS += tests/unit-bios
endif
tests_unit_bios_SOURCES = tests/unit-bios.c
tests_unit_bios_CFLAGS = $(UNIT_CFLAGS)
tests_unit_bios_LDADD = $(UNIT_LIBS)

# syslinux's MBRs (Debian's syslinux-common), fetched, never committed:
# mbr.bin chain-loads boot-hello.img from an active partition, or prints its
# error with none; handoff.bin, behind mbr.bin, shows what it was handed.
# Offline, deb-fetch.sh leaves a .why instead of the file, the images
# (tests/mbr-image.sh) are not made and the test skips with that reason.
SYSLINUX_MBRS = tests/syslinux-mbr.bin tests/syslinux-handoff.bin
SYSLINUX_IMGS = tests/syslinux-hello.bin tests/syslinux-none.bin \
	tests/syslinux-handoffvbr.bin
SYSLINUX_REFS = tests/syslinux-hello.qemu-ref tests/syslinux-handoffvbr.qemu-ref
SYSLINUX_FILES = $(SYSLINUX_MBRS) $(SYSLINUX_IMGS) $(SYSLINUX_REFS)
check_DATA += $(SYSLINUX_FILES)
CLEANFILES += $(SYSLINUX_FILES) $(SYSLINUX_MBRS:=.why) $(SYSLINUX_IMGS:=.why) \
	$(SYSLINUX_IMGS:=.tmp) $(SYSLINUX_REFS:=.tmp) $(SYSLINUX_REFS:.qemu-ref=.qemu-img)
tests/syslinux-mbr.bin:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(SHELL) $(srcdir)/tests/deb-fetch.sh \
	  syslinux-common usr/lib/syslinux/mbr/mbr.bin $@
tests/syslinux-handoff.bin:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(SHELL) $(srcdir)/tests/deb-fetch.sh \
	  syslinux-common usr/lib/syslinux/mbr/diag/handoff/handoff.bin $@
# $(1): MBR, $(2): VBR, $(3): active|inactive.
SYSLINUX_IMG = $(AM_V_GEN)rm -f $@ $@.why; \
	if [ -f $(1) ]; then $(SHELL) $(srcdir)/tests/mbr-image.sh $(1) $(2) $(3) $@; \
	else cp $(1).why $@.why; fi
tests/syslinux-hello.bin: tests/syslinux-mbr.bin tests/boot-hello.img $(srcdir)/tests/mbr-image.sh
	$(call SYSLINUX_IMG,tests/syslinux-mbr.bin,tests/boot-hello.img,active)
tests/syslinux-none.bin: tests/syslinux-mbr.bin tests/boot-hello.img $(srcdir)/tests/mbr-image.sh
	$(call SYSLINUX_IMG,tests/syslinux-mbr.bin,tests/boot-hello.img,inactive)
tests/syslinux-handoffvbr.bin: tests/syslinux-mbr.bin tests/syslinux-handoff.bin \
		$(srcdir)/tests/mbr-image.sh
	$(AM_V_GEN)rm -f $@ $@.why; \
	if [ -f tests/syslinux-handoff.bin ]; then \
	  $(SHELL) $(srcdir)/tests/mbr-image.sh tests/syslinux-mbr.bin \
	    tests/syslinux-handoff.bin active $@ || exit 1; \
	else cp tests/syslinux-handoff.bin.why $@.why; fi
# mbr.bin then boot-hello.img under QEMU: boot-hello mirrors its output to
# the debug console, as for tests/boot-hello.qemu-ref.
tests/syslinux-hello.qemu-ref: tests/syslinux-hello.bin
	$(AM_V_GEN)if [ ! -f $< ]; then { printf 'SKIP: '; cat $<.why; } >$@; \
	else $(BOOT_QEMU_SH); fi
# handoff.bin prints to the screen only: tests/vga-screen runs QEMU until
# "Press any key" shows, and renders the screen as vmm's renderer does.
tests/syslinux-handoffvbr.qemu-ref: tests/syslinux-handoffvbr.bin \
		tests/vga-screen$(EXEEXT) $(srcdir)/tests/vga-qemu-ref.sh
	$(AM_V_GEN)rm -f $@; \
	if [ ! -f $< ]; then { printf 'SKIP: '; cat $<.why; } >$@; \
	else cp $< $@.qemu-img && \
	  $(VGA_REF) drive:$@.qemu-img $@ screen 'Press any key'; \
	  rm -f $@.qemu-img; fi
