/* SPDX-License-Identifier: GPL-2.0 */
/* dup: a static call is a function pointer, as in the generic implementation */
#ifndef _KSHIM_LINUX_STATIC_CALL_H
#define _KSHIM_LINUX_STATIC_CALL_H
#define DEFINE_STATIC_CALL(name, _func)	static __typeof__(&_func) __SCT__##name = &_func
#define DECLARE_STATIC_CALL(name, func)	extern __typeof__(&func) __SCT__##name
#define static_call(name)		(*__SCT__##name)
#define static_call_update(name, func)	do { __SCT__##name = (func); } while (0)
#endif
