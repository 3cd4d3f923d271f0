/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: struct page.  Only what the page allocator, the ownership
 * oracle and the encryption model need; the kernel never looks inside.
 */
#ifndef _KSHIM_LINUX_MM_TYPES_H
#define _KSHIM_LINUX_MM_TYPES_H
#include <linux/types.h>
struct page {
	unsigned char owner;		/* kshim::PageOwner */
	unsigned char order;		/* block order, on the head page */
	unsigned char decrypted;	/* shared with the host/device */
	unsigned char zone;
	unsigned int flags;
	unsigned long private_;		/* owner's bookkeeping */
};
#endif
