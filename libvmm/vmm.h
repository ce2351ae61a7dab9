/* vmm.h: the public API of libvmm, a small KVM hypervisor library. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_H
#define VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Conventions
 *
 * Functions that can fail return 0 (or a valid pointer) on success and -1
 * (or NULL) on failure; the reason is then available from vmm_last_error()
 * in the same thread. The library never prints and never calls exit().
 */

/* The message describing the last failure in the calling thread. */
const char *vmm_last_error(void);

/* The library's version string, e.g. "0.1.0". */
const char *vmm_version(void);

/* ---- Guest ABI v1 (see vmm-abi(7)) ----------------------------------- */

#define VMM_HC_PORT        0x500
#define VMM_HC_EXIT        0x00
#define VMM_HC_PUTCHAR     0x01
#define VMM_HC_GETCHAR     0x02
#define VMM_HC_WRITE       0x03
#define VMM_HC_WRITE_MAX   (1u << 20)
#define VMM_HC_ERROR       0xFFFFFFFFu

#define VMM_COM1_BASE      0x3F8
#define VMM_BOOT_MAGIC     0x564D4D31u  /* "VMM1" */
#define VMM_VIRTIO_BLK_BASE 0xD0000000u

/* ---- VMs and guest memory -------------------------------------------- */

struct vmm_vm;
struct vmm_vcpu;

/* At most this many RAM slots per VM. */
#define VMM_MAX_RAM_SLOTS 8

/*
 * Open /dev/kvm and create an empty VM. Fails with a message naming the
 * problem when /dev/kvm is missing, not permitted or too old.
 */
struct vmm_vm *vmm_vm_create(void);

/* Destroy a VM whose vCPUs have all been destroyed. NULL is ignored. */
void vmm_vm_destroy(struct vmm_vm *vm);

/*
 * Make what the guest wrote durable: fsync every writable disk. Returns -1
 * (vmm_last_error() says which and why) when that fails, or when a write
 * to a disk failed earlier while the guest ran (the guest saw an I/O
 * error then): its data did not reach the disk. Call it after vmm_run(),
 * before vmm_vm_destroy(), which fsyncs too but cannot report.
 */
int vmm_vm_flush(struct vmm_vm *vm);

/*
 * Add SIZE bytes of zeroed RAM at guest-physical address GPA (both multiples
 * of 4 KiB, not overlapping other slots). Returns the host address of the
 * slot, which stays valid until vmm_vm_destroy(); NULL on failure.
 */
void *vmm_vm_add_ram(struct vmm_vm *vm, uint64_t gpa, uint64_t size);

/*
 * A PC's memory (vmm-pm): SIZE bytes of zeroed RAM at 0 (at least 1 MiB,
 * a multiple of 4 KiB) in one host mapping, whose address is returned
 * (loaders write at RAM + GPA), valid until vmm_vm_destroy(). The VGA
 * window [0xA0000, 0xC0000) is RAM that KVM logs writes to (for
 * vmm_vga_attach()). With VMM_PC_RAM_ROM, [0xC0000, 0x100000) is
 * read-only zeros as on a PC (stores are ignored) and not RAM for
 * vmm_gpa_to_hva(); where KVM lacks KVM_CAP_READONLY_MEM it stays RAM.
 * Uses 4 of the VMM_MAX_RAM_SLOTS; once per VM.
 */
#define VMM_PC_RAM_ROM 0x1u
void *vmm_vm_add_pc_ram(struct vmm_vm *vm, uint64_t size, unsigned flags);

/*
 * The one checked guest-physical translator: the host address of the LEN
 * bytes at GPA, or NULL unless all of [GPA, GPA+LEN) lies in one RAM slot
 * (PC RAM: in one of its RAM ranges, see vmm_vm_add_pc_ram()).
 * LEN may be 0 (then GPA itself must be inside a slot). Overflow-safe.
 */
void *vmm_gpa_to_hva(struct vmm_vm *vm, uint64_t gpa, uint64_t len);

/*
 * Let KVM batch guest writes that need no answer (the COM1 transmit register)
 * in its coalesced-I/O ring instead of exiting for each; the device sees
 * them in order before the next exit is handled. Only for a VM that has one
 * vCPU, as the ring does not say which vCPU wrote: creating a second vCPU
 * then fails. Call after attaching the devices, before creating the vCPU.
 * Batching starts once the guest has written 256 bytes there (until then every
 * write exits): setting it up costs KVM more than batching saves on less
 * output than that (measured on kvm_pvm; see bench/README.md).
 * Returns 0 without batching when KVM lacks KVM_CAP_COALESCED_PIO.
 */
