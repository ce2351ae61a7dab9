/* dev_kbd.c: the i8042 keyboard controller at ports 0x60/0x64 (stdin becomes scan codes and IRQ1, the AUX mouse's replies IRQ12; the model is i8042.c) and port 0x92's fast A20 gate and reset. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>

#include "i8042.h"
#include "internal.h"

#define KBD_DATA    0x60
#define KBD_STATUS  0x64
#define SYSCTL_A    0x92     /* "system control port A": bit 0 reset, bit 1 A20 */
#define KBD_IRQ     1
#define AUX_IRQ     12

struct vm_kbd {
	pthread_mutex_t lock;
	struct i8042 model;
	bool input_ended;        /* stdin reached its end: no more keys */
	bool keys;               /* stdin may become keys (else the BIOS has it) */
	uint8_t port92;          /* as last written, bit 0 clear */
	kbd_reset_fn *reset;     /* what a reset request does; NULL: nothing */
	void *reset_opaque;
};

/*
 * With K locked: take console bytes while the model waits for more, one
 * key's codes at a time, so stdin is read only as fast as the guest
 * drains the controller (a flood stays in the host's pipe). Only while
 * the keyboard owns stdin.
 */
static void pull(struct vmm_vcpu *vcpu, struct vm_kbd *k)
{
	const struct vmm_console_ops *con = &vcpu->console;

	if (__atomic_load_n(&vcpu->vm->input_owner, __ATOMIC_SEQ_CST) != VM_INPUT_KBD ||
	    !con->read || !con->input_ready)
		return;
	while (!k->input_ended && i8042_wants_input(&k->model)) {
		int c;

		if (!con->input_ready(con->opaque)) {
			/* Nothing follows a lone ESC yet: it was the key. */
			i8042_input_idle(&k->model);
			break;
		}
		c = con->read(con->opaque, -1);
		if (c < 0) {
			k->input_ended = true;
			i8042_input_idle(&k->model);
			break;
		}
		i8042_input(&k->model, (uint8_t)c);
	}
}

/* With K locked: IRQ1 and IRQ12 follow the model. The PIC is
 * edge-triggered, so each new byte after a read (which lowers the lines)
 * is a new edge. */
static void update_irq(struct vmm_vm *vm, struct vm_kbd *k)
{
	vm_irq_set(vm, KBD_IRQ, i8042_irq(&k->model));
	vm_irq_set(vm, AUX_IRQ, i8042_irq12(&k->model));
}

/* Opaque: the vm_kbd; OFFSET is the port itself (no IO_OFFSET: the two
 * ports are two ranges). */
static int kbd_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                  bool is_write, uint8_t *data, unsigned size)
{
	struct vm_kbd *k = opaque;
	bool reset;

	if (k->keys)
		vm_input_claim(vcpu->vm, VM_INPUT_KBD);
	pthread_mutex_lock(&k->lock);
	/* Stdin is read after the access, never before: a command's reply
	 * (0xAA, 0x20) lands in the empty buffer ahead of keys typed
	 * meanwhile, and a kernel that disables the keyboard (0xAD) first and
	 * flushes the buffer loses no key. A wider access covers the next
	 * ports, which are nobody's but 0x64. */
	for (unsigned i = 0; i < size; i++) {
		uint64_t port = offset + i;

		if (port == KBD_DATA || port == KBD_STATUS) {
			i8042_access(&k->model, (uint16_t)port, is_write, &data[i]);
			/* The model refills the buffer at once; on a PC the next
			 * byte comes a little later, so the read drops IRQ1 and
			 * the next byte raises it again: the (edge-triggered) PIC
			 * must see one edge per byte, even one read in a handler. */
			if (port == KBD_DATA && !is_write) {
				vm_irq_set(vcpu->vm, KBD_IRQ, false);
				vm_irq_set(vcpu->vm, AUX_IRQ, false);
			}
		} else if (!is_write) {
			data[i] = 0xFF;
		}
	}
	pull(vcpu, k);
	update_irq(vcpu->vm, k);
	reset = k->model.reset_requested;
	k->model.reset_requested = false;
	pthread_mutex_unlock(&k->lock);
	if (reset && k->reset)
		k->reset(vcpu, k->reset_opaque, "the keyboard controller");
	return 0;
}

