/* SPDX-License-Identifier: GPL-2.0 */
/* model: local_bh_enable() runs pending softirqs, as the kernel does */
#ifndef _KSHIM_LINUX_BOTTOM_HALF_H
#define _KSHIM_LINUX_BOTTOM_HALF_H
void local_bh_disable(void);
void local_bh_enable(void);
void __local_bh_disable_ip(unsigned long ip, unsigned int cnt);
void __local_bh_enable_ip(unsigned long ip, unsigned int cnt);
#endif
