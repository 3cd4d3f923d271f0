/* SPDX-License-Identifier: GPL-2.0 */
/* dup: device numbers, as the kernel packs them (20 bits of minor) */
#ifndef _KSHIM_LINUX_KDEV_T_H
#define _KSHIM_LINUX_KDEV_T_H
#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(dev)	((unsigned int) ((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int) ((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((ma) << MINORBITS) | (mi))
#endif
