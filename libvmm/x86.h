/* x86.h: names for the x86 architectural bits libvmm sets and reads: control registers, EFER, EFLAGS, 32-bit paging entries, segment descriptors. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_X86_H
#define VMM_X86_H

#include <stdint.h>

/*
 * Only what the code uses, named as in the Intel SDM (vol. 3) and AMD's
 * APM (vol. 2). Plain masks, so that "cr0 & X86_CR0_PG" reads as the
 * manuals do; the bit numbers are in the shifts.
 */

/* CR0 */
#define X86_CR0_PE  (1u << 0)    /* protected mode */
#define X86_CR0_MP  (1u << 1)
#define X86_CR0_EM  (1u << 2)
#define X86_CR0_TS  (1u << 3)
#define X86_CR0_ET  (1u << 4)
#define X86_CR0_NE  (1u << 5)
#define X86_CR0_WP  (1u << 16)
#define X86_CR0_AM  (1u << 18)
#define X86_CR0_NW  (1u << 29)
#define X86_CR0_CD  (1u << 30)
#define X86_CR0_PG  (1u << 31)   /* paging */

/* CR4 */
#define X86_CR4_VME        (1u << 0)
#define X86_CR4_PVI        (1u << 1)
#define X86_CR4_TSD        (1u << 2)
#define X86_CR4_DE         (1u << 3)
#define X86_CR4_PSE        (1u << 4)   /* 4 MiB pages in 32-bit paging */
#define X86_CR4_PAE        (1u << 5)
#define X86_CR4_MCE        (1u << 6)
#define X86_CR4_PGE        (1u << 7)
#define X86_CR4_PCE        (1u << 8)
#define X86_CR4_OSFXSR     (1u << 9)
#define X86_CR4_OSXMMEXCPT (1u << 10)
#define X86_CR4_VMXE       (1u << 13)

/* EFER (MSR 0xC0000080) */
#define X86_EFER_SCE (1u << 0)
#define X86_EFER_LME (1u << 8)
#define X86_EFER_LMA (1u << 10)   /* long mode active */
#define X86_EFER_NXE (1u << 11)

/* EFLAGS */
#define X86_EFLAGS_CF    (1u << 0)
#define X86_EFLAGS_FIXED (1u << 1)   /* reserved, always 1 */
#define X86_EFLAGS_PF    (1u << 2)
#define X86_EFLAGS_AF    (1u << 4)
#define X86_EFLAGS_ZF    (1u << 6)
#define X86_EFLAGS_SF    (1u << 7)
#define X86_EFLAGS_TF    (1u << 8)
#define X86_EFLAGS_IF    (1u << 9)
#define X86_EFLAGS_DF    (1u << 10)
#define X86_EFLAGS_OF    (1u << 11)
#define X86_EFLAGS_RF    (1u << 16)
#define X86_EFLAGS_VM    (1u << 17)

/* 32-bit paging (CR4.PAE clear): page-directory and page-table entries. */
#define X86_PTE_P         (1u << 0)    /* present */
#define X86_PTE_RW        (1u << 1)
#define X86_PTE_US        (1u << 2)
#define X86_PDE_PS        (1u << 7)    /* a 4 MiB page, with CR4.PSE */
#define X86_PTE_ADDR      0xFFFFF000u  /* a table's or 4 KiB page's address */
#define X86_PDE_4M_ADDR   0xFFC00000u  /* a 4 MiB page's address bits 22-31 */
/* A 4 MiB page's physical address bits 32-39 lie in its PDE's bits 13-20
 * (PSE-36, extended to 40 bits by AMD); bit 21 is reserved (the processor
 * faults when it is set). */
#define X86_PDE_4M_HIGH_SHIFT 13
#define X86_PDE_4M_HIGH       0xFFu
#define X86_PDE_4M_RESERVED   (1u << 21)
#define X86_PAGE_SIZE     0x1000u
#define X86_PAGE_SIZE_4M  0x400000u
#define X86_PT_ENTRIES    1024u        /* entries in a directory or table */

/* Segment descriptor types (the 4-bit type field, with S = 1 for code and
 * data), and those of system segments (S = 0). */
#define X86_SEG_DATA_RWA   0x3u   /* data, read/write, accessed */
#define X86_SEG_CODE_XRA   0xBu   /* code, execute/read, accessed */
#define X86_SEG_SYS_LDT    0x2u
#define X86_SEG_SYS_TSS32_BUSY 0xBu

/* The flag bits of a segment descriptor, in place (SDM vol. 3, 3.4.5). */
#define X86_DESC_S  (UINT64_C(1) << 44)   /* code or data, not system */
#define X86_DESC_P  (UINT64_C(1) << 47)   /* present */
#define X86_DESC_L  (UINT64_C(1) << 53)   /* 64-bit code */
#define X86_DESC_DB (UINT64_C(1) << 54)   /* 32-bit default size */
#define X86_DESC_G  (UINT64_C(1) << 55)   /* limit in 4 KiB units */

/* An 8-byte segment descriptor: BASE, the 20-bit LIMIT, the 4-bit TYPE and
 * FLAGS (X86_DESC_*, DPL as (uint64_t)dpl << 45). */
static inline uint64_t x86_descriptor(uint32_t base, uint32_t limit,
                                      unsigned type, uint64_t flags)
{
	return (uint64_t)(limit & 0xFFFFu) |
	       (uint64_t)(base & 0xFFFFFFu) << 16 |
	       (uint64_t)(type & 0xFu) << 40 |
	       (uint64_t)((limit >> 16) & 0xFu) << 48 |
	       (uint64_t)(base >> 24) << 56 |
	       flags;
}

#endif
