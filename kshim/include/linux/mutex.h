/* SPDX-License-Identifier: GPL-2.0 */
/* model: mutexes: might_sleep(), real blocking, lockdep, owner checks */
#ifndef _KSHIM_LINUX_MUTEX_H
#define _KSHIM_LINUX_MUTEX_H
#include <linux/types.h>
#include <linux/lockdep.h>

struct task_struct;
struct mutex {
	struct task_struct *owner;
	struct lockdep_map dep_map;
};

#define __MUTEX_INITIALIZER(lockname) \
	{ .owner = nullptr, .dep_map = { .name = #lockname, .key = nullptr, .class_cache = nullptr, \
	  .wait_type_outer = 0, .wait_type_inner = LD_WAIT_SLEEP, .lock_type = 0, .kind = KSHIM_LOCK_MUTEX } }
#define DEFINE_MUTEX(mutexname)	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key);
#define mutex_init(mutex) do {					\
	static struct lock_class_key __key;			\
	__mutex_init((mutex), #mutex, &__key);			\
} while (0)
/* dup: a lockdep build (DEBUG_LOCK_ALLOC) locks through the _nested entry points */
void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
int mutex_lock_interruptible_nested(struct mutex *lock, unsigned int subclass);
#define mutex_lock(lock)		mutex_lock_nested(lock, 0)
#define mutex_lock_interruptible(lock)	mutex_lock_interruptible_nested(lock, 0)
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);
/* stub: without DEBUG_MUTEXES the kernel does nothing either, and swiotlb destroys no mutex */
#define mutex_destroy(l)	do { } while (0)
#endif
