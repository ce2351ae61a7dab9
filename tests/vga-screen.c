/* vga-screen.c: build-host helper for the VGA tests: render a saved 80x25 text screen, or take one from qemu-system-i386 through its monitor once the guest says it is done. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmm.h"

/*
 *   vga-screen render RAW
 *     RAW (4000 bytes of cells, as QEMU's pmemsave writes them) as plain
 *     text, by libvmm's renderer: what vmm-pm --vga=dump prints.
 *
 *   vga-screen qemu DIR serial|screen MARKER QEMU [ARGS...]
 *     Run QEMU (its monitor on our pipes, COM1 into DIR/serial.in/.out
 *     fifos) until MARKER appears: on COM1 (serial: its line ended), or on
 *     the screen
 *     (screen: the screen is saved and looked at after each monitor
 *     command completes, so every look waits for QEMU, never a clock).
 *     Then save the screen to DIR/screen.raw, COM1's output is in
 *     DIR/serial.txt, and QEMU is told to quit. Status 0, or 1 with a
 *     reason on stderr (QEMU ended first, a pipe failed). The caller
 *     bounds the whole with timeout(1): QEMU may never get there.
 */

static int die(const char *what)
{
	fprintf(stderr, "vga-screen: %s: %s\n", what, strerror(errno));
	return 1;
}

static int render(const char *path)
{
	uint8_t cells[VMM_VGA_TEXT_BYTES];
	static char text[VMM_VGA_DUMP_MAX];
	FILE *f = fopen(path, "rb");

	if (!f)
		return die(path);
	if (fread(cells, 1, sizeof(cells), f) != sizeof(cells)) {
		fprintf(stderr, "vga-screen: %s: not %d bytes\n", path, VMM_VGA_TEXT_BYTES);
		fclose(f);
		return 1;
	}
	fclose(f);
	fputs(vmm_vga_render_text(cells, text, sizeof(text)) < sizeof(text) ? text : "",
	      stdout);
	return 0;
}

/* What QEMU said on a pipe so far. */
struct stream {
	int fd;
	char buf[1 << 16];
	size_t len;
	size_t scan;         /* the monitor's prompts are counted up to here */
	unsigned prompts;
	FILE *copy;          /* NULL, or where to keep it all */
};

/* Wait for more from one of the streams; -1 when QEMU's side closed. */
static int pump(struct stream *a, struct stream *b)
{
	struct pollfd p[2] = { { a->fd, POLLIN, 0 }, { b->fd, POLLIN, 0 } };

	if (poll(p, 2, -1) < 0)
		return errno == EINTR ? 0 : -1;
	for (int i = 0; i < 2; i++) {
		struct stream *s = i ? b : a;
		char tmp[4096];
		ssize_t n;

		if (!(p[i].revents & (POLLIN | POLLHUP)))
			continue;
		n = read(s->fd, tmp, sizeof(tmp));
		if (n <= 0)
			return -1;
		if (s->copy)
			fwrite(tmp, 1, (size_t)n, s->copy);
		/* Keep the tail: markers and prompts are looked for there. */
		if (s->len + (size_t)n > sizeof(s->buf) - 1) {
			size_t drop = s->len + (size_t)n - (sizeof(s->buf) - 1);
			memmove(s->buf, s->buf + drop, s->len - drop);
			s->len -= drop;
			s->scan = s->scan > drop ? s->scan - drop : 0;
		}
		memcpy(s->buf + s->len, tmp, (size_t)n);
		s->len += (size_t)n;
		s->buf[s->len] = '\0';
	}
	return 0;
}

/* The monitor's prompts so far. A prompt may come in two reads: the
 * last 6 bytes are looked at again next time. */
static unsigned prompts(struct stream *mon)
{
	const char *p = mon->buf + mon->scan, *q;

	while ((q = strstr(p, "(qemu) ")) != NULL) {
		mon->prompts++;
		p = q + 7;
	}
	mon->scan = (size_t)(p - mon->buf);
	if (mon->len >= 6 && mon->scan < mon->len - 6)
		mon->scan = mon->len - 6;
	return mon->prompts;
}

/* Send CMD to the monitor and wait until it has run (the next prompt). */
static int monitor(int in, struct stream *mon, struct stream *ser, const char *cmd)
{
	unsigned before = prompts(mon);

	if (write(in, cmd, strlen(cmd)) != (ssize_t)strlen(cmd))
		return -1;
	while (prompts(mon) == before)
		if (pump(mon, ser) < 0)
			return -1;
	return 0;
}

