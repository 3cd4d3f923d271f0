/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the power-of-two helpers */
#ifndef _KSHIM_LINUX_LOG2_H
#define _KSHIM_LINUX_LOG2_H
static inline constexpr bool is_power_of_2(unsigned long n)
{
	return n != 0 && ((n & (n - 1)) == 0);
}
static inline constexpr int __ilog2_u64(unsigned long long n)
{
	return 63 - __builtin_clzll(n);
}
#define ilog2(n)	__ilog2_u64((unsigned long long)(n))
static inline constexpr unsigned long __roundup_pow_of_two(unsigned long n)
{
	return 1UL << (64 - __builtin_clzl(n - 1));
}
#define roundup_pow_of_two(n)	((n) == 1 ? 1UL : __roundup_pow_of_two(n))
#define rounddown_pow_of_two(n)	(1UL << ilog2(n))
#define order_base_2(n)		((n) > 1 ? ilog2((n) - 1) + 1 : 0)
#endif
