/* vmm-real.c: run up to four 16-bit real-mode guests at once. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"
#include "vmm.h"

#define TOOL "vmm-real"
/* The VMM cannot start: one line on stderr, status 125. */
#define die_start(...) cli_die(TOOL, __VA_ARGS__)

#define MAX_GUESTS   4
#define GUEST_RAM    0x40000u  /* 256 KiB per guest */
#define GUEST_SP     0xFFFE

static const char *const colours[MAX_GUESTS] = {
	"\033[31m", "\033[32m", "\033[33m", "\033[34m"
};

struct options {
	uint64_t timeout_ms;
	bool stats, shared_vm, quiet, no_sandbox;
	int prefix;  /* -1 automatic, 0 never, 1 always */
	int gdb_port;        /* -1: no gdb */
	uint32_t gdb_guest;  /* the guest gdb debugs */
	bool gdb_guest_set;
	bool gdb_nowait;     /* --gdb-nowait: run until gdb attaches */
	bool trace;          /* --trace: one line per exit on stderr */
	/* --boot IMAGE[:ro]: boot sectors instead of programs. */
	const char *boot[MAX_GUESTS];
	bool boot_ro[MAX_GUESTS];
	char boot_path[MAX_GUESTS][4096];   /* IMAGE without its ":ro" */
	unsigned boots;
	bool floppy;
	/* --vga=dump|none; by default the screen is dumped if the guest
	 * wrote to it (there is no live display here). */
	enum { VGA_AUTO, VGA_DUMP, VGA_NONE } vga;
};

/* Per-guest state of this tool: where its output goes. */
struct real_guest {
	const char *path;
	char name[64];
	char label[80];              /* "[vCPU i:name]" */
	char prefix[96];             /* label + ' ', maybe coloured; or "" */
	uint8_t *image;
	size_t image_len;
	struct vmm_linebuf *lines;   /* NULL: output goes straight to stdout */
	struct vmm_input *input;     /* guest 0 only */
	uint16_t segment;
	struct vmm_gdb *gdb;         /* the guest debugged with --gdb */
	bool trace;
	/* --boot: the image's file, and how the boot sector starts. */
	int boot_fd;
	bool boot_ro;
	struct vmm_boot boot;
	struct vmm_vga *vga;         /* its screen (the VM owns it) */
};

static pthread_mutex_t stdout_lock = PTHREAD_MUTEX_INITIALIZER;

static void print_line(void *opaque, const char *line, size_t len)
{
	(void)opaque;
	pthread_mutex_lock(&stdout_lock);
	/* Dropped only when stdout is gone (EPIPE) or broken. */
	(void)cli_write_all(STDOUT_FILENO, line, len);
	pthread_mutex_unlock(&stdout_lock);
}

static void guest_write(void *opaque, const uint8_t *buf, size_t len)
{
	struct real_guest *rg = opaque;

	if (rg->lines)
		vmm_linebuf_write(rg->lines, buf, len);
	else
		print_line(NULL, (const char *)buf, len);
}

static int guest_read(void *opaque, int stop_fd)
{
	struct real_guest *rg = opaque;

	if (!rg->input)
		return -1;
	/* A prompt without a newline must be visible before we wait, but only
	 * then: flushing for every byte would break lines that echo input. */
	if (rg->lines && !vmm_input_ready(rg->input))
		vmm_linebuf_flush(rg->lines);
	return vmm_input_read(rg->input, stop_fd);
}

static bool guest_input_ready(void *opaque)
{
	struct real_guest *rg = opaque;

	return rg->input && vmm_input_ready(rg->input);
}

static void print_trace(void *opaque, unsigned index, const char *line)
{
	(void)opaque;
	fprintf(stderr, "trace: [vCPU %u] %s\n", index, line);
}

