/* SPDX-License-Identifier: GPL-2.0 */
/* dup: glibc includes <linux/limits.h> too; keep the UAPI part */
#ifndef _KSHIM_LINUX_LIMITS_H
#define _KSHIM_LINUX_LIMITS_H
#include_next <linux/limits.h>
#include <stdint.h>
#include <limits.h>
#define U8_MAX		((uint8_t)~0U)
#define U16_MAX		((uint16_t)~0U)
#define U32_MAX		((uint32_t)~0U)
#define U64_MAX		((uint64_t)~0ULL)
#define PHYS_ADDR_MAX	(~(uint64_t)0)
#endif
