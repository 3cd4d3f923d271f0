/* SPDX-License-Identifier: GPL-2.0 */
/* model: the simulated machine has 1-4 CPUs, all possible and online */
#ifndef _KSHIM_LINUX_CPUMASK_H
#define _KSHIM_LINUX_CPUMASK_H
#include <linux/smp.h>
unsigned int num_possible_cpus(void);
unsigned int num_online_cpus(void);
unsigned int nr_cpu_ids_get(void);
#define nr_cpu_ids nr_cpu_ids_get()
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < num_possible_cpus(); (cpu)++)
#define for_each_online_cpu(cpu) for_each_possible_cpu(cpu)
#endif
