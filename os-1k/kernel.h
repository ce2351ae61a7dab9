/* kernel.h: declarations shared by the parts of the os-1k kernel. */
/* SPDX-License-Identifier: MIT */
#ifndef OS1K_KERNEL_H
#define OS1K_KERNEL_H

#include "common.h"

/* ---- boot protocol (vmm-abi(7), "THE VMM-PM BOOT PROTOCOL") ---- */
#define BOOT_MAGIC 0x564D4D31 /* "VMM1" in EAX at entry */

struct boot_info {
	uint32_t magic;
	uint32_t version;
	uint32_t mem_bytes;
	uint32_t virtio_blk_base;
	char cmdline[256];
} __attribute__((packed));

/* ---- hypercalls: AL = number, OUT to port 0x500 ---- */
#define HC_EXIT    0
#define HC_PUTCHAR 1
#define HC_GETCHAR 2
#define HC_WRITE   3

static inline uint32_t hypercall(uint32_t nr, uint32_t ebx, uint32_t ecx,
                                 const void *esi)
{
	uint32_t ret;
	/* "memory": the VMM reads the WRITE buffer, so stores must be done. */
	__asm__ volatile("outb %%al, %%dx"
	                 : "=a"(ret)
	                 : "a"(nr), "d"(0x500), "b"(ebx), "c"(ecx), "S"(esi)
	                 : "memory");
	return ret;
}

/* ---- console (console.c): output is buffered and sent with WRITE ---- */
void console_flush(void);
int console_getchar(void);        /* flushes first; -1 at end of input */
__attribute__((noreturn)) void vm_exit(int status); /* flushes, stops the VM */

/* The file name without its directory (which depends on the build). */
#ifndef __FILE_NAME__
#define __FILE_NAME__ __FILE__
#endif

#define PANIC(fmt, ...)                                                     \
	do {                                                                \
		printf("PANIC: %s:%d: " fmt "\n", __FILE_NAME__, __LINE__,  \
		       ##__VA_ARGS__);                                      \
		vm_exit(1);                                                 \
	} while (0)

/* ---- memory (memory.c) ---- */
#define PAGE_SIZE   4096
#define KERNEL_BASE 0x80000000u  /* RAM is mapped here, supervisor-only */
#define USER_BASE   0x01000000u  /* where user images are mapped */
#define MMIO_WINDOW 0xffc00000u  /* the last 4 MiB map the virtio registers */

#define P2V(paddr) ((void *) ((uint32_t) (paddr) + KERNEL_BASE))
#define V2P(vaddr) ((uint32_t) (vaddr) - KERNEL_BASE)

/* Page directory and page table entry bits. */
#define PTE_P   0x001  /* present */
#define PTE_RW  0x002  /* writable */
#define PTE_U   0x004  /* user mode may access */
#define PTE_PWT 0x008
#define PTE_PCD 0x010  /* cache disabled */
#define PTE_PS  0x080  /* in a PDE: a 4 MiB page */

typedef uint32_t paddr_t;

extern uint32_t free_ram_start, free_ram_end;

void memory_init(const struct boot_info *info);
paddr_t alloc_pages(uint32_t n);
void free_page(paddr_t paddr);
paddr_t kernel_pgdir_paddr(void);
uint32_t *new_pgdir(void);
void map_page(uint32_t *pgdir, uint32_t vaddr, paddr_t paddr, uint32_t flags);
void free_user_memory(uint32_t *pgdir);
void *mmio_map(paddr_t base);
bool user_range_ok(const void *addr, size_t len, bool write);
bool copy_from_user(void *dst, const void *user_src, size_t len);
bool copy_to_user(void *user_dst, const void *src, size_t len);
bool copy_name_from_user(char *dst, const char *user_src);

static inline void write_cr3(paddr_t pgdir)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(pgdir) : "memory");
}

/* ---- traps (trap.c) ---- */
struct trap_frame {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, kernel_esp, ebx, edx, ecx, eax; /* pushal */
	uint32_t vector, error;
	uint32_t eip, cs, eflags;
	uint32_t esp, ss; /* pushed by the CPU only on entry from ring 3 */
};

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS   (0x18 | 3)
#define USER_DS   (0x20 | 3)
#define TSS_SEL   0x28

#define IRQ_BASE 0x20 /* the PICs send IRQ n as vector IRQ_BASE + n */

void trap_init(void);
void set_kernel_stack(uint32_t esp0);
void handle_syscall(struct trap_frame *f);

/* ---- timer interrupts (timer.c) ---- */
#define TIMER_HZ 100  /* so one tick is 10 ms */

extern volatile uint32_t ticks;
void timer_init(void);
void timer_interrupt(struct trap_frame *f);

/* ---- processes (process.c) ---- */
#define PROCS_MAX 8  /* including the idle process in slot 0 */

enum proc_state {
	PROC_UNUSED, PROC_RUNNABLE, PROC_EXITED,
	PROC_SLEEPING, /* not runnable until ticks reaches wake_tick */
	PROC_WAITING,  /* not runnable until process wait_pid exits */
};

struct process {
	int pid;               /* = slot number; 0 is the idle process */
	enum proc_state state;
	int exit_code;         /* 0 exited, 1 killed */
	uint32_t sp;           /* saved kernel stack pointer (switch_context) */
	uint32_t *pgdir;       /* kernel virtual address of its page directory */
	uint32_t wake_tick;    /* PROC_SLEEPING: when to become runnable */
	int wait_pid;          /* PROC_WAITING: the child it waits for */
	uint8_t stack[8192] __attribute__((aligned(16))); /* kernel stack */
};

extern struct process *current_proc;
extern struct process procs[PROCS_MAX];

void process_init(void);
struct process *create_process(const void *image, size_t size, uint32_t fn);
void yield(void);
void sleep_ticks(uint32_t n);
void wake_sleepers(void);
int wait_for(int pid);
__attribute__((noreturn)) void process_exit(int code);
__attribute__((noreturn)) void idle_loop(void);

/* ---- virtio-blk (virtio.c) and the tar file system (tarfs.c) ---- */
#define SECTOR_SIZE 512

bool virtio_blk_init(paddr_t base);
uint32_t virtio_blk_capacity(void);  /* bytes */
bool virtio_blk_read_only(void);
bool virtio_blk_rw(void *buf, uint32_t sector, uint32_t count, bool write);

void fs_init(void);
int fs_readfile(const char *name, void *buf, size_t len);
int fs_writefile(const char *name, const void *buf, size_t len);
int fs_listfile(uint32_t index, char name[FILE_NAME_MAX]);

/* The shell's flat binary, embedded by shell_image.S. */
extern const uint8_t _shell_start[], _shell_end[];

#endif
