/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: the kernel image.  Page-aligned statics of kernel code
 * (__page_aligned_bss, __page_aligned_data) go to one ELF section,
 * kshim_kimage, which kshim maps onto simulated physical memory at boot
 * (page_alloc.cc): the section's pages are reserved RAM pages, mapped a second
 * time at the static's own address, as the kernel image is mapped both at its
 * link address and in the direct map.  virt_to_phys() of such a static is then
 * a physical address that DMA can reach and swiotlb can bounce from, and
 * phys_to_virt() of it is the direct-map alias of the same bytes.  Other
 * statics are host memory: virt_to_phys() of one is a BUG, as for any address
 * outside the direct map and the image.
 */
#ifndef _KSHIM_LINUX_LINKAGE_H
#define _KSHIM_LINUX_LINKAGE_H
#define __page_aligned_data	__attribute__((__section__("kshim_kimage"), __aligned__(4096)))
#define __page_aligned_bss	__attribute__((__section__("kshim_kimage"), __aligned__(4096)))
#endif
