/* SPDX-License-Identifier: GPL-2.0 */
/* Booting the simulated machine (boot.cc): the task entry chains and per-boot host objects. */
#pragma once

#include <memory>

struct task_struct;

/* The way out of a system call, with the kernel's checks. */
void syscall_exit_to_user_mode(void);
void lockdep_sys_exit(void);
void rcu_note_context_switch(bool preempt);
void schedule_idle(void);

namespace kshim {

/* The entry chain for a task's kind, run on the task's own fiber (sched.cc starts it). */
void enter_task(task_struct *t);

/*
 * Host-side objects that belong to one simulated boot (queued tasklets and
 * work items of the harness): freed at shutdown whether or not they ran.
 */
void keep_until_shutdown(std::shared_ptr<void> p);
template <class T> T *per_boot()
{
	auto p = std::make_shared<T>();
	keep_until_shutdown(p);
	return p.get();
}

} /* namespace kshim */
