## fuzz/pic.mk: the 8259A PIC pair's libFuzzer target (included by Makefile.am).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Port writes, reads, line edges and acknowledges in any order; see
# fuzz/pic-fuzz.c. The model is pure, so the target links only it.
# `make fuzz` / `make fuzz-smoke` run it with the others; `make fuzz-pic
# [FUZZ_TIME=seconds]` builds and runs it alone.
FUZZ_TARGETS += fuzz/pic-fuzz
fuzz_pic_fuzz_SRCS = fuzz/pic-fuzz.c libvmm/pic.c
fuzz/pic-fuzz: $(fuzz_pic_fuzz_SRCS:%=$(srcdir)/%) $(srcdir)/libvmm/pic.h
	$(FUZZ_BUILD)
EXTRA_DIST += fuzz/pic-fuzz.c fuzz/corpus/pic
CLEANFILES += fuzz/pic-fuzz

fuzz-pic: fuzz/pic-fuzz
	@$(MKDIR_P) fuzz/work/pic fuzz/artifacts
	@cp '$(srcdir)/fuzz/corpus/pic'/* fuzz/work/pic/ && chmod u+w fuzz/work/pic/*
	t='$(FUZZ_TIME)'; ./fuzz/pic-fuzz -max_total_time=$${t:-60} -timeout=25 \
	  -print_final_stats=1 -artifact_prefix=fuzz/artifacts/pic- fuzz/work/pic
.PHONY: fuzz-pic
