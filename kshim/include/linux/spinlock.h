/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: spinlocks and rwlocks.  Each call has the kernel's effect on
 * preempt_count, IRQs and BHs for the configured preemption model (spinlock_t
 * and rwlock_t sleep under PREEMPT_RT), takes part in lockdep, and is a
 * scheduling point.  They are functions so that they show in stack traces
 * under the kernel's names.
 */
#ifndef _KSHIM_LINUX_SPINLOCK_H
#define _KSHIM_LINUX_SPINLOCK_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/spinlock_types.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/bottom_half.h>
#include <linux/atomic.h>
#include <linux/smp.h>

void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name, struct lock_class_key *key, short inner);
#define raw_spin_lock_init(lock) do {						\
	static struct lock_class_key __key;					\
	__raw_spin_lock_init((lock), #lock, &__key, LD_WAIT_SPIN);		\
} while (0)
#define spin_lock_init(_lock) do {						\
	static struct lock_class_key __key;					\
	__raw_spin_lock_init(&(_lock)->rlock, #_lock, &__key, LD_WAIT_CONFIG);	\
} while (0)

void _raw_spin_lock(raw_spinlock_t *lock);
void _raw_spin_unlock(raw_spinlock_t *lock);
void _raw_spin_lock_irq(raw_spinlock_t *lock);
void _raw_spin_unlock_irq(raw_spinlock_t *lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);
void _raw_spin_lock_bh(raw_spinlock_t *lock);
void _raw_spin_unlock_bh(raw_spinlock_t *lock);
int _raw_spin_trylock(raw_spinlock_t *lock);
#define raw_spin_lock(l)			_raw_spin_lock(l)
#define raw_spin_unlock(l)			_raw_spin_unlock(l)
#define raw_spin_lock_irq(l)			_raw_spin_lock_irq(l)
#define raw_spin_unlock_irq(l)			_raw_spin_unlock_irq(l)
#define raw_spin_lock_irqsave(l, flags)		do { (flags) = _raw_spin_lock_irqsave(l); } while (0)
#define raw_spin_unlock_irqrestore(l, flags)	_raw_spin_unlock_irqrestore(l, flags)
#define raw_spin_trylock(l)			_raw_spin_trylock(l)
bool raw_spin_is_locked(raw_spinlock_t *lock);

void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);
unsigned long _spin_lock_irqsave(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
void spin_lock_bh(spinlock_t *lock);
void spin_unlock_bh(spinlock_t *lock);
int spin_trylock(spinlock_t *lock);
int _spin_trylock_irqsave(spinlock_t *lock, unsigned long *flags);
#define spin_lock_irqsave(l, flags)	do { (flags) = _spin_lock_irqsave(l); } while (0)
#define spin_trylock_irqsave(l, flags)	_spin_trylock_irqsave(l, &(flags))
#define spin_lock_nested(l, sub)	spin_lock(l)
bool spin_is_locked(spinlock_t *lock);
#define assert_spin_locked(l)	BUG_ON(!spin_is_locked(l))

void __rwlock_init(rwlock_t *lock, const char *name, struct lock_class_key *key);
#define rwlock_init(lock) do {						\
	static struct lock_class_key __key;				\
	__rwlock_init((lock), #lock, &__key);				\
} while (0)
void read_lock(rwlock_t *lock);
void read_unlock(rwlock_t *lock);
void write_lock(rwlock_t *lock);
void write_unlock(rwlock_t *lock);
void read_lock_irq(rwlock_t *lock);
void read_unlock_irq(rwlock_t *lock);
void write_lock_irq(rwlock_t *lock);
void write_unlock_irq(rwlock_t *lock);
unsigned long _read_lock_irqsave(rwlock_t *lock);
unsigned long _write_lock_irqsave(rwlock_t *lock);
void read_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
void write_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
void read_lock_bh(rwlock_t *lock);
void read_unlock_bh(rwlock_t *lock);
void write_lock_bh(rwlock_t *lock);
void write_unlock_bh(rwlock_t *lock);
#define read_lock_irqsave(l, flags)	do { (flags) = _read_lock_irqsave(l); } while (0)
#define write_lock_irqsave(l, flags)	do { (flags) = _write_lock_irqsave(l); } while (0)
#endif
