/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSHIM_LINUX_DELAY_H
#define _KSHIM_LINUX_DELAY_H
/* model: a sleep is a sleep check and a context switch */
void msleep(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);
/* stub: a busy-wait neither sleeps nor schedules, and simulated time moves only with ticks */
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);
#endif
