/* SPDX-License-Identifier: GPL-2.0 */
/* dup: device numbers, as the kernel packs them (20 bits of minor) */
#ifndef _KSHIM_LINUX_KDEV_T_H
#define _KSHIM_LINUX_KDEV_T_H
#define MINORBITS	20				/* the low bits hold the minor */
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(d)	((unsigned int)((d) >> MINORBITS))
#define MINOR(d)	((unsigned int)((d) & MINORMASK))
#define MKDEV(major, minor)	(((major) << MINORBITS) | (minor))
#endif
