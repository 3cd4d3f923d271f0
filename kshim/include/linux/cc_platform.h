/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: model; the answers come from the platform profile. */
#ifndef _KSHIM_LINUX_CC_PLATFORM_H
#define _KSHIM_LINUX_CC_PLATFORM_H
enum cc_attr {
	CC_ATTR_MEM_ENCRYPT,
	CC_ATTR_HOST_MEM_ENCRYPT,
	CC_ATTR_GUEST_MEM_ENCRYPT,
	CC_ATTR_GUEST_STATE_ENCRYPT,
	CC_ATTR_GUEST_UNROLL_STRING_IO,
	CC_ATTR_GUEST_SEV_SNP,
	CC_ATTR_HOST_SEV_SNP,
};
bool cc_platform_has(enum cc_attr attr);
#endif
