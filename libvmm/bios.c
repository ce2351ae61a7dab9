/* bios.c: the BIOS device of boot sectors: memory map, ROM stubs, interrupt vectors, data area, and the one trap port that dispatches services. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "bios.h"
#include "x86.h"

/*
 * Why one port and the vector from the stub's address: the stub needs no
 * register of its own (the caller's AX..DX all reach the service intact)
 * and a single exit serves a call. A guest writing the port from anywhere
 * else, or after jumping into the middle of the ROM, is ignored; a guest
 * jumping to a stub gets the service on whatever its stack holds, checked
 * like any guest memory.
 */

uint16_t bios_get16(const struct bios *b, uint32_t addr)
{
	return (uint16_t)(b->ram[addr] | b->ram[addr + 1] << 8);
}

void bios_put16(struct bios *b, uint32_t addr, uint16_t v)
{
	b->ram[addr] = (uint8_t)v;
	b->ram[addr + 1] = (uint8_t)(v >> 8);
}

void bios_ok(struct bios_call *c, bool set_ah)
{
	if (set_ah)
		bios_set8(&c->regs->rax, 8, 0);
	c->set_cf = true;
	c->cf = false;
}

void bios_fail(struct bios_call *c, uint8_t status)
{
	bios_set8(&c->regs->rax, 8, status);
	c->set_cf = true;
	c->cf = true;
}

void bios_trace(struct bios_call *c, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	if (!c->vcpu->trace)
		return;
	n = snprintf(line, sizeof(line), "bios: int %02Xh AX=%04X: ", c->vector,
	             bios_ax(c));
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	c->vcpu->trace(c->vcpu->trace_opaque, c->vcpu->index, line);
}

void bios_unknown(struct bios_call *c)
{
	bios_trace(c, "unknown service (CF=1, AH=86h)");
	bios_fail(c, BIOS_EUNKNOWN);
}

int bios_read(struct bios_call *c, uint64_t linear, void *buf, uint64_t len)
{
	return linear_copy(c->vcpu, linear, buf, len, LINEAR_READ);
}

int bios_write(struct bios_call *c, uint64_t linear, const void *buf, uint64_t len)
{
	/* The ROM is a RAM slot to the translator; it is not the guest's. */
	if (!range_inside(linear, len, 0, VMM_BIOS_ROM_BASE))
		return -1;
	return linear_copy(c->vcpu, linear, (void *)buf, len, LINEAR_WRITE);
}

/* The FLAGS the INT pushed: SS:SP+4 while the stub runs. */
static void return_flags(struct bios_call *c)
{
	uint16_t sp = (uint16_t)c->regs->rsp;
	uint64_t at = c->sregs->ss.base + (uint16_t)(sp + 4);
	uint8_t w[2];
	uint16_t flags;

	if (!c->set_cf && !c->set_zf)
		return;
	/* A stack that is not RAM: the IRET will fail anyway. */
	if (bios_read(c, at, w, 2) < 0)
		return;
	flags = (uint16_t)(w[0] | w[1] << 8);
	if (c->set_cf)
		flags = (uint16_t)(c->cf ? flags | X86_EFLAGS_CF : flags & ~X86_EFLAGS_CF);
	if (c->set_zf)
		flags = (uint16_t)(c->zf ? flags | X86_EFLAGS_ZF : flags & ~X86_EFLAGS_ZF);
	w[0] = (uint8_t)flags;
	w[1] = (uint8_t)(flags >> 8);
	bios_write(c, at, w, 2);
}

/* The caller's CS:IP, from the INT's frame, for messages. */
static void caller(struct bios_call *c, uint16_t *cs, uint16_t *ip)
{
	uint16_t sp = (uint16_t)c->regs->rsp;
	uint8_t w[4] = { 0 };

	if (bios_read(c, c->sregs->ss.base + sp, w, 2) == 0 &&
	    bios_read(c, c->sregs->ss.base + (uint16_t)(sp + 2), w + 2, 2) == 0) {
		*ip = (uint16_t)(w[0] | w[1] << 8);
		*cs = (uint16_t)(w[2] | w[3] << 8);
	} else {
		*ip = *cs = 0;
	}
}

/* Int 18h and 19h: nothing else to boot. */
static void no_boot(struct bios_call *c)
{
	char line[80];
	int n;

	bios_video_end_line(c);
	n = snprintf(line, sizeof(line), "BIOS: no bootable disk (int %02Xh)\n", c->vector);
	vcpu_output(c->vcpu, (const uint8_t *)line, (size_t)n);
	vcpu_set_stop(c->vcpu, VMM_STOP_EXIT, 1, NULL);
}

