/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: the atomic API.  Simulated CPUs interleave only at shim
 * points, so plain operations are already atomic; the builtins keep the
 * compiler honest anyway.
 */
#ifndef _KSHIM_LINUX_ATOMIC_H
#define _KSHIM_LINUX_ATOMIC_H
#include <linux/types.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC_LONG_INIT(i)	{ (i) }

#define __KSHIM_ATOMIC_OPS(pfx, T, V)								\
static inline V pfx##_read(const T *v) { return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); }	\
static inline void pfx##_set(T *v, V i) { __atomic_store_n(&v->counter, i, __ATOMIC_RELAXED); }	\
static inline void pfx##_add(V i, T *v) { __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }	\
static inline void pfx##_sub(V i, T *v) { __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); }	\
static inline void pfx##_inc(T *v) { pfx##_add(1, v); }							\
static inline void pfx##_dec(T *v) { pfx##_sub(1, v); }							\
static inline V pfx##_add_return(V i, T *v) { return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V pfx##_sub_return(V i, T *v) { return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V pfx##_inc_return(T *v) { return pfx##_add_return(1, v); }				\
static inline V pfx##_dec_return(T *v) { return pfx##_sub_return(1, v); }				\
static inline bool pfx##_dec_and_test(T *v) { return pfx##_dec_return(v) == 0; }			\
static inline V pfx##_fetch_add(V i, T *v) { return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); } \
static inline V pfx##_xchg(T *v, V n) { return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST); } \
static inline V pfx##_cmpxchg(T *v, V o, V n)								\
{													\
	__atomic_compare_exchange_n(&v->counter, &o, n, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);	\
	return o;											\
}													\
/* Any same-sized integer for *o: C accepts unsigned long * for long *, C++ does not. */		\
template <class U>											\
static inline bool pfx##_try_cmpxchg(T *v, U *o, V n)							\
{													\
	static_assert(sizeof(U) == sizeof(V), "try_cmpxchg operand size");				\
	return __atomic_compare_exchange_n(&v->counter, (V *)o, n, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
}

__KSHIM_ATOMIC_OPS(atomic, atomic_t, int)
__KSHIM_ATOMIC_OPS(atomic_long, atomic_long_t, long)
__KSHIM_ATOMIC_OPS(atomic64, atomic64_t, s64)

#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_mb__before_atomic()	smp_mb()
#define smp_mb__after_atomic()	smp_mb()
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define mb()	smp_mb()
#define rmb()	smp_rmb()
#define wmb()	smp_wmb()

static inline void set_bit(long nr, volatile unsigned long *addr) { addr[nr / 64] = addr[nr / 64] | (1UL << (nr % 64)); }
static inline void clear_bit(long nr, volatile unsigned long *addr) { addr[nr / 64] = addr[nr / 64] & ~(1UL << (nr % 64)); }
static inline bool test_bit(long nr, const volatile unsigned long *addr) { return (addr[nr / 64] >> (nr % 64)) & 1; }
static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);
	set_bit(nr, addr);
	return old;
}
static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);
	clear_bit(nr, addr);
	return old;
}
#endif
