/* shell.c: the os-1k shell, a ring-3 user program. */
/* SPDX-License-Identifier: MIT */
#include "user.h"

static char file_buf[8192];

/* ---- children for the "fault" command: each runs in its own process ---- */

static void fault_null(void) { printf("%d\n", *(volatile int *) 0); exit(); }
static void fault_kread(void) { printf("%d\n", *(volatile int *) 0x80000000); exit(); }
static void fault_kwrite(void) { *(volatile int *) 0x80001000 = 0; exit(); }
static void fault_hlt(void) { __asm__ volatile("hlt"); exit(); }
static void fault_cli(void) { __asm__ volatile("cli"); exit(); }
static void fault_out(void) { __asm__ volatile("outb %%al, %%dx" : : "a"(0), "d"(0x500)); exit(); }

static void fault_div0(void)
{
	volatile int dividend = 7, zero = 0; /* volatile: no constant folding */
	printf("%d\n", dividend / zero);
	exit();
}

/* A system call may not be handed kernel memory: it fails, nothing dies. */
static void fault_sysbuf(void)
{
	int ret = readfile("hello.txt", (char *) 0x80001000, 16);
	printf("readfile into kernel memory returned %d\n", ret);
	exit();
}

static const struct { const char *name; void (*fn)(void); } faults[] = {
	{ "null", fault_null }, { "kread", fault_kread }, { "kwrite", fault_kwrite },
	{ "hlt", fault_hlt }, { "cli", fault_cli }, { "out", fault_out },
	{ "div0", fault_div0 }, { "sysbuf", fault_sysbuf },
};

static void cmd_fault(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(faults); i++) {
		if (strcmp(kind, faults[i].name) == 0) {
			int pid = spawn(faults[i].fn);
			if (pid < 0)
				printf("fault: cannot create a process\n");
			else
				wait(pid);
			return;
		}
	}
	printf("usage: fault null|kread|kwrite|hlt|cli|out|div0|sysbuf\n");
}

/* ---- "race": two children that never yield; only the timer shares the CPU ---- */

#define RACE_STEPS 5
#define RACE_STEP_COUNT 20000000u

/* "NAME: COUNT\n" in one write(), so the two children's lines never mix. */
static void race_report(char name, unsigned count, const char *what)
{
	char line[64], digits[12];
	int len = 0, n = 0;
	line[len++] = name;
	line[len++] = ':';
	line[len++] = ' ';
	do {
		digits[n++] = '0' + count % 10;
		count /= 10;
	} while (count);
	while (n > 0)
		line[len++] = digits[--n];
	while (*what)
		line[len++] = *what++;
	line[len++] = '\n';
	write(line, len);
}

static void race_child(char name)
{
	volatile unsigned count = 0; /* volatile: really count, one by one */
	for (int step = 1; step <= RACE_STEPS; step++) {
		while (count < step * RACE_STEP_COUNT)
			count++; /* no system call, no yield: only IRQ0 can stop this */
		race_report(name, count, step == RACE_STEPS ? " done" : "");
	}
	exit();
}

static void race_a(void) { race_child('a'); }
static void race_b(void) { race_child('b'); }

static void cmd_race(void)
{
	int a = spawn(race_a), b = spawn(race_b);
	if (a < 0 || b < 0) {
		printf("race: cannot create a process\n");
		if (a >= 0)
			wait(a);
		return;
	}
	wait(a);
	wait(b);
	printf("race: both finished\n");
}

/* ---- commands ---- */

static void cmd_uptime(void)
{
	unsigned t = uptime();
	printf("uptime: %u ticks, %u.%u%u s\n", t, t / 100, t / 10 % 10, t % 10);
}

static int parse_number(const char *s)
{
	int n = 0;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9' && n < 100000000)
		n = n * 10 + (*s++ - '0');
	return *s ? -1 : n;
}


