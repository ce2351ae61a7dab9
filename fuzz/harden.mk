## fuzz/harden.mk: libFuzzer targets for the guest-facing inputs of the hardening issue (see fuzz/local.mk for the convention).
## SPDX-License-Identifier: GPL-2.0-or-later
#
#   hypercall  VM exits of a hostile guest (hypercalls of every size and
#              count, string I/O, every port, MMIO, other exits) against a
#              model of guest ABI v1, on a hand-made VM (no KVM)
#   uart       COM1 register sequences, byte- and port-wise, against a
#              model of the 16550 subset in vmm-abi(7), COM1 UART
#   cli        the tools' option parsers: src/cli.c's parsers and each
#              tool's whole getopt command line
#
# Seeds are in fuzz/corpus/NAME/; each target is also in `make fuzz` and
# `make fuzz-smoke`. `make fuzz-NAME [FUZZ_TIME=s]` runs one alone.

FUZZ_HARDEN_DEPS = $(FUZZ_DEPS) $(srcdir)/libvmm/uart.h $(srcdir)/libvmm/pic.h $(srcdir)/libvmm/i8042.h
# The targets that link the UART's mutex need -pthread.
FUZZ_BUILD_PTHREAD = $(FUZZ_BUILD) -pthread

FUZZ_TARGETS += fuzz/hypercall-fuzz
fuzz_hypercall_fuzz_SRCS = fuzz/hypercall-fuzz.c libvmm/vcpu.c \
	libvmm/irq.c libvmm/pic.c libvmm/dev_kbd.c libvmm/i8042.c libvmm/dev_uart.c libvmm/uart.c libvmm/dev_hypercall.c libvmm/guestmem.c libvmm/io.c libvmm/vm.c \
	libvmm/batch.c libvmm/outbuf.c libvmm/stats.c libvmm/dump.c libvmm/error.c
fuzz/hypercall-fuzz: $(fuzz_hypercall_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_HARDEN_DEPS)
	$(FUZZ_BUILD_PTHREAD)
EXTRA_DIST += fuzz/hypercall-fuzz.c fuzz/corpus/hypercall

FUZZ_TARGETS += fuzz/uart-fuzz
fuzz_uart_fuzz_SRCS = fuzz/uart-fuzz.c libvmm/dev_uart.c libvmm/uart.c libvmm/vcpu.c \
	libvmm/irq.c libvmm/pic.c libvmm/dev_kbd.c libvmm/i8042.c \
	libvmm/guestmem.c libvmm/io.c libvmm/vm.c libvmm/batch.c libvmm/outbuf.c libvmm/stats.c \
	libvmm/dump.c libvmm/error.c
fuzz/uart-fuzz: $(fuzz_uart_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_HARDEN_DEPS)
	$(FUZZ_BUILD_PTHREAD)
EXTRA_DIST += fuzz/uart-fuzz.c fuzz/corpus/uart

FUZZ_TARGETS += fuzz/cli-fuzz
# fuzz/cli-real.c and fuzz/cli-pm.c #include the tools' sources (so these
# are prerequisites, not compiled on their own); main() of each tool is
# linked too, hence the whole library.
# fuzz/cli-common.c is src/cli.c with the same redirections: the tools'
# parsers end there (cli_die(), cli_other_option()).
fuzz_cli_fuzz_SRCS = fuzz/cli-fuzz.c fuzz/cli-real.c fuzz/cli-pm.c \
	fuzz/cli-common.c src/testhooks.c \
	$(libvmm_libvmmcore_la_SOURCES)
fuzz/cli-fuzz: $(fuzz_cli_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_HARDEN_DEPS) \
		$(srcdir)/fuzz/cli-fuzz.h $(srcdir)/src/cli.h $(srcdir)/src/cli.c \
		$(srcdir)/src/testhooks.h \
		$(srcdir)/src/vmm-real.c $(srcdir)/src/vmm-pm.c
	$(AM_V_GEN)if test -z '$(CLANG)'; then \
	  echo "make fuzz: clang was not found by configure; install it (Debian: clang) and run configure again" >&2; \
	  exit 1; \
	fi; \
	$(MKDIR_P) $(@D) && $(CLANG) $(FUZZ_CFLAGS) $(AM_CPPFLAGS) -pthread -I$(srcdir)/src \
	  -o $@ $(filter %.c,$(fuzz_cli_fuzz_SRCS:%=$(srcdir)/%)) $(SECCOMP_LIBS)
EXTRA_DIST += fuzz/cli-fuzz.c fuzz/cli-fuzz.h fuzz/cli-real.c fuzz/cli-pm.c \
	fuzz/cli-common.c \
	fuzz/corpus/cli

# One target alone: make fuzz-hypercall, fuzz-uart, fuzz-cli.
fuzz-hypercall fuzz-uart fuzz-cli: fuzz-%: fuzz/%-fuzz
	@$(MKDIR_P) fuzz/work/$* fuzz/artifacts
	@if test -d '$(srcdir)/fuzz/corpus/$*'; then \
	  cp '$(srcdir)/fuzz/corpus/$*'/* fuzz/work/$*/ && chmod u+w fuzz/work/$*/*; fi
	t='$(FUZZ_TIME)'; ./fuzz/$*-fuzz -max_total_time=$${t:-60} -timeout=25 \
	  -print_final_stats=1 -artifact_prefix=fuzz/artifacts/$*- fuzz/work/$*
.PHONY: fuzz-hypercall fuzz-uart fuzz-cli
