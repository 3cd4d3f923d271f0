// SPDX-License-Identifier: GPL-2.0
/*
 * kshim's vmalloc area, for vmap(): the DMA layer's remapped coherent
 * memory (kernel/dma/remap.c, with DMA_DIRECT_REMAP).  Each area maps the
 * same memfd pages a second time, page run by page run, at an address in
 * [KSHIM_VMALLOC_START, KSHIM_VMALLOC_END); a guard page follows it, like
 * vmalloc's.  Host mappings outlive the boot that made them (every boot
 * of the same machine asks for the same ones, and a mapping kept saves two
 * system calls and a fault per page); between boots they are poisoned.
 */
#include "sched.h"
#include "mem.h"

#include <linux/bug.h>
#include <linux/hardirq.h>
#include <linux/printk.h>
#include <linux/vmalloc.h>

#include <algorithm>
#include <memory>
#include <sys/mman.h>

namespace kshim {

struct HostMap {
	uintptr_t va;
	uint64_t phys;
	size_t size;
};

struct Area {
	vm_struct vm;
	std::vector<HostMap> runs;	/* runs of contiguous pages */
};

static std::vector<std::unique_ptr<Area>> areas;	/* this boot's */
static std::vector<HostMap> host_maps;
static uintptr_t vmalloc_next;

void vmalloc_reset()
{
	for (const HostMap &m : host_maps)
		POISON((void *)m.va, m.size);
	areas.clear();
	vmalloc_next = 0;
}

void drop_alias_maps()
{
	for (const HostMap &m : host_maps)
		munmap((void *)m.va, m.size);
	host_maps.clear();
}

uint64_t alias_to_phys(uintptr_t vaddr, bool *ok)
{
	for (const auto &a : areas)
		for (const HostMap &r : a->runs)
			if (vaddr >= r.va && vaddr < r.va + r.size) {
				*ok = true;
				return r.phys + (vaddr - r.va);
			}
	*ok = false;
	return 0;
}

static void map_run(const HostMap &want)
{
	auto same = std::find_if(host_maps.begin(), host_maps.end(), [&](const HostMap &m) {
		return m.va == want.va && m.phys == want.phys && m.size == want.size;
	});
	if (same == host_maps.end()) {
		std::erase_if(host_maps, [&](const HostMap &m) {
			if (m.va >= want.va + want.size || m.va + m.size <= want.va)
				return false;
			munmap((void *)m.va, m.size);
			return true;
		});
		Bank *b = bank_of_pfn(want.phys >> PAGE_SHIFT);
		void *p = mmap((void *)want.va, want.size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, b->memfd,
			       (off_t)(want.phys - b->base));
		if (p == MAP_FAILED) {
			perror("kshim: vmap");
			abort();
		}
		host_maps.push_back(want);
	}
	UNPOISON((void *)want.va, want.size);
}

static Area *area_at(const void *addr)
{
	uintptr_t x = (uintptr_t)addr;
	for (auto &a : areas)
		if (x >= (uintptr_t)a->vm.addr && x < (uintptr_t)a->vm.addr + a->vm.size - PAGE_SIZE)
			return a.get();
	return nullptr;
}

} /* namespace kshim */

using namespace kshim;

/* model: mm/vmalloc.c's vmap(), which sleeps (it allocates the area and page tables) */
noinline void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	(void)prot;
	__might_sleep("mm/vmalloc.c", 3503);
	if (WARN_ON_ONCE_AT("mm/vmalloc.c", 3505, flags & VM_FLUSH_RESET_PERMS))
		return NULL;
	size_t size = (size_t)count << PAGE_SHIFT;
	if (vmalloc_next + size + PAGE_SIZE > KSHIM_VMALLOC_END - KSHIM_VMALLOC_START)
		return NULL;
	auto a = std::make_unique<Area>();
	uintptr_t va = KSHIM_VMALLOC_START + vmalloc_next;
	vmalloc_next += size + PAGE_SIZE;
	for (unsigned int i = 0; i < count;) {
		uint64_t phys = page_to_phys(pages[i]);
		unsigned int n = 1;
		while (i + n < count && page_to_phys(pages[i + n]) == phys + ((uint64_t)n << PAGE_SHIFT) &&
		       bank_of_pfn((phys >> PAGE_SHIFT) + n) == bank_of_pfn(phys >> PAGE_SHIFT))
			n++;
		HostMap run = { va + ((uintptr_t)i << PAGE_SHIFT), phys, (size_t)n << PAGE_SHIFT };
		map_run(run);
		a->runs.push_back(run);
		i += n;
	}
	a->vm.addr = (void *)va;
	a->vm.size = size + PAGE_SIZE;
	a->vm.flags = flags;
	a->vm.nr_pages = count;
	areas.push_back(std::move(a));
	return (void *)va;
}

/* model: mm/vmalloc.c's vunmap(): not from interrupts, and it sleeps */
noinline void vunmap(const void *addr)
{
	BUG_ON_AT("mm/vmalloc.c", 3466, in_interrupt());
	__might_sleep("mm/vmalloc.c", 3467);
	if (!addr)
		return;
	Area *a = area_at(addr);
	if (!a || a->vm.addr != addr) {
		WARN_AT("mm/vmalloc.c", 3473, 1, "Trying to vunmap() nonexistent vm area (%p)\n", addr);
		return;
	}
	for (const HostMap &r : a->runs)
		POISON((void *)r.va, r.size);
	std::erase_if(areas, [&](const std::unique_ptr<Area> &p) { return p.get() == a; });
}

/* model: the area an address lies in */
struct vm_struct *find_vm_area(const void *addr)
{
	Area *a = area_at(addr);
	return a ? &a->vm : NULL;
}

/* model: the platform's architecture selects DMA_DIRECT_REMAP (linux/kconfig.h) */
bool kshim_dma_direct_remap(void)
{
	return kshim::config().remap();
}