static void print_file(const char *name)
{
	int len = readfile(name, file_buf, sizeof(file_buf));
	if (len < 0) {
		printf("cannot read %s\n", name);
		return;
	}
	for (int i = 0; i < len; i++)
		putchar(file_buf[i]);
	if (len > 0 && file_buf[len - 1] != '\n')
		putchar('\n');
}

static void cmd_ls(void)
{
	char name[FILE_NAME_MAX];
	int size;
	for (int i = 0; (size = listfile(i, name, sizeof(name))) >= 0; i++)
		printf("%s (%d bytes)\n", name, size);
}

static void cmd_help(void)
{
	printf("commands:\n"
	       "  hello       print a greeting\n"
	       "  readfile    print hello.txt\n"
	       "  writefile   write \"Hello from shell!\" to hello.txt\n"
	       "  ls          list the files\n"
	       "  cat NAME    print the file NAME\n"
	       "  echo TEXT   print TEXT\n"
	       "  fault KIND  run a child process that does something forbidden:\n"
	       "              null, kread, kwrite, hlt, cli, out, div0, sysbuf\n"
	       "  uptime      print the timer ticks (100 a second) since boot\n"
	       "  sleep MS    sleep MS milliseconds\n"
	       "  race        run two children that count and never yield\n"
	       "  help        print this list\n"
	       "  exit        leave the shell (and stop os-1k)\n");
}

static void run_command(char *line)
{
	/* Split "command argument": the argument is the rest of the line. */
	while (*line == ' ')
		line++;
	char *arg = line;
	while (*arg && *arg != ' ')
		arg++;
	if (*arg) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
	}

	if (line[0] == '\0')
		return;
	else if (strcmp(line, "hello") == 0)
		printf("Hello world from shell!\n");
	else if (strcmp(line, "exit") == 0)
		exit();
	else if (strcmp(line, "readfile") == 0)
		print_file("hello.txt");
	else if (strcmp(line, "writefile") == 0) {
		const char *text = "Hello from shell!\n";
		if (writefile("hello.txt", text, strlen(text)) < 0)
			printf("writefile: cannot write hello.txt\n");
	} else if (strcmp(line, "ls") == 0)
		cmd_ls();
	else if (strcmp(line, "cat") == 0) {
		if (arg[0])
			print_file(arg);
		else
			printf("usage: cat NAME\n");
	} else if (strcmp(line, "echo") == 0)
		printf("%s\n", arg);
	else if (strcmp(line, "help") == 0)
		cmd_help();
	else if (strcmp(line, "fault") == 0)
		cmd_fault(arg);
	else if (strcmp(line, "uptime") == 0)
		cmd_uptime();
	else if (strcmp(line, "sleep") == 0) {
		int ms = parse_number(arg);
		if (ms < 0)
			printf("usage: sleep MS\n");
		else
			sleep(ms);
	} else if (strcmp(line, "race") == 0)
		cmd_race();
	else
		printf("unknown command: %s\n", line);
}

int main(void)
{
	char line[128];
	bool after_cr = false;
	for (;;) {
		printf("> ");
		size_t len = 0;
		for (;;) {
			int ch = getchar();
			if (ch < 0 || (ch == 0x04 && len == 0)) {
				/* End of input (a pipe ended) or Ctrl-D: like "exit". */
				printf("\n");
				exit();
			}
			if (ch == '\n' && after_cr) {
				after_cr = false; /* the \n of a \r\n pair */
				continue;
			}
			after_cr = (ch == '\r');
			if (ch == '\r' || ch == '\n') {
				printf("\n");
				break;
			}
			if (ch == 0x7f || ch == '\b') {
				if (len > 0) {
					len--;
					printf("\b \b"); /* erase it on the terminal */
				}
			} else if (ch >= ' ' && ch < 0x7f && len < sizeof(line) - 1) {
				line[len++] = (char) ch;
				putchar((char) ch);
			}
		}
		line[len] = '\0';
		run_command(line);
	}
}
