/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: lib/genalloc.c's special-purpose allocator, the part the atomic DMA
 * pools (kernel/dma/pool.c) use: chunks added with their physical address,
 * a bitmap per chunk in units of 1 << min_alloc_order bytes, and the
 * allocation algorithm chosen by function pointer.  The pool's memory is
 * marked as owned by it, for kctx's bad-page oracle.
 */
#ifndef _KSHIM_LINUX_GENALLOC_H
#define _KSHIM_LINUX_GENALLOC_H
#include <linux/types.h>
#include <linux/numa.h>

struct gen_pool;
/* dup: a chunk, as gen_pool_for_each_chunk() shows it (end_addr inclusive) */
struct gen_pool_chunk {
	phys_addr_t phys_addr;
	unsigned long start_addr;
	unsigned long end_addr;
	size_t avail;
	unsigned long *bits;
};
struct genpool_data_align {
	int align;
};
typedef unsigned long (*genpool_algo_t)(unsigned long *map, unsigned long size, unsigned long start,
					unsigned int nr, void *data, struct gen_pool *pool, unsigned long start_addr);

struct gen_pool *gen_pool_create(int min_alloc_order, int nid);
void gen_pool_destroy(struct gen_pool *);
void gen_pool_set_algo(struct gen_pool *, genpool_algo_t, void *data);
/* the owner cookies of the kernel's *_owner() forms are not modelled: no caller here passes one */
int gen_pool_add_virt(struct gen_pool *, unsigned long virt, phys_addr_t phys, size_t len, int nid);
unsigned long gen_pool_alloc(struct gen_pool *, size_t len);
void gen_pool_free(struct gen_pool *, unsigned long virt, size_t len);
phys_addr_t gen_pool_virt_to_phys(struct gen_pool *pool, unsigned long addr);
bool gen_pool_has_addr(struct gen_pool *pool, unsigned long start, size_t size);
size_t gen_pool_avail(struct gen_pool *pool);
size_t gen_pool_size(struct gen_pool *pool);
void gen_pool_for_each_chunk(struct gen_pool *pool,
			     void (*func)(struct gen_pool *pool, struct gen_pool_chunk *chunk, void *data), void *data);
unsigned long gen_pool_first_fit(unsigned long *map, unsigned long size, unsigned long start, unsigned int nr,
				 void *data, struct gen_pool *pool, unsigned long start_addr);
unsigned long gen_pool_first_fit_order_align(unsigned long *map, unsigned long size, unsigned long start,
					     unsigned int nr, void *data, struct gen_pool *pool,
					     unsigned long start_addr);
#endif
