/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: lockdep's map and class key.  All fields are valid when
 * zero-filled: a zeroed map is an uninitialised lock, as in the kernel.
 *
 * Wait types are stored symbolically (LD_WAIT_CONFIG is its own value); the
 * checker maps CONFIG to SPIN unless raw-lock nesting rules apply (rt model),
 * which is how the kernel's PROVE_RAW_LOCK_NESTING switch behaves.
 */
#ifndef _KSHIM_LINUX_LOCKDEP_TYPES_H
#define _KSHIM_LINUX_LOCKDEP_TYPES_H
#include <linux/types.h>

enum lockdep_wait_type {
	LD_WAIT_INV = 0,
	LD_WAIT_FREE,
	LD_WAIT_SPIN,
	LD_WAIT_CONFIG,
	LD_WAIT_SLEEP,
	LD_WAIT_MAX,
};

enum lockdep_lock_type {
	LD_LOCK_NORMAL = 0,
	LD_LOCK_PERCPU,
	LD_LOCK_WAIT_OVERRIDE,
	LD_LOCK_MAX,
};

struct lock_class_key {
	char __one_byte;	/* distinct addresses for distinct keys */
};

struct lock_class;

struct lockdep_map {
	const char *name;
	struct lock_class_key *key;
	struct lock_class *class_cache;
	unsigned char wait_type_outer;
	unsigned char wait_type_inner;
	unsigned char lock_type;
	unsigned char kind;	/* kshim: enum kshim_lock_kind, for reports */
};

enum kshim_lock_kind {
	KSHIM_LOCK_MAP = 0,	/* pure lockdep map (rcu_read_lock, work, ...) */
	KSHIM_LOCK_RAW_SPIN,
	KSHIM_LOCK_SPIN,
	KSHIM_LOCK_RWLOCK,
	KSHIM_LOCK_MUTEX,
	KSHIM_LOCK_RWSEM,
};

#define STATIC_LOCKDEP_MAP_INIT(_name, _key) \
	{ .name = (_name), .key = (struct lock_class_key *)(void *)(_key) }
#endif
