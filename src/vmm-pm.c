/* vmm-pm.c: boot a 32-bit protected-mode kernel with paging already on. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"
#include "vmm.h"

#define TOOL "vmm-pm"
/* The VMM cannot start: one line on stderr, status 125. */
#define die_start(...) cli_die(TOOL, __VA_ARGS__)

/* Kernel images larger than this are surely a mistake (RAM is at most 1 GiB). */
#define MAX_IMAGE (VMM_PM_MAX_MEM)
/* The installed os-1k, booted when no kernel is named. */
#define DEFAULT_KERNEL "os-1k/kernel.elf"
#define DEFAULT_DISK   "os-1k/disk.tar"
/* RAM for a Multiboot or Linux kernel when --mem is not given (as
 * qemu -m 32). */
#define MULTIBOOT_DEFAULT_MEM (32u << 20)
#define MAX_MODULES 64

struct options {
	uint64_t mem;
	bool mem_set;
	const char *module_arg[MAX_MODULES];  /* --module FILE[=STRING] */
	unsigned module_count;
	const char *initrd;                   /* --initrd FILE (Linux) */
	uint32_t load_addr, entry;
	bool entry_set, load_set;
	const char *append;
	const char *disk;
	char disk_path[4096];    /* --disk FILE:ro without its ":ro" */
	bool disk_ro;
	uint64_t timeout_ms;
	enum vmm_boot_protocol protocol;
	enum vmm_boot_protocol loaded_as;  /* what read_kernel() found */
	enum { VGA_AUTO, VGA_LIVE, VGA_DUMP, VGA_NONE } vga;
	bool stats, quiet, trace, no_sandbox;
	int gdb_port;          /* -1: no gdb */
	bool gdb_nowait;       /* --gdb-nowait: run until gdb attaches */
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vmm-pm [OPTIONS] [KERNEL]\n"
"Boot a 32-bit protected-mode kernel (ELF32 or flat binary) with paging on,\n"
"or a Multiboot or Linux kernel as qemu-system-i386 -kernel does.\n"
"Without KERNEL, boot the installed os-1k on a private copy of its disk.\n"
"\n"
"RAM is mapped twice with 4 MiB pages: at 0 and at 0x80000000. The kernel\n"
"starts with CR0 = PE|PG, CR4 = PSE, CR3 = 0x100000, CS = 0x08, data 0x10,\n"
"EAX = 0x564D4D31 and EBX = the virtual address of the boot info.\n"
"\n"
"A kernel with a Multiboot v1 header boots by Multiboot instead: paging off,\n"
"EAX = 0x2BADB002, EBX = the Multiboot information, 32 MiB of RAM by default.\n"
"A kernel with a Linux setup header (\"HdrS\", a bzImage) boots by the Linux\n"
"32-bit boot protocol: paging off, ESI = the zero page, 32 MiB by default.\n"
"\n"
"Options:\n"
"  -b, --boot=PROTOCOL    auto (default), vmm, multiboot or linux: how KERNEL\n"
"                         boots\n"
"  -m, --mem=SIZE         guest RAM, a multiple of 4M up to 1G (default 4M);\n"
"                         a number without K, M or G is MiB (--mem 64)\n"
"      --load-addr=ADDR   physical load address of a flat image (default 0x1000)\n"
"      --entry=ADDR       entry point of a flat image (default 0x80001000)\n"
"  -a, --append=STRING    command line for the kernel (in the boot info)\n"
"      --module=FILE[=STRING]  a Multiboot module, with its string (default:\n"
"                         FILE); repeat for more\n"
"      --initrd=FILE      a Linux kernel's initial ramdisk\n"
"  -d, --disk=FILE[:ro]   virtio-blk disk backed by FILE (:ro = read-only)\n"
"      --vga=MODE         the VGA text screen: live (repainted in the\n"
"                         terminal), dump (printed once the guest stops) or\n"
"                         none; default: live on a terminal, else dump, once\n"
"                         the guest has written to the screen\n"
"  -t, --timeout=SECONDS  stop the guest after SECONDS (exit 124)\n"
"  -s, --stats            print exit statistics on stderr\n"
"      --trace            print one line per VM exit on stderr\n"
"      --no-sandbox       do not confine the VMM in its seccomp sandbox\n"
"  -q, --quiet            no summary line on stderr\n"
"  -g, --gdb=PORT         wait on 127.0.0.1:PORT for gdb before the first\n"
"                         instruction (0: any free port); connect with\n"
"                         gdb KERNEL.elf -ex 'target remote 127.0.0.1:PORT'\n"
"      --gdb-nowait       with --gdb: start at once, and let gdb attach to\n"
"                         the running kernel later (it then stops there)\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"With --gdb, gdb sees the kernel's virtual addresses (through its page\n"
"tables): 'break kernel_main', watchpoints, Ctrl-C and 'x' work as usual.\n"
"\n"
"Exit status: the guest's EXIT status (HLT = 0), 124 on timeout, 125 if the\n"
"VMM could not start, 126 if the guest crashed.\n");
}

