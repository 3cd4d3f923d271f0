/* SPDX-License-Identifier: GPL-2.0 */
/* model: waiting sleeps for real */
#ifndef _KSHIM_LINUX_COMPLETION_H
#define _KSHIM_LINUX_COMPLETION_H
#include <linux/types.h>
struct completion {
	unsigned int done;
	unsigned int waiters;
};
#define COMPLETION_INITIALIZER(work)	{ 0, 0 }
#define DECLARE_COMPLETION(work)	struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) DECLARE_COMPLETION(work)
static inline void init_completion(struct completion *x) { x->done = 0; x->waiters = 0; }
static inline void reinit_completion(struct completion *x) { x->done = 0; }
void wait_for_completion(struct completion *x);
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
#endif