static int setup_real(struct vmm_vcpu *vcpu, void *arg)
{
	const struct real_guest *rg = arg;

	if (rg->boot_fd >= 0) {
		/* A boot sector: the BIOS's hand-over; gdb sees physical
		 * addresses, the boot sector's at 0x7C00. */
		if (vmm_boot_setup(vcpu, &rg->boot) < 0)
			return -1;
	} else if (vmm_vcpu_setup_real(vcpu, rg->segment, 0, GUEST_SP) < 0) {
		return -1;
	}
	if (rg->trace)
		vmm_vcpu_set_trace(vcpu, print_trace, NULL);
	/* gdb addresses are offsets from the guest's segment, as its image
	 * is linked (at 0), and $eip is IP. */
	if (rg->gdb && vmm_vcpu_attach_gdb(vcpu, rg->gdb, (uint64_t)rg->segment << 4) < 0)
		return -1;
	cli_timing("thread+vcpu");
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vmm-real [OPTIONS] GUEST.bin...\n"
"       vmm-real [OPTIONS] --boot IMAGE[:ro]...\n"
"Run 1 to 4 flat 16-bit real-mode programs at once, one vCPU thread each;\n"
"or boot 1 to 4 disk images the way a PC's BIOS does, each in its own VM.\n"
"\n"
"Guest i (in command-line order, from 0) gets 256 KiB of RAM at physical\n"
"i*0x40000 with its image at offset 0, and starts with all segment registers\n"
"= i*0x4000, IP = 0, SP = 0xFFFE. Guest output goes to stdout; stdin feeds\n"
"guest 0.\n"
"\n"
"With --boot, sector 0 of the image (it must end in 0x55 0xAA) runs at\n"
"0000:7C00 with DL = 0x80, on a PC with 640 KiB of RAM and a BIOS: int 10h\n"
"(the screen, shown as lines on stdout), 11h, 12h, 13h (the image as disk\n"
"0x80, CHS and LBA), 15h, 16h (keys from stdin) and 1Ah (the host's clock).\n"
"\n"
"Options:\n"
"  -b, --boot=IMAGE[:ro]  boot the disk image IMAGE (repeat for up to 4);\n"
"                         :ro refuses the guest's writes to it\n"
"      --floppy           boot the images as 1.44 MB floppies (DL = 0x00)\n"
"      --vga=MODE         the text screen (80x25 at 0xB8000) at the end:\n"
"                         dump prints it after the console output, none\n"
"                         never; default: dump if the boot sector stored\n"
"                         to the screen memory itself (int 10h output is\n"
"                         on the console already); several guests' screens\n"
"                         carry their output prefix\n"
"  -t, --timeout=SECONDS  stop guests still running after SECONDS (exit 124)\n"
"  -s, --stats            print exit statistics per guest on stderr\n"
"      --shared-vm        run all guests as vCPUs of one VM (they can then\n"
"                         read and write each other's memory)\n"
"      --prefix           prefix every output line with [vCPU i:name]\n"
"      --no-prefix        never prefix output lines\n"
"      --no-sandbox       do not confine the VMM in its seccomp sandbox\n"
"  -q, --quiet            no summary line per guest on stderr\n"
"      --trace            print one line per VM exit (and BIOS call) on\n"
"                         stderr\n"
"  -g, --gdb=PORT         debug a guest with gdb: wait on 127.0.0.1:PORT for\n"
"                         gdb before it starts (0: any free port)\n"
"      --gdb-guest=N      the guest --gdb debugs (default 0); the others run\n"
"                         freely\n"
"      --gdb-nowait       with --gdb: start at once, and let gdb attach to\n"
"                         the running guest later (it then stops there)\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Lines are prefixed by default when more than one guest runs; the prefix is\n"
"coloured when stdout is a terminal and NO_COLOR is not set.\n"
"\n"
"With --gdb, connect with: gdb -ex 'set architecture i8086' \\\n"
"  -ex 'target remote 127.0.0.1:PORT' [GUEST.elf]\n"
"Addresses in gdb are offsets from the guest's segment (i*0x4000): the\n"
"offsets its image is linked at, so 'break *0x10' and the symbols of its\n"
"ELF file work for any guest, and $eip is IP.\n"
"\n"
"Exit status: the guest's EXIT status (HLT = 0; with several guests, that of\n"
"the lowest-numbered guest that ended nonzero), 124 on timeout, 125 if the\n"
"VMM could not start, 126 if a guest crashed.\n");
}

