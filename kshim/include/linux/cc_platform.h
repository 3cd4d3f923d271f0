/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSHIM_LINUX_CC_PLATFORM_H
#define _KSHIM_LINUX_CC_PLATFORM_H
/* dup: the attributes the DMA code asks about */
enum cc_attr {
	CC_ATTR_MEM_ENCRYPT,
	CC_ATTR_HOST_MEM_ENCRYPT,
	CC_ATTR_GUEST_MEM_ENCRYPT,
	CC_ATTR_GUEST_STATE_ENCRYPT,
	CC_ATTR_GUEST_UNROLL_STRING_IO,
	CC_ATTR_GUEST_SEV_SNP,
	CC_ATTR_HOST_SEV_SNP,
};
/* model: the answers come from the platform profile */
bool cc_platform_has(enum cc_attr attr);
#endif
