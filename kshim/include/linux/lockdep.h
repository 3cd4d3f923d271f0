/* SPDX-License-Identifier: GPL-2.0 */
/* model: lockdep's annotation API; the assertions really check */
#ifndef _KSHIM_LINUX_LOCKDEP_H
#define _KSHIM_LINUX_LOCKDEP_H
#include <linux/lockdep_types.h>
#include <linux/bug.h>

void lockdep_init_map_type(struct lockdep_map *lock, const char *name, struct lock_class_key *key,
			   int subclass, unsigned char outer, unsigned char inner, unsigned char lock_type);
#define lockdep_init_map_wait(l, n, k, s, inner) lockdep_init_map_type(l, n, k, s, 0, inner, LD_LOCK_NORMAL)
#define lockdep_init_map(l, n, k, s) lockdep_init_map_type(l, n, k, s, 0, 0, LD_LOCK_NORMAL)
#define lockdep_set_class(lock, key) \
	lockdep_init_map_type(&(lock)->dep_map, #key, key, 0, (lock)->dep_map.wait_type_outer, \
			      (lock)->dep_map.wait_type_inner, (lock)->dep_map.lock_type)

void lock_acquire(struct lockdep_map *lock, unsigned int subclass, int trylock, int read, int check,
		  struct lockdep_map *nest_lock, unsigned long ip);
void lock_release(struct lockdep_map *lock, unsigned long ip);
int lock_is_held_type(const struct lockdep_map *lock, int read);
#define lock_is_held(l)		lock_is_held_type(l, -1)
#define lockdep_is_held(lock)	lock_is_held(&(lock)->dep_map)

#define lock_map_acquire(l)		lock_acquire(l, 0, 0, 0, 1, NULL, _RET_IP_)
#define lock_map_acquire_read(l)	lock_acquire(l, 0, 0, 2, 1, NULL, _RET_IP_)
#define lock_map_release(l)		lock_release(l, _RET_IP_)

void __lockdep_assert_held(const struct lockdep_map *lock, int read, const char *file, int line);
#define lockdep_assert_held(l)		__lockdep_assert_held(&(l)->dep_map, -1, __FILE__, __LINE__)
#define lockdep_assert_held_write(l)	__lockdep_assert_held(&(l)->dep_map, 0, __FILE__, __LINE__)
#define lockdep_assert_held_read(l)	__lockdep_assert_held(&(l)->dep_map, 1, __FILE__, __LINE__)
#define lockdep_assert_not_held(l)	__lockdep_assert_held(&(l)->dep_map, -2, __FILE__, __LINE__)
#define lockdep_assert(cond)		WARN_ON(!(cond))

void __lockdep_assert_irqs(bool want_disabled, const char *file, int line);
#define lockdep_assert_irqs_disabled()	__lockdep_assert_irqs(true, __FILE__, __LINE__)
#define lockdep_assert_irqs_enabled()	__lockdep_assert_irqs(false, __FILE__, __LINE__)
/* kshim's models of kernel code name the kernel's file and line, which reports print */
#define lockdep_assert_irqs_disabled_at(file, line)	__lockdep_assert_irqs(true, file, line)
#define lockdep_assert_irqs_enabled_at(file, line)	__lockdep_assert_irqs(false, file, line)
#define lockdep_assert_in_irq()		WARN_ON_ONCE(!in_hardirq())
#define lockdep_assert_preemption_disabled() WARN_ON_ONCE(preemptible())

#ifndef _RET_IP_
#define _RET_IP_	((unsigned long)__builtin_return_address(0))
#endif
#endif
