/* unit-cli.c: Check tests of the tools' option parsing and status helpers. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check-main.h"
#include "config.h"
#include "cli.h"

START_TEST(test_timeout)
{
	uint64_t ms;

	ck_assert_int_eq(cli_parse_timeout("1", &ms), 0);
	ck_assert_uint_eq(ms, 1000);
	ck_assert_int_eq(cli_parse_timeout("0.25", &ms), 0);
	ck_assert_uint_eq(ms, 250);
	ck_assert_int_eq(cli_parse_timeout("0.0001", &ms), 0);
	ck_assert_uint_eq(ms, 1);
	ck_assert_int_eq(cli_parse_timeout("0", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout("-1", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout("", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout("1s", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout("nan", &ms), -1);
	ck_assert_int_eq(cli_parse_timeout("1e9", &ms), -1);
}
END_TEST

START_TEST(test_size)
{
	uint64_t b;

	ck_assert_int_eq(cli_parse_size("4M", &b), 0);
	ck_assert_uint_eq(b, 4u << 20);
	ck_assert_int_eq(cli_parse_size("64MiB", &b), 0);
	ck_assert_uint_eq(b, 64u << 20);
	ck_assert_int_eq(cli_parse_size("1G", &b), 0);
	ck_assert_uint_eq(b, 1u << 30);
	ck_assert_int_eq(cli_parse_size("4194304", &b), 0);
	ck_assert_uint_eq(b, 4194304);
	ck_assert_int_eq(cli_parse_size("4X", &b), -1);
	ck_assert_int_eq(cli_parse_size("-4M", &b), -1);
	ck_assert_int_eq(cli_parse_size("M", &b), -1);
	ck_assert_int_eq(cli_parse_size("99999999999999999999", &b), -1);
	ck_assert_int_eq(cli_parse_size("17179869184G", &b), -1);  /* 2^64 bytes */
}
END_TEST

START_TEST(test_mem)
{
	uint64_t b;

	ck_assert_int_eq(cli_parse_mem("64", &b), 0);       /* MiB, like QEMU */
	ck_assert_uint_eq(b, 64u << 20);
	ck_assert_int_eq(cli_parse_mem("4", &b), 0);
	ck_assert_uint_eq(b, 4u << 20);
	ck_assert_int_eq(cli_parse_mem("64M", &b), 0);
	ck_assert_uint_eq(b, 64u << 20);
	ck_assert_int_eq(cli_parse_mem("1G", &b), 0);
	ck_assert_uint_eq(b, 1u << 30);
	ck_assert_int_eq(cli_parse_mem("4096K", &b), 0);
	ck_assert_uint_eq(b, 4u << 20);
	ck_assert_int_eq(cli_parse_mem("8MiB", &b), 0);
	ck_assert_uint_eq(b, 8u << 20);
	ck_assert_int_eq(cli_parse_mem("0", &b), 0);
	ck_assert_uint_eq(b, 0);
	ck_assert_int_eq(cli_parse_mem("", &b), -1);
	ck_assert_int_eq(cli_parse_mem("M", &b), -1);
	ck_assert_int_eq(cli_parse_mem(" 64", &b), -1);
	ck_assert_int_eq(cli_parse_mem("-64", &b), -1);
	ck_assert_int_eq(cli_parse_mem("64X", &b), -1);
	ck_assert_int_eq(cli_parse_mem("17592186044416", &b), -1);  /* 2^64 bytes */
	ck_assert_int_eq(cli_parse_mem("17592186044415", &b), 0);
}
END_TEST

