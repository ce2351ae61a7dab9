## guests/local.mk: automake rules for guests (included by Makefile.am).
## SPDX-License-Identifier: MIT
#
# Real-mode guests are flat binaries built with the guest toolchain from
# configure (never the host CC, CFLAGS or libtool): assemble, link at
# offset 0 (the image is loaded at offset 0 of the guest's segment), keep
# only .text. Each guest is a single .S file; strings and buffers live in
# .text too, so the image is exactly that section.

REAL_GUESTS = hello counter multiplication hctest echo

guests_DATA += $(REAL_GUESTS:%=guests/%.bin)
EXTRA_DIST += $(REAL_GUESTS:%=guests/%.S)
CLEANFILES += $(REAL_GUESTS:%=guests/%.bin) $(REAL_GUESTS:%=guests/%.elf)

# Flags for assembling real-mode guests (gas warnings are errors).
GUEST_ASFLAGS = -m32 -g -Wa,--fatal-warnings

# One rule builds a .bin from a .S in the same directory (guests/ and, for
# the test-only guests of tests/real.mk, tests/). The .elf stays for
# objdump; the .o is removed at once. Images are data, not executables.
GUEST_BIN_V = $(GUEST_BIN_V_@AM_V@)
GUEST_BIN_V_ = $(GUEST_BIN_V_@AM_DEFAULT_V@)
GUEST_BIN_V_0 = @echo "  GUEST   " $@;
GUEST_BIN = $(GUEST_BIN_V)$(MKDIR_P) $(@D) && \
	$(GUEST_CC) $(GUEST_ASFLAGS) -c -o $(@:.bin=.o) $< && \
	$(GUEST_LINK) -Ttext 0 -e _start -o $(@:.bin=.elf) $(@:.bin=.o) && \
	rm -f $(@:.bin=.o) && \
	$(GUEST_OBJCOPY) -O binary -j .text $(@:.bin=.elf) $@ && \
	chmod a-x $@

guests/%.bin: guests/%.S
	$(GUEST_BIN)
