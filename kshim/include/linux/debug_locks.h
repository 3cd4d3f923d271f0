/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debug_locks is lockdep's global switch; the first checker that turns it
 * off reports, later ones stay quiet, as in lib/debug_locks.c.
 */
#ifndef _KSHIM_LINUX_DEBUG_LOCKS_H
#define _KSHIM_LINUX_DEBUG_LOCKS_H

#include <linux/bug.h>

namespace kshim {
bool debug_locks_off();
}

/* model: warns only while lockdep is on, and turns it off */
#define DEBUG_LOCKS_WARN_ON(c) ({					\
	int __ret = 0;							\
	if (unlikely(c)) {						\
		if (kshim::debug_locks_off())				\
			WARN(1, "DEBUG_LOCKS_WARN_ON(%s)", #c);		\
		__ret = 1;						\
	}								\
	__ret;								\
})

#endif
