/* virtio-hostile.c: paged test kernel that feeds the virtio-blk device hostile requests. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>

/*
 * Booted by vmm-pm per vmm-abi(7)'s boot protocol: paging on, RAM identity-mapped and aliased
 * at 0x80000000, EBX = boot info. The kernel maps the device's MMIO page
 * itself, plays a misbehaving virtio driver and prints one "ok N - ..." or
 * "FAIL N - ..." line per case. It exits with status 0 when every case
 * behaved as expected (IOERR for bad requests, DEVICE_NEEDS_RESET for a
 * malformed ring, correct data for good ones), 1 otherwise. It never writes
 * to the disk successfully: the test checks the file is unchanged.
 */

#define HIGH 0x80000000u
#define PHYS(p) ((uint32_t)(uintptr_t)(p) - HIGH)

struct boot_info {
	uint32_t magic, version, mem_bytes, virtio_blk_base;
	char cmdline[256];
} __attribute__((packed));

/* ---- Hypercalls (vmm-abi(7)) ------------------------------------------------ */

static void hc_write(const char *s, uint32_t len)
{
	uint32_t eax = 3;  /* WRITE; the VMM returns the length in EAX */

	__asm__ volatile("outb %%al, %%dx" : "+a"(eax) : "d"(0x500), "S"(s), "c"(len)
	                 : "memory");
}

static __attribute__((noreturn)) void hc_exit(uint32_t status)
{
	for (;;)
		__asm__ volatile("outb %%al, %%dx" : : "a"(0), "d"(0x500), "b"(status));
}

/* gcc may emit calls to these even in freestanding code. */
void *memset(void *d, int c, __SIZE_TYPE__ n);
void *memset(void *d, int c, __SIZE_TYPE__ n)
{
	uint8_t *p = d;

	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, __SIZE_TYPE__ n);
void *memcpy(void *d, const void *s, __SIZE_TYPE__ n)
{
	uint8_t *p = d;
	const uint8_t *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

/* Output is collected per line and written with one WRITE hypercall. */
static char line[160];
static uint32_t line_len;

static void put(const char *s)
{
	while (*s && line_len < sizeof line)
		line[line_len++] = *s++;
}

static void put_dec(uint32_t v)
{
	char buf[11];
	int i = 10;

	buf[10] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(buf + i);
}

static void put_hex(uint32_t v)
{
	static const char hex[] = "0123456789abcdef";
	char buf[11] = "0x";
	int i;

	for (i = 0; i < 8; i++)
		buf[2 + i] = hex[(v >> (28 - 4 * i)) & 15];
	buf[10] = 0;
	put(buf);
}

static void flush_line(void)
{
	if (line_len < sizeof line)
		line[line_len++] = '\n';
	hc_write(line, line_len);
	line_len = 0;
}

/* ---- Device access --------------------------------------------------------- */

#define REG_MAGIC       0x000
#define REG_VERSION     0x004
#define REG_DEVICE_ID   0x008
#define REG_HOST_FEAT   0x010
#define REG_GUEST_FEAT  0x020
#define REG_PAGE_SIZE   0x028
#define REG_QUEUE_SEL   0x030
#define REG_QUEUE_MAX   0x034
#define REG_QUEUE_NUM   0x038
#define REG_QUEUE_ALIGN 0x03c
#define REG_QUEUE_PFN   0x040
#define REG_NOTIFY      0x050
#define REG_ISR         0x060
#define REG_ISR_ACK     0x064
#define REG_STATUS      0x070
#define REG_CAPACITY    0x100

#define ST_ACK 1
#define ST_DRIVER 2
#define ST_DRIVER_OK 4
#define ST_FEATURES_OK 8
#define ST_NEEDS_RESET 0x40

#define F_NEXT 1
#define F_WRITE 2

#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define T_GET_ID 8

#define S_OK 0
#define S_IOERR 1

#define QNUM 8u

static volatile uint8_t *mmio;

static uint32_t rd(uint32_t off)
{
	return *(volatile uint32_t *)(mmio + off);
}

static void wr(uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)(mmio + off) = val;
}

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
} __attribute__((packed));

/* The legacy layout for QNUM entries and 4096-byte alignment: descriptors
 * and avail ring in the first page, used ring in the second. */
