/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: IS_ENABLED().  The CONFIG_* set comes from the build (see
 * swiotlb/variants.cmake); an option is on when it is defined to 1.  An
 * option the architecture selects is defined to a run-time placeholder
 * instead: IS_ENABLED() of it asks the running platform (the porter's rule
 * arch-ifdef turns #ifdefs on it into ifs).
 */
#ifndef _KSHIM_LINUX_KCONFIG_H
#define _KSHIM_LINUX_KCONFIG_H
#define __KSHIM_ON_1 0,
/* model: DMA_DIRECT_REMAP, which arm64 selects and x86 does not */
#ifdef __cplusplus
extern "C++" bool kshim_dma_direct_remap(void);
#endif
#define __KSHIM_ON_kshim_runtime_dma_direct_remap 0, (kshim_dma_direct_remap()),
#define __kshim_second(ignored, val, ...) val
#define __kshim_on3(junk) __kshim_second(junk 1, 0, 0)
#define __kshim_on2(val) __kshim_on3(__KSHIM_ON_##val)
#define __kshim_on(x) __kshim_on2(x)
#define IS_ENABLED(option)	__kshim_on(option)
#define IS_BUILTIN(option)	__kshim_on(option)
#define IS_REACHABLE(option)	__kshim_on(option)
#endif
