/* cli.h: option parsing and printing helpers shared by the tools. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VMM_CLI_H
#define VMM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "testhooks.h"
#include "vmm.h"

/* Exit statuses (doc/design.md#exit-statuses). */
#define EXIT_TIMEOUT  124
#define EXIT_NOSTART  125
#define EXIT_CRASHED  126

/* Parse a timeout like "1", "2.5" or "0.1" (seconds, > 0, at most a day)
 * into milliseconds. */
int cli_parse_timeout(const char *text, uint64_t *ms);

/* Parse a size like "4M", "64M", "1G", "4194304" (bytes). */
int cli_parse_size(const char *text, uint64_t *bytes);

/* Parse a guest RAM size: like cli_parse_size(), but a number without a
 * suffix is MiB ("64" is 64 MiB, as QEMU's -m takes it). */
int cli_parse_mem(const char *text, uint64_t *bytes);

/* Parse a 32-bit number: decimal, or hex with 0x. */
int cli_parse_u32(const char *text, uint32_t *value);

/* The guest's name: PATH's last component without its extension. */
void cli_guest_name(const char *path, char *name, size_t len);

struct stat;

/*
 * Open PATH with FLAGS (O_RDONLY or O_RDWR) if it is a regular file (or,
 * with BLOCK_OK, a block device), and fill ST. Never blocks: a FIFO or a
 * terminal is refused, not waited for. On failure return -1 with a
 * one-line reason in ERR naming the file, after WHAT ("disk") if not NULL.
 */
int cli_open_regular(const char *path, int flags, const char *what,
                     bool block_ok, struct stat *st, char *err, size_t errlen);

/*
 * Read the file PATH (at most MAX bytes, not empty) into a malloc'd buffer.
 * On failure return -1 with a one-line reason in ERR naming the file.
 */
int cli_read_file(const char *path, size_t max, uint8_t **data, size_t *len,
                  char *err, size_t errlen);

/* The one-line summary of a stopped guest ("halted after 12 exits"). */
void cli_describe_stop(const struct vmm_guest *g, uint64_t timeout_ms,
                       char *buf, size_t len);

/* The exit status for the whole run (doc/design.md#exit-statuses). */
int cli_exit_status(const struct vmm_guest *guests, unsigned n);

/*
 * Print TOOL's --version text to F the GNU way: "TOOL (PACKAGE) VERSION",
 * the copyright line, the licence and the no-warranty notice.
 */
void cli_print_version(FILE *f, const char *tool);

/* Print the --stats table for the guests to F. */
void cli_print_stats(FILE *f, const struct vmm_guest *guests,
                     const char *const *names, unsigned n);

/*
 * Report how the guests ended on stderr: a summary line per guest (unless
 * QUIET), the register dump of a crashed guest, one "TOOL: reason" line for
 * a guest the VMM could not run, and the --stats table when STATS is set.
 * Returns the tool's exit status.
 */
int cli_report(const char *tool, const struct vmm_guest *guests,
               const char *const *labels, unsigned n, bool quiet, bool stats,
               uint64_t timeout_ms);

/*
 * The sandbox as the tools use it: CLI_SANDBOX is a vmm_run_options.ready
 * hook taking a struct cli_sandbox. When ENABLED (no --no-sandbox) and the
 * library can sandbox, it enters the sandbox with FLAGS; then it runs the
 * sandbox self-test (testhooks.h).
 */
struct cli_sandbox {
	const char *tool;
	bool enabled;
	unsigned flags;
};
int cli_sandbox_ready(void *opaque);

/*
 * Make sure descriptors 0, 1 and 2 are open (on /dev/null if not), so that
 * no file the VMM opens (/dev/kvm, a disk) becomes "stdout" by accident.
 * Returns -1 if that fails.
 */
int cli_open_std_fds(void);

/*
 * Restore the terminal and die as usual of every signal that ends the
 * process (SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGSEGV...); on Ctrl-Z
 * (SIGTSTP) restore it, stop, and put it back in raw mode when continued.
 */
void cli_install_signal_handlers(void);

/* Such a death fsyncs FD (the disk) first; a failure is reported on
 * stderr in one line naming TOOL. */
void cli_flush_on_signal(const char *tool, int fd);

/*
 * Write all LEN bytes of BUF to FD: a write cut short by a signal (EINTR)
 * is retried and a full non-blocking descriptor (EAGAIN) waited for with
 * poll(), so guest output is never dropped for those. Returns 0, or -1
 * with errno on a real error (EPIPE: the reader is gone).
 */
int cli_write_all(int fd, const void *buf, size_t len);

/* The VMM cannot start: "TOOL: message" on stderr, exit status 125. */
void cli_die(const char *tool, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/*
 * The getopt_long() results every tool handles alike, C being any option
 * the tool's own switch does not know: 'h' (USAGE to stdout, exit 0), 'V'
 * (the version, exit 0), ':' (a missing argument) and unknown options (one
 * line, exit 125). The tools parse with opterr = 0 and a leading ':'.
 */
void cli_other_option(const char *tool, int c, char **argv,
                      void (*usage)(FILE *)) __attribute__((noreturn));

/* --gdb PORT: 0 to 65535, or die. */
int cli_parse_gdb_port(const char *tool, const char *text);

/*
 * Listen for gdb on 127.0.0.1:PORT (NOWAIT: --gdb-nowait) and say so on
 * stderr, WHAT after the address (" (guest 1: name)", or ""); die if that
 * fails.
 */
struct vmm_gdb *cli_gdb_listen(const char *tool, int port, bool nowait,
                               const char *what);

/* The guests' input from stdin, or die. */
struct vmm_input *cli_input_open(const char *tool);

/*
 * Run the N GUESTS (vmm_run) for at most TIMEOUT_MS, in the sandbox unless
 * SANDBOX is false (with GDB: one that lets it serve its socket), then close
 * INPUT. 0, or -1 after one "TOOL: reason" line on stderr.
 */
int cli_run(const char *tool, struct vmm_guest *guests, unsigned n,
            uint64_t timeout_ms, bool sandbox, struct vmm_gdb *gdb,
            struct vmm_input *input);

#endif
