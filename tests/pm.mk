## tests/pm.mk: vmm-pm tests: loader and paged-mode unit tests, test kernels.

# ---- unit tests (Check; no KVM needed) ----
check_PROGRAMS += tests/unit-loader tests/unit-paged
TESTS += tests/unit-loader tests/unit-paged
tests_unit_loader_SOURCES = tests/unit-loader.c
tests_unit_loader_CFLAGS = $(UNIT_CFLAGS)
tests_unit_loader_LDADD = $(UNIT_LIBS)
tests_unit_paged_SOURCES = tests/unit-paged.c
tests_unit_paged_CFLAGS = $(UNIT_CFLAGS)
tests_unit_paged_LDADD = $(UNIT_LIBS)
