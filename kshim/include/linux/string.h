/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the C library's string functions have the kernel's semantics */
#ifndef _KSHIM_LINUX_STRING_H
#define _KSHIM_LINUX_STRING_H
#include <string.h>
#endif