int vmm_vm_enable_batching(struct vmm_vm *vm);

/* ---- Devices: the port and MMIO dispatch table ------------------------ */

enum vmm_io_space { VMM_IO_PORT, VMM_IO_MMIO };

/*
 * A device access. ADDR is the port or guest-physical address, SIZE is 1, 2,
 * 4 or 8 bytes; DATA holds the value written, or receives the value read
 * (little-endian). Return 0; -1 means the VMM itself failed and ends the
 * run with VMM_STOP_ERROR. Guest mistakes are never -1: a device answers
 * them the way hardware would (an error status, all ones, ...).
 */
typedef int (*vmm_io_fn)(struct vmm_vcpu *vcpu, void *opaque, uint64_t addr,
                         bool is_write, uint8_t *data, unsigned size);

/*
 * Claim [BASE, BASE+LEN) of SPACE for a device. Ranges may not overlap.
 * Register devices before the first vCPU runs; the table is then read-only.
 */
int vmm_io_register(struct vmm_vm *vm, enum vmm_io_space space, uint64_t base,
                    uint64_t len, vmm_io_fn fn, void *opaque);

/* ---- Console: where a vCPU's output goes and its input comes from ---- */

struct vmm_console_ops {
	/* Guest output bytes (PUTCHAR, WRITE, COM1). */
	void (*write)(void *opaque, const uint8_t *buf, size_t len);
	/*
	 * Next input byte (0-255), or -1 at end of input. May block; must return
	 * -2 promptly once STOP_FD (a file descriptor that becomes readable
	 * when the vCPU is asked to stop) is readable.
	 */
	int (*read)(void *opaque, int stop_fd);
	/* Whether read() would return without blocking. */
	bool (*input_ready)(void *opaque);
	void *opaque;
};

/*
 * A ready-made input source on a file descriptor (normally stdin). When FD is
 * a terminal it is switched to raw mode until vmm_input_restore().
 */
struct vmm_input;
struct vmm_input *vmm_input_open(int fd);
int vmm_input_read(struct vmm_input *in, int stop_fd);
bool vmm_input_ready(struct vmm_input *in);
/* Put the terminal back; async-signal-safe, idempotent. */
void vmm_input_restore(void);
/*
 * Ctrl-Z support, async-signal-safe like vmm_input_restore(): put the
 * terminal back as it was before stopping, and into raw mode again once
 * continued. No-ops when no terminal is in raw mode.
 */
void vmm_input_suspend(void);
void vmm_input_resume(void);
void vmm_input_close(struct vmm_input *in);

/*
 * Line buffering with an optional prefix: bytes go in, whole lines (each
 * with PREFIX in front) come out through SINK, one call per line, so lines
 * of several guests never mix. vmm_linebuf_flush() emits a final partial
 * line (terminated with '\n').
 */
struct vmm_linebuf;
typedef void (*vmm_line_sink)(void *opaque, const char *line, size_t len);
struct vmm_linebuf *vmm_linebuf_new(const char *prefix, vmm_line_sink sink,
                                    void *opaque);
void vmm_linebuf_write(struct vmm_linebuf *lb, const uint8_t *buf, size_t len);
void vmm_linebuf_flush(struct vmm_linebuf *lb);
void vmm_linebuf_free(struct vmm_linebuf *lb);

/* ---- vCPUs ------------------------------------------------------------- */

enum vmm_stop_reason {
	VMM_STOP_NONE = 0,   /* still running */
	VMM_STOP_EXIT,       /* EXIT hypercall; status holds its value */
	VMM_STOP_HLT,        /* HLT instruction; status 0 */
	VMM_STOP_CRASH,      /* triple fault, failed entry, internal error... */
	VMM_STOP_STOPPED,    /* vmm_vcpu_stop() (e.g. a timeout) */
	VMM_STOP_ERROR,      /* the VMM itself failed (message in detail) */
};

