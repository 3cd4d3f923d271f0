/* SPDX-License-Identifier: GPL-2.0 */
/* Workqueues (workqueue.cc): worker bookkeeping for the scheduler, kvfree_rcu()'s batches, leak checks. */
#pragma once

#include <string>
#include <vector>

struct task_struct;

namespace kshim {

void workqueue_reset();
bool workqueue_idle();
void worker_sleeping(task_struct *t);
void worker_running(task_struct *t);
void kfree_rcu_queue_work(const std::vector<void *> &ptrs);
std::string current_worker_line(task_struct *t);	/* "Workqueue: events fn" or "" */
/* Report a context a deferred function left changed ("BUG: <what> leaked atomic, lock or RCU"). */
void check_leak(const char *what, const char *fn_name, unsigned pc_before, int locks_before,
		int rcu_before, bool irqs_before);

} /* namespace kshim */
