/* host.c: what this host's KVM can do. */
#include "internal.h"
