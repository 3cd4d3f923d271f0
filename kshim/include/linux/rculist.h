/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: the RCU list primitives, with the PROVE_RCU_LIST check on the
 * walkers (a walk outside any reader, without a lock condition, is reported).
 */
#ifndef _KSHIM_LINUX_RCULIST_H
#define _KSHIM_LINUX_RCULIST_H
#include <linux/list.h>
#include <linux/rcupdate.h>

#define INIT_LIST_HEAD_RCU(list)	INIT_LIST_HEAD(list)
#define list_next_rcu(list)		(*((struct list_head **)(&(list)->next)))

static inline void list_add_rcu(struct list_head *n, struct list_head *head)
{
	struct list_head *next = head->next;

	n->next = next;
	n->prev = head;
	rcu_assign_pointer(list_next_rcu(head), n);
	next->prev = n;
}

static inline void list_add_tail_rcu(struct list_head *n, struct list_head *head)
{
	struct list_head *prev = head->prev;

	n->next = head;
	n->prev = prev;
	rcu_assign_pointer(list_next_rcu(prev), n);
	head->prev = n;
}

static inline void list_del_rcu(struct list_head *entry)
{
	__list_del_entry(entry);
	entry->prev = LIST_POISON2;	/* readers may still follow ->next */
}

#define __list_check_rcu(dummy, cond, extra...)					\
	({									\
		RCU_LOCKDEP_WARN(!(cond) && !rcu_read_lock_any_held(),		\
				 "RCU-list traversed in non-reader section!");	\
	})

#define list_entry_rcu(ptr, type, member)	container_of(READ_ONCE(ptr), type, member)
#define list_first_or_null_rcu(ptr, type, member) ({				\
	struct list_head *__ptr = (ptr);					\
	struct list_head *__next = READ_ONCE(__ptr->next);			\
	__ptr != __next ? list_entry_rcu(__next, type, member) : NULL;		\
})

#define list_for_each_entry_rcu(pos, head, member, cond...)			\
	for (__list_check_rcu(dummy, ## cond, 0),				\
	     pos = list_entry_rcu((head)->next, __typeof__(*pos), member);	\
	     &pos->member != (head);						\
	     pos = list_entry_rcu(pos->member.next, __typeof__(*pos), member))
#endif
