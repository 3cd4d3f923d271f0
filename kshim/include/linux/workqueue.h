/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: workqueues.  Work runs in kworker tasks at preempt_count 0
 * with IRQs on, under the workqueue and work pseudo-locks; flushes take part
 * in lockdep; a worker that leaks a lock, an atomic section or an RCU reader
 * is reported as the kernel reports it.
 */
#ifndef _KSHIM_LINUX_WORKQUEUE_H
#define _KSHIM_LINUX_WORKQUEUE_H
#include <linux/workqueue_types.h>
#include <linux/timer.h>
#include <linux/list.h>
#include <linux/lockdep.h>

struct workqueue_struct;

#define WORK_STRUCT_PENDING_BIT	0
#define WORK_DATA_STATIC_INIT()	{ 0 }
#define WORK_CPU_UNBOUND	(-1)

#define __WORK_INITIALIZER(n, f) {						\
	.data = WORK_DATA_STATIC_INIT(),					\
	.entry = { &(n).entry, &(n).entry },					\
	.func = (f),								\
	.lockdep_map = { .name = "(work_completion)" #n,			\
			 .key = (struct lock_class_key *)(void *)&(n),		\
			 .class_cache = nullptr, .wait_type_outer = 0,		\
			 .wait_type_inner = 0, .lock_type = 0, .kind = 0 },	\
}

void __init_work(struct work_struct *work, work_func_t func, const char *name,
		 struct lock_class_key *key);
#define INIT_WORK(_work, _func) do {						\
	static struct lock_class_key __key;					\
	__init_work((_work), (_func), "(work_completion)" #_work, &__key);	\
} while (0)
#define INIT_WORK_ONSTACK INIT_WORK
#define DECLARE_WORK(n, f)	struct work_struct n = __WORK_INITIALIZER(n, f)

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	struct workqueue_struct *wq;
	int cpu;
};

struct rcu_work {
	struct work_struct work;
	struct rcu_head rcu;
	struct workqueue_struct *wq;
};

void __init_delayed_work(struct delayed_work *dwork, work_func_t func, const char *name,
			 struct lock_class_key *key);
#define INIT_DELAYED_WORK(_work, _func) do {					\
	static struct lock_class_key __key;					\
	__init_delayed_work((_work), (_func), "(work_completion)" #_work, &__key); \
} while (0)
#define INIT_RCU_WORK(_work, _func)	INIT_WORK(&(_work)->work, (_func))
#define INIT_RCU_WORK_ONSTACK		INIT_RCU_WORK

/* dup */
static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}
static inline struct rcu_work *to_rcu_work(struct work_struct *work)
{
	return container_of(work, struct rcu_work, work);
}
/* model */
#define work_pending(work)	(atomic_long_read(&(work)->data) & 1)
#define delayed_work_pending(w)	work_pending(&(w)->work)

/* dup */
enum {
	WQ_UNBOUND = 1 << 1,
	WQ_FREEZABLE = 1 << 2,
	WQ_MEM_RECLAIM = 1 << 3,
	WQ_HIGHPRI = 1 << 4,
	WQ_CPU_INTENSIVE = 1 << 5,
	WQ_PERCPU = 1 << 8,
	WQ_BH = 1 << 0,
};

/* model */
extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_percpu_wq;
extern struct workqueue_struct *system_highpri_wq;
extern struct workqueue_struct *system_long_wq;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_dfl_wq;

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
	__attribute__((format(printf, 1, 4)));
void destroy_workqueue(struct workqueue_struct *wq);
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool schedule_work(struct work_struct *work);
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			   unsigned long delay);
bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay);
bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay);
bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay);
bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork);
bool flush_work(struct work_struct *work);
bool flush_delayed_work(struct delayed_work *dwork);
bool flush_rcu_work(struct rcu_work *rwork);
void flush_workqueue(struct workqueue_struct *wq);
void drain_workqueue(struct workqueue_struct *wq);
bool cancel_work_sync(struct work_struct *work);
bool cancel_work(struct work_struct *work);
bool cancel_delayed_work(struct delayed_work *dwork);
bool cancel_delayed_work_sync(struct delayed_work *dwork);
struct work_struct *current_work(void);
#endif