static void parse_disk(const char *arg, struct options *o)
{
	size_t len = strlen(arg);

	o->disk = arg;
	o->disk_ro = false;
	if (len > 3 && strcmp(arg + len - 3, ":ro") == 0) {
		if (len - 3 >= sizeof(o->disk_path))
			die_start("disk file name too long");
		memcpy(o->disk_path, arg, len - 3);
		o->disk_path[len - 3] = '\0';
		o->disk = o->disk_path;
		o->disk_ro = true;
	}
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_LOAD = 256, OPT_ENTRY, OPT_TRACE, OPT_NO_SANDBOX, OPT_GDB_NOWAIT,
	       OPT_MODULE, OPT_INITRD, OPT_VGA };
	static const struct option longopts[] = {
		{ "mem", required_argument, NULL, 'm' },
		{ "load-addr", required_argument, NULL, OPT_LOAD },
		{ "entry", required_argument, NULL, OPT_ENTRY },
		{ "append", required_argument, NULL, 'a' },
		{ "boot", required_argument, NULL, 'b' },
		{ "module", required_argument, NULL, OPT_MODULE },
		{ "initrd", required_argument, NULL, OPT_INITRD },
		{ "disk", required_argument, NULL, 'd' },
		{ "vga", required_argument, NULL, OPT_VGA },
		{ "timeout", required_argument, NULL, 't' },
		{ "stats", no_argument, NULL, 's' },
		{ "trace", no_argument, NULL, OPT_TRACE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
		{ "gdb", required_argument, NULL, 'g' },
		{ "gdb-nowait", no_argument, NULL, OPT_GDB_NOWAIT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:a:b:d:t:sqg:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (cli_parse_mem(optarg, &o->mem) < 0 || o->mem == 0 ||
			    o->mem % (4u << 20) || o->mem > VMM_PM_MAX_MEM)
				die_start("invalid memory size '%s' (a multiple of 4M up to 1G, e.g. 64M)",
				          optarg);
			o->mem_set = true;
			break;
		case 'b':
			if (strcmp(optarg, "auto") == 0)
				o->protocol = VMM_BOOT_AUTO;
			else if (strcmp(optarg, "vmm") == 0)
				o->protocol = VMM_BOOT_VMM;
			else if (strcmp(optarg, "multiboot") == 0)
				o->protocol = VMM_BOOT_MULTIBOOT;
			else if (strcmp(optarg, "linux") == 0)
				o->protocol = VMM_BOOT_LINUX;
			else
				die_start("invalid boot protocol '%s' (auto, vmm, multiboot or linux)",
				          optarg);
			break;
		case OPT_MODULE:
			if (o->module_count == MAX_MODULES)
				die_start("at most %d modules can be loaded", MAX_MODULES);
			o->module_arg[o->module_count++] = optarg;
			break;
		case OPT_INITRD: o->initrd = optarg; break;
		case OPT_LOAD:
			if (cli_parse_u32(optarg, &o->load_addr) < 0)
				die_start("invalid load address '%s'", optarg);
			o->load_set = true;
			break;
		case OPT_ENTRY:
			if (cli_parse_u32(optarg, &o->entry) < 0)
				die_start("invalid entry address '%s'", optarg);
			o->entry_set = true;
			break;
		case 'a':
			/* Its limit is the boot protocol's (vmm_boot_load). */
			o->append = optarg;
			break;
		case 'd': parse_disk(optarg, o); break;
		case OPT_VGA:
			if (strcmp(optarg, "live") == 0)
				o->vga = VGA_LIVE;
			else if (strcmp(optarg, "dump") == 0)
				o->vga = VGA_DUMP;
			else if (strcmp(optarg, "none") == 0)
				o->vga = VGA_NONE;
			else
				die_start("invalid VGA mode '%s' (live, dump or none)", optarg);
			break;
		case 't':
			if (cli_parse_timeout(optarg, &o->timeout_ms) < 0)
				die_start("invalid timeout '%s' (seconds, e.g. 1 or 0.5)", optarg);
			break;
		case 's': o->stats = true; break;
		case OPT_TRACE: o->trace = true; break;
		case 'q': o->quiet = true; break;
		case OPT_NO_SANDBOX: o->no_sandbox = true; break;
		case 'g': o->gdb_port = cli_parse_gdb_port(TOOL, optarg); break;
		case OPT_GDB_NOWAIT: o->gdb_nowait = true; break;
		default: cli_other_option(TOOL, c, argv, usage);
		}
	}
	return optind;
}

