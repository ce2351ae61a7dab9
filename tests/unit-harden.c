/* unit-harden.c: Check regression tests for the bugs the hardening work (fuzzing, review) found, without KVM. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check-main.h"
#include "cli.h"
#include "internal.h"

/*
 * A hand-made vCPU whose segment registers are "already read" (sregs_valid),
 * so the translator asks KVM nothing: the same seam as fuzz/hypercall-fuzz.c.
 */
static struct vmm_vm vm;
static struct vmm_vcpu vcpu;

static void fake_cpu(uint64_t cr0, uint64_t cr3, uint64_t cr4)
{
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.vm = &vm;
	vcpu.fd = -1;
	vcpu.stop_fd = -1;
	vcpu.sregs_valid = true;
	vcpu.sregs.cr0 = cr0;
	vcpu.sregs.cr3 = cr3;
	vcpu.sregs.cr4 = cr4;
}

static void two_slots(uint8_t *a, uint64_t a_size, uint64_t b_gpa, uint8_t *b,
                      uint64_t b_size)
{
	memset(&vm, 0, sizeof(vm));
	vm.kvm_fd = vm.vm_fd = -1;
	vm.ram[0] = (struct ram_slot){ 0, a_size, a };
	vm.ram[1] = (struct ram_slot){ b_gpa, b_size, b };
	vm.ram_count = 2;
}

/*
 * Bug: a WRITE buffer running from one RAM slot into the adjacent one was
 * refused although every byte is RAM (vmm-real --shared-vm lays the guests'
 * slots out back to back). Found by review; fuzz corpus entry
 * hypercall/real-write-adjacent-slots.
 */
START_TEST(test_buffer_across_adjacent_slots)
{
	static uint8_t a[0x2000], b[0x1000];
	uint8_t buf[0x20];

	two_slots(a, sizeof(a), sizeof(a), b, sizeof(b));
	memset(a, 'a', sizeof(a));
	memset(b, 'b', sizeof(b));
	fake_cpu(0x10, 0, 0);  /* real mode: linear = physical */
	ck_assert_int_eq(linear_check(&vcpu, 0x1ff0, 0x20), 0);
	ck_assert_int_eq(vmm_vcpu_read_linear(&vcpu, 0x1ff0, buf, sizeof(buf)), 0);
	ck_assert_int_eq(buf[0xf], 'a');
	ck_assert_int_eq(buf[0x10], 'b');
	/* Both slots whole, and one byte more. */
	ck_assert_int_eq(linear_check(&vcpu, 0, 0x3000), 0);
	ck_assert_int_eq(linear_check(&vcpu, 0, 0x3001), -1);
	/* With a gap between the slots the gap is not RAM. */
	two_slots(a, sizeof(a), sizeof(a) + 0x1000, b, sizeof(b));
	ck_assert_int_eq(linear_check(&vcpu, 0x1ff0, 0x10), 0);
	ck_assert_int_eq(linear_check(&vcpu, 0x1ff0, 0x11), -1);
	ck_assert_int_eq(linear_check(&vcpu, 0x2fff, 0x1002), -1);
	ck_assert_int_eq(linear_check(&vcpu, 0x3000, 0x1000), 0);
}
END_TEST

/*
 * Bug: a 4 MiB page-directory entry with any of bits 13-21 set was walked
 * as if they were zero. Bits 13-20 are physical address bits 32-39 (PSE-36)
 * and bit 21 is reserved, so the guest's own view of the page is elsewhere
 * (above 4 GiB) or a fault; WRITE printed some other RAM instead. Found by
 * fuzz/hypercall-fuzz (model mismatch); corpus entry hypercall/paged-pse36.
 */
