/* kvm-floor.c: the cheapest possible VMM (raw KVM ioctls), the floor make bench measures libvmm against. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: kvm-floor [-r|-R] [-w] [-t] IMAGE
 *
 * Runs the flat real-mode IMAGE exactly as vmm-real runs its first guest
 * (256 KiB of RAM at 0, image at 0, all segments 0, IP 0, SP 0xFFFE) and
 * does nothing for its exits: every OUT and IN is simply resumed, output
 * is thrown away, and the guest stops at HLT or at an EXIT hypercall (AL =
 * 0 written to port 0x500). So its time per exit is what KVM itself costs,
 * and its start-up time what KVM and the process cost.
 *
 *   -r  ask KVM to sync the general registers into kvm_run on every exit
 *   -R  sync the general and segment registers (what libvmm asks for)
 *   -w  write(2) one byte to stdout for every OUT to port 0x500, as a VMM
 *       that prints each PUTCHAR at once must
 *   -t  print the time of each start-up phase and the exit count on stderr
 */

#define RAM_SIZE 0x40000u
#define HC_PORT  0x500

static void die(const char *what)
{
	fprintf(stderr, "kvm-floor: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void real_segment(struct kvm_segment *s, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->limit = 0xFFFF;
	s->type = type;
	s->present = 1;
	s->s = 1;
}

int main(int argc, char **argv)
{
	uint64_t sync = 0, exits = 0;
	int timing = 0, print = 0, c;
	int64_t t[8];
	unsigned nt = 0;

	while ((c = getopt(argc, argv, "rRwt")) != -1) {
		switch (c) {
		case 'r': sync = KVM_SYNC_X86_REGS; break;
		case 'R': sync = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS; break;
		case 'w': print = 1; break;
		case 't': timing = 1; break;
		default:
			fprintf(stderr, "usage: kvm-floor [-r|-R] [-w] [-t] IMAGE\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: kvm-floor [-r|-R] [-w] [-t] IMAGE\n");
		return 2;
	}

	t[nt++] = now_ns();
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm");
	t[nt++] = now_ns();
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM");
	ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000u);  /* Intel wants it for real mode */
	t[nt++] = now_ns();

	uint8_t *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
	                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED)
		die("mmap RAM");
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = RAM_SIZE,
		.userspace_addr = (uintptr_t)ram,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION");
	int img = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (img < 0)
		die(argv[optind]);
	ssize_t n = read(img, ram, RAM_SIZE);
	if (n <= 0)
		die("reading the image");
	close(img);
	t[nt++] = now_ns();

	int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU");
	int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE,
	                           MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap kvm_run");
	struct kvm_sregs sregs;
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		die("KVM_GET_SREGS");
	real_segment(&sregs.cs, 0xB);
	real_segment(&sregs.ds, 0x3);
	real_segment(&sregs.es, 0x3);
	real_segment(&sregs.fs, 0x3);
	real_segment(&sregs.gs, 0x3);
	real_segment(&sregs.ss, 0x3);
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		die("KVM_SET_SREGS");
	struct kvm_regs regs = { .rip = 0, .rsp = 0xFFFE, .rflags = 0x2 };
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS");
	run->kvm_valid_regs = sync;
	t[nt++] = now_ns();

	/* The loop being measured: nothing but KVM_RUN and a look at the exit. */
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("KVM_RUN");
		}
		exits++;
		if (run->exit_reason == KVM_EXIT_IO) {
			const uint8_t *data = (const uint8_t *)run + run->io.data_offset;
			if (run->io.port == HC_PORT && run->io.direction == KVM_EXIT_IO_OUT) {
				if (data[0] == 0)
					break;
				if (print && write(STDOUT_FILENO, "x", 1) < 0)
					die("write");
			}
			continue;
		}
		if (run->exit_reason == KVM_EXIT_HLT)
			break;
		fprintf(stderr, "kvm-floor: unexpected exit %u\n", run->exit_reason);
		return 1;
	}
	t[nt++] = now_ns();

	munmap(run, (size_t)run_size);
	close(vcpu);
	munmap(ram, RAM_SIZE);
	close(vm);
	close(kvm);
	t[nt++] = now_ns();

	if (timing) {
		static const char *const phase[] = {
			"open", "create_vm", "memory+load", "vcpu+regs", "run", "teardown"
		};
		fprintf(stderr, "kvm-floor-timing:");
		for (unsigned i = 1; i < nt; i++)
			fprintf(stderr, " %s=%lld", phase[i - 1], (long long)(t[i] - t[i - 1]) / 1000);
		fprintf(stderr, " exits=%llu\n", (unsigned long long)exits);
	}
	return 0;
}