static const char *data_dir(void)
{
	const char *dir = getenv("VMM_DATADIR");

	return dir && *dir ? dir : PKGDATADIR;
}

/* A private in-memory copy of the installed disk: the user's installed
 * image never changes. */
static int private_disk_copy(const char *path)
{
	char err[512];
	uint8_t *data;
	size_t len;
	int fd;

	if (cli_read_file(path, MAX_IMAGE, &data, &len, err, sizeof(err)) < 0)
		die_start("%s", err);
	fd = memfd_create("os-1k-disk", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		die_start("cannot copy the disk '%s' to memory: %s", path, strerror(errno));
	free(data);
	return fd;
}

static int open_disk(const struct options *o)
{
	char err[512];
	struct stat st;
	int fd = cli_open_regular(o->disk, o->disk_ro ? O_RDONLY : O_RDWR, "disk",
	                          true, &st, err, sizeof(err));

	if (fd < 0)
		die_start("%s", err);
	return fd;
}

struct pm_guest {
	struct vmm_boot boot;
	bool trace;
	const char *private_disk_of;  /* booting the installed os-1k */
	struct vmm_gdb *gdb;
};

static void print_trace(void *opaque, unsigned index, const char *line)
{
	(void)opaque;
	(void)index;
	fprintf(stderr, "trace: %s\n", line);
}

static int setup_paged(struct vmm_vcpu *vcpu, void *arg)
{
	const struct pm_guest *pg = arg;

	if (pg->trace)
		vmm_vcpu_set_trace(vcpu, print_trace, NULL);
	if (vmm_boot_setup(vcpu, &pg->boot) < 0)
		return -1;
	/* Said only once the kernel will really run. */
	if (pg->private_disk_of)
		fprintf(stderr, "vmm-pm: booting %s; disk changes will not be saved\n",
		        pg->private_disk_of);
	/* Flat segments: gdb addresses are the kernel's virtual addresses. */
	if (pg->gdb && vmm_vcpu_attach_gdb(vcpu, pg->gdb, 0) < 0)
		return -1;
	cli_timing("thread+vcpu");
	return 0;
}

/* The live VGA display, while there is one: it holds console output
 * while the guest's screen is shown. */
static struct vmm_vga_live *vga_live;

static void write_stdout(void *opaque, const uint8_t *buf, size_t len)
{
	(void)opaque;
	if (vga_live) {
		vmm_vga_live_write(vga_live, buf, len);
		return;
	}
	/* Only a real error (EPIPE: the reader is gone) drops output. */
	(void)cli_write_all(STDOUT_FILENO, buf, len);
}

static int read_input(void *opaque, int stop_fd)
{
	return vmm_input_read(opaque, stop_fd);
}

static bool input_ready(void *opaque)
{
	return vmm_input_ready(opaque);
}

/* The modules' files and strings, read once (--module FILE[=STRING]). */
static struct vmm_boot_module modules[MAX_MODULES];
static char *module_names[MAX_MODULES];

static void read_modules(const struct options *o)
{
	char err[512];

	for (unsigned i = 0; i < o->module_count; i++) {
		char *file = strdup(o->module_arg[i]);
		char *eq = file ? strchr(file, '=') : NULL;
		uint8_t *data;

		if (!file)
			die_start("out of memory");
		if (eq) {
			*eq = '\0';
			modules[i].string = eq + 1;
		} else {
			modules[i].string = file;
		}
		if (cli_read_file(file, MAX_IMAGE, &data, &modules[i].len, err,
		                  sizeof(err)) < 0)
			die_start("module: %s", err);
		modules[i].data = data;
		module_names[i] = file;
	}
}

/* The --initrd file's bytes, read once. */
static uint8_t *initrd_data;
static size_t initrd_len;

static void read_initrd(const struct options *o)
{
	char err[512];

	if (o->initrd && cli_read_file(o->initrd, MAX_IMAGE, &initrd_data,
	                               &initrd_len, err, sizeof(err)) < 0)
		die_start("initrd: %s", err);
}

/* The libvmm boot options that O asks for. */
static void boot_options(const struct options *o, uint32_t virtio_blk_base,
                         struct vmm_boot_options *bo)
{
	memset(bo, 0, sizeof *bo);
	bo->protocol = o->protocol;
	bo->cmdline = o->append;
	bo->virtio_blk_base = virtio_blk_base;
	bo->load_set = o->load_set;
	bo->entry_set = o->entry_set;
	bo->load_addr = o->load_addr;
	bo->entry = o->entry;
	bo->modules = modules;
	bo->module_count = o->module_count;
	bo->initrd = initrd_data;
	bo->initrd_len = initrd_len;
}

/* Load the kernel IMAGE (read from PATH) into RAM by its boot protocol and
 * fill BOOT; a kernel that does not fit is refused. */
static void load_kernel(const char *path, const uint8_t *image, size_t len,
                        const struct options *o, uint32_t virtio_blk_base,
                        uint8_t *ram, struct vmm_boot *boot)
{
	struct vmm_boot_options bo;
	enum vmm_boot_protocol p = o->protocol == VMM_BOOT_AUTO ?
	                           vmm_boot_detect(image, len) : o->protocol;

	/* Said before the image's own checks: the option is the mistake. */
	if (o->module_count && p != VMM_BOOT_MULTIBOOT)
		die_start("'%s' is not a Multiboot kernel: --module is for Multiboot kernels",
		          path);
	if (o->initrd && p != VMM_BOOT_LINUX)
		die_start("'%s' is not a Linux kernel: --initrd is for Linux kernels",
		          path);
	boot_options(o, virtio_blk_base, &bo);
	if (vmm_boot_load(ram, o->mem, image, len, &bo, boot) < 0)
		die_start("cannot load '%s': %s", path, vmm_last_error());
	if (!boot->flat && (o->load_set || o->entry_set))
		die_start("'%s' is %s: --load-addr and --entry are for flat images",
		          path, boot->protocol == VMM_BOOT_MULTIBOOT ?
		          "a Multiboot kernel" : boot->protocol == VMM_BOOT_LINUX ?
		          "a Linux kernel" : "an ELF image");
}

/*
 * Read KERNEL and check that it loads, before anything needs KVM: a bad
 * kernel is reported as such on any host. The trial load goes to scratch
 * memory that costs only the pages the kernel covers.
 */
static uint8_t *read_kernel(const char *path, struct options *o, size_t *len)
{
	char err[512];
	struct vmm_boot boot;
	enum vmm_boot_protocol p;
	uint8_t *image;
	void *scratch;

	if (cli_read_file(path, MAX_IMAGE, &image, len, err, sizeof(err)) < 0)
		die_start("%s", err);
	read_modules(o);
	read_initrd(o);
	/* Multiboot and Linux kernels get a PC's RAM unless --mem says
	 * otherwise. */
	p = o->protocol == VMM_BOOT_AUTO ? vmm_boot_detect(image, *len) :
	    o->protocol;
	if (!o->mem_set && (p == VMM_BOOT_MULTIBOOT || p == VMM_BOOT_LINUX))
		o->mem = MULTIBOOT_DEFAULT_MEM;
	scratch = mmap(NULL, o->mem, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (scratch == MAP_FAILED)
		die_start("cannot allocate %llu bytes of memory: %s",
		          (unsigned long long)o->mem, strerror(errno));
	load_kernel(path, image, *len, o, 0, scratch, &boot);
	munmap(scratch, o->mem);
	o->loaded_as = boot.protocol;
	/* Said once, before the guest runs (the library never prints). */
	if (boot.note)
		fprintf(stderr, "vmm-pm: %s: %s\n", path, boot.note);
	if (o->trace)
		fprintf(stderr, "trace: boot protocol %s (%s)\n",
		        vmm_boot_protocol_name(boot.protocol),
		        o->protocol == VMM_BOOT_AUTO ? "detected" : "--boot");
	return image;
}

/* The end of the run: restore the terminal from the live display, and
 * print the screen once, after the console output (all written by now). */
static void show_screen(const struct options *o, struct vmm_vga *vga)
{
	uint8_t cells[VMM_VGA_TEXT_BYTES];
	char text[VMM_VGA_DUMP_MAX];
	size_t n;

	if (vga_live) {
		struct vmm_vga_live *live = vga_live;
		vga_live = NULL;
		/* The terminal is back, and the held console output written:
		 * the last screen stays in view, as with dump, not only on the
		 * alternate screen that just went away. The default that never
		 * went live (the guest ended within one look) dumps as usual
		 * when the guest wrote to the screen. */
		if (!vmm_vga_live_stop(live) && o->vga != VGA_AUTO)
			return;
	} else if (o->vga == VGA_NONE || o->vga == VGA_LIVE) {
		return;
	}
	/* What the guest wrote since the last look (a failure: as if none). */
	(void)vmm_vga_poll(vga);
	if (o->vga == VGA_AUTO && !vmm_vga_written(vga))
		return;
	vmm_vga_read(vga, cells);
	n = vmm_vga_render_text(cells, text, sizeof(text));
	fflush(stdout);
	(void)cli_write_all(STDOUT_FILENO, text, n);
}

/* The kernel file's bytes, from reading it until they are in guest RAM. At
 * file scope so that they stay reachable when a start-up error exits in
 * between (no KVM, no permission, a bad disk): the leak checker of the
 * sanitizer builds would otherwise report them. */
static uint8_t *kernel_image;

int main(int argc, char **argv)
{
	struct options opt = { .mem = VMM_PM_DEFAULT_MEM, .gdb_port = -1 };
	char default_kernel[4096], label[96], name[64];
	const char *kernel, *labels[1] = { label };
	struct vmm_guest g;
	struct pm_guest pg;
	struct vmm_input *input;
	struct vmm_vm *vm;
	struct vmm_vga *vga;
	uint8_t *ram;
	size_t image_len;
	int first, disk_fd = -1, status;

	if (cli_open_std_fds() < 0)
		return EXIT_NOSTART;
	cli_timing("main");
	first = parse_options(argc, argv, &opt);
	if (argc - first > 1)
		die_start("only one kernel can be booted (got %d; try --help)", argc - first);
	if (opt.gdb_nowait && opt.gdb_port < 0)
		die_start("--gdb-nowait needs --gdb PORT");
	if (first == argc) {
		snprintf(default_kernel, sizeof(default_kernel), "%s/%s", data_dir(),
		         DEFAULT_KERNEL);
		kernel = default_kernel;
		if (access(kernel, F_OK) < 0 && errno == ENOENT)
			die_start("no kernel given, and os-1k is not installed (no %s): name "
			          "a kernel (e.g. vmm-pm os-1k/kernel.elf in a build tree), "
			          "or boot it with 'make run' in the source tree", kernel);
		kernel_image = read_kernel(kernel, &opt, &image_len);
		if (!opt.disk) {
			char disk[4096];
			snprintf(disk, sizeof(disk), "%s/%s", data_dir(), DEFAULT_DISK);
			disk_fd = private_disk_copy(disk);
		}
	} else {
		kernel = argv[first];
		kernel_image = read_kernel(kernel, &opt, &image_len);
	}
	if (opt.disk)
		disk_fd = open_disk(&opt);
	cli_timing("args+disk");

	vm = vmm_vm_create();
	if (!vm)
		die_start("%s", vmm_last_error());
	cli_timing("create_vm");
	/* A PC's memory: the VGA window, and below 1 MiB read-only zeros for
	 * Multiboot kernels; the vmm protocol's RAM stays [0, mem) (vmm-abi(7)). */
	/* The field's kernels get a PC's memory; os-1k's ABI keeps RAM [0, mem). */
	ram = vmm_vm_add_pc_ram(vm, opt.mem, opt.loaded_as != VMM_BOOT_VMM ?
	                        VMM_PC_RAM_ROM : 0);
	if (!ram || !(vga = vmm_vga_attach(vm)))
		die_start("%s", vmm_last_error());
	load_kernel(kernel, kernel_image, image_len, &opt,
	            disk_fd >= 0 ? VMM_VIRTIO_BLK_BASE : 0, ram, &pg.boot);
	free(kernel_image);
	kernel_image = NULL;
	for (unsigned i = 0; i < opt.module_count; i++) {
		free((void *)modules[i].data);
		free(module_names[i]);
	}
	free(initrd_data);
	initrd_data = NULL;
	pg.trace = opt.trace;
	pg.private_disk_of = first == argc && !opt.disk ? kernel : NULL;
	pg.gdb = NULL;
	if (disk_fd >= 0 &&
	    vmm_virtio_blk_attach(vm, VMM_VIRTIO_BLK_BASE, disk_fd, opt.disk_ro) < 0)
		die_start("cannot use disk '%s': %s", opt.disk ? opt.disk : "(private copy)",
		          vmm_last_error());
	if (vmm_hypercall_attach(vm) < 0 || vmm_uart_attach(vm) < 0 ||
	    vmm_pc_devices_attach(vm, opt.mem) < 0 ||
	    vmm_vm_enable_batching(vm) < 0)
		die_start("%s", vmm_last_error());
	cli_timing("memory+load");

	cli_guest_name(kernel, name, sizeof(name));
	snprintf(label, sizeof(label), "[vCPU 0:%s]", name);
	if (opt.gdb_port >= 0)
		pg.gdb = cli_gdb_listen(TOOL, opt.gdb_port, opt.gdb_nowait, "");
	cli_install_signal_handlers();
	if (disk_fd >= 0 && !opt.disk_ro)
		cli_flush_on_signal("vmm-pm", disk_fd);
	input = cli_input_open(TOOL);
	if (opt.vga == VGA_LIVE ||
	    (opt.vga == VGA_AUTO && isatty(STDOUT_FILENO))) {
		vga_live = vmm_vga_live_start(vga, STDOUT_FILENO, opt.vga == VGA_AUTO);
		if (!vga_live)
			die_start("%s", vmm_last_error());
	}
	memset(&g, 0, sizeof(g));
	g.vm = vm;
	g.console = (struct vmm_console_ops){ write_stdout, read_input, input_ready, input };
	g.setup = setup_paged;
	g.setup_arg = &pg;
	if (cli_run(TOOL, &g, 1, opt.timeout_ms, !opt.no_sandbox, pg.gdb, input) < 0)
		exit(EXIT_NOSTART);
	show_screen(&opt, vga);
	status = cli_report(TOOL, &g, labels, 1, opt.quiet, opt.stats, opt.timeout_ms);
	/* The guest's status means little if its disk writes were lost. */
	if (vmm_vm_flush(vm) < 0) {
		fprintf(stderr, "vmm-pm: disk '%s': %s\n",
		        opt.disk ? opt.disk : "(private copy)", vmm_last_error());
		status = EXIT_NOSTART;
	}
	vmm_vm_destroy(vm);
	vmm_gdb_close(pg.gdb);
	if (disk_fd >= 0)
		close(disk_fd);
	testhooks_finish(TOOL);
	return status;
}
