/* SPDX-License-Identifier: GPL-2.0 */
/* dup: C++ already has bool, true, false and NULL */
#ifndef _KSHIM_LINUX_STDDEF_H
#define _KSHIM_LINUX_STDDEF_H
#include <stddef.h>
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#endif
