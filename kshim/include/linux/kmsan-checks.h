/* SPDX-License-Identifier: GPL-2.0 */
/* stub: KMSAN is off in the kernels kctx models, where these do nothing either */
#ifndef _KSHIM_LINUX_KMSAN_CHECKS_H
#define _KSHIM_LINUX_KMSAN_CHECKS_H
#include <linux/types.h>
static inline void kmsan_unpoison_memory(const void *address, size_t size) { (void)address; (void)size; }
static inline void kmsan_check_memory(const void *address, size_t size) { (void)address; (void)size; }
#endif
