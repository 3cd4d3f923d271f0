/* SPDX-License-Identifier: GPL-2.0 */
/*
 * preempt_count.  The layout, masks and predicates are the kernel's
 * (include/linux/preempt.h); the counter lives in the simulated task.
 */
#ifndef _KSHIM_LINUX_PREEMPT_H
#define _KSHIM_LINUX_PREEMPT_H

/* dup */
#define PREEMPT_BITS	8
#define SOFTIRQ_BITS	8
#define HARDIRQ_BITS	4
#define NMI_BITS	4

#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	(PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT	(SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT	(HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x)	((1UL << (x)) - 1)
#define PREEMPT_MASK	(__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK	(__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK	(__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET	(1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	(1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1UL << HARDIRQ_SHIFT)
#define NMI_OFFSET	(1UL << NMI_SHIFT)

#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#define PREEMPT_DISABLED	PREEMPT_OFFSET	/* CONFIG_PREEMPT_COUNT: the count a task is switched with */
#define PREEMPT_DISABLE_OFFSET	PREEMPT_OFFSET
#define PREEMPT_LOCK_OFFSET	PREEMPT_DISABLE_OFFSET
#define SOFTIRQ_LOCK_OFFSET	(SOFTIRQ_DISABLE_OFFSET + PREEMPT_LOCK_OFFSET)

/* model */
unsigned int preempt_count(void);
unsigned int softirq_count(void);	/* PREEMPT_RT reads the task's counter */

/* dup */
#define hardirq_count()	(preempt_count() & HARDIRQ_MASK)
#define irq_count()	(nmi_count() | hardirq_count() | softirq_count())
#define nmi_count()	(preempt_count() & NMI_MASK)

#define in_nmi()		(nmi_count())
#define in_hardirq()		(hardirq_count())
#define in_serving_softirq()	(softirq_count() & SOFTIRQ_OFFSET)
#define in_softirq()		(softirq_count())
#define in_interrupt()		(irq_count())
#define in_task()		(!(in_nmi() | in_hardirq() | in_serving_softirq()))
#define in_atomic()		(preempt_count() != 0)
#define in_irq()		in_hardirq()
#define preemptible()		(preempt_count() == 0 && !irqs_disabled())

/* model: functions, not macros: each one is a possible preemption point */
void preempt_disable(void);
void preempt_enable(void);
void preempt_enable_no_resched(void);
void preempt_count_add(int val);
void preempt_count_sub(int val);
#define preempt_disable_notrace()	preempt_disable()
#define preempt_enable_notrace()	preempt_enable()
#define preempt_count_inc()		preempt_count_add(1)
#define preempt_count_dec()		preempt_count_sub(1)

void migrate_disable(void);
void migrate_enable(void);

bool irqs_disabled(void);
#endif
