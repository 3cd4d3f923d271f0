/* SPDX-License-Identifier: GPL-2.0 */
/* model: the lock types; zero-filled means unlocked */
#ifndef _KSHIM_LINUX_SPINLOCK_TYPES_H
#define _KSHIM_LINUX_SPINLOCK_TYPES_H
#include <linux/lockdep_types.h>

struct task_struct;

typedef struct raw_spinlock {
	unsigned int locked;
	unsigned int owner_cpu;
	struct task_struct *owner;
	struct lockdep_map dep_map;
} raw_spinlock_t;

/* As in the kernel, spinlock_t's dep_map aliases its rlock's (lockdep_is_held(&lock) works). */
typedef struct spinlock {
	union {
		struct raw_spinlock rlock;
		struct {
			unsigned char __padding[__builtin_offsetof(struct raw_spinlock, dep_map)];
			struct lockdep_map dep_map;
		};
	};
} spinlock_t;

typedef struct {
	int readers;		/* -1: write-locked */
	struct task_struct *owner;
	struct lockdep_map dep_map;
} rwlock_t;

#define __RAW_SPIN_LOCK_UNLOCKED(lockname) \
	{ .locked = 0, .owner_cpu = 0, .owner = nullptr, \
	  .dep_map = { .name = #lockname, .key = nullptr, .class_cache = nullptr, \
		       .wait_type_outer = 0, .wait_type_inner = LD_WAIT_SPIN, \
		       .lock_type = 0, .kind = KSHIM_LOCK_RAW_SPIN } }
#define __SPIN_LOCK_UNLOCKED(lockname) \
	{ .rlock = { .locked = 0, .owner_cpu = 0, .owner = nullptr, \
	  .dep_map = { .name = #lockname, .key = nullptr, .class_cache = nullptr, \
		       .wait_type_outer = 0, .wait_type_inner = LD_WAIT_CONFIG, \
		       .lock_type = 0, .kind = KSHIM_LOCK_SPIN } } }
#define __RW_LOCK_UNLOCKED(lockname) \
	{ .readers = 0, .owner = nullptr, \
	  .dep_map = { .name = #lockname, .key = nullptr, .class_cache = nullptr, \
		       .wait_type_outer = 0, .wait_type_inner = LD_WAIT_CONFIG, \
		       .lock_type = 0, .kind = KSHIM_LOCK_RWLOCK } }
#define __RAW_SPIN_LOCK_INITIALIZER(lockname) __RAW_SPIN_LOCK_UNLOCKED(lockname)
#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define DEFINE_RWLOCK(x)	rwlock_t x = __RW_LOCK_UNLOCKED(x)
#endif
