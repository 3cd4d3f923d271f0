/* SPDX-License-Identifier: GPL-2.0 */
/* Softirqs, tasklets and ksoftirqd (softirq.cc). */
#pragma once

namespace kshim {

void softirq_reset();
void wakeup_softirqd_on(unsigned cpu);

} /* namespace kshim */

/* kernel/softirq.c's entry points, named as there: they are frames in traces. */
void invoke_softirq(void);
void do_softirq(void);
void handle_softirqs(bool ksirqd);
/* PREEMPT_RT's __local_bh_enable(), beside __local_bh_enable_ip() (context.cc) */
void __local_bh_enable_rt(unsigned int cnt, bool unlock, unsigned long ip);
