/* boot.h: boot protocols, how a guest image is loaded and what state its vCPU starts in (not installed). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_BOOT_H
#define VMM_BOOT_H

#include "internal.h"

/*
 * A boot protocol is one module (boot_vmm.c: the vmm-pm protocol of
 * vmm-abi(7)); Multiboot, Linux and BIOS boot sectors are meant to become
 * its siblings, each a struct boot_protocol of its own in boot_PROTO.c.
 * The generic loaders (load_elf.c, load_flat.c) know no protocol: they
 * place an image by a struct boot_layout that the protocol owns.
 */

/* Physical [start, end) the VMM keeps for itself; NAME as messages say it. */
struct boot_range {
	uint64_t start, end;
	const char *name;
};

/* Where a protocol lets an image go. */
struct boot_layout {
	/* Physical addresses at or above ALIAS_BASE are an alias of RAM at 0
	 * (the higher half): they are folded down by it. 0: no alias. */
	uint64_t alias_base;
	const struct boot_range *reserved;
	unsigned reserved_count;
	/* elf32_load() returns the entry translated to a physical address
	 * through the segment whose virtual range holds it (Multiboot). */
	bool entry_physical;
};

struct boot_protocol {
	enum vmm_boot_protocol id;
	const char *name;           /* "vmm", "multiboot", "linux" */
	/* Whether IMG is this protocol's kind of image (auto-detection). */
	bool (*detect)(const uint8_t *img, size_t len);
	/* Load IMG into RAM and write what the guest finds there besides it
	 * (boot info, descriptor and page tables); fill OUT's entry, info,
	 * flat and note. 0, or -1 with set_error() where the checks failed. */
	int (*load)(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
	            size_t len, const struct vmm_boot_options *opt,
	            struct vmm_boot *out);
	/* Set the vCPU's start state for BOOT. */
	int (*setup)(struct vmm_vcpu *vcpu, const struct vmm_boot *boot);
};

/* boot_vmm.c: the vmm-pm protocol and its layout. */
extern const struct boot_protocol boot_vmm;
extern const struct boot_layout boot_vmm_layout;
/* boot_multiboot.c: Multiboot v1. */
extern const struct boot_protocol boot_multiboot;
/* boot_bios.c: a PC boot sector (vmm-real --boot). */
extern const struct boot_protocol boot_bios;
/* boot_linux.c: the Linux 32-bit boot protocol. */
extern const struct boot_protocol boot_linux;

/* cpuid.c: give VCPU the CPUID leaves this host's KVM supports (every
 * protocol's vCPU gets them, from vmm_boot_setup()). */
int boot_set_cpuid(struct vmm_vcpu *vcpu);

/* boot_flat.c: write the flat 4 GiB descriptor of TYPE (X86_SEG_CODE_XRA,
 * X86_SEG_DATA_RWA) at P, 8 bytes of a loader's GDT in guest RAM. */
void boot_flat_descriptor(uint8_t *p, unsigned type);
/* boot_flat.c: the start of Multiboot and Linux kernels: CS = CODE_SEL and
 * the data segments DATA_SEL, flat, through the GDT at physical GDT_BASE
 * (its entries written with boot_flat_descriptor()), CR0 = PE|ET (paging
 * off), no IDT; then the general registers REGS. 0, or -1 with the error. */
int boot_flat_setup(struct vmm_vcpu *vcpu, uint32_t gdt_base,
                    uint16_t code_sel, uint16_t data_sel,
                    const struct kvm_regs *regs);

/* boot_vmm.c: physical [START, END) (END exclusive, > START) lies inside RAM
 * and off LAYOUT's reserved ranges; else -1 with a message after WHAT. An
 * END below START (a length that wrapped) lies outside RAM. */
int boot_check_phys(const struct boot_layout *layout, const char *what,
                    uint64_t start, uint64_t end, uint64_t ram_size);

/* load_elf.c: load an ELF32 executable by LAYOUT (vmm_load_elf32()). */
int elf32_load(const struct boot_layout *layout, uint8_t *ram,
               uint64_t ram_size, const uint8_t *img, size_t len,
               uint32_t *entry_out);
/* load_elf.c: elf32_load() that also stores the physical span
 * [SPAN[0], SPAN[1]) of the loaded segments (SPAN may be NULL); RAM NULL
 * checks the image without copying it. */
int elf32_load_span(const struct boot_layout *layout, uint8_t *ram,
                    uint64_t ram_size, const uint8_t *img, size_t len,
                    uint32_t *entry_out, uint64_t span[2]);
/* load_flat.c: copy a flat image to physical LOAD_ADDR by LAYOUT. */
int flat_load(const struct boot_layout *layout, uint8_t *ram,
              uint64_t ram_size, const uint8_t *img, size_t len,
              uint32_t load_addr);

/* mode_paged.c: the segment and control registers of a paged start
 * (vmm_vcpu_setup_paged()), filled into SREGS; host.c's probe uses them. */
void paged_sregs(struct kvm_sregs *sregs);

#endif