#define VMM_STATS_PORTS 32
#define VMM_EXIT_REASONS 64
/* Indices into vmm_stats.by_reason (the values of KVM_EXIT_*). */
#define VMM_EXIT_IO   2
#define VMM_EXIT_HLT  5
#define VMM_EXIT_MMIO 6
/* The ISA interrupt lines of the PC's two 8259A PICs (vmm-pm). */
#define VMM_IRQ_LINES 16

struct vmm_stats {
	uint64_t exits;                        /* all KVM_RUN returns */
	uint64_t by_reason[VMM_EXIT_REASONS];  /* indexed by KVM_EXIT_* */
	struct { uint16_t port; uint64_t count; } ports[VMM_STATS_PORTS];
	uint64_t other_ports;                  /* ports that did not fit */
	uint64_t hypercalls;                   /* port 0x500 accesses */
	uint64_t bad_hypercalls;               /* unknown numbers */
	uint64_t unclaimed_io;                 /* accesses nobody claimed */
	uint64_t output_bytes;
	uint64_t batched_writes;               /* from KVM's coalesced ring */
	uint64_t irqs[VMM_IRQ_LINES];          /* interrupts injected, by IRQ */
	uint64_t spurious_irqs;                /* IRQ7/15 with nothing behind */
};

struct vmm_stop {
	enum vmm_stop_reason reason;
	int status;            /* guest exit status (EXIT/HLT) */
	char detail[4096];     /* crash: what happened plus the register dump */
};

/* Human-readable name of a KVM_EXIT_* reason ("IO", "HLT"...). */
const char *vmm_exit_reason_name(unsigned reason);
/* Short name of a stop ("exited", "halted", "crashed", ...). */
const char *vmm_stop_reason_name(enum vmm_stop_reason reason);

/*
 * Create vCPU number INDEX of VM in the calling thread; the vCPU must only be
 * run, inspected and destroyed from that thread. CONSOLE is copied.
 */
struct vmm_vcpu *vmm_vcpu_create(struct vmm_vm *vm, unsigned index,
                                 const struct vmm_console_ops *console);
void vmm_vcpu_destroy(struct vmm_vcpu *vcpu);

/* Index given at creation, and the VM it belongs to. */
unsigned vmm_vcpu_index(const struct vmm_vcpu *vcpu);
struct vmm_vm *vmm_vcpu_vm(const struct vmm_vcpu *vcpu);

/*
 * Registers for a 16-bit real-mode start: all segment registers = SEGMENT
 * (base SEGMENT*16), IP = IP, SP = SP, FLAGS = 0x2.
 */
int vmm_vcpu_setup_real(struct vmm_vcpu *vcpu, uint16_t segment, uint16_t ip,
                        uint16_t sp);

/*
 * Run until the guest stops, then fill STOP. Returns 0 when the guest
 * stopped (for any reason, including a crash), -1 if the VMM failed.
 */
int vmm_vcpu_run(struct vmm_vcpu *vcpu, struct vmm_stop *stop);

/*
 * Ask a running vCPU to stop (from any thread, async-signal-safe): vmm_vcpu_run
 * then returns with VMM_STOP_STOPPED, promptly even if the guest is computing
 * or waiting for input.
 */
void vmm_vcpu_stop(struct vmm_vcpu *vcpu);

/*
 * Call FN with a one-line description of every exit ("IO out port=0x500
 * size=1 data=0x01 rip=0x80001234"), for --trace. NULL turns it off.
 */
typedef void (*vmm_trace_fn)(void *opaque, unsigned vcpu_index, const char *line);
void vmm_vcpu_set_trace(struct vmm_vcpu *vcpu, vmm_trace_fn fn, void *opaque);

/* The vCPU's exit statistics (valid during and after the run). */
const struct vmm_stats *vmm_vcpu_stats(const struct vmm_vcpu *vcpu);

/* Forward guest output to the vCPU's console (used by devices). */
void vmm_vcpu_output(struct vmm_vcpu *vcpu, const uint8_t *buf, size_t len);
/* The console of a vCPU (used by devices for input). */
const struct vmm_console_ops *vmm_vcpu_console(struct vmm_vcpu *vcpu);
/* The fd that becomes readable when the vCPU is asked to stop. */
int vmm_vcpu_stop_fd(const struct vmm_vcpu *vcpu);

/*
 * Translate the guest-linear range [LINEAR, LINEAR+LEN) of this vCPU (through
 * its page tables when paging is on) and copy it to BUF. Fails without
 * copying anything unless every byte is guest RAM.
 */
