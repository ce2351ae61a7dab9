## fuzz/pc.mk: the PC device models' libFuzzer target (included by Makefile.am).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# PIT (with port 0x61) and CMOS/RTC register sequences on a fuzzed clock;
# see fuzz/pc-fuzz.c. The models are pure, so the target links only them.
# `make fuzz` / `make fuzz-smoke` run it with the others; `make fuzz-pc
# [FUZZ_TIME=seconds]` builds and runs it alone.
FUZZ_TARGETS += fuzz/pc-fuzz
fuzz_pc_fuzz_SRCS = fuzz/pc-fuzz.c libvmm/pit.c libvmm/cmos.c
fuzz/pc-fuzz: $(fuzz_pc_fuzz_SRCS:%=$(srcdir)/%) $(srcdir)/libvmm/pit.h \
		$(srcdir)/libvmm/cmos.h
	$(FUZZ_BUILD)
EXTRA_DIST += fuzz/pc-fuzz.c fuzz/corpus/pc
CLEANFILES += fuzz/pc-fuzz

fuzz-pc: fuzz/pc-fuzz
	@$(MKDIR_P) fuzz/work/pc fuzz/artifacts
	@cp '$(srcdir)/fuzz/corpus/pc'/* fuzz/work/pc/ && chmod u+w fuzz/work/pc/*
	t='$(FUZZ_TIME)'; ./fuzz/pc-fuzz -max_total_time=$${t:-60} -timeout=25 \
	  -print_final_stats=1 -artifact_prefix=fuzz/artifacts/pc- fuzz/work/pc
.PHONY: fuzz-pc