struct vring {
	struct desc desc[QNUM];
	uint16_t avail_flags, avail_idx, avail_ring[QNUM], used_event;
	uint8_t pad[4096 - 16 * QNUM - 6 - 2 * QNUM];
	uint16_t used_flags, used_idx;
	struct { uint32_t id, len; } used_ring[QNUM];
	uint16_t avail_event;
} __attribute__((packed, aligned(4096)));

static struct vring vq;
static struct {
	uint32_t type, reserved;
	uint64_t sector;
} __attribute__((packed)) hdr;
static uint8_t data[1024] __attribute__((aligned(512)));
static volatile uint8_t status;
static uint16_t avail;      /* driver's copy of avail_idx */
static uint16_t used_seen;  /* used_idx already consumed */

static uint32_t capacity;   /* low 32 bits: the test disk is small */
static unsigned failures, cases;

static void barrier(void)
{
	__asm__ volatile("" : : : "memory");
}

/* Reset and set up the device as a legacy driver does. */
static void device_init(void)
{
	wr(REG_STATUS, 0);
	wr(REG_STATUS, ST_ACK);
	wr(REG_STATUS, ST_ACK | ST_DRIVER);
	wr(REG_GUEST_FEAT, 0);
	wr(REG_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK);
	wr(REG_PAGE_SIZE, 4096);
	wr(REG_QUEUE_SEL, 0);
	memset(&vq, 0, sizeof vq);
	avail = used_seen = 0;
	wr(REG_QUEUE_NUM, QNUM);
	wr(REG_QUEUE_ALIGN, 4096);
	wr(REG_QUEUE_PFN, PHYS(&vq) / 4096);
	wr(REG_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
}

static void set_desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
	vq.desc[i].addr = addr;
	vq.desc[i].len = len;
	vq.desc[i].flags = flags;
	vq.desc[i].next = next;
}

enum outcome { DONE, NEEDS_RESET, NOTHING };

/* Publish HEAD, notify, and wait (bounded) for the device's answer. */
static enum outcome submit(uint16_t head, uint32_t *used_len)
{
	unsigned tries;

	status = 0xEE;
	vq.avail_ring[avail % QNUM] = head;
	barrier();
	vq.avail_idx = ++avail;
	barrier();
	wr(REG_NOTIFY, 0);
	/* The device completes requests during the notify itself; the loop
	 * only guards against a device that would not. */
	for (tries = 0; tries < 1000; tries++) {
		barrier();
		if (*(volatile uint16_t *)&vq.used_idx != used_seen) {
			*used_len = vq.used_ring[used_seen % QNUM].len;
			used_seen++;
			wr(REG_ISR_ACK, rd(REG_ISR));
			return DONE;
		}
		if (rd(REG_STATUS) & ST_NEEDS_RESET)
			return NEEDS_RESET;
	}
	return NOTHING;
}

/* A three-descriptor request: header, one data buffer, status. */
static enum outcome request(uint32_t type, uint64_t sector, uint64_t addr,
                            uint32_t len, uint16_t data_flags,
                            uint32_t *used_len)
{
	hdr.type = type;
	hdr.reserved = 0;
	hdr.sector = sector;
	set_desc(0, PHYS(&hdr), sizeof hdr, F_NEXT, 1);
	set_desc(1, addr, len, data_flags | F_NEXT, 2);
	set_desc(2, PHYS(&status), 1, F_WRITE, 0);
	return submit(0, used_len);
}

static void begin(const char *what)
{
	cases++;
	line_len = 0;
	put("ok ");
	put_dec(cases);
	put(" - ");
	put(what);
}

/* Finish the case's line; OK decides between "ok" and "FAIL". */
static void end(int ok, const char *detail)
{
	if (!ok) {
		char save[160];
		uint32_t n = line_len, i;

		/* Turn the "ok " prefix into "FAIL ". */
		for (i = 0; i < n; i++)
			save[i] = line[i];
		line_len = 0;
		put("FAIL ");
		for (i = 3; i < n; i++)
			if (line_len < sizeof line)
				line[line_len++] = save[i];
		failures++;
	}
	put(": ");
	put(detail);
	flush_line();
}

static void describe_failure(enum outcome o, uint32_t used_len)
{
	put(o == DONE ? " (completed, status " :
	    o == NEEDS_RESET ? " (device needs reset" : " (no completion");
	if (o == DONE) {
		put_dec(status);
		put(", len ");
		put_dec(used_len);
	}
	put(")");
}