int vmm_vcpu_read_linear(struct vmm_vcpu *vcpu, uint64_t linear, void *buf,
                         uint64_t len);

/* Write the register dump of the vCPU (registers, CRs with named bits,
 * segments) into BUF. */
void vmm_vcpu_dump(struct vmm_vcpu *vcpu, char *buf, size_t len);

/* ---- Running several vCPUs, each in its own thread ------------------- */

struct vmm_guest {
	struct vmm_vm *vm;                 /* the VM this vCPU belongs to */
	unsigned index;                    /* vCPU number */
	struct vmm_console_ops console;
	/* Called in the vCPU's thread before it first runs (registers). */
	int (*setup)(struct vmm_vcpu *vcpu, void *arg);
	void *setup_arg;
	/* Filled by vmm_run_guests(): */
	struct vmm_stop stop;
	struct vmm_stats stats;
	bool timed_out;
};

/*
 * Run the N guests at once, one thread and vCPU each, until all have
 * stopped. With TIMEOUT_MS > 0, guests still running after that long are
 * stopped (reason VMM_STOP_STOPPED, timed_out set). Returns 0 when every
 * guest ran (whatever its stop reason), -1 if threads could not be started.
 */
int vmm_run_guests(struct vmm_guest *guests, unsigned n, uint64_t timeout_ms);

struct vmm_run_options {
	uint64_t timeout_ms;               /* as for vmm_run_guests() */
	/*
	 * When set, called once in the calling thread after every vCPU thread
	 * has created and set up its vCPU (or failed to), and before any guest
	 * instruction runs: the moment to enter the sandbox, which then covers
	 * every thread. A -1 return (with its reason for vmm_last_error())
	 * runs no guest: each stops with VMM_STOP_ERROR and that reason, and
	 * vmm_run() returns -1. Not called when no vCPU could be set up.
	 */
	int (*ready)(void *opaque);
	void *ready_opaque;
};

/* vmm_run_guests() with options; OPT may be NULL. */
int vmm_run(struct vmm_guest *guests, unsigned n,
            const struct vmm_run_options *opt);

/* ---- Sandbox ----------------------------------------------------------- */

/* Also allow serving connections on sockets that already exist (accept4,
 * recvfrom, sendto...: a gdb stub listening before the sandbox). */
#define VMM_SANDBOX_NET 0x1u

/*
 * Confine the whole process (every thread, at once) with a seccomp filter
 * that allows only what running guests needs: KVM_RUN and the vCPU register
 * ioctls, registering a coalesced-I/O zone (late COM1 batching), terminal
 * settings, read/write and friends on the descriptors
 * already open, memory that is never executable, futexes, signals to this
 * process, and exiting. Nothing can be opened, executed, created or
 * connected afterwards. Irreversible; call it once all setup is done (from
 * vmm_run_options.ready). Any other system call kills the process: one line
 * "PROGRAM: sandbox: system call NAME (NR) is not allowed; killing the
 * process" on stderr (the library's only message of its own, as the process
 * is then beyond help), a record in the kernel's audit log, then death by
 * SIGSYS; the call itself never runs. Fails (-1) when the kernel
 * has no seccomp filters or the library was built without libseccomp.
 */
int vmm_sandbox_enter(unsigned flags);

/* Whether this build of libvmm can sandbox (configure without
 * --disable-sandbox). */
bool vmm_sandbox_available(void);
/* ---- Debugging a guest with gdb ----------------------------------------- */

/*
 * A GDB remote-protocol stub for one vCPU: registers (i386 core set; i8086
 * for a guest that starts in real mode), memory by the guest's virtual
 * address (through its page tables), software breakpoints (int3),
 * hardware breakpoints and write/access watchpoints (debug registers),
 * continue, single step, Ctrl-C, kill and detach.
 */
struct vmm_gdb;

/*
 * Listen for one gdb connection on 127.0.0.1:PORT (0 picks a free port:
 * see vmm_gdb_port()). Loopback only: the protocol has no authentication,
 * and whoever connects controls the guest. Call before the vCPU threads
 * start. With a sandbox, enter it with VMM_SANDBOX_NET (the connection is
 * accepted once the guest is about to run).
 */
struct vmm_gdb *vmm_gdb_listen(uint16_t port);

