/* load_elf.c: the checked ELF32 loader. */
#include "internal.h"
