/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: stub; KMSAN is off, as in the kernels kctx models. */
#ifndef _KSHIM_LINUX_KMSAN_CHECKS_H
#define _KSHIM_LINUX_KMSAN_CHECKS_H
#include <linux/types.h>
static inline void kmsan_unpoison_memory(const void *address, size_t size) { (void)address; (void)size; }
static inline void kmsan_check_memory(const void *address, size_t size) { (void)address; (void)size; }
#endif