/* A reset through the keyboard controller or port 92h: a PC would boot
 * again; here, as at int 19h, the run ends. */
static void bios_reset(struct vmm_vcpu *vcpu, void *opaque, const char *why)
{
	struct bios_call c = { .vcpu = vcpu, .bios = opaque };
	char line[80];
	int n;

	bios_video_end_line(&c);
	n = snprintf(line, sizeof(line), "BIOS: reset through %s (no reboot)\n", why);
	vcpu_output(vcpu, (const uint8_t *)line, (size_t)n);
	vcpu_set_stop(vcpu, VMM_STOP_EXIT, 1, NULL);
}

/* A CPU exception that reached the IVT: the guest is lost (a PC would loop
 * or hang), so it stops as crashed, at the instruction that raised it. */
static void exception(struct bios_call *c, const char *what)
{
	char detail[128];
	uint16_t cs, ip;

	caller(c, &cs, &ip);
	snprintf(detail, sizeof(detail), "%s (int %02Xh) at %04X:%04X", what,
	         c->vector, cs, ip);
	vcpu_set_stop(c->vcpu, VMM_STOP_CRASH, 0, detail);
}

static int dispatch(struct bios_call *c)
{
	switch (c->vector) {
	case 0x00:
		exception(c, "divide error");
		return 0;
	case 0x06:
		exception(c, "invalid opcode");
		return 0;
	case 0x10:
		return bios_video(c);
	case 0x11:
	case 0x12:
	case 0x15:
		return bios_system(c);
	case 0x13:
		return bios_disk(c);
	case 0x16:
		return bios_keyboard(c);
	case 0x18:
	case 0x19:
		no_boot(c);
		return 0;
	case 0x1A:
		return bios_clock(c);
	case 0x01:   /* single step, breakpoint, overflow: traps that */
	case 0x03:   /* return after the instruction, so a plain IRET */
	case 0x04:   /* lets the guest go on, as a PC's BIOS does */
	case 0x1C:   /* the user's timer hook: a plain IRET */
		return 0;
	default:
		/* The hardware interrupt vectors never fire here (no PIC). */
		if ((c->vector >= 0x08 && c->vector <= 0x0F) ||
		    (c->vector >= 0x70 && c->vector <= 0x77))
			return 0;
		bios_unknown(c);
		return 0;
	}
}

static int bios_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t port,
                   bool is_write, uint8_t *data, unsigned size)
{
	struct bios *b = opaque;
	struct bios_call c = { .vcpu = vcpu, .bios = b };
	uint64_t linear, off;
	(void)port;

	if (!is_write) {
		memset(data, 0xFF, size);
		return 0;
	}
	c.regs = vcpu_regs(vcpu);
	c.sregs = vcpu_sregs(vcpu);
	if (!c.regs || !c.sregs)
		return set_error_errno("cannot read the guest's registers");
	/* Only the OUT of a stub, in real mode, is a call. KVM reports the
	 * OUT's own address; older kernels the next instruction's. */
	if (c.sregs->cr0 & X86_CR0_PE)
		return 0;
	linear = c.sregs->cs.base + (uint16_t)c.regs->rip;
	if (linear < VMM_BIOS_ROM_BASE)
		return 0;
	off = linear - VMM_BIOS_ROM_BASE;
	if (off >= BIOS_STUBS_END || (off % BIOS_STUB_SIZE != 0 && off % BIOS_STUB_SIZE != 2))
		return 0;
	c.vector = (uint8_t)(off / BIOS_STUB_SIZE);
	bios_clock_update(b);
	if (dispatch(&c) < 0)
		return -1;
	return_flags(&c);
	vcpu_regs_changed(vcpu);
	return 0;
}

