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