/* Flags of vmm_gdb_listen_flags(). */
/* Do not wait: the guest starts at once, and gdb may attach while it runs
 * (it then stops where it is, as after a Ctrl-C). */
#define VMM_GDB_NOWAIT 0x1u

/* vmm_gdb_listen() with FLAGS (0 or VMM_GDB_NOWAIT); unknown flags fail. */
struct vmm_gdb *vmm_gdb_listen_flags(uint16_t port, unsigned flags);

/* The port GDB listens on. */
uint16_t vmm_gdb_port(const struct vmm_gdb *gdb);

/*
 * Let GDB debug VCPU: call in the vCPU's thread after its registers are set
 * up and before vmm_vcpu_run() (vmm_guest.setup is the place). The run then
 * waits for gdb to connect before the guest's first instruction
 * (vmm_vcpu_stop() ends the wait and the run), or with VMM_GDB_NOWAIT
 * runs the guest until gdb connects, and the guest is gdb's from
 * there: it runs only when gdb says so. When gdb detaches or its
 * connection drops, breakpoints are removed and the guest runs on alone;
 * when the guest ends, gdb is told its exit status (or a signal for a
 * crash or a stop) and the connection is closed.
 *
 * BASE maps gdb's addresses onto the guest's: address A is guest-linear
 * BASE + A, and gdb's $eip is CS.base + EIP - BASE, i.e. EIP itself while
 * CS's base is BASE. Use 0 for protected mode (flat segments: gdb sees
 * virtual addresses). For a real-mode guest loaded at SEGMENT:0 and
 * running with CS = SEGMENT, SEGMENT * 16 makes gdb addresses offsets in
 * the image, as the guest is linked, and $eip = IP.
 *
 * One vCPU per vmm_gdb. The gdb object must outlive the vCPU.
 */
int vmm_vcpu_attach_gdb(struct vmm_vcpu *vcpu, struct vmm_gdb *gdb,
                        uint64_t base);

/* Close GDB's sockets and free it, once its vCPU is destroyed. NULL is
 * ignored. */
void vmm_gdb_close(struct vmm_gdb *gdb);

/* ---- Devices of guest ABI v1 ------------------------------------------ */

/* The hypercall port 0x500 (EXIT, PUTCHAR, GETCHAR, WRITE). */
int vmm_hypercall_attach(struct vmm_vm *vm);

/* The COM1 16550 UART at 0x3F8-0x3FF. */
int vmm_uart_attach(struct vmm_vm *vm);

/*
 * The PC's small devices (vmm-pm): debug console 0xE9, isa-debug-exit
 * 0xF4-0xF7, CMOS/RTC 0x70/0x71 (the memory-size bytes describe RAM_SIZE
 * bytes from address 0), PIT counters 0x40-0x43, port 0x61, port 0x80,
 * an empty PCI configuration space at 0xCF8-0xCFF, and two 8259A PICs
 * (0x20/0x21, 0xA0/0xA1) whose interrupts (the PIT's IRQ0) go to vCPU 0.
 * See vmm-abi(7).
 */
int vmm_pc_devices_attach(struct vmm_vm *vm, uint64_t ram_size);

/* ---- VGA text mode (vmm-pm) ------------------------------------------- */

#define VMM_VGA_TEXT_ADDR  0xB8000u  /* guest-physical: 80x25 cells */
#define VMM_VGA_COLS       80
#define VMM_VGA_ROWS       25
/* Each cell: the character (code page 437), then its attribute (low
 * nibble foreground, high nibble background, bit 7 blink). */
#define VMM_VGA_TEXT_BYTES (VMM_VGA_COLS * VMM_VGA_ROWS * 2)

struct vmm_vga;

/*
 * The VGA text-mode device of a VM with PC RAM (vmm_vm_add_pc_ram()): the
 * CRTC index/data ports 0x3D4/0x3D5 (cursor shape and location; the other
 * registers are stored) and the input status port 0x3DA (its retrace bits
 * toggle on each read, so polling loops end). The screen is what the
 * guest stores at VMM_VGA_TEXT_ADDR, seen through KVM's dirty log. Owned
 * by the VM.
 */
struct vmm_vga *vmm_vga_attach(struct vmm_vm *vm);

/*
 * Whether the screen changed (the guest stored to the text cells or
 * moved or reshaped the cursor) since the last call: 1 or 0; -1 when KVM
 * failed. Callable from any thread, one caller at a time.
 */