START_TEST(test_pse36_and_reserved_bits)
{
	static uint8_t ram[0x200000];
	uint64_t gpa, contig;
	uint32_t *pd = (uint32_t *)(ram + 0x100000);

	memset(&vm, 0, sizeof(vm));
	vm.kvm_fd = vm.vm_fd = -1;
	vm.ram[0] = (struct ram_slot){ 0, sizeof(ram), ram };
	vm.ram_count = 1;
	fake_cpu(0x80000011, 0x100000, 0x10);  /* PG, PSE */
	memset(pd, 0, 0x1000);

	pd[0] = 0x83;                          /* 4 MiB page at 0 */
	ck_assert_int_eq(linear_to_phys(&vcpu, 0x1234, &gpa, &contig), 0);
	ck_assert_uint_eq(gpa, 0x1234);
	ck_assert_uint_eq(contig, 0x400000 - 0x1234);
	ck_assert_int_eq(linear_check(&vcpu, 0x1000, 16), 0);

	pd[0] = 0x83 | 0x1000;                 /* bit 12 is PAT: same page */
	ck_assert_int_eq(linear_to_phys(&vcpu, 0x1234, &gpa, &contig), 0);
	ck_assert_uint_eq(gpa, 0x1234);

	pd[0] = 0x83 | 0x2000;                 /* physical 4 GiB + 0x1234 */
	ck_assert_int_eq(linear_to_phys(&vcpu, 0x1234, &gpa, &contig), 0);
	ck_assert_uint_eq(gpa, 0x100001234ull);
	ck_assert_int_eq(linear_check(&vcpu, 0x1000, 16), -1);

	pd[0] = 0x83 | 0x1FE000;               /* bits 32-39 all set */
	ck_assert_int_eq(linear_to_phys(&vcpu, 0, &gpa, &contig), 0);
	ck_assert_uint_eq(gpa, 0xFF00000000ull);
	ck_assert_int_eq(linear_check(&vcpu, 0, 1), -1);

	pd[0] = 0x83 | 0x200000;               /* reserved bit 21 */
	ck_assert_int_eq(linear_to_phys(&vcpu, 0x1234, &gpa, &contig), -1);
	ck_assert_int_eq(linear_check(&vcpu, 0x1000, 16), -1);

	/* Without CR4.PSE the PS bit means nothing: a page table at 0x3000. */
	vcpu.sregs.cr4 = 0;
	pd[0] = 0x3000 | 0x83;
	((uint32_t *)(ram + 0x3000))[1] = 0x5003;
	ck_assert_int_eq(linear_to_phys(&vcpu, 0x1010, &gpa, &contig), 0);
	ck_assert_uint_eq(gpa, 0x5010);
}
END_TEST

/*
 * Bugs: the number parsers took what strtod()/strtoull() take beyond the
 * documented grammar: leading spaces and signs (" -18446744073709551615"
 * became 1), octal ("010" was 8), exponents, hex floats, "+1". Found by
 * fuzz/cli-fuzz (reference parsers); corpus entries cli/size-space-neg,
 * cli/u32-double-prefix (a second "0x" after the first, which the first fix
 * let through: found by the long fuzz run),
 * cli/u32-octal, cli/u32-space-neg, cli/timeout-exp, cli/timeout-hex,
 * cli/timeout-plus, cli/timeout-space.
 */
