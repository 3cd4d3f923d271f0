/* SPDX-License-Identifier: GPL-2.0 */
/* Locks (locking.cc): PREEMPT_RT's per-CPU BH lock. */
#pragma once

namespace kshim {

void locking_reset();
void bh_lock_acquire();		/* PREEMPT_RT's per-CPU softirq_ctrl.lock */
void bh_lock_release();

} /* namespace kshim */
