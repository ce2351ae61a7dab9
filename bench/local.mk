## bench/local.mk: `make bench`: speed figures against the KVM floor and QEMU (never part of make check).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Everything here is built only by `make bench`: the two host programs are
# EXTRA_PROGRAMS, the guests plain files. bench/bench.sh runs the figures
# (bench/figures.sh) on this host's KVM and, for what it cannot run, in the
# KVM test host, then prints the table and writes bench/results.json.

EXTRA_PROGRAMS = bench/benchtime bench/kvm-floor bench/irqtime
bench_benchtime_SOURCES = bench/benchtime.c
bench_kvm_floor_SOURCES = bench/kvm-floor.c
bench_irqtime_SOURCES = bench/irqtime.c
BENCH_PROGS = bench/benchtime$(EXEEXT) bench/kvm-floor$(EXEEXT) \
	bench/irqtime$(EXEEXT)

# Real-mode bench guests: flat images built by the rule of guests/local.mk.
BENCH_GUESTS = floor putchar com1 write spin bootsect
BENCH_IMAGES = $(BENCH_GUESTS:%=bench/%.bin) bench/bootsect.img \
	bench/bios10h.img bench/mb-testkernel.bin

EXTRA_DIST += bench/README.md bench/bench.sh bench/figures.sh \
	$(BENCH_GUESTS:%=bench/%.S) bench/bios10h.S bench/mb-boot.S bench/mb-console.c \
	bench/mb-kernel.ld
CLEANFILES += $(BENCH_PROGS) $(BENCH_IMAGES) \
	$(BENCH_GUESTS:%=bench/%.elf) bench/bootsect-mbr.elf bench/bios10h.elf \
	bench/mb-boot.o bench/mb-console.o bench/mb-testkernel.elf \
	bench/results.json bench/results.txt

bench/%.bin: bench/%.S
	$(GUEST_BIN)

# The same code as bench/bootsect.bin, linked where a PC BIOS loads a boot
# sector (0x7C00) and signed: QEMU boots it from a raw disk image.
bench/bootsect.img: bench/bootsect.S
	$(AM_V_GEN)$(MKDIR_P) bench && \
	$(GUEST_CC) $(GUEST_ASFLAGS) -Wa,--defsym,BOOTSECTOR=1 -c -o bench/bootsect-mbr.o $< && \
	$(GUEST_LINK) -Ttext 0x7C00 -e _start -o bench/bootsect-mbr.elf bench/bootsect-mbr.o && \
	rm -f bench/bootsect-mbr.o && \
	$(GUEST_OBJCOPY) -O binary -j .text bench/bootsect-mbr.elf $@ && chmod a-x $@

# A boot sector that prints through int 10h: vmm-real --boot (its BIOS)
# and QEMU (SeaBIOS) boot the same image.
bench/bios10h.img: bench/bios10h.S
	$(AM_V_GEN)$(MKDIR_P) bench && \
	$(GUEST_CC) $(GUEST_ASFLAGS) -c -o bench/bios10h.o $< && \
	$(GUEST_LINK) -Ttext 0x7C00 -e _start -o bench/bios10h.elf bench/bios10h.o && \
	rm -f bench/bios10h.o && \
	$(GUEST_OBJCOPY) -O binary -j .text bench/bios10h.elf $@ && chmod a-x $@

# The test kernel's own objects with a Multiboot entry and a COM1 console
# instead of os-1k/boot.S's caller and os-1k/console.c: what QEMU can boot.
BENCH_MB_OBJS = bench/mb-boot.o os-1k/boot.o os-1k/testkernel.o \
	bench/mb-console.o os-1k/common.o
bench/mb-boot.o: bench/mb-boot.S
	@$(MKDIR_P) bench
	$(AM_V_GEN)$(OS1K_CC) -c -o $@ $<
bench/mb-console.o: bench/mb-console.c $(OS1K_INCS)
	@$(MKDIR_P) bench
	$(AM_V_CC)$(OS1K_CC) -c -o $@ $<
bench/mb-testkernel.elf: $(BENCH_MB_OBJS) bench/mb-kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/bench/mb-kernel.ld -o $@ $(BENCH_MB_OBJS) && chmod a-x $@
bench/mb-testkernel.bin: bench/mb-testkernel.elf
	$(AM_V_GEN)$(GUEST_OBJCOPY) -O binary $< $@ && chmod a-x $@

# BENCH_FLAGS for bench/bench.sh, e.g. make bench BENCH_FLAGS='--runs 11'.
BENCH_FLAGS =
bench:
	$(MAKE) $(AM_MAKEFLAGS) all $(BENCH_PROGS) $(BENCH_IMAGES) \
	  $(OS1K_TESTKERNEL) tests/kvm-probe$(EXEEXT) tests/irq-kernel.elf \
	  tests/debian-i386.vmlinuz tests/debian-i386.initrd.gz
	$(SHELL) $(srcdir)/bench/bench.sh --builddir '$(abs_top_builddir)' \
	  --srcdir '$(abs_top_srcdir)' $(BENCH_FLAGS)
.PHONY: bench
