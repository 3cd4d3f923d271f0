/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: the slab allocator, backed by simulated physical memory so
 * that slab objects have physical addresses.  The allocation functions return
 * a value that converts to any object pointer, as void * does in C; that is
 * what lets kernel C compile as C++ without rewriting each call site.
 */
#ifndef _KSHIM_LINUX_SLAB_H
#define _KSHIM_LINUX_SLAB_H
#include <linux/gfp.h>
#include <linux/overflow.h>

struct __kshim_void_ptr {
	void *p;
	template <class T> operator T *() const { return static_cast<T *>(p); }
	explicit operator bool() const { return p != nullptr; }
	bool operator!() const { return p == nullptr; }
};

struct __kshim_void_ptr kmalloc(size_t size, gfp_t flags);
struct __kshim_void_ptr kzalloc(size_t size, gfp_t flags);
struct __kshim_void_ptr kmalloc_array(size_t n, size_t size, gfp_t flags);
struct __kshim_void_ptr kcalloc(size_t n, size_t size, gfp_t flags);
struct __kshim_void_ptr krealloc(const void *p, size_t new_size, gfp_t flags);
struct __kshim_void_ptr kmemdup(const void *src, size_t len, gfp_t gfp);
void kfree(const void *objp);
size_t ksize(const void *objp);
/* model: the size of the kmalloc cache a request comes from (slab.cc) */
size_t kmalloc_size_roundup(size_t size);
/*
 * model: kmem_cache_init()'s minimum kmalloc alignment, which __kmalloc_minalign()
 * fixes at boot: arm64 (DMA_BOUNCE_UNALIGNED_KMALLOC) gets ARCH_KMALLOC_MINALIGN (8)
 * only if swiotlb is allocated by then, else the cache line (64).  kshim starts at 8.
 */
void kshim_set_kmalloc_minalign(unsigned int align);
#define kvmalloc	kmalloc
#define kvzalloc	kzalloc
#define kvfree		kfree
#define kvmalloc_array	kmalloc_array
#define kmalloc_node(s, f, n)	kmalloc(s, f)
#define kzalloc_node(s, f, n)	kzalloc(s, f)

/* 7.x typed allocators; GFP_KERNEL unless flags are given. */
#define __kshim_default_gfp(...)	__kshim_default_gfp_(_, ##__VA_ARGS__, GFP_KERNEL)
#define __kshim_default_gfp_(_, g, ...)	g
#define __alloc_objs(KMALLOC, GFP, TYPE, COUNT) \
	((TYPE *)KMALLOC(size_mul(sizeof(TYPE), COUNT), GFP))
#define kmalloc_obj(P, ...)	__alloc_objs(kmalloc, __kshim_default_gfp(__VA_ARGS__), __typeof__(P), 1)
#define kmalloc_objs(P, N, ...)	__alloc_objs(kmalloc, __kshim_default_gfp(__VA_ARGS__), __typeof__(P), N)
#define kzalloc_obj(P, ...)	__alloc_objs(kzalloc, __kshim_default_gfp(__VA_ARGS__), __typeof__(P), 1)
#define kzalloc_objs(P, N, ...)	__alloc_objs(kzalloc, __kshim_default_gfp(__VA_ARGS__), __typeof__(P), N)
#define kvmalloc_obj	kmalloc_obj
#define kvmalloc_objs	kmalloc_objs
#define kvzalloc_obj	kzalloc_obj
#define kvzalloc_objs	kzalloc_objs
#endif
