/* SPDX-License-Identifier: GPL-2.0 */
/* Platform profiles and set_memory_*() (set_memory.cc). */
#pragma once

namespace kshim {

void platform_reset();		/* sme_me_mask and the CPA locks for the configured platform */

} /* namespace kshim */
