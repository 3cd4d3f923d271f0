/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: min()/max() and friends.  The kernel's versions are statement
 * expressions with type checks; these templates give the same value and the
 * same usual-arithmetic-conversion result type.
 */
#ifndef _KSHIM_LINUX_MINMAX_H
#define _KSHIM_LINUX_MINMAX_H
#include <type_traits>

template <class A, class B>
static constexpr std::common_type_t<A, B> __kshim_min(A a, B b)
{
	using T = std::common_type_t<A, B>;
	return (T)a < (T)b ? (T)a : (T)b;
}
template <class A, class B>
static constexpr std::common_type_t<A, B> __kshim_max(A a, B b)
{
	using T = std::common_type_t<A, B>;
	return (T)a > (T)b ? (T)a : (T)b;
}
template <class A, class B>
static constexpr std::common_type_t<A, B> __kshim_min_not_zero(A a, B b)
{
	using T = std::common_type_t<A, B>;
	return a == 0 ? (T)b : (b == 0 ? (T)a : __kshim_min(a, b));
}

#define min_t(type, x, y)	__kshim_min((type)(x), (type)(y))
#define max_t(type, x, y)	__kshim_max((type)(x), (type)(y))
#define min_not_zero(x, y)	__kshim_min_not_zero((x), (y))
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, (val), (lo)), (hi))
#define umin(x, y)		__kshim_min((x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)
#define umax(x, y)		__kshim_max((x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)

/*
 * kshim's own C++ runtime (KSHIM_RUNTIME) uses std::min and friends; these
 * function-like macros would break the standard library headers there.
 */
#ifndef KSHIM_RUNTIME
#define min(x, y)		__kshim_min((x), (y))
#define max(x, y)		__kshim_max((x), (y))
#define min3(x, y, z)		min((x), min((y), (z)))
#define max3(x, y, z)		max((x), max((y), (z)))
#define clamp(val, lo, hi)	min(max((val), (lo)), (hi))
#define swap(a, b) do { __typeof__(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)
#endif
#endif
