/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's watchdogs in simulated time (watchdog.cc): the soft-lockup
 * detector, the hung-task detector (khungtaskd) and the budget of
 * scheduler steps that ends a livelock no clock sees.  RCU's CPU stall
 * detector lives with RCU (rcu.cc).  Thresholds are Debian 6.12's.
 */
#pragma once

#include "sched.h"

#include <linux/jiffies.h>

namespace kshim {

constexpr unsigned long kRcuStallTimeout = 21 * HZ;		/* CONFIG_RCU_CPU_STALL_TIMEOUT */
constexpr unsigned long kWatchdogThresh = 10;			/* watchdog_thresh, seconds */
constexpr unsigned long kSoftlockupThresh = 2 * kWatchdogThresh * HZ;
constexpr unsigned long kWatchdogPeriod = kWatchdogThresh * 2 * HZ / 5;	/* the soft-lockup hrtimer */
constexpr unsigned long kHungTaskTimeout = 120 * HZ;		/* CONFIG_DEFAULT_HUNG_TASK_TIMEOUT */
/*
 * The work a shim point stands for: 10 us of CPU time, so a CPU that keeps
 * running takes a tick every 400 points.  Runs of the corpus stay under 200
 * points a CPU: only a CPU that spins makes time pass this way.
 */
constexpr unsigned kPointsPerTick = 400;
/*
 * Scheduler steps a run may take.  Runs of the corpus take a few thousand;
 * a livelock that makes no simulated time pass ends here, with a report.
 */
constexpr unsigned long long kStepBudget = 2000000;

void watchdog_reset();
/* A shim point's work on c: every kPointsPerTick a tick falls due. */
void watchdog_point(Cpu &c);
/* c scheduled, or is idle: it is not locked up. */
void watchdog_touch(Cpu &c);
/* In c's tick: the soft-lockup hrtimer and khungtaskd, when their time comes. */
void watchdog_tick(Cpu &c);
/*
 * The host found nothing runnable: every live task is blocked or spinning
 * with interrupts off.  Let time pass to the first watchdog that would
 * fire, and report it.  True if one did.
 */
bool watchdog_wait_out();
/* The step budget: false (and a report) once a run has spent it. */
bool watchdog_step();

/* A watchdog's report ends the run: nothing more runs, as after a panic. */
void halt_run();

} /* namespace kshim */
