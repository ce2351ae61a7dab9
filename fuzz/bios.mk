## fuzz/bios.mk: the BIOS's libFuzzer target: int 13h request decoding (CHS, EDD packets) and the console model (included by Makefile.am).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# The decoder is pure, so the target links only it and the console model;
# see fuzz/bios-fuzz.c. `make fuzz` / `make fuzz-smoke` run it with the
# others; `make fuzz-bios [FUZZ_TIME=seconds]` builds and runs it alone.
FUZZ_TARGETS += fuzz/bios-fuzz
fuzz_bios_fuzz_SRCS = fuzz/bios-fuzz.c libvmm/bios_disk_decode.c \
	libvmm/bios_tty.c
fuzz/bios-fuzz: $(fuzz_bios_fuzz_SRCS:%=$(srcdir)/%) $(srcdir)/libvmm/bios.h
	$(FUZZ_BUILD)
EXTRA_DIST += fuzz/bios-fuzz.c fuzz/corpus/bios
CLEANFILES += fuzz/bios-fuzz

fuzz-bios: fuzz/bios-fuzz
	@$(MKDIR_P) fuzz/work/bios fuzz/artifacts
	@cp '$(srcdir)/fuzz/corpus/bios'/* fuzz/work/bios/ && chmod u+w fuzz/work/bios/*
	t='$(FUZZ_TIME)'; ./fuzz/bios-fuzz -max_total_time=$${t:-60} -timeout=25 \
	  -print_final_stats=1 -artifact_prefix=fuzz/artifacts/bios- fuzz/work/bios
.PHONY: fuzz-bios

# The BIOS device as a whole: hostile calls through the exit dispatch, on
# a hand-made VM (see fuzz/biosdev-fuzz.c); the sources the hypercall
# target links, and the BIOS's.
FUZZ_TARGETS += fuzz/biosdev-fuzz
fuzz_biosdev_fuzz_SRCS = fuzz/biosdev-fuzz.c libvmm/vcpu.c libvmm/irq.c \
	libvmm/pic.c libvmm/dev_kbd.c libvmm/i8042.c libvmm/dev_uart.c libvmm/uart.c libvmm/guestmem.c \
	libvmm/io.c libvmm/vm.c libvmm/batch.c libvmm/outbuf.c libvmm/stats.c \
	libvmm/dump.c libvmm/error.c libvmm/bios.c libvmm/bios_video.c libvmm/dev_vga.c \
	libvmm/bios_tty.c libvmm/bios_disk.c libvmm/bios_disk_decode.c \
	libvmm/bios_kbd.c libvmm/bios_clock.c libvmm/bios_system.c
fuzz/biosdev-fuzz: $(fuzz_biosdev_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_DEPS) \
		$(srcdir)/libvmm/bios.h $(srcdir)/libvmm/pic.h $(srcdir)/libvmm/uart.h
	$(FUZZ_BUILD) -pthread
EXTRA_DIST += fuzz/biosdev-fuzz.c fuzz/corpus/biosdev
CLEANFILES += fuzz/biosdev-fuzz

fuzz-biosdev: fuzz/biosdev-fuzz
	@$(MKDIR_P) fuzz/work/biosdev fuzz/artifacts
	@cp '$(srcdir)/fuzz/corpus/biosdev'/* fuzz/work/biosdev/ && chmod u+w fuzz/work/biosdev/*
	t='$(FUZZ_TIME)'; ./fuzz/biosdev-fuzz -max_total_time=$${t:-60} -timeout=25 \
	  -print_final_stats=1 -artifact_prefix=fuzz/artifacts/biosdev- fuzz/work/biosdev
.PHONY: fuzz-biosdev
