/* SPDX-License-Identifier: GPL-2.0 */
/* model: the CPU's interrupt flag; enabling IRQs may take a pending one */
#ifndef _KSHIM_LINUX_IRQFLAGS_H
#define _KSHIM_LINUX_IRQFLAGS_H
#include <linux/preempt.h>

unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);
void local_irq_disable(void);
void local_irq_enable(void);

#define local_irq_save(flags)		do { (flags) = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags)	arch_local_irq_restore(flags)
#define raw_local_irq_save(flags)	local_irq_save(flags)
#define raw_local_irq_restore(flags)	local_irq_restore(flags)
#define raw_local_irq_disable()		local_irq_disable()
#define raw_local_irq_enable()		local_irq_enable()
#define X86_EFLAGS_IF			0x200UL
#define irqs_disabled_flags(flags)	(!((flags) & X86_EFLAGS_IF))	/* dup */
#endif
