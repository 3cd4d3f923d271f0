/* SPDX-License-Identifier: GPL-2.0 */
/* timer_list, jiffies and the scheduling-clock tick (timer.cc). */
#pragma once

namespace kshim {

struct Cpu;

/* Also installs the TIMER_SOFTIRQ handler, as init_timers() does. */
void timer_reset();
bool timers_pending();			/* any timer queued, due or not */
bool timers_pending(unsigned cpu);	/* any queued on this CPU */
bool tick_wanted(const Cpu &c);		/* would a tick on c do anything? */

} /* namespace kshim */

/* kernel/time/timer.c's tick body, named as there: it is a frame in traces. */
void update_process_times(int user_tick);