/* --boot IMAGE[:ro]. */
static void parse_boot(const char *arg, struct options *o)
{
	size_t len = strlen(arg);
	unsigned i = o->boots;

	if (i == MAX_GUESTS)
		die_start("at most %d images can be booted at once", MAX_GUESTS);
	o->boot[i] = arg;
	o->boot_ro[i] = false;
	if (len > 3 && strcmp(arg + len - 3, ":ro") == 0) {
		if (len - 3 >= sizeof(o->boot_path[i]))
			die_start("boot image file name too long");
		memcpy(o->boot_path[i], arg, len - 3);
		o->boot_path[i][len - 3] = '\0';
		o->boot[i] = o->boot_path[i];
		o->boot_ro[i] = true;
	}
	o->boots++;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_NO_SANDBOX = 256, OPT_GDB_NOWAIT, OPT_TRACE, OPT_FLOPPY, OPT_VGA };
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "stats", no_argument, NULL, 's' },
		{ "shared-vm", no_argument, NULL, 'S' },
		{ "prefix", no_argument, NULL, 'p' },
		{ "no-prefix", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
		{ "gdb", required_argument, NULL, 'g' },
		{ "gdb-guest", required_argument, NULL, 'G' },
		{ "gdb-nowait", no_argument, NULL, OPT_GDB_NOWAIT },
		{ "trace", no_argument, NULL, OPT_TRACE },
		{ "boot", required_argument, NULL, 'b' },
		{ "floppy", no_argument, NULL, OPT_FLOPPY },
		{ "vga", required_argument, NULL, OPT_VGA },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	opterr = 0;  /* one line of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, ":t:sqg:b:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (cli_parse_timeout(optarg, &o->timeout_ms) < 0)
				die_start("invalid timeout '%s' (seconds, e.g. 1 or 0.5)", optarg);
			break;
		case 's': o->stats = true; break;
		case 'S': o->shared_vm = true; break;
		case 'p': o->prefix = 1; break;
		case 'P': o->prefix = 0; break;
		case 'q': o->quiet = true; break;
		case OPT_NO_SANDBOX: o->no_sandbox = true; break;
		case 'g': o->gdb_port = cli_parse_gdb_port(TOOL, optarg); break;
		case 'G':
			if (cli_parse_u32(optarg, &o->gdb_guest) < 0 || o->gdb_guest >= MAX_GUESTS)
				die_start("invalid guest number '%s' for --gdb-guest (0 to %d)",
				          optarg, MAX_GUESTS - 1);
			o->gdb_guest_set = true;
			break;
		case OPT_GDB_NOWAIT: o->gdb_nowait = true; break;
		case OPT_TRACE: o->trace = true; break;
		case OPT_FLOPPY: o->floppy = true; break;
		case OPT_VGA:
			if (!strcmp(optarg, "dump"))
				o->vga = VGA_DUMP;
			else if (!strcmp(optarg, "none"))
				o->vga = VGA_NONE;
			else
				die_start("invalid VGA mode '%s' (dump or none)", optarg);
			break;
		case 'b': parse_boot(optarg, o); break;
		default: cli_other_option(TOOL, c, argv, usage);
		}
	}
	return optind;
}

/* --floppy, for make_vm(). */
static bool opt_floppy;

/* Open --boot's image and read its sector 0 into RG (or die: 125). */
static void open_boot(struct real_guest *rg, const char *path, bool ro)
{
	char err[512];
	struct stat st;
	ssize_t got;

	rg->path = path;
	rg->boot_ro = ro;
	rg->boot_fd = cli_open_regular(path, ro ? O_RDONLY : O_RDWR, "boot image",
	                               true, &st, err, sizeof(err));
	if (rg->boot_fd < 0)
		die_start("%s", err);
	rg->image = malloc(VMM_BIOS_SECTOR);
	if (!rg->image)
		die_start("out of memory");
	got = pread(rg->boot_fd, rg->image, VMM_BIOS_SECTOR, 0);
	if (got < 0)
		die_start("cannot read the boot image '%s': %s", path, strerror(errno));
	rg->image_len = (size_t)got;
	if (vmm_bios_check_boot_sector(rg->image, rg->image_len) < 0)
		die_start("boot image '%s': %s", path, vmm_last_error());
}

/* One VM per guest (isolated), or one for all of them (--shared-vm). */
static struct vmm_vm *make_vm(struct real_guest *guests, unsigned first,
                              unsigned count)
{
	struct vmm_vm *vm = vmm_vm_create();

	if (!vm)
		return NULL;
	cli_timing("create_vm");
	if (vmm_hypercall_attach(vm) < 0 || vmm_uart_attach(vm) < 0)
		goto fail;
	/* One vCPU per VM: KVM may batch the UART's output. */
	if (count == 1 && vmm_vm_enable_batching(vm) < 0)
		goto fail;
	if (guests[first].boot_fd >= 0) {
		struct real_guest *rg = &guests[first];
		struct vmm_boot_options bo = { .protocol = VMM_BOOT_BIOS,
		                               .floppy = opt_floppy };
		/* A PC's first MiB: 640 KiB of RAM, the VGA window (dirty-
		 * logged: the VGA device sees the guest's stores to the screen
		 * without an exit each), read-only 0xC0000-0xFFFFF with the
		 * BIOS's ROM at 0xF0000. */
		uint8_t *ram = vmm_vm_add_pc_ram(vm, 0x100000, VMM_PC_RAM_ROM);

		if (!ram ||
		    vmm_boot_load(ram, VMM_BIOS_RAM_SIZE, rg->image, rg->image_len,
		                  &bo, &rg->boot) < 0 ||
		    vmm_bios_attach(vm, rg->boot_fd,
		                    (rg->boot_ro ? VMM_BIOS_READ_ONLY : 0) |
		                    (opt_floppy ? VMM_BIOS_FLOPPY : 0)) < 0 ||
		    !(rg->vga = vmm_vga_attach(vm)))
			goto fail;
		cli_timing("memory+load");
		return vm;
	}
	for (unsigned i = first; i < first + count; i++) {
		uint8_t *ram = vmm_vm_add_ram(vm, (uint64_t)i * GUEST_RAM, GUEST_RAM);
		if (!ram)
			goto fail;
		memcpy(ram, guests[i].image, guests[i].image_len);
	}
	cli_timing("memory+load");
	return vm;
fail:
	vmm_vm_destroy(vm);
	return NULL;
}

/* The end of a boot sector's run: its screen, after its console output
 * (all written by now), every line with the guest's output prefix (so that
 * the screens of several guests stay apart). The BIOS's own writes (int
 * 10h) are already on the console as lines and are not logged as the
 * guest's stores: by default the screen is shown only when the guest
 * stored to the VGA window itself. */
static void show_screen(int mode, struct real_guest *rg)
{
	uint8_t cells[VMM_VGA_TEXT_BYTES];
	static char text[VMM_VGA_DUMP_MAX];
	size_t n;

	if (!rg->vga || mode == VGA_NONE)
		return;
	/* What the guest wrote since the start (a failure: as if none). */
	(void)vmm_vga_poll(rg->vga);
	if (mode == VGA_AUTO && !vmm_vga_written(rg->vga))
		return;
	vmm_vga_read(rg->vga, cells);
	n = vmm_vga_render_text(cells, text, sizeof(text));
	if (n >= sizeof(text))
		return;
	pthread_mutex_lock(&stdout_lock);
	fflush(stdout);
	for (size_t at = 0; at < n;) {
		const char *nl = memchr(text + at, '\n', n - at);
		size_t end = nl ? (size_t)(nl - text) + 1 : n;

		(void)cli_write_all(STDOUT_FILENO, rg->prefix, strlen(rg->prefix));
		(void)cli_write_all(STDOUT_FILENO, text + at, end - at);
		at = end;
	}
	pthread_mutex_unlock(&stdout_lock);
}

/* "[vCPU i:name]" for summaries, and the output prefix (maybe coloured). */
static void make_label(struct real_guest *rg, unsigned i, bool prefix, bool colour)
{
	snprintf(rg->label, sizeof(rg->label), "[vCPU %u:%s]", i, rg->name);
	if (!prefix)
		rg->prefix[0] = '\0';
	else if (colour)
		snprintf(rg->prefix, sizeof(rg->prefix), "%s%s\033[0m ", colours[i], rg->label);
	else
		snprintf(rg->prefix, sizeof(rg->prefix), "%s ", rg->label);
}

int main(int argc, char **argv)
{
	struct options opt = { .prefix = -1, .gdb_port = -1 };
	struct vmm_gdb *gdb = NULL;
	struct real_guest rg[MAX_GUESTS];
	struct vmm_guest g[MAX_GUESTS];
	struct vmm_vm *vms[MAX_GUESTS] = { NULL };
	const char *labels[MAX_GUESTS];
	char err[512];
	unsigned n, nvms;
	int first, status;

	if (cli_open_std_fds() < 0)
		return EXIT_NOSTART;
	cli_timing("main");
	first = parse_options(argc, argv, &opt);
	if (opt.boots > 0) {
		if (first < argc)
			die_start("--boot and programs cannot be mixed (got '%s'); boot "
			          "images or run programs", argv[first]);
		if (opt.shared_vm)
			die_start("--shared-vm does not go with --boot: each boot image "
			          "has a PC (a VM) of its own");
		n = opt.boots;
	} else {
		if (opt.floppy)
			die_start("--floppy needs --boot IMAGE");
		if (opt.vga != VGA_AUTO)
			die_start("--vga needs --boot IMAGE (programs have no screen)");
		if (first >= argc)
			die_start("no guest given (usage: vmm-real [OPTIONS] GUEST.bin..., try --help)");
		if (argc - first > MAX_GUESTS)
			die_start("at most %d guests can run at once (got %d)", MAX_GUESTS,
			          argc - first);
		n = (unsigned)(argc - first);
	}
	opt_floppy = opt.floppy;
	if (opt.gdb_guest_set && opt.gdb_port < 0)
		die_start("--gdb-guest needs --gdb PORT");
	if (opt.gdb_nowait && opt.gdb_port < 0)
		die_start("--gdb-nowait needs --gdb PORT");
	if (opt.gdb_port >= 0 && opt.gdb_guest >= n)
		die_start("--gdb-guest %u: there is no guest %u (guests are numbered from 0)",
		          (unsigned)opt.gdb_guest, (unsigned)opt.gdb_guest);
	memset(rg, 0, sizeof(rg));
	memset(g, 0, sizeof(g));
	for (unsigned i = 0; i < n; i++) {
		rg[i].boot_fd = -1;
		rg[i].trace = opt.trace;
		if (opt.boots > 0) {
			open_boot(&rg[i], opt.boot[i], opt.boot_ro[i]);
			cli_guest_name(rg[i].path, rg[i].name, sizeof(rg[i].name));
			continue;
		}
		rg[i].path = argv[first + i];
		cli_guest_name(rg[i].path, rg[i].name, sizeof(rg[i].name));
		rg[i].segment = (uint16_t)(i * (GUEST_RAM >> 4));
		if (cli_read_file(rg[i].path, GUEST_RAM, &rg[i].image, &rg[i].image_len,
		                  err, sizeof(err)) < 0)
			die_start("%s", err);
	}

	bool prefix = opt.prefix == 1 || (opt.prefix == -1 && n > 1);
	const char *no_colour = getenv("NO_COLOR");  /* set and not empty: no colour */
	bool colour = prefix && isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
	for (unsigned i = 0; i < n; i++) {
		make_label(&rg[i], i, prefix, colour);
		/* Several guests: whole lines only, prefixed or not. */
		if (n > 1 || prefix)
			rg[i].lines = vmm_linebuf_new(prefix ? rg[i].prefix : "", print_line, NULL);
		labels[i] = rg[i].label;
	}

	cli_timing("args+read");
	nvms = opt.shared_vm ? 1 : n;
	for (unsigned v = 0; v < nvms; v++) {
		vms[v] = opt.shared_vm ? make_vm(rg, 0, n) : make_vm(rg, v, 1);
		if (!vms[v]) {
			fprintf(stderr, TOOL ": %s\n", vmm_last_error());
			status = EXIT_NOSTART;
			goto out;
		}
	}

	if (opt.gdb_port >= 0) {
		char which[96];

		snprintf(which, sizeof(which), " (guest %u: %s)",
		         (unsigned)opt.gdb_guest, rg[opt.gdb_guest].name);
		gdb = cli_gdb_listen(TOOL, opt.gdb_port, opt.gdb_nowait, which);
		rg[opt.gdb_guest].gdb = gdb;
	}

	cli_install_signal_handlers();
	/* Dying of a signal, the first writable image is made durable. */
	for (unsigned i = 0; i < n; i++)
		if (rg[i].boot_fd >= 0 && !rg[i].boot_ro) {
			cli_flush_on_signal(TOOL, rg[i].boot_fd);
			break;
		}
	rg[0].input = cli_input_open(TOOL);
	for (unsigned i = 0; i < n; i++) {
		g[i].vm = vms[opt.shared_vm ? 0 : i];
		g[i].index = i;
		g[i].console = (struct vmm_console_ops){
			guest_write, guest_read, guest_input_ready, &rg[i]
		};
		g[i].setup = setup_real;
		g[i].setup_arg = &rg[i];
	}
	if (cli_run(TOOL, g, n, opt.timeout_ms, !opt.no_sandbox, gdb,
	            rg[0].input) < 0) {
		status = EXIT_NOSTART;
		goto out;
	}

	for (unsigned i = 0; i < n; i++)
		if (rg[i].lines)
			vmm_linebuf_flush(rg[i].lines);
	for (unsigned i = 0; i < n; i++)
		show_screen(opt.vga, &rg[i]);
	status = cli_report(TOOL, g, labels, n, opt.quiet, opt.stats,
	                    opt.timeout_ms);
	/* The guests' statuses mean little if their disk writes were lost. */
	for (unsigned i = 0; i < n; i++)
		if (rg[i].boot_fd >= 0 && vmm_vm_flush(vms[i]) < 0) {
			fprintf(stderr, TOOL ": boot image '%s': %s\n", rg[i].path,
			        vmm_last_error());
			status = EXIT_NOSTART;
		}
out:
	/* Also after a failure: nothing is left for a leak checker to find. */
	for (unsigned i = 0; i < n; i++) {
		vmm_linebuf_free(rg[i].lines);
		free(rg[i].image);
	}
	for (unsigned v = 0; v < nvms; v++)
		vmm_vm_destroy(vms[v]);  /* NULL (not made) is ignored */
	for (unsigned i = 0; i < n; i++)
		if (rg[i].boot_fd >= 0)
			close(rg[i].boot_fd);
	vmm_gdb_close(gdb);
	testhooks_finish(TOOL);
	return status;
}
