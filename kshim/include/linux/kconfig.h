/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: IS_ENABLED().  The CONFIG_* set comes from the build (see
 * swiotlb/config.cmake); an option is on when it is defined to 1.
 */
#ifndef _KSHIM_LINUX_KCONFIG_H
#define _KSHIM_LINUX_KCONFIG_H
#define __KSHIM_ON_1 0,
#define __kshim_second(ignored, val, ...) val
#define __kshim_on3(junk) __kshim_second(junk 1, 0, 0)
#define __kshim_on2(val) __kshim_on3(__KSHIM_ON_##val)
#define __kshim_on(x) __kshim_on2(x)
#define IS_ENABLED(option)	__kshim_on(option)
#define IS_BUILTIN(option)	__kshim_on(option)
#define IS_REACHABLE(option)	__kshim_on(option)
#endif