/* Port 0x92: bit 1 reads back as written (A20; memory never wraps here),
 * bit 0 going from 0 to 1 resets the PC, and reads 0 again. */
static int port92_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t port,
                     bool is_write, uint8_t *data, unsigned size)
{
	struct vm_kbd *k = opaque;
	bool reset = false;

	(void)port;
	pthread_mutex_lock(&k->lock);
	if (is_write) {
		reset = data[0] & 0x01;
		k->port92 = data[0] & (uint8_t)~0x01;
	} else {
		data[0] = k->port92;
	}
	pthread_mutex_unlock(&k->lock);
	/* Wider accesses run on into ports nobody has. */
	if (!is_write)
		for (unsigned i = 1; i < size; i++)
			data[i] = 0xFF;
	if (reset && k->reset)
		k->reset(vcpu, k->reset_opaque, "port 92h");
	return 0;
}

bool kbd_halt_source(struct vmm_vcpu *vcpu)
{
	struct vm_kbd *k = vcpu->vm->kbd;
	bool armed;

	if (!k || __atomic_load_n(&vcpu->vm->input_owner, __ATOMIC_SEQ_CST) != VM_INPUT_KBD ||
	    !vm_irq_line_enabled(vcpu->vm, KBD_IRQ))
		return false;
	pthread_mutex_lock(&k->lock);
	armed = !k->input_ended && i8042_wants_input(&k->model) &&
	        (k->model.cmd_byte & I8042_CB_KBD_INT) &&
	        !(k->model.cmd_byte & I8042_CB_KBD_OFF) && k->model.scanning;
	pthread_mutex_unlock(&k->lock);
	return armed;
}

void kbd_poll_input(struct vmm_vcpu *vcpu)
{
	struct vm_kbd *k = vcpu->vm->kbd;

	if (!k)
		return;
	pthread_mutex_lock(&k->lock);
	pull(vcpu, k);
	update_irq(vcpu->vm, k);
	pthread_mutex_unlock(&k->lock);
}

int kbd_wait_input(struct vmm_vcpu *vcpu)
{
	const struct vmm_console_ops *con = &vcpu->console;
	struct vm_kbd *k = vcpu->vm->kbd;
	int c;

	/* Unlocked while blocked: only this vCPU's halt reads here, and a
	 * port access meanwhile (another vCPU) finds the input not ready. */
	c = con->read ? con->read(con->opaque, vcpu->stop_fd) : -1;
	if (c == -2)
		return -2;
	pthread_mutex_lock(&k->lock);
	if (c < 0) {
		k->input_ended = true;
		i8042_input_idle(&k->model);
	} else {
		i8042_input(&k->model, (uint8_t)c);
		pull(vcpu, k);   /* what follows an ESC, if it is there */
	}
	update_irq(vcpu->vm, k);
	pthread_mutex_unlock(&k->lock);
	return 0;
}

static void kbd_free(void *state)
{
	struct vm_kbd *k = state;

	pthread_mutex_destroy(&k->lock);
	free(k);
}

int vm_kbd_attach(struct vmm_vm *vm, bool keys, kbd_reset_fn *reset,
                  void *reset_opaque)
{
	struct vm_kbd *k = malloc(sizeof(*k));

	if (!k)
		return set_error("out of memory");
	pthread_mutex_init(&k->lock, NULL);
	i8042_init(&k->model);
	k->input_ended = false;
	k->keys = keys;
	k->port92 = 0x02;        /* A20 on, as a BIOS leaves it */
	k->reset = reset;
	k->reset_opaque = reset_opaque;
	if (vm_own_device(vm, k, kbd_free) < 0) {
		kbd_free(k);
		return -1;
	}
	vm->kbd = k;
	/* Every access exits: status polls must see new keys. */
	if (io_register(vm, VMM_IO_PORT, KBD_DATA, 1, kbd_io, k, 0) < 0 ||
	    io_register(vm, VMM_IO_PORT, KBD_STATUS, 1, kbd_io, k, 0) < 0 ||
	    io_register(vm, VMM_IO_PORT, SYSCTL_A, 1, port92_io, k, 0) < 0)
		return -1;
	return 0;
}
