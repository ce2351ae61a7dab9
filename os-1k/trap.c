/* trap.c: GDT, TSS and IDT; exceptions kill user processes or panic the kernel. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

struct gdt_entry { uint16_t limit_low, base_low; uint8_t base_mid, access, limit_flags, base_high; } __attribute__((packed));
struct idt_entry { uint16_t offset_low, selector; uint8_t zero, type; uint16_t offset_high; } __attribute__((packed));
struct table_ptr { uint16_t limit; uint32_t base; } __attribute__((packed));

/* The 32-bit TSS: the CPU takes the kernel stack (SS0:ESP0) from it on
 * every entry from ring 3; the other fields are unused (no hardware task
 * switching). */
struct tss {
	uint32_t prev, esp0, ss0, unused[22];
	uint16_t trap, iomap_base;
} __attribute__((packed));

static struct gdt_entry gdt[6];
static struct idt_entry idt[256];
static struct tss tss;
extern const uint32_t trap_vectors[32];
extern void trap128(void);
extern void trap32(void);

static void set_segment(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	gdt[i] = (struct gdt_entry) {
		.limit_low = limit & 0xffff, .base_low = base & 0xffff,
		.base_mid = (base >> 16) & 0xff, .access = access,
		.limit_flags = ((limit >> 16) & 0x0f) | (flags << 4),
		.base_high = base >> 24,
	};
}

static void set_gate(int vector, uint32_t handler, int dpl)
{
	idt[vector] = (struct idt_entry) {
		.offset_low = handler & 0xffff, .selector = KERNEL_CS,
		.type = 0x8e | (dpl << 5), /* present 32-bit interrupt gate */
		.offset_high = handler >> 16,
	};
}

void set_kernel_stack(uint32_t esp0)
{
	tss.esp0 = esp0;
}

void trap_init(void)
{
	/* Flat 4 GiB segments (granularity 4 KiB, 32-bit): paging protects. */
	set_segment(1, 0, 0xfffff, 0x9a, 0xc); /* kernel code, DPL 0 */
	set_segment(2, 0, 0xfffff, 0x92, 0xc); /* kernel data */
	set_segment(3, 0, 0xfffff, 0xfa, 0xc); /* user code, DPL 3 */
	set_segment(4, 0, 0xfffff, 0xf2, 0xc); /* user data, DPL 3 */
	tss.ss0 = KERNEL_DS;
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: ring 3 may not use ports */
	set_segment(5, (uint32_t) &tss, sizeof(tss) - 1, 0x89, 0x0);

	struct table_ptr gdtr = { sizeof(gdt) - 1, (uint32_t) gdt };
	__asm__ volatile(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"     /* reload CS from the new table */
		"1:\tmov %2, %%ax\n\t"
		"mov %%ax, %%ds\n\tmov %%ax, %%es\n\tmov %%ax, %%fs\n\t"
		"mov %%ax, %%gs\n\tmov %%ax, %%ss\n\t"
		"mov %3, %%ax\n\tltr %%ax"
		: : "m"(gdtr), "i"(KERNEL_CS), "i"(KERNEL_DS), "i"(TSS_SEL) : "eax", "memory");

	for (int i = 0; i < 32; i++)
		set_gate(i, trap_vectors[i], 0);
	set_gate(IRQ_BASE + 0, (uint32_t) trap32, 0); /* IRQ0, the timer */
	set_gate(0x80, (uint32_t) trap128, 3); /* user mode may do int 0x80 */
	struct table_ptr idtr = { sizeof(idt) - 1, (uint32_t) idt };
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved (15)", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization exception",
	"control protection exception", "reserved (22)", "reserved (23)",
	"reserved (24)", "reserved (25)", "reserved (26)", "reserved (27)",
	"hypervisor injection exception", "VMM communication exception",
	"security exception", "reserved (31)",
};

static uint32_t read_cr2(void)
{
	uint32_t cr2;
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	return cr2;
}

__attribute__((noreturn)) static void kernel_fault(struct trap_frame *f)
{
	uint32_t cr0, cr3;
	__asm__ volatile("mov %%cr0, %0\n\tmov %%cr3, %1" : "=r"(cr0), "=r"(cr3));
	printf("PANIC: %s:%d: kernel %s (vector %d, error 0x%x)\n", __FILE_NAME__, __LINE__,
	       exception_names[f->vector], f->vector, f->error);
	printf("  eip=0x%x cs=0x%x eflags=0x%x esp=0x%x\n", f->eip, f->cs,
	       f->eflags, (uint32_t) &f->esp); /* no ESP was pushed: same ring */
	printf("  eax=0x%x ebx=0x%x ecx=0x%x edx=0x%x\n", f->eax, f->ebx, f->ecx, f->edx);
	printf("  esi=0x%x edi=0x%x ebp=0x%x\n", f->esi, f->edi, f->ebp);
	printf("  cr0=0x%x cr2=0x%x cr3=0x%x pid=%d\n", cr0, read_cr2(), cr3,
	       current_proc ? current_proc->pid : -1);
	vm_exit(1);
}

void trap_handler(struct trap_frame *f);

void trap_handler(struct trap_frame *f)
{
	if (f->vector == 0x80) {
		handle_syscall(f);
		return;
	}
	if (f->vector == IRQ_BASE + 0) {
		timer_interrupt(f);
		return;
	}
	if ((f->cs & 3) != 3)
		kernel_fault(f);

	/* A fault in user mode only ends the process that caused it. */
	printf("process %d killed: %s", current_proc->pid, exception_names[f->vector]);
	if (f->vector == 14)
		printf(" at 0x%x", read_cr2());
	printf(" (eip=0x%x)\n", f->eip);
	process_exit(1);
}
