/* load_flat.c: the checked flat-image loader. */
#include "internal.h"
