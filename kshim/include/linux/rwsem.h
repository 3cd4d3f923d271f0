/* SPDX-License-Identifier: GPL-2.0 */
/* model: read-write semaphores */
#ifndef _KSHIM_LINUX_RWSEM_H
#define _KSHIM_LINUX_RWSEM_H
#include <linux/types.h>
#include <linux/lockdep.h>

struct task_struct;
struct rw_semaphore {
	long count;		/* >0 readers, -1 writer */
	struct task_struct *owner;
	struct lockdep_map dep_map;
};

#define __RWSEM_INITIALIZER(lockname) \
	{ .count = 0, .owner = nullptr, .dep_map = { .name = #lockname, .key = nullptr, .class_cache = nullptr, \
	  .wait_type_outer = 0, .wait_type_inner = LD_WAIT_SLEEP, .lock_type = 0, .kind = KSHIM_LOCK_RWSEM } }
#define DECLARE_RWSEM(lockname)	struct rw_semaphore lockname = __RWSEM_INITIALIZER(lockname)

void __init_rwsem(struct rw_semaphore *sem, const char *name, struct lock_class_key *key);
#define init_rwsem(sem) do {					\
	static struct lock_class_key __key;			\
	__init_rwsem((sem), #sem, &__key);			\
} while (0)
void down_read(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
#endif
