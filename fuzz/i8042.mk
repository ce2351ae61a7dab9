## fuzz/i8042.mk: the i8042 keyboard controller's libFuzzer target (included by Makefile.am).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Port writes and reads and console bytes in any order; see
# fuzz/i8042-fuzz.c. The model is pure, so the target links only it.
# `make fuzz` / `make fuzz-smoke` run it with the others; `make fuzz-i8042
# [FUZZ_TIME=seconds]` builds and runs it alone.
FUZZ_TARGETS += fuzz/i8042-fuzz
fuzz_i8042_fuzz_SRCS = fuzz/i8042-fuzz.c libvmm/i8042.c
fuzz/i8042-fuzz: $(fuzz_i8042_fuzz_SRCS:%=$(srcdir)/%) $(srcdir)/libvmm/i8042.h
	$(FUZZ_BUILD)
EXTRA_DIST += fuzz/i8042-fuzz.c fuzz/corpus/i8042
CLEANFILES += fuzz/i8042-fuzz

fuzz-i8042: fuzz/i8042-fuzz
	@$(MKDIR_P) fuzz/work/i8042 fuzz/artifacts
	@cp '$(srcdir)/fuzz/corpus/i8042'/* fuzz/work/i8042/ && chmod u+w fuzz/work/i8042/*
	t='$(FUZZ_TIME)'; ./fuzz/i8042-fuzz -max_total_time=$${t:-60} -timeout=25 \
	  -print_final_stats=1 -artifact_prefix=fuzz/artifacts/i8042- fuzz/work/i8042
.PHONY: fuzz-i8042
