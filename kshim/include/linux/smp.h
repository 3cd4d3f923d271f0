/* SPDX-License-Identifier: GPL-2.0 */
/* model: smp_processor_id() checks its context like DEBUG_PREEMPT does */
#ifndef _KSHIM_LINUX_SMP_H
#define _KSHIM_LINUX_SMP_H
#include <linux/types.h>
#define NR_CPUS	4
unsigned int raw_smp_processor_id(void);
unsigned int debug_smp_processor_id(void);
#define smp_processor_id()	debug_smp_processor_id()
#define get_cpu()		({ preempt_disable(); smp_processor_id(); })
#define put_cpu()		preempt_enable()
#endif
