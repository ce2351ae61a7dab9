## fuzz/virtio.mk: the virtio-blk libFuzzer target (included by Makefile.am).
#
# Built with $(CLANG) -fsanitize=fuzzer,address,undefined straight from the
# library sources it needs (no libtool, no KVM). The generic `make fuzz` /
# `make fuzz-smoke` rules of fuzz/local.mk use these variables; `make
# fuzz-virtio [FUZZ_TIME=seconds]` builds and runs this target alone.
FUZZ_TARGETS += fuzz/virtio-fuzz
fuzz_virtio_fuzz_SOURCES = fuzz/virtio-fuzz.c libvmm/dev_virtio_blk.c \
	libvmm/guestmem.c libvmm/error.c
fuzz_virtio_fuzz_CORPUS = $(srcdir)/fuzz/corpus/virtio
EXTRA_DIST += fuzz/virtio-fuzz.c fuzz/corpus/virtio

FUZZ_VIRTIO_FLAGS = -std=gnu11 -g -O1 -pthread \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I$(top_builddir) -I$(srcdir)/libvmm $(DEFS)

fuzz-virtio:
	@if test -z "$(CLANG)"; then echo "fuzz-virtio: clang was not found by configure" >&2; exit 1; fi
	@$(MKDIR_P) fuzz/work/virtio
	$(CLANG) $(FUZZ_VIRTIO_FLAGS) -o fuzz/virtio-fuzz \
		$(addprefix $(srcdir)/,$(fuzz_virtio_fuzz_SOURCES))
	t='$(FUZZ_TIME)'; ./fuzz/virtio-fuzz -max_total_time=$${t:-60} \
		-print_final_stats=1 fuzz/work/virtio $(fuzz_virtio_fuzz_CORPUS)
.PHONY: fuzz-virtio
