/* SPDX-License-Identifier: GPL-2.0 */
/* model: sme_me_mask is the C-bit on the x86 encryption profiles */
#ifndef _KSHIM_LINUX_MEM_ENCRYPT_H
#define _KSHIM_LINUX_MEM_ENCRYPT_H
#include <linux/types.h>
extern u64 sme_me_mask;
/* dup */
#define __sme_set(x)	((x) | sme_me_mask)
#define __sme_clr(x)	((x) & ~sme_me_mask)
#endif
