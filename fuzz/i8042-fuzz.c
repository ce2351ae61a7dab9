/* i8042-fuzz.c: libFuzzer target: port writes and reads and console bytes in any order against the i8042 keyboard controller model (libvmm/i8042.c), checking its invariants. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i8042.h"

/*
 * Input: operations, each an opcode byte and maybe an argument:
 *   op % 4 == 0  write port 0x60 (bit 2 of op: 0x64)   value:1
 *   op % 4 == 1  read port 0x60 (bit 2 of op: 0x64)
 *   op % 4 == 2  console byte                          value:1
 *   op % 4 == 3  console idle (i8042_input_idle)
 * Checked: the queues stay within their bounds whatever comes (a console
 * byte offered without room is refused, not queued); the status
 * register's output bit is exactly whether a data read would consume a
 * byte; IRQ1 is up only with a keyboard byte in the buffer and the
 * command byte's interrupt bit set; reading the command byte (0x20) gives
 * what 0x60 wrote; the model waits for input only when nothing is queued;
 * and draining at the end stops: the status register shows
 * at most I8042_QUEUE + I8042_REPLIES + 1 bytes.
 */

static void check(int ok)
{
	if (!ok)
		abort();
}

static void invariants(const struct i8042 *k)
{
	check(k->count <= I8042_QUEUE);
	check(k->reply_count <= I8042_REPLIES);
	check(k->head < I8042_QUEUE && k->reply_head < I8042_REPLIES);
	check(!i8042_irq(k) || (k->obf && k->out_from_kbd &&
	                        (k->cmd_byte & I8042_CB_KBD_INT)));
	check(!i8042_irq12(k) || (k->obf && k->out_from_aux &&
	                          (k->cmd_byte & I8042_CB_AUX_INT)));
	check(!(i8042_irq(k) && i8042_irq12(k)));
	check(!(k->out_from_kbd && k->out_from_aux));
	check(k->mouse_res <= 3);
	check(!i8042_wants_input(k) || (!k->obf && !k->count && !k->reply_count));
	check(k->esc <= 2);
	/* An empty buffer is refilled at once when something may enter it. */
	check(k->obf || !k->reply_count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct i8042 k;
	int written_cb = -1;     /* the command byte this 0x60 write sets */

	i8042_init(&k);
	for (size_t i = 0; i < size; i++) {
		uint8_t op = data[i], v, st;
		uint16_t port = op & 4 ? 0x64 : 0x60;

		switch (op % 4) {
		case 0:
			if (++i >= size)
				return 0;
			v = data[i];
			written_cb = port == 0x60 && k.pending == 0x60 ? v : -1;
			i8042_access(&k, port, true, &v);
			break;
		case 1:
			st = 0;
			i8042_access(&k, 0x64, false, &st);
			if (port == 0x64) {
				check((st & I8042_STR_OBF) == k.obf);
				check(!!(st & I8042_STR_AUXDATA) == (k.obf && k.out_from_aux));
				break;
			}
			v = 0x5A;
			i8042_access(&k, 0x60, false, &v);
			break;
		case 2:
			if (++i >= size)
				return 0;
			if (i8042_input_room(&k)) {
				i8042_input(&k, data[i]);
			} else {
				unsigned before = k.count;
				i8042_input(&k, data[i]);
				check(k.count == before);
			}
			break;
		default:
			i8042_input_idle(&k);
			break;
		}
		invariants(&k);
		/* Only the 0x20 reply right after a 0x60 write is checked:
		 * anything else may have changed the byte since (0xAD...). */
		if (op % 4 == 0 && written_cb >= 0) {
			uint8_t r;
			struct i8042 copy = k;

			/* On a copy with nothing in the way: the reply is next. */
			copy.obf = false;
			copy.reply_count = 0;
			copy.count = 0;
			r = 0x20;
			i8042_access(&copy, 0x64, true, &r);
			i8042_access(&copy, 0x60, false, &r);
			check(r == (uint8_t)written_cb);
			written_cb = -1;
		}
	}
	/* Drain: a bounded number of bytes, then the buffer stays empty. */
	for (unsigned n = 0;; n++) {
		uint8_t st = 0, v;

		i8042_access(&k, 0x64, false, &st);
		if (!(st & I8042_STR_OBF))
			break;
		check(n <= I8042_QUEUE + I8042_REPLIES + 1);
		i8042_access(&k, 0x60, false, &v);
	}
	invariants(&k);
	return 0;
}
