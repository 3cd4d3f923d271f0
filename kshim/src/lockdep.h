/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lockdep (lockdep.cc): held-lock listings for reports, interrupt-context
 * tracking and the usage marks taken when interrupts are enabled again.
 * debug_locks_off() is public (<linux/debug_locks.h>).
 */
#pragma once

#include <string>
#include <vector>

struct task_struct;

namespace kshim {

void lockdep_reset();
struct ReportBuilder;
ReportBuilder lockdep_report(const char *header);	/* the head every lockdep report has */
extern bool debug_locks;
void lockdep_print_held_locks(task_struct *t, std::string &out);
void debug_show_held_locks(task_struct *t, std::string &out);
std::vector<std::string> lockdep_held_lock_lines(task_struct *t);
void lockdep_softirq_enter();
void lockdep_softirq_exit();
void lockdep_hardirq_enter();
void lockdep_hardirq_exit();
void lockdep_hardirqs_on_mark(task_struct *t);
void lockdep_softirqs_on_mark(task_struct *t);

} /* namespace kshim */
