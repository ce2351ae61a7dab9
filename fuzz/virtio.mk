## fuzz/virtio.mk: the virtio-blk libFuzzer target (included by Makefile.am).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Random bytes become guest RAM (rings, descriptors, requests) and register
# accesses against a small memfd disk; see fuzz/virtio-fuzz.c. Built with
# $(CLANG) -fsanitize=fuzzer,address,undefined straight from the library
# sources it needs (no libtool, no KVM). `make fuzz` / `make fuzz-smoke`
# (fuzz/local.mk) run it with the other targets; `make fuzz-virtio
# [FUZZ_TIME=seconds]` builds and runs it alone.
FUZZ_TARGETS += fuzz/virtio-fuzz
fuzz_virtio_fuzz_SRCS = fuzz/virtio-fuzz.c libvmm/dev_virtio_blk.c libvmm/virtio_blk_queue.c \
	libvmm/guestmem.c libvmm/vm.c libvmm/io.c libvmm/batch.c libvmm/stats.c \
	libvmm/error.c
fuzz_virtio_fuzz_CORPUS = $(srcdir)/fuzz/corpus/virtio
EXTRA_DIST += fuzz/virtio-fuzz.c fuzz/corpus/virtio
CLEANFILES += fuzz/virtio-fuzz

# Self-contained (the same flags as fuzz/local.mk's FUZZ_BUILD, plus
# -pthread for the device's mutex).
fuzz/virtio-fuzz: $(fuzz_virtio_fuzz_SRCS:%=$(srcdir)/%) \
		$(srcdir)/libvmm/vmm.h $(srcdir)/libvmm/internal.h \
		$(srcdir)/libvmm/x86.h $(srcdir)/libvmm/virtio_blk.h
	$(AM_V_GEN)if test -z '$(CLANG)'; then \
	  echo "fuzz/virtio-fuzz: clang was not found by configure; install it (Debian: clang) and run configure again" >&2; \
	  exit 1; \
	fi; \
	$(MKDIR_P) fuzz && $(CLANG) -std=gnu11 -g -O1 -pthread \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -I$(srcdir)/libvmm -I$(top_builddir) -o $@ $(filter %.c,$^)

fuzz-virtio: fuzz/virtio-fuzz
	@$(MKDIR_P) fuzz/work/virtio fuzz/artifacts
	t='$(FUZZ_TIME)'; ./fuzz/virtio-fuzz -max_total_time=$${t:-60} \
	  -timeout=25 -print_final_stats=1 -artifact_prefix=fuzz/artifacts/virtio- \
	  fuzz/work/virtio $(fuzz_virtio_fuzz_CORPUS)
.PHONY: fuzz-virtio
