/* SPDX-License-Identifier: GPL-2.0 */
/* dup: attribute macros; the sparse annotations are empty, as without __CHECKER__ */
#ifndef _KSHIM_LINUX_COMPILER_TYPES_H
#define _KSHIM_LINUX_COMPILER_TYPES_H

#undef __always_inline		/* glibc has one too */
#define noinline		__attribute__((__noinline__))
#define __always_inline		inline __attribute__((__always_inline__))
#define __noinline		noinline
#define __maybe_unused		__attribute__((__unused__))
#define __always_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __must_check		__attribute__((__warn_unused_result__))
#define __cold			__attribute__((__cold__))
#define __pure			__attribute__((__pure__))
#define __read_mostly
#define __ro_after_init
#define __sched
#define __section(s)		__attribute__((__section__(s)))
#define notrace
#define __visible
#define __weak			__attribute__((__weak__))
#define fallthrough		__attribute__((__fallthrough__))
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __cond_acquires(x)
#define __acquire(x)		(void)0
#define __release(x)		(void)0

#include <type_traits>
#define __same_type(a, b)	(std::is_same<__typeof__(a), __typeof__(b)>::value)

#endif
