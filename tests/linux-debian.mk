## tests/linux-debian.mk: Debian's own i386 Linux kernel and a busybox initramfs under vmm-pm (tests/linux-debian.test, make run-linux), and QEMU's run of the same files as the reference.
## SPDX-License-Identifier: GPL-2.0-or-later

TESTS += tests/linux-debian.test
EXTRA_DIST += tests/linux-debian.test tests/linux-debian.input tests/linux-init.sh \
	tests/linux-run.sh tests/mkinitramfs.sh tests/apt-private.sh

# Fetched and made on the build host (the KVM test host has no network and
# no QEMU) before any test of the run starts; never committed. Offline,
# deb-fetch.sh leaves FILE.why instead of FILE and the test skips with it.
LINUX_DEBIAN_FILES = tests/debian-i386.vmlinuz tests/debian-i386.initrd.gz \
	tests/debian-i386.qemu-ref
check_DATA += $(LINUX_DEBIAN_FILES)
$(TEST_LOGS): $(LINUX_DEBIAN_FILES)
CLEANFILES += $(LINUX_DEBIAN_FILES) tests/debian-i386.busybox \
	$(LINUX_DEBIAN_FILES:=.why) tests/debian-i386.busybox.why \
	tests/debian-i386.initrd.gz.tmp

# The kernel of the metapackage linux-image-686 (the current 6.1 kernel of
# the release) and busybox-static, both built for i386.
tests/debian-i386.vmlinuz:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(SHELL) $(srcdir)/tests/deb-fetch.sh \
	  --arch i386 --depends linux-image-686 'boot/vmlinuz-*' $@
tests/debian-i386.busybox:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(SHELL) $(srcdir)/tests/deb-fetch.sh \
	  --arch i386 busybox-static bin/busybox $@
tests/debian-i386.initrd.gz: tests/debian-i386.busybox $(srcdir)/tests/linux-init.sh \
		$(srcdir)/tests/mkinitramfs.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/tests/mkinitramfs.sh tests/debian-i386.busybox \
	  $(srcdir)/tests/linux-init.sh $@

# QEMU's ISA PC on the same files, driven as the test drives vmm-pm: init's
# lines from its first to its last. -cpu max: QEMU's default qemu32 model
# lacks what this kernel needs and it prints nothing at all. QEMU never
# ends on its own (an ISA PC cannot power off): linux-run.sh ends it once
# the kernel has halted; `timeout` is only a safety stop.
LINUX_DEBIAN_QEMU = qemu-system-i386
LINUX_DEBIAN_ARGS = -m 128 -append 'console=ttyS0 noapic nolapic'
tests/debian-i386.qemu-ref: tests/debian-i386.vmlinuz tests/debian-i386.initrd.gz \
		$(srcdir)/tests/linux-run.sh $(srcdir)/tests/linux-debian.input
	$(AM_V_GEN)k=tests/debian-i386.vmlinuz; i=tests/debian-i386.initrd.gz; \
	d=tests/debian-i386.qemu-run; rm -rf $@ $$d; \
	if [ ! -f $$k ] || [ ! -f $$i ]; then \
	  { printf 'SKIP: '; cat $$k.why $$i.why 2>/dev/null | head -n 1; } >$@; \
	elif ! command -v $(LINUX_DEBIAN_QEMU) >/dev/null 2>&1; then \
	  echo "SKIP: $(LINUX_DEBIAN_QEMU) is not installed on the build host" >$@; \
	else \
	  mkdir -p $$d && cp $(srcdir)/tests/linux-debian.input $$d/input && \
	  $(SHELL) $(srcdir)/tests/linux-run.sh --kill-at-halt $$d \
	    timeout 600 $(LINUX_DEBIAN_QEMU) -M isapc -cpu max $(LINUX_DEBIAN_ARGS) \
	    -kernel $$k -initrd $$i -display none -serial stdio -monitor none \
	    -no-reboot && \
	  tr -d '\r' <$$d/out | \
	    sed -n '/^kvm-vmm-linux: init started$$/,/^kvm-vmm-linux: poweroff$$/p' >$$d/init; \
	  if grep -q '^kvm-vmm-linux: poweroff$$' $$d/init; then mv $$d/init $@; \
	  else { echo "SKIP: $(LINUX_DEBIAN_QEMU) -M isapc did not run init to its end"; \
	    tail -n 20 $$d/out; } >$@; fi; \
	  rm -rf $$d; \
	fi

# ---- make run-linux: the same kernel and initramfs, with this terminal ----
# The init script runs its checks, then an interactive busybox shell on
# ttyS0 ("shell=1" on the command line gives it job control and echo);
# `exit` powers the machine off.
RUN_LINUX_ARGS = --mem 128 --vga=none --append 'console=ttyS0 noapic nolapic shell=1' \
	--initrd '$(abs_top_builddir)/tests/debian-i386.initrd.gz' \
	'$(abs_top_builddir)/tests/debian-i386.vmlinuz'
run-linux: RUN_WHAT = Debian's i386 Linux
run-linux: RUN_HERE = src/vmm-pm $(RUN_LINUX_ARGS)
run-linux: RUN_THERE = -- '$(abs_top_builddir)/src/vmm-pm' $(RUN_LINUX_ARGS)
run-linux: RUN_HINT = Its busybox shell comes after the boot log; 'exit' powers it off.
run-linux: all tests/kvm-probe$(EXEEXT) tests/debian-i386.vmlinuz tests/debian-i386.initrd.gz
	@for f in tests/debian-i386.vmlinuz tests/debian-i386.initrd.gz; do \
	  test -f $$f || { echo "make $@: $$(cat $$f.why 2>/dev/null || echo no $$f)" >&2; exit 1; }; \
	done
	@$(RUN_DISPATCH)
.PHONY: run-linux
