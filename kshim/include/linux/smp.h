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

/* model (smp.cc): cross-CPU function calls, with kernel/smp.c's context checks */
typedef void (*smp_call_func_t)(void *info);
void on_each_cpu(smp_call_func_t func, void *info, int wait);
#endif
