#!/bin/busybox sh
# tests/linux-init.sh: /init of the busybox initramfs that tests/linux-debian.test boots with Debian's i386 kernel, under vmm-pm and under QEMU alike.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Everything between the two "kvm-vmm-linux:" lines is compared with QEMU's
# run of the same files, so it prints only what does not depend on the
# machine's speed (the interrupt counts are masked by the test).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
# Only emergencies from the kernel from here on (its "System halted"), so
# that its messages cannot land among the lines compared.
dmesg -n 1
# make run-linux: "shell=1" on the kernel's command line reaches init as a
# variable, and a person gets the shell with job control and echo.
if [ "${shell:-}" = 1 ]; then
	# ttyS0's node, for the shell's controlling terminal.
	mount -t devtmpfs devtmpfs /dev
	echo "kvm-vmm-linux: busybox on Linux $(uname -r); 'exit' powers off"
	setsid cttyhack sh
	poweroff -f
fi
# Keys typed before the shell reads them must not be echoed by the tty at
# whatever moment they arrive.
stty -echo
echo "kvm-vmm-linux: init started"
echo "kernel: $(uname -r) $(uname -m)"
echo "hello from the initramfs" >/tmp/file && echo "file: $(cat /tmp/file)"
echo "interrupts:"
cat /proc/interrupts
# The test times these two lines against the host's clock.
echo "sleep: begin"
sleep 1
echo "sleep: end"
# An interactive shell on ttyS0: the test types its commands after this line.
echo "shell:"
sh
# The shell's last prompt has no newline.
echo
echo "kvm-vmm-linux: poweroff"
poweroff -f