/* A bad request: expect completion with IOERR and used length 1. */
static void expect_ioerr(const char *what, uint32_t type, uint64_t sector,
                         uint64_t addr, uint32_t len, uint16_t flags)
{
	uint32_t used_len = 0;
	enum outcome o;

	begin(what);
	o = request(type, sector, addr, len, flags, &used_len);
	if (o == DONE && status == S_IOERR && used_len == 1) {
		end(1, "IOERR");
	} else {
		describe_failure(o, used_len);
		end(0, "expected IOERR");
		if (o == NEEDS_RESET)
			device_init();
	}
}

/* A malformed ring: expect DEVICE_NEEDS_RESET, no completion; then reset. */
static void expect_broken(enum outcome o, uint32_t used_len)
{
	if (o == NEEDS_RESET && vq.used_idx == used_seen) {
		/* Broken means broken: a good request is now ignored. */
		uint32_t l2;
		enum outcome o2 = request(T_IN, 0, PHYS(data), 512, F_WRITE, &l2);

		if (o2 == NEEDS_RESET && status == 0xEE)
			end(1, "device needs reset");
		else
			end(0, "a broken device went on processing requests");
	} else {
		describe_failure(o, used_len);
		end(0, "expected device needs reset");
	}
	device_init();
	if (rd(REG_STATUS) & ST_NEEDS_RESET) {
		begin("reset clears DEVICE_NEEDS_RESET");
		end(0, "still set after reset");
	}
}

static const char sector3[] = "kvm-vmm virtio test sector 3\n";

void kmain(uint32_t magic, struct boot_info *bi);

