/* process.c: processes, round-robin yield, sleeping and waiting, and the idle process. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

struct process procs[PROCS_MAX];
struct process *current_proc;
static struct process *idle_proc;

void switch_context(uint32_t *prev_sp, uint32_t *next_sp);
void user_entry(void);

/* The idle process is whatever called this (kernel_main), on its own stack. */
void process_init(void)
{
	idle_proc = &procs[0];
	idle_proc->pid = 0;
	idle_proc->state = PROC_RUNNABLE;
	idle_proc->pgdir = P2V(kernel_pgdir_paddr());
	current_proc = idle_proc;
}

/*
 * A new process running a copy of the flat user program IMAGE, which is
 * mapped at USER_BASE. Execution starts at the image's first byte with EBX =
 * FN, the function the program should run (0 for main). NULL if all slots
 * are taken.
 */
struct process *create_process(const void *image, size_t size, uint32_t fn)
{
	struct process *proc = NULL;
	for (int i = 1; i < PROCS_MAX; i++) {
		if (procs[i].state == PROC_UNUSED || procs[i].state == PROC_EXITED) {
			proc = &procs[i];
			break;
		}
	}
	if (!proc)
		return NULL;
	if (proc->state == PROC_EXITED)
		free_user_memory(proc->pgdir); /* reclaim the previous occupant */

	uint32_t *pgdir = new_pgdir();
	for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
		paddr_t page = alloc_pages(1);
		uint32_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;
		memcpy(P2V(page), (const uint8_t *) image + off, n);
		map_page(pgdir, USER_BASE + off, page, PTE_U | PTE_RW);
	}

	/* The stack switch_context pops from, ending in an iret frame for ring 3. */
	uint32_t *sp = (uint32_t *) &proc->stack[sizeof(proc->stack)];
	*--sp = USER_DS;                       /* SS */
	*--sp = USER_BASE + ALIGN_UP(size, PAGE_SIZE); /* ESP: the program sets its own */
	*--sp = 0x202;                         /* EFLAGS: IF = 1, the timer may preempt */
	*--sp = USER_CS;                       /* CS */
	*--sp = USER_BASE;                     /* EIP */
	*--sp = (uint32_t) user_entry;         /* switch_context's return address */
	*--sp = 0;                             /* EBP */
	*--sp = fn;                            /* EBX */
	*--sp = 0;                             /* ESI */
	*--sp = 0;                             /* EDI */

	proc->pid = proc - procs;
	proc->state = PROC_RUNNABLE;
	proc->exit_code = 0;
	proc->sp = (uint32_t) sp;
	proc->pgdir = pgdir;
	return proc;
}

/* Run the next runnable process after the current one (the idle one if none). */
void yield(void)
{
	struct process *next = idle_proc;
	for (int i = 1; i <= PROCS_MAX; i++) {
		struct process *proc = &procs[(current_proc->pid + i) % PROCS_MAX];
		if (proc->state == PROC_RUNNABLE && proc->pid > 0) {
			next = proc;
			break;
		}
	}
	if (next == current_proc)
		return;

	/* Traps from ring 3 land on the top of the next process's kernel stack. */
	set_kernel_stack((uint32_t) &next->stack[sizeof(next->stack)]);
	write_cr3(V2P(next->pgdir));
	struct process *prev = current_proc;
	current_proc = next;
	switch_context(&prev->sp, &next->sp);
}

/* Sleep for at least N timer ticks; timer_interrupt() wakes the process. */
void sleep_ticks(uint32_t n)
{
	current_proc->wake_tick = ticks + n;
	current_proc->state = PROC_SLEEPING;
	yield();
}

/* Called on every tick: sleepers whose time has come are runnable again. */
void wake_sleepers(void)
{
	for (int i = 1; i < PROCS_MAX; i++) {
		/* Signed difference: still right when ticks wraps around. */
		if (procs[i].state == PROC_SLEEPING && (int32_t) (ticks - procs[i].wake_tick) >= 0)
			procs[i].state = PROC_RUNNABLE;
	}
}

/* Wait, without running, until process PID exits; its exit code. */
int wait_for(int pid)
{
	while (procs[pid].state != PROC_EXITED) {
		current_proc->wait_pid = pid;
		current_proc->state = PROC_WAITING;
		yield();
	}
	return procs[pid].exit_code;
}

void process_exit(int code)
{
	if (code == 0)
		printf("process %d exited\n", current_proc->pid);
	current_proc->state = PROC_EXITED;
	current_proc->exit_code = code;
	for (int i = 1; i < PROCS_MAX; i++) { /* wake whoever waits for it */
		if (procs[i].state == PROC_WAITING && procs[i].wait_pid == current_proc->pid)
			procs[i].state = PROC_RUNNABLE;
	}
	yield(); /* never comes back: nobody runs an exited process */
	PANIC("exited process %d resumed", current_proc->pid);
}

static bool any_process_alive(void)
{
	for (int i = 1; i < PROCS_MAX; i++) {
		if (procs[i].state != PROC_UNUSED && procs[i].state != PROC_EXITED)
			return true;
	}
	return false;
}

/*
 * The idle process runs only when no other process can. If some process
 * sleeps (or waits for one that sleeps), only a timer tick can change
 * that: halt with interrupts on until the next one, which wakes the CPU
 * ("sti; hlt": STI lets interrupts in only after the next instruction, so
 * no tick slips in between). No process left: the machine is done; stop
 * the VM, with status 0 if the first program (the shell) ended normally.
 */
void idle_loop(void)
{
	for (;;) {
		yield();
		if (!any_process_alive())
			vm_exit(procs[1].exit_code == 0 ? 0 : 1);
		__asm__ volatile("sti\n\thlt\n\tcli");
	}
}
