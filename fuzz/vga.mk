## fuzz/vga.mk: the VGA text renderers' libFuzzer target (included by Makefile.am).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest-chosen screens through libvmm/vga_text.c (pure: no KVM); see
# fuzz/vga-fuzz.c. `make fuzz` / `make fuzz-smoke` run it with the others;
# `make fuzz-vga [FUZZ_TIME=seconds]` builds and runs it alone.
FUZZ_TARGETS += fuzz/vga-fuzz
fuzz_vga_fuzz_SRCS = fuzz/vga-fuzz.c libvmm/vga_text.c
fuzz/vga-fuzz: $(fuzz_vga_fuzz_SRCS:%=$(srcdir)/%) $(srcdir)/libvmm/vmm.h
	$(FUZZ_BUILD)
EXTRA_DIST += fuzz/vga-fuzz.c fuzz/corpus/vga
CLEANFILES += fuzz/vga-fuzz

fuzz-vga: fuzz/vga-fuzz
	@$(MKDIR_P) fuzz/work/vga fuzz/artifacts
	@cp '$(srcdir)/fuzz/corpus/vga'/* fuzz/work/vga/ && chmod u+w fuzz/work/vga/*
	t='$(FUZZ_TIME)'; ./fuzz/vga-fuzz -max_total_time=$${t:-60} -timeout=25 \
	  -print_final_stats=1 -artifact_prefix=fuzz/artifacts/vga- fuzz/work/vga
.PHONY: fuzz-vga
