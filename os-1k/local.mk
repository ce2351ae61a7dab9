## os-1k/local.mk: builds the os-1k kernel, its shell, the test kernel and the disk.
## SPDX-License-Identifier: MIT
#
# Guest code: GUEST_CC/GUEST_CFLAGS/GUEST_LD only (never the host's CC,
# CFLAGS or libtool). Objects are written to the build directory and sources
# come from $(srcdir), so VPATH builds (make distcheck) work.

OS1K_INCS = os-1k/common.h os-1k/kernel.h os-1k/user.h
OS1K_KERNEL_OBJS = os-1k/boot.o os-1k/kernel.o os-1k/console.o os-1k/common.o \
	os-1k/memory.o os-1k/trap.o os-1k/trap_entry.o os-1k/process.o \
	os-1k/switch.o os-1k/syscall.o os-1k/virtio.o os-1k/tarfs.o \
	os-1k/timer.o os-1k/shell_image.o
OS1K_TESTKERNEL_OBJS = os-1k/boot.o os-1k/testkernel.o os-1k/console.o os-1k/common.o
OS1K_SHELL_OBJS = os-1k/user.o os-1k/shell.o os-1k/common.o
OS1K_DISK_FILES = hello.txt readme.txt

# Installed to $(os1kdir) = $(pkgdatadir)/os-1k, where vmm-pm without a
# kernel argument boots kernel.elf with a copy of disk.tar.
os1k_DATA += os-1k/kernel.elf os-1k/kernel.bin os-1k/disk.tar
# The test kernel is for the tests only: tests/os1k.mk adds it to check_DATA.
OS1K_TESTKERNEL = os-1k/testkernel.elf os-1k/testkernel.bin

EXTRA_DIST += $(OS1K_INCS) os-1k/kernel.ld os-1k/user.ld \
	os-1k/boot.S os-1k/trap_entry.S os-1k/switch.S os-1k/shell_image.S \
	os-1k/kernel.c os-1k/console.c os-1k/common.c os-1k/memory.c \
	os-1k/trap.c os-1k/process.c os-1k/syscall.c os-1k/virtio.c \
	os-1k/tarfs.c os-1k/timer.c os-1k/testkernel.c os-1k/user.c os-1k/shell.c \
	os-1k/README.md $(OS1K_DISK_FILES:%=os-1k/disk/%)

CLEANFILES += $(OS1K_KERNEL_OBJS) $(OS1K_TESTKERNEL_OBJS) $(OS1K_SHELL_OBJS) \
	os-1k/kernel.elf os-1k/kernel.bin os-1k/testkernel.elf \
	os-1k/testkernel.bin os-1k/shell.elf os-1k/shell.bin os-1k/disk.tar

OS1K_CC = $(GUEST_CC) $(GUEST_CFLAGS) -std=c11 -I$(srcdir)/os-1k

os-1k/%.o: os-1k/%.c $(OS1K_INCS)
	@$(MKDIR_P) os-1k
	$(AM_V_CC)$(OS1K_CC) -c -o $@ $<

os-1k/%.o: os-1k/%.S
	@$(MKDIR_P) os-1k
	$(AM_V_GEN)$(OS1K_CC) -c -o $@ $<

# The assembler reads the shell's image from the build directory.
os-1k/shell_image.o: os-1k/shell_image.S os-1k/shell.bin
	@$(MKDIR_P) os-1k
	$(AM_V_GEN)$(OS1K_CC) -DSHELL_BIN='"os-1k/shell.bin"' -c -o $@ $(srcdir)/os-1k/shell_image.S

os-1k/shell.elf: $(OS1K_SHELL_OBJS) os-1k/user.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/os-1k/user.ld -o $@ $(OS1K_SHELL_OBJS) && chmod a-x $@

os-1k/shell.bin: os-1k/shell.elf
	$(AM_V_GEN)$(GUEST_OBJCOPY) --set-section-flags .bss=alloc,contents -O binary $< $@ && chmod a-x $@

# Guest images are not host programs: drop the execute bits ld sets.
os-1k/kernel.elf: $(OS1K_KERNEL_OBJS) os-1k/kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/os-1k/kernel.ld -o $@ $(OS1K_KERNEL_OBJS) && chmod a-x $@

os-1k/testkernel.elf: $(OS1K_TESTKERNEL_OBJS) os-1k/kernel.ld
	$(AM_V_GEN)$(GUEST_LINK) -T $(srcdir)/os-1k/kernel.ld -o $@ $(OS1K_TESTKERNEL_OBJS) && chmod a-x $@

# The flat images hold the loadable sections only; vmm-pm loads them at
# physical 0x1000 and enters at 0x80001000 (its defaults).
os-1k/kernel.bin os-1k/testkernel.bin: os-1k/%.bin: os-1k/%.elf
	$(AM_V_GEN)$(GUEST_OBJCOPY) -O binary $< $@ && chmod a-x $@

# A reproducible ustar archive of os-1k/disk: fixed owner, mode, time, order.
os-1k/disk.tar: $(OS1K_DISK_FILES:%=os-1k/disk/%)
	@$(MKDIR_P) os-1k
	$(AM_V_GEN)tar --format=ustar --owner=0 --group=0 --numeric-owner \
	  --mode=0644 --mtime=@0 --sort=name -C $(srcdir)/os-1k/disk \
	  -cf "$$PWD/$@" $(OS1K_DISK_FILES)
