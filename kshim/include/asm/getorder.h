/* SPDX-License-Identifier: GPL-2.0 */
/* dup: get_order() */
#ifndef _KSHIM_ASM_GETORDER_H
#define _KSHIM_ASM_GETORDER_H
#include <asm/page.h>
static inline constexpr int get_order(unsigned long size)
{
	if (size == 0)
		return 64 - PAGE_SHIFT;	/* the kernel's result for 0: BITS_PER_LONG - PAGE_SHIFT */
	size--;
	size >>= PAGE_SHIFT;
	return size ? 64 - __builtin_clzl(size) : 0;
}
#endif
