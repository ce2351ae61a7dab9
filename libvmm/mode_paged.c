/* mode_paged.c: GDT, boot info and page directory for paged kernels, and their vCPU registers. */
#include "internal.h"
