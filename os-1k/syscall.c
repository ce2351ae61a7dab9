/* syscall.c: the int 0x80 system calls; every user pointer is checked before use. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

/* Both check the whole user buffer first; then the file system may use it
 * directly, as it belongs to the current process, whose page directory is
 * loaded. */
static int sys_readfile(const char *user_name, void *user_buf, uint32_t len)
{
	char name[FILE_NAME_MAX];
	if (!copy_name_from_user(name, user_name) || !user_range_ok(user_buf, len, true))
		return -1;
	return fs_readfile(name, user_buf, len);
}

static int sys_writefile(const char *user_name, const void *user_buf, uint32_t len)
{
	char name[FILE_NAME_MAX];
	if (!copy_name_from_user(name, user_name) || !user_range_ok(user_buf, len, false))
		return -1;
	return fs_writefile(name, user_buf, len);
}

static int sys_listfile(uint32_t index, char *user_name, uint32_t len)
{
	char name[FILE_NAME_MAX];
	int size = fs_listfile(index, name);
	if (size < 0 || strlen(name) + 1 > len || !copy_to_user(user_name, name, strlen(name) + 1))
		return -1;
	return size;
}

static int sys_spawn(uint32_t fn)
{
	struct process *proc = create_process(_shell_start, _shell_end - _shell_start, fn);
	return proc ? proc->pid : -1;
}

static int sys_wait(uint32_t pid)
{
	if (pid == 0 || pid >= PROCS_MAX || procs[pid].state == PROC_UNUSED ||
	    &procs[pid] == current_proc)
		return -1;
	return wait_for(pid);
}

/* Milliseconds to ticks, rounded up: sleep at least as long as asked. */
static int sys_sleep(uint32_t ms)
{
	sleep_ticks((ms + 1000 / TIMER_HZ - 1) / (1000 / TIMER_HZ));
	return 0;
}

/* Print a whole line at once: the kernel is not preempted, so two
 * processes printing at the same time never mix their lines. */
static int sys_write(const char *user_buf, uint32_t len)
{
	if (!user_range_ok(user_buf, len, false))
		return -1;
	for (uint32_t i = 0; i < len; i++)
		putchar(user_buf[i]);
	return len;
}

void handle_syscall(struct trap_frame *f)
{
	uint32_t a = f->ebx, b = f->ecx, c = f->edx;
	int ret = -1;
	switch (f->eax) {
	case SYS_PUTCHAR:
		putchar((char) a);
		ret = 0;
		break;
	case SYS_GETCHAR:
		/* GETCHAR waits in the VMM, so there is nothing to spin on here. */
		ret = console_getchar();
		break;
	case SYS_EXIT:
		process_exit(0);
	case SYS_READFILE:
		ret = sys_readfile((const char *) a, (void *) b, c);
		break;
	case SYS_WRITEFILE:
		ret = sys_writefile((const char *) a, (const void *) b, c);
		break;
	case SYS_LISTFILE:
		ret = sys_listfile(a, (char *) b, c);
		break;
	case SYS_SPAWN:
		ret = sys_spawn(a);
		break;
	case SYS_WAIT:
		ret = sys_wait(a);
		break;
	case SYS_SLEEP:
		ret = sys_sleep(a);
		break;
	case SYS_UPTIME:
		ret = (int) ticks;
		break;
	case SYS_WRITE:
		ret = sys_write((const char *) a, b);
		break;
	}
	f->eax = (uint32_t) ret;
}