static bool screen_has(const char *raw, const char *marker)
{
	uint8_t cells[VMM_VGA_TEXT_BYTES];
	static char text[VMM_VGA_DUMP_MAX];
	FILE *f = fopen(raw, "rb");
	bool ok;

	if (!f)
		return false;
	ok = fread(cells, 1, sizeof(cells), f) == sizeof(cells);
	fclose(f);
	if (!ok)
		return false;
	vmm_vga_render_text(cells, text, sizeof(text));
	return strstr(text, marker) != NULL;
}

static int run_qemu(const char *dir, bool on_screen, const char *marker,
                    char **qemu)
{
	char fin[4096], fout[4096], raw[4096], txt[4096], chardev[4200], cmd[4300];
	int to_qemu[2], from_qemu[2];
	struct stream mon = { 0 }, ser = { 0 };
	pid_t pid;
	int nargs = 0, status;

	snprintf(fin, sizeof(fin), "%s/serial.in", dir);
	snprintf(fout, sizeof(fout), "%s/serial.out", dir);
	snprintf(raw, sizeof(raw), "%s/screen.raw", dir);
	snprintf(txt, sizeof(txt), "%s/serial.txt", dir);
	snprintf(chardev, sizeof(chardev), "pipe:%s/serial", dir);
	if ((mkfifo(fin, 0600) < 0 && errno != EEXIST) ||
	    (mkfifo(fout, 0600) < 0 && errno != EEXIST))
		return die("mkfifo");
	if (pipe(to_qemu) < 0 || pipe(from_qemu) < 0)
		return die("pipe");
	while (qemu[nargs])
		nargs++;
	char **argv = calloc((size_t)nargs + 8, sizeof(*argv));
	if (!argv)
		return die("calloc");
	memcpy(argv, qemu, (size_t)nargs * sizeof(*argv));
	argv[nargs++] = "-monitor";
	argv[nargs++] = "stdio";
	argv[nargs++] = "-serial";
	argv[nargs++] = chardev;
	pid = fork();
	if (pid < 0)
		return die("fork");
	if (pid == 0) {
		dup2(to_qemu[0], 0);
		dup2(from_qemu[1], 1);
		close(to_qemu[1]);
		close(from_qemu[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(to_qemu[0]);
	close(from_qemu[1]);
	/* QEMU opens both fifos read-write: ours never block. */
	mon.fd = from_qemu[0];
	ser.fd = open(fout, O_RDWR);
	ser.copy = fopen(txt, "wb");
	if (ser.fd < 0 || !ser.copy)
		return die(txt);
	snprintf(cmd, sizeof(cmd), "pmemsave 0xb8000 %d \"%s\"\n", VMM_VGA_TEXT_BYTES, raw);
	for (;;) {
		if (on_screen) {
			if (monitor(to_qemu[1], &mon, &ser, cmd) < 0)
				goto ended;
			if (screen_has(raw, marker))
				break;
		} else {
			const char *m = strstr(ser.buf, marker);
			/* The whole line: the kernel halts after its newline. */
			if (m && strchr(m, '\n')) {
				if (monitor(to_qemu[1], &mon, &ser, cmd) < 0)
					goto ended;
				break;
			}
			if (pump(&mon, &ser) < 0)
				goto ended;
		}
	}
	fclose(ser.copy);
	ser.copy = NULL;
	if (write(to_qemu[1], "quit\n", 5) != 5)
		return die("write");
	close(to_qemu[1]);
	waitpid(pid, &status, 0);
	return 0;
ended:
	fprintf(stderr, "vga-screen: QEMU ended before '%s' appeared%s\n", marker,
	        on_screen ? " on the screen" : " on COM1");
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	return 1;
}

int main(int argc, char **argv)
{
	/* A QEMU that died is reported as such, not by a write's SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (argc == 3 && strcmp(argv[1], "render") == 0)
		return render(argv[2]);
	if (argc >= 6 && strcmp(argv[1], "qemu") == 0 &&
	    (strcmp(argv[3], "serial") == 0 || strcmp(argv[3], "screen") == 0))
		return run_qemu(argv[2], strcmp(argv[3], "screen") == 0, argv[4],
		                argv + 5);
	fprintf(stderr, "usage: vga-screen render RAW\n"
	        "       vga-screen qemu DIR serial|screen MARKER QEMU [ARGS...]\n");
	return 2;
}