START_TEST(test_u32)
{
	uint32_t v;

	ck_assert_int_eq(cli_parse_u32("0x80001000", &v), 0);
	ck_assert_uint_eq(v, 0x80001000u);
	ck_assert_int_eq(cli_parse_u32("4096", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(cli_parse_u32("0x100000000", &v), -1);
	ck_assert_int_eq(cli_parse_u32("-1", &v), -1);
	ck_assert_int_eq(cli_parse_u32("12z", &v), -1);
}
END_TEST

START_TEST(test_guest_name)
{
	char name[16];

	cli_guest_name("guests/multiplication-table.bin", name, sizeof(name));
	ck_assert_str_eq(name, "multiplication-");  /* cut to the buffer */
	cli_guest_name("/a/b/hello.bin", name, sizeof(name));
	ck_assert_str_eq(name, "hello");
	cli_guest_name("counter", name, sizeof(name));
	ck_assert_str_eq(name, "counter");
	cli_guest_name("dir.d/x.y.bin", name, sizeof(name));
	ck_assert_str_eq(name, "x.y");
	cli_guest_name(".hidden", name, sizeof(name));
	ck_assert_str_eq(name, ".hidden");
}
END_TEST

START_TEST(test_read_file_errors)
{
	char dir[] = "/tmp/unit-cli.XXXXXX", path[64], err[256];
	uint8_t *data;
	size_t len;
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(cli_read_file(dir, 16, &data, &len, err, sizeof(err)), -1);
	ck_assert(strstr(err, "is a directory") != NULL);
	snprintf(path, sizeof(path), "%s/missing.bin", dir);
	ck_assert_int_eq(cli_read_file(path, 16, &data, &len, err, sizeof(err)), -1);
	ck_assert(strstr(err, "No such file") != NULL);
	snprintf(path, sizeof(path), "%s/empty.bin", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(cli_read_file(path, 16, &data, &len, err, sizeof(err)), -1);
	ck_assert(strstr(err, "is empty") != NULL);
	ck_assert_int_eq(write(fd, "0123456789abcdefX", 17), 17);
	close(fd);
	ck_assert_int_eq(cli_read_file(path, 16, &data, &len, err, sizeof(err)), -1);
	ck_assert(strstr(err, "17 bytes") != NULL);
	ck_assert_int_eq(cli_read_file(path, 17, &data, &len, err, sizeof(err)), 0);
	ck_assert_uint_eq(len, 17);
	ck_assert(memcmp(data, "0123456789abcdefX", 17) == 0);
	free(data);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* A FIFO without a writer is refused at once, not waited on; a disk that
 * is opened read-write comes back without O_NONBLOCK. */
START_TEST(test_open_regular)
{
	char dir[] = "/tmp/unit-cli.XXXXXX", path[64], err[256];
	struct stat st;
	uint8_t *data;
	size_t len;
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(cli_read_file(path, 16, &data, &len, err, sizeof(err)), -1);
	ck_assert(strstr(err, "is a FIFO, not a regular file") != NULL);
	ck_assert_int_eq(cli_open_regular(path, O_RDONLY, "disk", true, &st, err,
	                                  sizeof(err)), -1);
	ck_assert(strncmp(err, "disk '", 6) == 0);
	ck_assert(strstr(err, "a FIFO, not a regular file or block device") != NULL);
	unlink(path);
	ck_assert_int_eq(cli_open_regular("/dev/null", O_RDWR, "disk", true, &st, err,
	                                  sizeof(err)), -1);
	ck_assert(strstr(err, "is a character device") != NULL);
	snprintf(path, sizeof(path), "%s/disk", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = cli_open_regular(path, O_RDWR, "disk", true, &st, err, sizeof(err));
	ck_assert_int_ge(fd, 0);
	ck_assert(!(fcntl(fd, F_GETFL) & O_NONBLOCK));
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_exit_status)
{
	struct vmm_guest g[3];

	memset(g, 0, sizeof(g));
	for (int i = 0; i < 3; i++)
		g[i].stop.reason = VMM_STOP_HLT;
	ck_assert_int_eq(cli_exit_status(g, 3), 0);
	g[2].stop = (struct vmm_stop){ .reason = VMM_STOP_EXIT, .status = 9 };
	g[1].stop = (struct vmm_stop){ .reason = VMM_STOP_EXIT, .status = 7 };
	ck_assert_int_eq(cli_exit_status(g, 3), 7);  /* the lowest-numbered */
	g[2].timed_out = true;
	g[2].stop.reason = VMM_STOP_STOPPED;
	ck_assert_int_eq(cli_exit_status(g, 3), 124);
	g[0].stop.reason = VMM_STOP_CRASH;
	ck_assert_int_eq(cli_exit_status(g, 3), 126);
	g[1].stop.reason = VMM_STOP_ERROR;
	ck_assert_int_eq(cli_exit_status(g, 3), 125);
}
END_TEST

START_TEST(test_describe_stop)
{
	struct vmm_guest g;
	char line[128];

	memset(&g, 0, sizeof(g));
	g.stop.reason = VMM_STOP_HLT;
	g.stats.exits = 12;
	cli_describe_stop(&g, 0, line, sizeof(line));
	ck_assert_str_eq(line, "halted after 12 exits");
	g.stop = (struct vmm_stop){ .reason = VMM_STOP_EXIT, .status = 3 };
	cli_describe_stop(&g, 0, line, sizeof(line));
	ck_assert_str_eq(line, "exited with status 3 after 12 exits");
	g.stop.reason = VMM_STOP_STOPPED;
	g.timed_out = true;
	cli_describe_stop(&g, 1500, line, sizeof(line));
	ck_assert_str_eq(line, "stopped: timeout after 1.500 s (12 exits)");
	g.stop.reason = VMM_STOP_CRASH;
	strcpy(g.stop.detail, "triple fault (KVM_EXIT_SHUTDOWN)\n  RIP=...");
	cli_describe_stop(&g, 0, line, sizeof(line));
	ck_assert_str_eq(line, "crashed after 12 exits: triple fault (KVM_EXIT_SHUTDOWN)");
}
END_TEST

/* --version the GNU way: name, package and version, copyright, licence. */
START_TEST(test_version)
{
	char *text = NULL;
	size_t size = 0;
	char first[128];
	FILE *f = open_memstream(&text, &size);

	ck_assert_ptr_nonnull(f);
	cli_print_version(f, "vmm-real");
	ck_assert_int_eq(fclose(f), 0);
	snprintf(first, sizeof(first), "vmm-real (kvm-vmm) %s\n", PACKAGE_VERSION);
	ck_assert_int_eq(strncmp(text, first, strlen(first)), 0);
	ck_assert_str_eq(text + strlen(first),
		"Copyright (C) 2026 The kvm-vmm authors.\n"
		"License GPLv2+: GNU GPL version 2 or later <https://gnu.org/licenses/gpl.html>.\n"
		"This is free software: you are free to change and redistribute it.\n"
		"There is NO WARRANTY, to the extent permitted by law.\n");
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli");
	TCase *t = tcase_create("parse");

	tcase_add_test(t, test_timeout);
	tcase_add_test(t, test_size);
	tcase_add_test(t, test_mem);
	tcase_add_test(t, test_u32);
	tcase_add_test(t, test_guest_name);
	tcase_add_test(t, test_read_file_errors);
	tcase_add_test(t, test_open_regular);
	suite_add_tcase(s, t);
	t = tcase_create("status");
	tcase_add_test(t, test_exit_status);
	tcase_add_test(t, test_describe_stop);
	tcase_add_test(t, test_version);
	suite_add_tcase(s, t);
	return check_run_suite(s);
}
