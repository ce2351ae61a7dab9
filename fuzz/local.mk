## fuzz/local.mk: libFuzzer targets (clang, outside libtool) and `make fuzz`.
## SPDX-License-Identifier: GPL-2.0-or-later
#
# Each fuzz target is built straight from the library sources it needs with
# $(CLANG) and the sanitizers, not through libtool. A target fuzz/NAME-fuzz
# starts from the seed corpus $(srcdir)/fuzz/corpus/NAME/. To add one:
#
#   FUZZ_TARGETS += fuzz/NAME-fuzz
#   fuzz_NAME_fuzz_SRCS = fuzz/NAME-fuzz.c libvmm/....c
#   fuzz/NAME-fuzz: $(fuzz_NAME_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_DEPS)
#   	$(FUZZ_BUILD)
#   EXTRA_DIST += fuzz/NAME-fuzz.c fuzz/corpus/NAME
#
# `make fuzz` runs every target for FUZZ_TIME seconds, `make fuzz-smoke` (CI)
# for FUZZ_SMOKE_TIME. Each run works on a writable copy of its seeds in the
# build tree (fuzz/work/NAME/, which keeps growing across runs); crashes are
# saved as fuzz/artifacts/NAME-crash-* and fail the run.

FUZZ_TARGETS =
FUZZ_TIME = 60
FUZZ_SMOKE_TIME = 10
FUZZ_CFLAGS = -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -I$(top_srcdir)/libvmm -I$(top_builddir)
FUZZ_DEPS = $(top_srcdir)/libvmm/vmm.h $(top_srcdir)/libvmm/internal.h \
	$(top_srcdir)/libvmm/boot.h \
	$(top_srcdir)/libvmm/x86.h
FUZZ_BUILD = $(AM_V_GEN)if test -z '$(CLANG)'; then \
	  echo "make fuzz: clang was not found by configure; install it (Debian: clang) and run configure again" >&2; \
	  exit 1; \
	fi; \
	$(MKDIR_P) $(@D) && $(CLANG) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# ---- the ELF32 loader ----
FUZZ_TARGETS += fuzz/elf-fuzz
# The loader and the boot protocols, which name the rest of the library
# (their vCPU set-up): the whole core, as fuzz/cli-fuzz has it.
FUZZ_CORE_BUILD = $(AM_V_GEN)if test -z '$(CLANG)'; then \
	  echo "make fuzz: clang was not found by configure; install it (Debian: clang) and run configure again" >&2; \
	  exit 1; \
	fi; \
	$(MKDIR_P) $(@D) && $(CLANG) $(FUZZ_CFLAGS) $(AM_CPPFLAGS) -pthread \
	  -o $@ $(filter %.c,$^) $(SECCOMP_LIBS)
fuzz_elf_fuzz_SRCS = fuzz/elf-fuzz.c $(libvmm_libvmmcore_la_SOURCES)
fuzz/elf-fuzz: $(fuzz_elf_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_DEPS)
	$(FUZZ_CORE_BUILD)
EXTRA_DIST += fuzz/elf-fuzz.c fuzz/corpus/elf

# ---- the Multiboot v1 loader ----
FUZZ_TARGETS += fuzz/multiboot-fuzz
fuzz_multiboot_fuzz_SRCS = fuzz/multiboot-fuzz.c $(libvmm_libvmmcore_la_SOURCES)
fuzz/multiboot-fuzz: $(fuzz_multiboot_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_DEPS)
	$(FUZZ_CORE_BUILD)
EXTRA_DIST += fuzz/multiboot-fuzz.c fuzz/corpus/multiboot

# ---- the Linux boot protocol's loader ----
FUZZ_TARGETS += fuzz/linux-fuzz
fuzz_linux_fuzz_SRCS = fuzz/linux-fuzz.c $(libvmm_libvmmcore_la_SOURCES)
fuzz/linux-fuzz: $(fuzz_linux_fuzz_SRCS:%=$(srcdir)/%) $(FUZZ_DEPS)
	$(FUZZ_CORE_BUILD)
EXTRA_DIST += fuzz/linux-fuzz.c fuzz/corpus/linux

# ---- running them ----
fuzz: $(FUZZ_TARGETS)
	@$(MAKE) $(AM_MAKEFLAGS) fuzz-run FUZZ_RUN_TIME=$(FUZZ_TIME)

fuzz-smoke: $(FUZZ_TARGETS)
	@$(MAKE) $(AM_MAKEFLAGS) fuzz-run FUZZ_RUN_TIME=$(FUZZ_SMOKE_TIME)

# The log of each run stays in fuzz/work/NAME.log; only its summary (or, on
# failure, its end) is shown.
fuzz-run:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  name=`basename $$t -fuzz`; work=fuzz/work/$$name; \
	  $(MKDIR_P) $$work fuzz/artifacts; \
	  if test -d '$(srcdir)/fuzz/corpus/'$$name; then \
	    cp '$(srcdir)/fuzz/corpus/'$$name/* $$work/ && chmod u+w $$work/*; \
	  fi; \
	  echo "fuzz: $$t for $(FUZZ_RUN_TIME) s"; \
	  if ./$$t -max_total_time=$(FUZZ_RUN_TIME) -timeout=25 \
	      -print_final_stats=1 -artifact_prefix=fuzz/artifacts/$$name- \
	      $$work > $$work.log 2>&1; then \
	    grep -E '^(Done|stat::number_of_executed_units|#[0-9]+.*DONE)' $$work.log || true; \
	  else \
	    tail -n 40 $$work.log; \
	    echo "fuzz: $$t FAILED; see $$work.log and fuzz/artifacts/" >&2; \
	    exit 1; \
	  fi; \
	done

fuzz-clean:
	-rm -rf fuzz/work fuzz/artifacts

clean-local: fuzz-clean
CLEANFILES += $(FUZZ_TARGETS)
.PHONY: fuzz fuzz-smoke fuzz-run fuzz-clean
