/* libvmm-example.c: run a tiny real-mode guest with libvmm. */
/* SPDX-License-Identifier: MIT */
/* Build it with
 *   cc -o example libvmm-example.c \
 *      $(pkg-config --cflags --libs libvmm)
 */
#include <stdio.h>
#include <string.h>

#include <vmm.h>

/* 16-bit code: a WRITE hypercall prints msg, then HLT stops. */
static const uint8_t code[] = {
    0xba, 0x00, 0x05,               /* mov $0x500,%dx (port) */
    0x66, 0xbe, 0x13, 0, 0, 0,      /* mov $0x13,%esi (msg)  */
    0x66, 0xb9, 0x1b, 0, 0, 0,      /* mov $27,%ecx (length) */
    0xb0, 0x03,                     /* mov $3,%al (WRITE)    */
    0xee,                           /* out %al,%dx           */
    0xf4,                           /* hlt                   */
};
/* 27 bytes, loaded at 0x13, right after the code. */
static const char msg[] = "Hello from a libvmm guest!\n";

/* The console's write callback: guest output. */
static void put(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    fwrite(buf, 1, len, stdout);
}

int main(void)
{
    struct vmm_console_ops console = { .write = put };
    struct vmm_vcpu *vcpu = NULL;
    struct vmm_stop stop;
    struct vmm_vm *vm;
    uint8_t *ram;
    int ok = 0;

    vm = vmm_vm_create();
    if (!vm) {
        fprintf(stderr, "example: %s\n", vmm_last_error());
        return 125;
    }
    /* 64 KiB of RAM at guest-physical 0; the hypercall port. */
    ram = vmm_vm_add_ram(vm, 0, 0x10000);
    if (ram && vmm_hypercall_attach(vm) == 0) {
        memcpy(ram, code, sizeof code);
        memcpy(ram + sizeof code, msg, sizeof msg - 1);
        /* The vCPU belongs to this thread. */
        vcpu = vmm_vcpu_create(vm, 0, &console);
    }
    if (vcpu && vmm_vcpu_setup_real(vcpu, 0, 0, 0xfffe) == 0 &&
        vmm_vcpu_run(vcpu, &stop) == 0) {
        const struct vmm_stats *st = vmm_vcpu_stats(vcpu);

        fflush(stdout);
        printf("guest %s, status %d, %llu hypercall(s)\n",
               vmm_stop_reason_name(stop.reason), stop.status,
               (unsigned long long)st->hypercalls);
        if (stop.reason == VMM_STOP_CRASH)
            fputs(stop.detail, stderr);  /* with registers */
        ok = stop.reason == VMM_STOP_HLT;
    } else {
        fprintf(stderr, "example: %s\n", vmm_last_error());
    }
    vmm_vcpu_destroy(vcpu);
    vmm_vm_destroy(vm);
    return ok ? 0 : 1;
}
