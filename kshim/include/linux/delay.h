/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: model; msleep() sleeps, udelay()/mdelay() busy-wait. */
#ifndef _KSHIM_LINUX_DELAY_H
#define _KSHIM_LINUX_DELAY_H
void msleep(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);
#endif
