/* testhooks.h: the tools' test-only hooks, switched on by the environment (sandbox self-test, resource and timing reports). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VMM_TESTHOOKS_H
#define VMM_TESTHOOKS_H

#include <stdbool.h>

/*
 * Sandbox self-test (cli_sandbox_ready() calls it once the sandbox is
 * entered): with VMM_SANDBOX_SELFTEST=CALL in the environment, make one
 * forbidden system call (CALL is open, socket, exec, ioctl, mmap-exec, fork
 * or kill), which must kill the process; if it does not (no sandbox), say so
 * on stderr naming TOOL, and the guests run as usual. SANDBOXED: the tool
 * meant to enter the sandbox (no --no-sandbox).
 */
void testhook_sandbox_selftest(const char *tool, bool sandboxed);

/*
 * Test hook for the soak test: with VMM_RESOURCE_REPORT=1 in the
 * environment, print "TOOL: resources: fds N maxrss K" on stderr (open
 * descriptors below 1024, peak resident KiB). Works inside the sandbox.
 */
void cli_resource_report(const char *tool);

/*
 * Start-up profiling for `make bench`, active only when the environment has
 * VMM_TIMING=1: cli_timing() notes that PHASE (a string literal) has just
 * ended; any thread may call it. cli_timing_report() then prints one line
 * on stderr, "TOOL-timing: PHASE=MICROSECONDS...", each phase measured from
 * the end of the one before it.
 */
void cli_timing(const char *phase);
void cli_timing_report(const char *tool);

/* The end of a tool's main(): note the teardown, then both reports. */
void testhooks_finish(const char *tool);

#endif