int vmm_vga_poll(struct vmm_vga *vga);

/* Whether the guest has changed the text cells, as far as
 * vmm_vga_poll() has seen: stores that left them different from what the
 * VMM itself put there (the BIOS's int 10h writes are not the guest's, and
 * a guest that only reads the screen has not written it, whatever KVM's
 * dirty log says). */
bool vmm_vga_written(const struct vmm_vga *vga);

/* Copy the screen's cells to CELLS; the cursor's cell (0 to 1999) or -1
 * when it is off or off the screen. */
int vmm_vga_read(struct vmm_vga *vga, uint8_t cells[VMM_VGA_TEXT_BYTES]);

/*
 * Renderers (pure: no KVM). The screen CELLS as plain UTF-8 text: one
 * line per row, trailing blanks and blank trailing rows removed, code page
 * 437 mapped to Unicode (box drawing, blocks, symbols), a NUL cell as a
 * blank. Writes at most LEN bytes (NUL-terminated when LEN > 0) and
 * returns the full length, as snprintf() does; VMM_VGA_DUMP_MAX always
 * suffices.
 */
#define VMM_VGA_DUMP_MAX (VMM_VGA_ROWS * (VMM_VGA_COLS * 3 + 1) + 1)
size_t vmm_vga_render_text(const uint8_t *cells, char *out, size_t len);

/*
 * The screen as one repaint for an ANSI terminal: each row placed by
 * cursor position, attributes as SGR colours (16 colours, blink), then
 * the cursor at CURSOR (a cell, or -1: hidden). Never a control byte of
 * the guest's: every character goes through the code page 437 table.
 * Returns the length as vmm_vga_render_text() does; VMM_VGA_ANSI_MAX
 * always suffices.
 */
#define VMM_VGA_ANSI_MAX (VMM_VGA_ROWS * (10 + VMM_VGA_COLS * 21) + 64)
size_t vmm_vga_render_ansi(const uint8_t *cells, int cursor, char *out,
                           size_t len);

/*
 * Live display on the terminal FD: a thread polls the screen every 20 ms
 * (at most 50 repaints a second, and only when vmm_vga_poll() says it
 * changed) and repaints it on the terminal's alternate screen, entered
 * at the first change (WAIT_FOR_SCREEN) or at once. Console output that
 * comes meanwhile through vmm_vga_live_write() is held and written after
 * the terminal is restored. Start before vmm_run() (before the sandbox).
 */
struct vmm_vga_live;
struct vmm_vga_live *vmm_vga_live_start(struct vmm_vga *vga, int fd,
                                        bool wait_for_screen);
/* Console output: written to FD now, or held while the screen is live. */
void vmm_vga_live_write(struct vmm_vga_live *live, const uint8_t *buf,
                        size_t len);
/* Stop the thread, repaint once more if the screen changed since its
 * last look, restore the terminal, write the held output, free LIVE;
 * whether the screen went live. NULL is ignored. */
bool vmm_vga_live_stop(struct vmm_vga_live *live);
/* Leave the alternate screen and show the cursor (async-signal-safe,
 * idempotent): for signal handlers and atexit(), beside
 * vmm_input_restore(). */
void vmm_vga_live_restore(void);
/* Ctrl-Z: leave the alternate screen before stopping, and enter it
 * again (with a full repaint) once continued; async-signal-safe. */
void vmm_vga_live_suspend(void);
void vmm_vga_live_resume(void);

/* ---- Paged protected mode (vmm-pm) and image loading ------------------ */

#define VMM_PM_HIGH_BASE     0x80000000u  /* higher-half alias of RAM */
#define VMM_PM_BOOTINFO_ADDR 0x00000400u  /* physical; EBX = HIGH_BASE + this */
#define VMM_PM_GDT_ADDR      0x00000800u  /* physical */
#define VMM_PM_PGDIR_ADDR    0x00100000u  /* physical, CR3 */
/* ESP at entry: a small boot stack at the top of the VMM's first page, above
 * the GDT, so that a kernel may call functions before it sets up its own. */
#define VMM_PM_BOOT_STACK    (VMM_PM_HIGH_BASE + 0x1000u)
#define VMM_PM_CODE_SEL      0x08
#define VMM_PM_DATA_SEL      0x10
#define VMM_PM_DEFAULT_MEM   (4u << 20)
#define VMM_PM_MAX_MEM       (1u << 30)
#define VMM_PM_DEFAULT_LOAD  0x00001000u
#define VMM_PM_DEFAULT_ENTRY 0x80001000u

