## tests/virtio.mk: virtio-blk unit tests and the hostile test kernel (included by Makefile.am).
## SPDX-License-Identifier: GPL-2.0-or-later

# ---- Unit tests (Check): the device driven through its MMIO handler ----
if HAVE_CHECK
check_PROGRAMS += tests/unit-virtio
TESTS += tests/unit-virtio
endif
tests_unit_virtio_SOURCES = tests/unit-virtio.c libvmm/virtio_blk.h
tests_unit_virtio_CFLAGS = $(UNIT_CFLAGS)
tests_unit_virtio_LDADD = $(UNIT_LIBS)

# ---- The hostile test kernel: guest code, never the host CFLAGS ----
TESTS += tests/virtio-hostile.test
EXTRA_DIST += tests/virtio-hostile.test tests/virtio-hostile.c \
	tests/virtio-hostile.ld
CLEANFILES += tests/virtio-hostile.o tests/virtio-hostile.elf

tests/virtio-hostile.o: tests/virtio-hostile.c
	@$(MKDIR_P) tests
	$(AM_V_CC)$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $(srcdir)/tests/virtio-hostile.c
tests/virtio-hostile.elf: tests/virtio-hostile.o $(srcdir)/tests/virtio-hostile.ld
	$(AM_V_CCLD)$(GUEST_LINK) -T $(srcdir)/tests/virtio-hostile.ld -o $@ tests/virtio-hostile.o
# Built for `make check` (the test runs it from $TESTGUESTS).
tests/virtio-hostile.log: tests/virtio-hostile.elf
check_DATA += tests/virtio-hostile.elf