/* The ROM: stubs, the tables some services point at, the reset vector. */
static void build_rom(uint8_t *rom)
{
	/* HLT everywhere else: a jump into the ROM stops the guest. */
	memset(rom, 0xF4, VMM_BIOS_ROM_SIZE);
	for (unsigned v = 0; v < 256; v++) {
		uint8_t *s = rom + v * BIOS_STUB_SIZE;

		s[0] = 0xE6;              /* out %al, $port */
		s[1] = VMM_BIOS_PORT;
		s[2] = 0xCF;              /* iret */
		s[3] = 0x90;              /* nop */
	}
	/* Int 15h AH=C0h: 8 bytes follow the length word; an AT-class model
	 * (FCh) with no optional hardware (no second PIC, no RTC interrupt). */
	static const uint8_t config[10] = { 8, 0, 0xFC, 0x00, 0x01 };
	memcpy(rom + BIOS_ROM_CONFIG, config, sizeof(config));
	/* The 1.44 MB diskette parameters (int 1Eh, int 13h AH=08h): step
	 * rate/head unload, head load/DMA, motor-off delay, 512-byte sectors,
	 * 18 per track, gap, data length, format gap, fill byte, settle time,
	 * motor start time. */
	static const uint8_t fdpt[11] = {
		0xAF, 0x02, 0x25, 0x02, 18, 0x1B, 0xFF, 0x6C, 0xF6, 0x0F, 0x08
	};
	memcpy(rom + BIOS_ROM_FDPT, fdpt, sizeof(fdpt));
	/* The PnP BIOS installation check (PnP BIOS specification 1.0A,
	 * section 4.4): boot code looks for "$PnP" on a 16-byte boundary of
	 * segment F000 to learn that the BIOS is PnP-aware (syslinux's
	 * handoff.bin shows it, SeaBIOS has one). Version 1.0, 33 bytes, no
	 * event notification; both entry points (real mode, and 16-bit
	 * protected mode at base 0xF0000) lead to "mov $0x82, %ax; lret":
	 * every PnP function is FUNCTION_NOT_SUPPORTED. */
	uint8_t *pnp = rom + BIOS_ROM_PNP;
	memset(pnp, 0, 0x21);
	memcpy(pnp, "$PnP", 4);
	pnp[4] = 0x10;                        /* version 1.0 */
	pnp[5] = 0x21;                        /* length */
	pnp[0x0D] = BIOS_ROM_PNP_ENTRY & 0xFF; /* real-mode entry offset */
	pnp[0x0E] = BIOS_ROM_PNP_ENTRY >> 8;
	pnp[0x10] = 0xF0;                     /* its segment: F000 */
	pnp[0x11] = BIOS_ROM_PNP_ENTRY & 0xFF; /* protected-mode offset */
	pnp[0x12] = BIOS_ROM_PNP_ENTRY >> 8;
	pnp[0x15] = 0x0F;                     /* its base: 0x000F0000 */
	pnp[0x1C] = 0xF0;                     /* real-mode data segment F000 */
	pnp[0x1F] = 0x0F;                     /* protected-mode data base */
	uint8_t sum = 0;
	for (unsigned i = 0; i < 0x21; i++)
		sum = (uint8_t)(sum + pnp[i]);
	pnp[8] = (uint8_t)-sum;               /* all 33 bytes sum to 0 */
	static const uint8_t pnp_entry[4] = { 0xB8, 0x82, 0x00, 0xCB };
	memcpy(rom + BIOS_ROM_PNP_ENTRY, pnp_entry, sizeof(pnp_entry));
	/* Reset (a jump to FFFF:0000, a reboot): int 19h, which stops. */
	rom[BIOS_ROM_RESET] = 0xCD;
	rom[BIOS_ROM_RESET + 1] = 0x19;
	memcpy(rom + 0xFFF5, "01/01/26", 8);
	rom[0xFFFE] = 0xFC;
}

static void build_low_memory(struct bios *b)
{
	uint8_t *ram = b->ram;

	/* Every vector to its stub, except the data table of int 1Eh. */
	for (unsigned v = 0; v < 256; v++) {
		bios_put16(b, v * 4, (uint16_t)(v * BIOS_STUB_SIZE));
		bios_put16(b, v * 4 + 2, VMM_BIOS_ROM_BASE >> 4);
	}
	bios_put16(b, 0x1E * 4, BIOS_ROM_FDPT);
	memset(ram + 0x400, 0, 0x100);
	bios_put16(b, BDA_COM1, VMM_COM1_BASE);
	/* Equipment: 80x25 colour, one serial port; a floppy drive when
	 * booting one. */
	bios_put16(b, BDA_EQUIPMENT, (uint16_t)(0x0220 | (b->geom.floppy ? 1 : 0)));
	bios_put16(b, BDA_MEMORY_KB, VMM_BIOS_RAM_SIZE >> 10);
	bios_put16(b, BDA_KBD_HEAD, 0x1E);
	bios_put16(b, BDA_KBD_TAIL, 0x1E);
	bios_put16(b, BDA_KBD_START, 0x1E);
	bios_put16(b, BDA_KBD_END, 0x3E);
	ram[BDA_VIDEO_MODE] = 3;
	bios_put16(b, BDA_VIDEO_COLS, BIOS_COLS);
	bios_put16(b, BDA_VIDEO_PAGESIZE, 0x1000);
	bios_put16(b, BDA_CURSOR_SHAPE, 0x0607);
	bios_put16(b, BDA_CRTC_PORT, 0x3D4);
	ram[BDA_DISK_COUNT] = b->geom.floppy ? 0 : 1;
	ram[BDA_VIDEO_ROWS] = BIOS_ROWS - 1;
	bios_put16(b, BDA_CHAR_HEIGHT, 16);
}