struct vmm_boot_info {
	uint32_t magic;            /* VMM_BOOT_MAGIC */
	uint32_t version;          /* 1 */
	uint32_t mem_bytes;
	uint32_t virtio_blk_base;  /* 0 if no disk */
	char cmdline[256];
} __attribute__((packed));

/* Whether IMG starts like an ELF file (then it must load as one). */
bool vmm_image_is_elf(const uint8_t *img, size_t len);

/*
 * Load an ELF32 (EM_386, ET_EXEC) image into guest RAM (host address RAM,
 * RAM_SIZE bytes at guest-physical 0) per the vmm-pm boot protocol of
 * vmm-abi(7), and store the entry point (ENTRY may be NULL). Each PT_LOAD
 * goes to p_paddr, folded from the higher half onto RAM; the entry must lie
 * in a loaded segment, as a virtual address or as one the VMM's page
 * directory maps into it. Refuses, with a one-line message naming the
 * segment, anything outside RAM, over the reserved pages, or otherwise
 * malformed; RAM is untouched on failure.
 */
int vmm_load_elf32(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                   size_t len, uint32_t *entry);

/* Load a flat image at physical LOAD_ADDR with the same checks (an empty
 * image is refused too); RAM is untouched on failure. */
int vmm_load_flat(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                  size_t len, uint32_t load_addr);

/*
 * Write the GDT, the boot info (CMDLINE may be NULL; longer than 255 bytes
 * fails) and the page directory into RAM for a paged start. RAM_SIZE must be
 * a multiple of 4 MiB from 4 MiB to 1 GiB; nothing is written on failure.
 */
int vmm_paged_build(uint8_t *ram, uint64_t ram_size, const char *cmdline,
                    uint32_t virtio_blk_base);

/*
 * Registers for the paged start: CR0 = PE|PG|ET|NE, CR4 = PSE, CR3, GDTR,
 * segments, EIP = ENTRY, EAX = magic, EBX = boot info. Fails, saying so,
 * when this host's KVM does not keep CR0.PG.
 */
int vmm_vcpu_setup_paged(struct vmm_vcpu *vcpu, uint32_t entry);

/*
 * Boot protocols (doc/design.md#boot-protocols): one call loads a kernel
 * image by the protocol chosen in OPT (or detected from the image) and
 * writes what the guest finds in RAM besides it; a second sets the vCPU.
 */
enum vmm_boot_protocol {
	VMM_BOOT_AUTO = 0,       /* by the image: Multiboot header, then a
	                          * Linux setup header, else vmm */
	VMM_BOOT_VMM,            /* vmm-abi(7): ELF32 or flat, paging on */
	VMM_BOOT_MULTIBOOT,      /* Multiboot v1: ELF32 or a.out kludge */
	VMM_BOOT_LINUX,          /* Linux 32-bit boot protocol (bzImage) */
	VMM_BOOT_BIOS,           /* a PC boot sector (never detected: see
	                          * vmm_bios_attach()) */
};

/* A Multiboot module: its bytes and its string (NULL: ""). */
struct vmm_boot_module {
	const uint8_t *data;
	size_t len;
	const char *string;
};

struct vmm_boot_options {
	enum vmm_boot_protocol protocol;
	const char *cmdline;                  /* NULL: none */
	uint32_t virtio_blk_base;             /* vmm: 0 = no disk */
	bool load_set, entry_set;             /* vmm, flat images only */
	uint32_t load_addr, entry;
	const struct vmm_boot_module *modules; /* Multiboot */
	unsigned module_count;
	const uint8_t *initrd;                /* Linux: NULL = none */
	size_t initrd_len;
	bool floppy;                          /* BIOS: DL = 0x00, not 0x80 */
};

/* What vmm_boot_load() did, for vmm_boot_setup() and the user. */
struct vmm_boot {
	enum vmm_boot_protocol protocol;      /* the protocol chosen */
	bool flat;                            /* loaded as a flat image */
	uint32_t entry;                       /* physical or virtual EIP */
	uint32_t info;                        /* EBX at entry (Linux: ESI,
	                                       * the zero page; BIOS: DL) */
	const char *note;                     /* NULL, or one remark to show */
};

