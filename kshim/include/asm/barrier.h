/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the barriers live in <linux/atomic.h> */
#include <linux/atomic.h>
