/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: the scheduler entry points kernel code calls and the sleep checks
 * (__might_resched), which report exactly where the kernel would.
 */
#ifndef _KSHIM_LINUX_SCHED_H
#define _KSHIM_LINUX_SCHED_H
#include <linux/types.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>

struct task_struct;
struct task_struct *get_current(void);
#ifndef KSHIM_RUNTIME	/* kshim code says cur(); a "current" macro breaks the STL */
#define current get_current()
#endif

#define MIGHT_RESCHED_RCU_SHIFT		8
#define MIGHT_RESCHED_PREEMPT_MASK	((1U << MIGHT_RESCHED_RCU_SHIFT) - 1)

void __might_resched(const char *file, int line, unsigned int offsets);
void __might_sleep(const char *file, int line);
void __cant_sleep(const char *file, int line, int preempt_offset);
/* stub: might_sleep() is the voluntary preemption point already, and swiotlb never calls this */
#define might_resched()		do { } while (0)
/* model */
#define might_sleep()		__might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)
#define cant_sleep()		__cant_sleep(__FILE__, __LINE__, 0)
/* stub: kctx keeps no task_state_change, which only feeds a warning about sleeping in a wrong state */
#define sched_annotate_sleep()	do { } while (0)
/* model */

void non_block_start(void);
/* a macro in the kernel (include/linux/kernel.h): its WARN_ON names the caller's file and line */
void __kshim_non_block_end(const char *file, int line);
#define non_block_end()	__kshim_non_block_end(__FILE__, __LINE__)

int __cond_resched(void);
#define cond_resched()	({ __might_resched(__FILE__, __LINE__, 0); __cond_resched(); })
/* kshim's runtime models kernel loops: their reports name the kernel's line */
#define kshim_cond_resched_at(file, line)	({ __might_resched(file, line, 0); __cond_resched(); })
void schedule(void);
void yield(void);
int task_pid_nr(struct task_struct *t);
const char *task_comm(struct task_struct *t);
bool is_idle_task(const struct task_struct *t);

#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))
#endif