void kmain(uint32_t magic, struct boot_info *bi)
{
	uint32_t *pd, used_len = 0, i;
	enum outcome o;
	int ok;

	put("virtio-hostile: ");
	if (magic != 0x564D4D31u || bi->magic != 0x564D4D31u) {
		put("bad boot magic");
		flush_line();
		hc_exit(1);
	}
	if (bi->virtio_blk_base == 0) {
		put("no virtio-blk device (run with --disk)");
		flush_line();
		hc_exit(1);
	}
	/* Map the 4 MiB around the MMIO base, identity, uncached, into the
	 * page directory the VMM built (reached through the higher half). */
	__asm__ volatile("mov %%cr3, %0" : "=r"(pd));
	pd = (uint32_t *)((uintptr_t)pd + HIGH);
	pd[bi->virtio_blk_base >> 22] = (bi->virtio_blk_base & 0xFFC00000u) |
	                                0x9B;  /* P|RW|PWT|PCD|PS */
	__asm__ volatile("mov %%cr3, %%eax; mov %%eax, %%cr3" : : : "eax", "memory");
	mmio = (volatile uint8_t *)(uintptr_t)bi->virtio_blk_base;

	if (rd(REG_MAGIC) != 0x74726976u || rd(REG_VERSION) != 1 ||
	    rd(REG_DEVICE_ID) != 2) {
		put("not a legacy virtio-blk device: magic ");
		put_hex(rd(REG_MAGIC));
		put(", version ");
		put_dec(rd(REG_VERSION));
		put(", device ");
		put_dec(rd(REG_DEVICE_ID));
		flush_line();
		hc_exit(1);
	}
	capacity = rd(REG_CAPACITY);
	put("legacy virtio-blk, capacity ");
	put_dec(capacity);
	put(" sectors, queue max ");
	put_dec(rd(REG_QUEUE_MAX));
	flush_line();
	device_init();

	/* ---- Bad requests: each completes with IOERR ---- */
	expect_ioerr("read into a buffer past the end of RAM", T_IN, 0,
	             bi->mem_bytes - 256, 512, F_WRITE);
	expect_ioerr("read into a buffer wrapping around 2^64", T_IN, 0,
	             0xFFFFFFFFFFFFFF00ull, 512, F_WRITE);
	expect_ioerr("write from the device's own MMIO page", T_OUT, 0,
	             bi->virtio_blk_base, 512, 0);
	expect_ioerr("write from a buffer past the end of RAM", T_OUT, 0,
	             bi->mem_bytes, 512, 0);
	expect_ioerr("read into a driver-read-only buffer", T_IN, 0, PHYS(data),
	             512, 0);
	expect_ioerr("read of the sector past the end", T_IN, capacity,
	             PHYS(data), 512, F_WRITE);
	expect_ioerr("write across the end of the disk", T_OUT, capacity - 1,
	             PHYS(data), 1024, 0);
	expect_ioerr("read at a sector that overflows", T_IN,
	             0xFFFFFFFFFFFFFFFFull, PHYS(data), 512, F_WRITE);
	expect_ioerr("read of half a sector", T_IN, 0, PHYS(data), 256, F_WRITE);

	/* ---- Malformed rings: the device gives up until reset ---- */
	begin("looped descriptor chain");
	hdr.type = T_IN;
	hdr.sector = 0;
	set_desc(0, PHYS(&hdr), sizeof hdr, F_NEXT, 1);
	set_desc(1, PHYS(data), 512, F_WRITE | F_NEXT, 0);
	o = submit(0, &used_len);
	expect_broken(o, used_len);

	begin("descriptor index out of range");
	set_desc(0, PHYS(&hdr), sizeof hdr, F_NEXT, 200);
	o = submit(0, &used_len);
	expect_broken(o, used_len);

	begin("avail index jumping past the queue size");
	set_desc(0, PHYS(&hdr), sizeof hdr, F_NEXT, 1);
	set_desc(1, PHYS(data), 512, F_WRITE | F_NEXT, 2);
	set_desc(2, PHYS(&status), 1, F_WRITE, 0);
	avail = (uint16_t)(avail + QNUM);  /* submit adds one more */
	o = submit(0, &used_len);
	expect_broken(o, used_len);

	begin("queue placed past the end of RAM");
	wr(REG_STATUS, 0);
	wr(REG_PAGE_SIZE, 4096);
	wr(REG_QUEUE_NUM, QNUM);
	wr(REG_QUEUE_PFN, bi->mem_bytes / 4096 - 1);
	o = (rd(REG_STATUS) & ST_NEEDS_RESET) ? NEEDS_RESET : NOTHING;
	expect_broken(o, 0);

	/* ---- Good requests after all that ---- */
	begin("read of sectors 2-3");
	memset(data, 0xAA, sizeof data);
	o = request(T_IN, 2, PHYS(data), 1024, F_WRITE, &used_len);
	ok = o == DONE && status == S_OK && used_len == 1025;
	for (i = 0; ok && i < 512; i++)
		ok = data[i] == 0;
	for (i = 0; ok && i < sizeof sector3 - 1; i++)
		ok = data[512 + i] == (uint8_t)sector3[i];
	for (i = sizeof sector3 - 1; ok && i < 512; i++)
		ok = data[512 + i] == 0;
	if (ok) {
		put(": \"");
		for (i = 0; i < sizeof sector3 - 2; i++)
			if (line_len < sizeof line)
				line[line_len++] = (char)data[512 + i];
		put("\"");
		flush_line();
	} else {
		describe_failure(o, used_len);
		end(0, "wrong data or status");
	}

	begin("get-id");
	memset(data, 0xAA, 32);
	o = request(T_GET_ID, 0, PHYS(data), 20, F_WRITE, &used_len);
	ok = o == DONE && status == S_OK && used_len == 21 && data[19] == 0 &&
	     data[20] == 0xAA;
	if (ok) {
		put(": \"");
		put((const char *)data);
		put("\"");
		flush_line();
	} else {
		describe_failure(o, used_len);
		end(0, "expected a 20-byte id");
	}

	begin("flush");
	hdr.type = T_FLUSH;
	hdr.sector = 0;
	set_desc(0, PHYS(&hdr), sizeof hdr, F_NEXT, 1);
	set_desc(1, PHYS(&status), 1, F_WRITE, 0);
	o = submit(0, &used_len);
	if (o == DONE && status == S_OK && used_len == 1) {
		end(1, "OK");
	} else {
		describe_failure(o, used_len);
		end(0, "expected OK");
	}

	line_len = 0;
	put("virtio-hostile: ");
	put_dec(cases - failures);
	put(" of ");
	put_dec(cases);
	put(" cases as expected");
	flush_line();
	hc_exit(failures ? 1 : 0);
}

/* Entry: own stack, kmain(EAX = magic, EBX = boot info). */
static uint8_t stack[8192] __attribute__((aligned(16), used));
__asm__(".section .text.entry, \"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        "	mov $stack + 8192, %esp\n"
        "	push %ebx\n"
        "	push %eax\n"
        "	call kmain\n"
        "1:	hlt\n"
        "	jmp 1b\n"
        ".previous\n");
