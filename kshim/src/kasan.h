/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What KASAN knows of kshim's memory, for reports of memory errors in
 * kernel code, and the sanitizers' own output (kasan.cc).
 */
#pragma once

#include <cstddef>
#include <string>

namespace kshim {

/*
 * slab.cc: a kmalloc() object in its block of pages, as it is allocated,
 * freed (it goes into the quarantine) and let go of (its pages go back to
 * the page allocator, and it is forgotten).
 */
void kasan_slab_alloc(const void *obj, size_t size, unsigned order, bool dma);
void kasan_slab_free(const void *obj);
void kasan_slab_release(const void *obj);
void kasan_slab_reset();
/* rcu.cc: call_rcu() on an rcu_head inside an object, its last "related work creation" */
void kasan_record_aux_stack(const void *addr);
/*
 * What KASAN prints about addr after the trace: who allocated and freed
 * the object it is in, where it is, and its physical page.
 */
std::string kasan_describe_address(const void *addr);

} /* namespace kshim */
