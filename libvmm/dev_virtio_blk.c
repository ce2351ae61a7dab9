/* dev_virtio_blk.c: legacy virtio-mmio block device. */
#include "internal.h"
