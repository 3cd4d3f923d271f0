/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the kernel's basic types (x86_64 sizes) */
#ifndef _KSHIM_LINUX_TYPES_H
#define _KSHIM_LINUX_TYPES_H

#include <stddef.h>
#include <stdint.h>
/* The UAPI part (__u32, __le64, ...): system headers include <linux/types.h> too. */
#include_next <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

typedef u64 phys_addr_t;
typedef long ssize_t;
typedef unsigned long pgoff_t;
typedef u64 dma_addr_t;
typedef u64 resource_size_t;
typedef unsigned int gfp_t;
typedef unsigned int slab_flags_t;
typedef unsigned short umode_t;
typedef int pid_t;

#define __bitwise
#define __force
#define __user
#define __iomem
#define __rcu

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

typedef struct {
	s64 counter;
} atomic64_t;

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head

typedef void (*rcu_callback_t)(struct rcu_head *head);

#endif
