/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: glibc includes <linux/errno.h> itself, so this defers to the
 * UAPI header; the kernel's errno values are the same numbers.
 */
#ifndef _KSHIM_LINUX_ERRNO_H
#define _KSHIM_LINUX_ERRNO_H
#include_next <linux/errno.h>
#ifndef ENOTSUPP
#define ENOTSUPP	524
#endif
#endif
