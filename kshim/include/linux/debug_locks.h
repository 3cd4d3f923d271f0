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

/* model: warns only while lockdep is on, and turns it off; _AT names the kernel's file and line */
#define __kshim_debug_locks_warn_on(file, line, c, text) ({		\
	int __ret = 0;							\
	if (unlikely(c)) {						\
		if (kshim::debug_locks_off())				\
			WARN_AT(file, line, 1, "DEBUG_LOCKS_WARN_ON(%s)", text); \
		__ret = 1;						\
	}								\
	__ret;								\
})
/* the condition's text as written, before its macros expand */
#define DEBUG_LOCKS_WARN_ON_AT(file, line, c) __kshim_debug_locks_warn_on(file, line, c, #c)
#define DEBUG_LOCKS_WARN_ON(c) __kshim_debug_locks_warn_on(__FILE__, __LINE__, c, #c)

#endif
