/* SPDX-License-Identifier: GPL-2.0 */
/* dup: for ASCII the C library's classification is lib/ctype.c's */
#ifndef _KSHIM_LINUX_CTYPE_H
#define _KSHIM_LINUX_CTYPE_H
#include <ctype.h>
#endif
