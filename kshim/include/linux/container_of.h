/* SPDX-License-Identifier: GPL-2.0 */
/* dup */
#ifndef _KSHIM_LINUX_CONTAINER_OF_H
#define _KSHIM_LINUX_CONTAINER_OF_H
#include <stddef.h>
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))
#define container_of_const container_of
#endif