START_TEST(test_cli_numbers_strict)
{
	uint64_t b = 0, ms = 0;
	uint32_t v = 0;

	ck_assert_int_eq(cli_parse_size(" -18446744073709551615", &b), -1);
	ck_assert_int_eq(cli_parse_size(" 4M", &b), -1);
	ck_assert_int_eq(cli_parse_size("+4M", &b), -1);
	ck_assert_int_eq(cli_parse_size("4M", &b), 0);
	ck_assert_uint_eq(b, 4u << 20);

	ck_assert_int_eq(cli_parse_u32(" -18446744073709551615", &v), -1);
	ck_assert_int_eq(cli_parse_u32(" 1", &v), -1);
	ck_assert_int_eq(cli_parse_u32("0x", &v), -1);
	ck_assert_int_eq(cli_parse_u32("0x-1", &v), -1);
	ck_assert_int_eq(cli_parse_u32("0x 1", &v), -1);
	ck_assert_int_eq(cli_parse_u32("0x0X10", &v), -1);  /* found by cli-fuzz */
	ck_assert_int_eq(cli_parse_u32("0x0x10", &v), -1);
	ck_assert_int_eq(cli_parse_u32("010", &v), 0);
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(cli_parse_u32("0X1f", &v), 0);
	ck_assert_uint_eq(v, 31);
	ck_assert_int_eq(cli_parse_u32("4294967295", &v), 0);
	ck_assert_uint_eq(v, 4294967295u);

	ck_assert_int_eq(cli_parse_timeout("1e2", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout("0x10", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout("+1", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout(" 5", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout("inf", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout(".", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout(".5", &ms), 0);
	ck_assert_uint_eq(ms, 500);
	ck_assert_int_eq(cli_parse_timeout("2.", &ms), 0);
	ck_assert_uint_eq(ms, 2000);
}
END_TEST

/*
 * Bug: a thread created just before the sandbox (the gdb stub's watcher,
 * started from a vCPU's setup hook) could still be in glibc's start-up,
 * whose rseq() call the filter refused: the thread, with SIGSYS blocked
 * there, killed the process without a word. Found by tests/gdb-real.test
 * failing under parallel `make check`. Each child here races a new thread
 * against the filter; all must live.
 */
static void *idle_thread(void *arg)
{
	return arg;
}

START_TEST(test_sandbox_thread_startup_race)
{
	if (!vmm_sandbox_available())
		return;
	for (int i = 0; i < 100; i++) {
		pid_t pid = fork();
		int status;

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			pthread_t t;

			if (pthread_create(&t, NULL, idle_thread, NULL) != 0 ||
			    vmm_sandbox_enter(0) < 0)
				_exit(2);
			pthread_join(t, NULL);
			_exit(0);
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		              "child %d: status 0x%x", i, status);
	}
}
END_TEST

/* A forbidden call after vmm_sandbox_enter(): one line naming it, death by
 * SIGSYS, and the call never ran (the file is not created). */
START_TEST(test_sandbox_kills_with_a_message)
{
	char path[] = "/tmp/unit-harden-XXXXXX";
	char msg[256] = { 0 };
	int fds[2], status, dir;
	pid_t pid;
	ssize_t n;

	if (!vmm_sandbox_available())
		return;
	ck_assert_ptr_nonnull(mkdtemp(path));
	dir = open(path, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dir, 0);
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		if (vmm_sandbox_enter(0) < 0)
			_exit(2);
		openat(dir, "created", O_WRONLY | O_CREAT, 0600);
		_exit(3);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), SIGSYS);
	ck_assert_msg(strstr(msg, ": sandbox: system call openat (257) is not allowed; killing the process\n"),
	              "message: %s", msg);
	ck_assert_int_eq(faccessat(dir, "created", F_OK, 0), -1);
	close(fds[0]);
	close(dir);
	rmdir(path);
}
END_TEST

/* VMM_SANDBOX_NET serves the gdb stub's sockets, but recvmsg, the one way to
 * receive descriptors (SCM_RIGHTS), stays forbidden. */
START_TEST(test_sandbox_net_refuses_recvmsg)
{
	char msg[256] = { 0 };
	int fds[2], sv[2], status;
	pid_t pid;
	ssize_t n;

	if (!vmm_sandbox_available())
		return;
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(write(sv[1], "x", 1), 1);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char c;
		struct iovec iov = { &c, 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

		dup2(fds[1], STDERR_FILENO);
		if (vmm_sandbox_enter(VMM_SANDBOX_NET) < 0)
			_exit(2);
		/* What the stub does is allowed... */
		if (recv(sv[0], &c, 1, MSG_PEEK) != 1)
			_exit(3);
		recvmsg(sv[0], &mh, 0);
		_exit(4);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
	              "status 0x%x, stderr: %s", status, msg);
	ck_assert_msg(strstr(msg, ": sandbox: system call recvmsg (47) is not allowed; killing the process\n"),
	              "message: %s", msg);
	close(fds[0]);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

static Suite *harden_suite(void)
{
	Suite *s = suite_create("harden");
	TCase *t = tcase_create("guestmem");

	tcase_add_test(t, test_buffer_across_adjacent_slots);
	tcase_add_test(t, test_pse36_and_reserved_bits);
	suite_add_tcase(s, t);
	t = tcase_create("sandbox");
	/* 100 forks: Check's 4 s default is short under the sanitizers on a
	 * busy 2-CPU machine (it timed out so once). */
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_sandbox_thread_startup_race);
	tcase_add_test(t, test_sandbox_kills_with_a_message);
	tcase_add_test(t, test_sandbox_net_refuses_recvmsg);
	suite_add_tcase(s, t);
	t = tcase_create("cli");
	tcase_add_test(t, test_cli_numbers_strict);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run_suite(harden_suite());
}
