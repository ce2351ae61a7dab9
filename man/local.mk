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
# (\e, \-, so that paths can be copied from the page), and a break point
# (\:, zero width) after every slash, so that a long configured path (a
# tree deep in the file system, as with make distcheck) can be broken
# across lines instead of making groff warn; then escaped for sed.
MAN_ESCAPE = sed -e 's/\\/\\\\e/g' -e 's/-/\\\\-/g' -e 's|/|/\\\\:|g'
# $(call man_gen,PKGDATADIR,INCLUDEDIR,LIBDIR,PKGCONFIGDIR): make $@ from
# the page source $< with these directories.
man_gen = $(AM_V_GEN)$(MKDIR_P) man && \
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/'/\\\\(aq/g" -e 's/^\./\\\&./' \
	  $(srcdir)/man/libvmm-example.c >$@.ex && \
	sed -e "s|@VERSION[@]|$$(printf '%s\n' '$(VERSION)' | $(MAN_ESCAPE))|g" \
	  -e "s|@pkgdatadir[@]|$$(printf '%s\n' '$(1)' | $(MAN_ESCAPE))|g" \
	  -e "s|@includedir[@]|$$(printf '%s\n' '$(2)' | $(MAN_ESCAPE))|g" \
	  -e "s|@libdir[@]|$$(printf '%s\n' '$(3)' | $(MAN_ESCAPE))|g" \
	  -e "s|@pkgconfigdir[@]|$$(printf '%s\n' '$(4)' | $(MAN_ESCAPE))|g" \
	  -e '/^@EXAMPLE[@]$$/{' -e 'r $@.ex' -e 'd' -e '}' \
	  $< >$@.tmp && \
	rm -f $@.ex && mv $@.tmp $@
MAN_GEN = $(call man_gen,$(pkgdatadir),$(includedir),$(libdir),$(pkgconfigdir))
MAN_DEPS = $(srcdir)/man/libvmm-example.c Makefile

man/vmm-real.1: $(srcdir)/man/vmm-real.1.in $(MAN_DEPS)
	$(MAN_GEN)
man/vmm-pm.1: $(srcdir)/man/vmm-pm.1.in $(MAN_DEPS)
	$(MAN_GEN)
man/libvmm.3: $(srcdir)/man/libvmm.3.in $(MAN_DEPS)
	$(MAN_GEN)
man/vmm-abi.7: $(srcdir)/man/vmm-abi.7.in $(MAN_DEPS)
	$(MAN_GEN)

# What tests/man-lint.test lints with groff -ww and mandoc: the same pages
# with the directories of a default install (prefix /usr/local). The pages
# built for this tree differ only in those paths, and a tree configured deep
# in the file system (make distcheck in a long path) has directory names too
# long for any line: the slashes are break points, but groff -ww would still
# warn that such a line cannot be adjusted. The lint stays strict for the
# text; man-lint.test also renders the built pages.
MAN_LINT_PAGES = $(MAN_PAGES:=.lint)
check_DATA += $(MAN_LINT_PAGES)
CLEANFILES += $(MAN_LINT_PAGES) $(MAN_LINT_PAGES:=.tmp) $(MAN_LINT_PAGES:=.ex)
MAN_GEN_LINT = $(call man_gen,/usr/local/share/kvm-vmm,/usr/local/include,/usr/local/lib,/usr/local/lib/pkgconfig)

man/vmm-real.1.lint: $(srcdir)/man/vmm-real.1.in $(MAN_DEPS)
	$(MAN_GEN_LINT)
man/vmm-pm.1.lint: $(srcdir)/man/vmm-pm.1.in $(MAN_DEPS)
	$(MAN_GEN_LINT)
man/libvmm.3.lint: $(srcdir)/man/libvmm.3.in $(MAN_DEPS)
	$(MAN_GEN_LINT)
man/vmm-abi.7.lint: $(srcdir)/man/vmm-abi.7.in $(MAN_DEPS)
	$(MAN_GEN_LINT)

# The example of libvmm(3), built against the installed API only (libvmm.la
# exports just the vmm_ functions), and run by tests/libvmm-example.test.
check_PROGRAMS += tests/libvmm-example
tests_libvmm_example_SOURCES = man/libvmm-example.c
tests_libvmm_example_LDADD = libvmm/libvmm.la

MAN_TESTS = tests/man-lint.test tests/man-sync.test tests/libvmm-example.test
TESTS += $(MAN_TESTS)
EXTRA_DIST += $(MAN_TESTS)
