## fuzz/gdb.mk: the gdb stub's libFuzzer target (included by Makefile.am).
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Random bytes as gdb might send them go through the framing and the packet
# parser against a fake target (fuzz/gdb-fuzz.c); gdb_packet.c, gdb_proto.c and gdb_breakpoints.c need no KVM.
# `make fuzz` / `make fuzz-smoke` (fuzz/local.mk) run it with the others.
FUZZ_TARGETS += fuzz/gdb-fuzz
fuzz_gdb_fuzz_SRCS = fuzz/gdb-fuzz.c libvmm/gdb_packet.c libvmm/gdb_proto.c libvmm/gdb_breakpoints.c
fuzz/gdb-fuzz: $(fuzz_gdb_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_DEPS) \
		$(srcdir)/libvmm/gdb_proto.h
	$(FUZZ_BUILD)
EXTRA_DIST += fuzz/gdb-fuzz.c fuzz/corpus/gdb
