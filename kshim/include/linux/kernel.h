/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the usual grab bag, as the kernel's kernel.h gathers it. */
#ifndef _KSHIM_LINUX_KERNEL_H
#define _KSHIM_LINUX_KERNEL_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/align.h>
#include <linux/bits.h>
#include <linux/bitops.h>
#include <linux/container_of.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/kstrtox.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/sched.h>
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/sizes.h>
#include <linux/cpumask.h>
#include <linux/kconfig.h>
#include <linux/static_call.h>
/* dup */
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))
#define _RET_IP_	((unsigned long)__builtin_return_address(0))
#define _THIS_IP_	({ __label__ __here; __here: (unsigned long)&&__here; })
#endif