static void bios_free(void *opaque)
{
	struct bios *b = opaque;

	if (b)
		free(b->sector_buf);
	free(b);
}

int vmm_bios_check_boot_sector(const uint8_t *img, size_t len)
{
	if (len < VMM_BIOS_SECTOR)
		return set_error("the image is smaller than one 512-byte sector "
		                 "(%zu bytes)", len);
	if (img[510] != 0x55 || img[511] != 0xAA)
		return set_error("sector 0 does not end in the boot signature "
		                 "0x55 0xAA (it ends in 0x%02x 0x%02x)", img[510],
		                 img[511]);
	return 0;
}

int bios_install(struct vmm_vm *vm, int fd, unsigned flags)
{
	struct bios *b;
	uint8_t *ram, *vga, *rom;
	off_t size;

	if (flags & ~(VMM_BIOS_READ_ONLY | VMM_BIOS_FLOPPY))
		return set_error("unknown BIOS flags 0x%x", flags);
	ram = vmm_gpa_to_hva(vm, 0, VMM_BIOS_RAM_SIZE);
	vga = vmm_gpa_to_hva(vm, VMM_BIOS_VGA_BASE, VMM_BIOS_VGA_SIZE);
	/* PC RAM's read-only area is no guest buffer (the translator refuses
	 * it); the VMM fills it through the mapping, as a ROM is programmed
	 * before the machine runs. */
	if (vm->pc_map && vm->pc_map_len >= VMM_BIOS_ROM_BASE + VMM_BIOS_ROM_SIZE)
		rom = vm->pc_map + VMM_BIOS_ROM_BASE;
	else
		rom = vmm_gpa_to_hva(vm, VMM_BIOS_ROM_BASE, VMM_BIOS_ROM_SIZE);
	if (!ram || !vga || !rom)
		return set_error("the BIOS needs 640 KiB of RAM at 0, the VGA window "
		                 "and the ROM");
	size = lseek(fd, 0, SEEK_END);
	if (size < 0)
		return set_error_errno("cannot find the size of the boot image");
	b = calloc(1, sizeof(*b));
	if (!b)
		return set_error("out of memory");
	b->sector_buf = malloc((size_t)BIOS_CHS_MAX * VMM_BIOS_SECTOR);
	if (!b->sector_buf) {
		bios_free(b);
		return set_error("out of memory");
	}
	if (vm_own_device(vm, b, bios_free) < 0) {
		bios_free(b);
		return -1;
	}
	vm_device_flush(vm, b, bios_disk_flush);
	b->vm = vm;
	b->ram = ram;
	b->fd = fd;
	b->read_only = flags & VMM_BIOS_READ_ONLY;
	b->drive = flags & VMM_BIOS_FLOPPY ? 0x00 : 0x80;
	b->key = -1;
	b->midnight = -1;
	bios_geom_init(&b->geom, (uint64_t)size, flags & VMM_BIOS_FLOPPY);
	bios_tty_reset(&b->tty);
	b->text = vga + (BIOS_TEXT_BASE - VMM_BIOS_VGA_BASE);
	for (unsigned i = 0; i < BIOS_COLS * BIOS_ROWS; i++) {
		b->text[2 * i] = ' ';
		b->text[2 * i + 1] = BIOS_ATTR;
	}
	build_rom(rom);
	build_low_memory(b);
	/* The clock's time zone, while files can still be opened (before
	 * the sandbox). */
	tzset();
	bios_clock_update(b);
	/* The keyboard controller answers (A20 code waits on it) but keys
	 * stay int 16h's. */
	if (vm_kbd_attach(vm, false, bios_reset, b) < 0)
		return -1;
	return io_register(vm, VMM_IO_PORT, VMM_BIOS_PORT, 1, bios_io, b, 0);
}

int vmm_bios_attach(struct vmm_vm *vm, int fd, unsigned flags)
{
	if (!vmm_gpa_to_hva(vm, 0, VMM_BIOS_RAM_SIZE))
		return set_error("the BIOS needs 640 KiB of RAM at address 0");
	/* PC RAM (vmm_vm_add_pc_ram) has the VGA window, dirty-logged for
	 * the VGA device, and the area the ROM goes in already. */
	if (vm->pc_map)
		return bios_install(vm, fd, flags);
	/* The VGA window as plain RAM: the text screen lives there. */
	if (!vmm_vm_add_ram(vm, VMM_BIOS_VGA_BASE, VMM_BIOS_VGA_SIZE) ||
	    !vm_add_rom(vm, VMM_BIOS_ROM_BASE, VMM_BIOS_ROM_SIZE))
		return -1;
	return bios_install(vm, fd, flags);
}
