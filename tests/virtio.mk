## tests/virtio.mk: virtio-blk unit tests and the hostile test kernel (included by Makefile.am).

# ---- Unit tests (Check): the device driven through its MMIO handler ----
check_PROGRAMS += tests/unit-virtio
TESTS += tests/unit-virtio
tests_unit_virtio_SOURCES = tests/unit-virtio.c libvmm/virtio_blk.h
tests_unit_virtio_CFLAGS = $(UNIT_CFLAGS)
tests_unit_virtio_LDADD = $(UNIT_LDADD)
