/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: the page encryption attribute changes, per platform profile
 * (x86 SME/SEV/TDX through the CPA code and vm_unmap_aliases(); arm64 CCA
 * through the realm page-table code).  They may sleep and may fail exactly
 * where the modelled kernels do.
 */
#ifndef _KSHIM_LINUX_SET_MEMORY_H
#define _KSHIM_LINUX_SET_MEMORY_H
int set_memory_encrypted(unsigned long addr, int numpages);
int set_memory_decrypted(unsigned long addr, int numpages);
#endif
