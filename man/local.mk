## man/local.mk: the manual pages, and the tests that keep them true.
## SPDX-License-Identifier: GPL-2.0-or-later
##
## Each page is generated from man/PAGE.in, so that it names the directories
## this build installs to: @pkgdatadir@, @includedir@, @libdir@,
## @pkgconfigdir@ and @VERSION@ are replaced (roff-escaped), and a line
## @EXAMPLE@ becomes man/libvmm-example.c, so the example in libvmm(3) is
## always the program that tests/libvmm-example.test builds and runs.
## The generated pages are not distributed: they depend on configure.

MAN_PAGES = man/vmm-real.1 man/vmm-pm.1 man/libvmm.3 man/vmm-abi.7
nodist_man_MANS = $(MAN_PAGES)
EXTRA_DIST += $(MAN_PAGES:=.in) man/libvmm-example.c
CLEANFILES += $(MAN_PAGES) $(MAN_PAGES:=.tmp) $(MAN_PAGES:=.ex)

# A value for the pages: backslashes and hyphen-minus escaped for roff
# (\e, \-, so that paths can be copied from the page), then for sed.
MAN_ESCAPE = sed -e 's/\\/\\\\e/g' -e 's/-/\\\\-/g'
MAN_GEN = $(AM_V_GEN)$(MKDIR_P) man && \
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/'/\\\\(aq/g" -e 's/^\./\\\&./' \
	  $(srcdir)/man/libvmm-example.c >$@.ex && \
	sed -e "s|@VERSION[@]|$$(printf '%s\n' '$(VERSION)' | $(MAN_ESCAPE))|g" \
	  -e "s|@pkgdatadir[@]|$$(printf '%s\n' '$(pkgdatadir)' | $(MAN_ESCAPE))|g" \
	  -e "s|@includedir[@]|$$(printf '%s\n' '$(includedir)' | $(MAN_ESCAPE))|g" \
	  -e "s|@libdir[@]|$$(printf '%s\n' '$(libdir)' | $(MAN_ESCAPE))|g" \
	  -e "s|@pkgconfigdir[@]|$$(printf '%s\n' '$(pkgconfigdir)' | $(MAN_ESCAPE))|g" \
	  -e '/^@EXAMPLE[@]$$/{' -e 'r $@.ex' -e 'd' -e '}' \
	  $(srcdir)/$@.in >$@.tmp && \
	rm -f $@.ex && mv $@.tmp $@
MAN_DEPS = $(srcdir)/man/libvmm-example.c Makefile

man/vmm-real.1: $(srcdir)/man/vmm-real.1.in $(MAN_DEPS)
	$(MAN_GEN)
man/vmm-pm.1: $(srcdir)/man/vmm-pm.1.in $(MAN_DEPS)
	$(MAN_GEN)
man/libvmm.3: $(srcdir)/man/libvmm.3.in $(MAN_DEPS)
	$(MAN_GEN)
man/vmm-abi.7: $(srcdir)/man/vmm-abi.7.in $(MAN_DEPS)
	$(MAN_GEN)

# The example of libvmm(3), built against the installed API only (libvmm.la
# exports just the vmm_ functions), and run by tests/libvmm-example.test.
check_PROGRAMS += tests/libvmm-example
tests_libvmm_example_SOURCES = man/libvmm-example.c
tests_libvmm_example_LDADD = libvmm/libvmm.la

MAN_TESTS = tests/man-lint.test tests/man-sync.test tests/libvmm-example.test
TESTS += $(MAN_TESTS)
EXTRA_DIST += $(MAN_TESTS)
