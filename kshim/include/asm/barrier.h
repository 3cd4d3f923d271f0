/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: dup. */
#include <linux/atomic.h>