/* The protocol an image asks for (never VMM_BOOT_AUTO). */
enum vmm_boot_protocol vmm_boot_detect(const uint8_t *img, size_t len);
/* "vmm", "multiboot", "linux", "bios" (NULL for an unknown value). */
const char *vmm_boot_protocol_name(enum vmm_boot_protocol protocol);
/* Load IMG into RAM by OPT's protocol and fill BOOT: 0, or -1 with
 * vmm_last_error() (one line) where the image or options are refused. */
int vmm_boot_load(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                  size_t len, const struct vmm_boot_options *opt,
                  struct vmm_boot *boot);
/* Set VCPU's registers for BOOT (after vmm_boot_load() on its VM's RAM). */
int vmm_boot_setup(struct vmm_vcpu *vcpu, const struct vmm_boot *boot);

/* ---- BIOS boot sectors (vmm-real --boot; vmm-abi(7), BIOS) ----------- */

/*
 * A PC as a boot sector sees it: 640 KiB of RAM at 0, the VGA window
 * 0xA0000-0xBFFFF (RAM; the text screen at 0xB8000), a BIOS ROM at 0xF0000
 * whose interrupt handlers trap to the VMM through one port, and the boot
 * image as disk 0x80 (or floppy 0x00). Boot it with vmm_boot_load()
 * (protocol VMM_BOOT_BIOS: sector 0 to 0000:7C00) and vmm_boot_setup()
 * (CS:IP = 0000:7C00, DS = ES = SS = 0, SP = 0x7C00, DL = the drive).
 */
#define VMM_BIOS_RAM_SIZE   0xA0000u   /* 640 KiB at 0 */
#define VMM_BIOS_VGA_BASE   0xA0000u
#define VMM_BIOS_VGA_SIZE   0x20000u
#define VMM_BIOS_ROM_BASE   0xF0000u
#define VMM_BIOS_ROM_SIZE   0x10000u
#define VMM_BIOS_PORT       0xEA       /* the ROM's handlers' trap */
#define VMM_BIOS_LOAD_ADDR  0x7C00u
#define VMM_BIOS_SECTOR     512u

/* vmm_bios_attach() flags. */
#define VMM_BIOS_READ_ONLY  0x1u       /* int 13h writes fail (status 03h) */
#define VMM_BIOS_FLOPPY     0x2u       /* drive 0x00, 1.44 MB geometry */

/* Whether IMG (LEN bytes: sector 0 and maybe more) is a boot sector: 512
 * bytes at least, 0x55 0xAA at offset 510. 0, or -1 with the reason. */
int vmm_bios_check_boot_sector(const uint8_t *img, size_t len);

/*
 * Give VM, which has VMM_BIOS_RAM_SIZE bytes of RAM at 0, the rest of the
 * PC above: the VGA window, the ROM, the interrupt vectors and the BIOS
 * data area in low RAM, and the BIOS services on the image open on FD
 * (kept, not closed; read-write unless VMM_BIOS_READ_ONLY). Guest writes
 * reach the file with pwrite(); vmm_vm_flush() fsyncs it and reports a
 * write that failed. A VM with PC RAM (vmm_vm_add_pc_ram(), 1 MiB at
 * least, VMM_PC_RAM_ROM) has the VGA window and the ROM's area already:
 * the BIOS goes there, and vmm_vga_attach() can show its screen.
 */
int vmm_bios_attach(struct vmm_vm *vm, int fd, unsigned flags);

/* ---- virtio-blk ------------------------------------------------------- */

/*
 * Attach a legacy (version 1) virtio-mmio block device at guest-physical
 * BASE, backed by the open file FD (capacity: file size / 512). READ_ONLY
 * makes guest writes complete with VIRTIO_BLK_S_IOERR. The device keeps FD
 * (it does not close it) and fsyncs it on FLUSH and when the VM is destroyed.
 */
int vmm_virtio_blk_attach(struct vmm_vm *vm, uint64_t base, int fd,
                          bool read_only);

/* ---- Host capabilities --------------------------------------------------- */

/*
 * Whether this host's KVM keeps CR0.PG for a 32-bit protected-mode guest
 * (false under kvm_pvm). Returns 1, 0, or -1 when KVM cannot be used at all.
 */
int vmm_host_can_page32(void);

#ifdef __cplusplus
}
#endif

#endif /* VMM_H */
