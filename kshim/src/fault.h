/* SPDX-License-Identifier: GPL-2.0 */
/* Fault injection (fault.cc). */
#pragma once

#include <cstddef>

#include <linux/types.h>

namespace kshim {

void fault_reset();
bool should_fail_alloc(gfp_t gfp, size_t size, int order);	/* order < 0: slab */
bool should_fail_setmem();

} /* namespace kshim */
