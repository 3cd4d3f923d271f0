// SPDX-License-Identifier: GPL-2.0
/*
 * kshim physical memory and page allocator.
 *
 * Simulated RAM is three banks, one per zone (DMA, DMA32, Normal), each a
 * memfd mapped at KSHIM_PAGE_OFFSET + phys: a direct map, so phys != virt
 * and phys_to_virt()/virt_to_phys() are the kernel's arithmetic.  Being a
 * memfd lets the atomic pool map the same pages a second time (the
 * DMA_DIRECT_REMAP alias).  struct pages live in a sparse vmemmap.  The page
 * allocator is a buddy allocator per zone with the kernel's zone fallback.
 * Free memory is poisoned for ASan; every page records its owner and its
 * encryption state, which is what the page-ownership oracle checks.
 */
#include "sched.h"
#include "fault.h"
#include "mem.h"
#include "printk.h"
#include "report.h"

#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

char *high_memory;	/* model: the end of the Normal bank */

#define PG_tail 1u	/* struct page flags: a tail page of a buddy block */

/*
 * The kernel image (linux/linkage.h): kernel code's page-aligned statics are
 * in the ELF section kshim_kimage.  This page, the section's last object
 * (kshim is linked after the code it serves), marks where they end, so that
 * the image is a whole number of pages that shares none with other data.
 */
extern "C" char __start_kshim_kimage[] __attribute__((weak));
extern "C" char __stop_kshim_kimage[] __attribute__((weak));
static char kshim_kimage_end[PAGE_SIZE] __attribute__((section("kshim_kimage"), aligned(PAGE_SIZE), used));

namespace kshim {

Bank banks[3];

/*
 * Where the image is: the first pages of the ZONE_DMA32 bank, reserved from
 * boot on as memblock reserves the kernel's own pages.  Binaries without
 * page-aligned kernel statics have no image, and every page is RAM as before.
 */
static const int kimage_zone = 1;
static unsigned long kimage_npages()
{
	if (!__start_kshim_kimage)
		return 0;
	return (unsigned long)(kshim_kimage_end - __start_kshim_kimage) >> PAGE_SHIFT;
}
static uint64_t kimage_phys()
{
	return banks[kimage_zone].base;
}
static bool in_kimage(uintptr_t a)
{
	return kimage_npages() && a >= (uintptr_t)__start_kshim_kimage && a < (uintptr_t)kshim_kimage_end;
}

/* The image's statics as the program started: every boot starts from them, as a fresh kernel would. */
static std::vector<char> kimage_initial;

/*
 * Map the image's pages onto simulated RAM: the memfd pages of its physical
 * range, at the statics' own addresses.  Their direct-map alias is the same
 * memory, addressable (not poisoned) like any reserved page in use.
 */
static void map_kimage()
{
	unsigned long n = kimage_npages();
	if (!n)
		return;
	Bank &b = banks[kimage_zone];
	size_t len = n << PAGE_SHIFT;
	if ((char *)__stop_kshim_kimage != kshim_kimage_end + PAGE_SIZE || len > b.size / 2) {
		fprintf(stderr, "kshim: the kernel image section is not laid out as kshim needs (%lu pages)\n", n);
		abort();
	}
	/* initialised statics keep their values: mem_reset() loads them, at every boot */
	if (kimage_initial.empty())
		kimage_initial.assign(__start_kshim_kimage, __start_kshim_kimage + len);
	void *p = mmap(__start_kshim_kimage, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, b.memfd, 0);
	if (p != (void *)__start_kshim_kimage) {
		perror("kshim: cannot map the kernel image onto simulated memory");
		abort();
	}
}
static uint64_t mapped_layout[6];

/*
 * One free list of the buddy allocator, as a bitmap over the zone's blocks
 * of one order.  kshim hands out the lowest free block (the kernel's lists
 * are LIFO), so that addresses do not depend on the order of earlier frees;
 * a bitmap does that without allocating on every split and merge.
 */
struct FreeArea {
	unsigned long base = 0;		/* the zone's first pfn >> order: blocks are aligned in absolute pfns */
	unsigned order = 0;
	std::vector<uint64_t> bits;	/* sized when the memory layout changes */
	size_t lo = 0;			/* no block is free below word lo */

	static size_t words(unsigned long first, unsigned long npages, unsigned o)
	{
		return (((first + npages) >> o) - (first >> o) + 1 + 63) / 64;
	}
	void init(unsigned long first, unsigned long npages, unsigned o)
	{
		base = first >> o;
		order = o;
		bits.assign(words(first, npages, o), 0);
		lo = bits.size();
	}
	void clear()
	{
		std::fill(bits.begin(), bits.end(), 0);
		lo = bits.size();
	}
	void insert(unsigned long pfn)
	{
		size_t i = (pfn >> order) - base;
		bits[i / 64] |= 1ULL << (i % 64);
		lo = std::min(lo, i / 64);
	}
	bool erase(unsigned long pfn)	/* false if the block was not free */
	{
		size_t i = (pfn >> order) - base;
		uint64_t m = 1ULL << (i % 64);
		if (!(bits[i / 64] & m))
			return false;
		bits[i / 64] &= ~m;
		return true;
	}
	long take_lowest()
	{
		while (lo < bits.size() && !bits[lo])
			lo++;
		if (lo == bits.size())
			return -1;
		unsigned b = __builtin_ctzll(bits[lo]);
		bits[lo] &= bits[lo] - 1;
		return (long)((base + lo * 64 + b) << order);
	}
};
static FreeArea free_area[3][NR_PAGE_ORDERS];

void bad_page(unsigned long pfn, const char *why, const char *who);

static void die(const char *what)
{
	perror(what);
	abort();
}

static void *map_fixed(uint64_t addr, size_t len, int prot, int flags, int fd)
{
	void *p = mmap((void *)addr, len, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);
	if (p == MAP_FAILED || p != (void *)addr)
		die("kshim: cannot map simulated memory at its fixed address");
	return p;
}

static void unmap_banks()
{
	drop_alias_maps();
	for (Bank &b : banks) {
		if (!b.linear)
			continue;
		munmap(b.linear, b.size);
		unsigned long first = b.base >> PAGE_SHIFT, n = b.size >> PAGE_SHIFT;
		uintptr_t vs = (uintptr_t)pfn_to_page(first) & ~4095UL;
		uintptr_t ve = ((uintptr_t)pfn_to_page(first + n) + 4095) & ~4095UL;
		munmap((void *)vs, ve - vs);
		close(b.memfd);
		b.linear = nullptr;
		b.dirty.clear();
	}
}

/* Map the banks once per layout; later boots only reset the allocator. */
void mem_boot()
{
	const MachineConfig &c = sim.cfg;
	uint64_t layout[6] = { c.dma_base, c.dma_size, c.dma32_base, c.dma32_size, c.normal_base, c.normal_size };
	if (memcmp(layout, mapped_layout, sizeof(layout))) {
		unmap_banks();
		memcpy(mapped_layout, layout, sizeof(layout));
		for (int z = 0; z < 3; z++) {
			Bank &b = banks[z];
			b.base = layout[2 * z];
			b.size = layout[2 * z + 1];
			b.zone = z;
			b.memfd = memfd_create("kshim-ram", 0);
			if (b.memfd < 0 || ftruncate(b.memfd, b.size))
				die("kshim: memfd");
			b.linear = (char *)map_fixed(KSHIM_PAGE_OFFSET + b.base, b.size, PROT_READ | PROT_WRITE,
						     MAP_SHARED, b.memfd);
			unsigned long first = b.base >> PAGE_SHIFT, n = b.size >> PAGE_SHIFT;
			uintptr_t vs = (uintptr_t)pfn_to_page(first) & ~4095UL;
			uintptr_t ve = ((uintptr_t)pfn_to_page(first + n) + 4095) & ~4095UL;
			map_fixed(vs, ve - vs, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
			POISON(b.linear, b.size);
		}
		map_kimage();
	}
	high_memory = banks[2].linear + banks[2].size;
}

Bank *bank_of_pfn(unsigned long pfn)
{
	for (Bank &b : banks)
		if (pfn >= (b.base >> PAGE_SHIFT) && pfn < ((b.base + b.size) >> PAGE_SHIFT))
			return &b;
	return nullptr;
}

bool phys_valid(uint64_t phys, size_t size)
{
	for (Bank &b : banks)
		if (phys >= b.base && phys + size <= b.base + b.size && phys + size >= phys)
			return true;
	return false;
}

void *phys_to_linear(uint64_t phys)
{
	return (void *)(phys + KSHIM_PAGE_OFFSET);
}

PageInfo page_info(uint64_t pfn)
{
	if (!bank_of_pfn(pfn))
		return { PageOwner::none, false, 0 };
	struct page *p = pfn_to_page(pfn);
	return { (PageOwner)p->owner, p->decrypted != 0, p->order };
}

/* Counted when asked (end-of-run checks), not on every ownership change: boots stay cheap. */
size_t pages_in_use(PageOwner owner)
{
	size_t n = 0;
	for (Bank &b : banks) {
		if (!b.size)
			continue;
		struct page *p = pfn_to_page(b.base >> PAGE_SHIFT);
		for (unsigned long i = 0; i < (b.size >> PAGE_SHIFT); i++)
			n += p[i].owner == (unsigned char)owner;
	}
	return n;
}

/*
 * mem_reset() restores only the chunks of struct pages (and of poisoning)
 * that changed.  Every change of a page's state starts with a change of
 * owner, or of encryption state, and both land here.
 */
void mark_pages_changed(unsigned long pfn, unsigned long n)
{
	Bank *b = n ? bank_of_pfn(pfn) : nullptr;
	if (!b || b->dirty.empty())
		return;
	unsigned long first = b->base >> PAGE_SHIFT;
	for (unsigned long c = (pfn - first) >> 6; c <= (pfn + n - 1 - first) >> 6 && c < b->dirty.size(); c++)
		b->dirty[c] = 1;
}

static void write_owner(struct page *p, unsigned long n, PageOwner o)
{
	for (unsigned long i = 0; i < n; i++)
		p[i].owner = (unsigned char)o;
}

void set_owner(struct page *p, unsigned long n, PageOwner o)
{
	mark_pages_changed(page_to_pfn(p), n);
	write_owner(p, n, o);
}

/* ---- buddy allocator ----------------------------------------------------------------- */

/*
 * A block goes on a free list: split from a free block, or a freed block
 * merged with free buddies.  Its pages are free and poisoned already, so
 * only its head page changes.  Writing every page's owner here made each
 * split of a 4M block touch a thousand struct pages, and mem_reset()
 * rebuild them all.
 */
static void add_free(int zone, unsigned long pfn, unsigned order)
{
	pfn_to_page(pfn)->order = order;
	mark_pages_changed(pfn, 1);
	free_area[zone][order].insert(pfn);
}

/*
 * Give [pfn, pfn + n) to the buddy allocator in naturally aligned blocks,
 * at reset: the pages are free and poisoned already, only the free lists
 * and the head pages' orders are rebuilt.
 */
static void free_range_at_reset(int zone, unsigned long pfn, unsigned long n)
{
	while (n) {
		unsigned order = MAX_PAGE_ORDER;
		while (order && ((pfn & ((1UL << order) - 1)) || (1UL << order) > n))
			order--;
		pfn_to_page(pfn)->order = order;
		free_area[zone][order].insert(pfn);
		pfn += 1UL << order;
		n -= 1UL << order;
	}
}

void mem_reset()
{
	::max_pfn = 0;
	for (const Bank &b : banks)
		if (b.size)
			::max_pfn = std::max(::max_pfn, (unsigned long)((b.base + b.size) >> PAGE_SHIFT));
	for (int z = 0; z < 3; z++) {
		Bank &b = banks[z];
		unsigned long first = b.base >> PAGE_SHIFT, n = b.size >> PAGE_SHIFT;
		struct page *p = pfn_to_page(first);
		unsigned long reserved = memblock_reserve_size(b);
		unsigned long image = z == kimage_zone ? kimage_npages() : 0;	/* reserved at the bottom */
		if (b.dirty.size() != (n + 63) / 64)
			b.dirty.assign((n + 63) / 64, 1);	/* freshly mapped: every struct page is new */
		/*
		 * Free pages are poisoned already (freeing poisons, and so does
		 * mapping a bank), and untouched chunks are as the last reset
		 * left them: poison what the last run left in use, and rebuild
		 * only the struct pages that changed.
		 */
		for (unsigned long c = 0; c < b.dirty.size(); c++) {
			if (!b.dirty[c])
				continue;
			b.dirty[c] = 0;
			unsigned long lo = c * 64, hi = std::min(n, lo + 64);
			for (unsigned long i = lo; i < hi;) {
				unsigned long j = i;
				while (j < hi && p[j].owner != (unsigned char)PageOwner::free)
					j++;
				if (j > i)
					POISON(pfn_to_kaddr(first + i), (j - i) << PAGE_SHIFT);
				i = j + 1;
			}
			memset((void *)(p + lo), 0, (hi - lo) * sizeof(struct page));
			for (unsigned long i = lo; i < hi; i++) {
				p[i].zone = z;
				p[i].owner = (unsigned char)(i >= n - reserved || i < image ? PageOwner::reserved
											  : PageOwner::free);
			}
		}
		for (unsigned o = 0; o < NR_PAGE_ORDERS; o++) {
			FreeArea &fa = free_area[z][o];
			if (fa.base != first >> o || fa.bits.size() != FreeArea::words(first, n, o))
				fa.init(first, n, o);
			else
				fa.clear();
		}
		b.reserved = reserved;
		free_range_at_reset(z, first + image, n - reserved - image);
		if (image) {
			UNPOISON(b.linear, image << PAGE_SHIFT);
			/* statics the last run wrote: a boot loads the image afresh */
			memcpy(b.linear, kimage_initial.data(), image << PAGE_SHIFT);
		}
	}
}

static long take_block(int zone, unsigned order)
{
	for (unsigned o = order; o < NR_PAGE_ORDERS; o++) {
		long got = free_area[zone][o].take_lowest();
		if (got < 0)
			continue;
		unsigned long pfn = (unsigned long)got;
		while (o > order) {
			o--;
			/* the upper half goes back, poisoned still: it was part of a free block */
			add_free(zone, pfn + (1UL << o), o);
		}
		return (long)pfn;
	}
	return -1;
}

/* The block's owner is free already (free_pages_owned()). */
static void buddy_free(unsigned long pfn, unsigned order)
{
	POISON(pfn_to_kaddr(pfn), PAGE_SIZE << order);
	Bank *b = bank_of_pfn(pfn);
	int zone = b->zone;
	unsigned long first = b->base >> PAGE_SHIFT, last = (b->base + b->size) >> PAGE_SHIFT;
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy = pfn ^ (1UL << order);
		if (buddy < first || buddy + (1UL << order) > last)
			break;
		if (!free_area[zone][order].erase(buddy))
			break;
		pfn = std::min(pfn, buddy);
		order++;
	}
	add_free(zone, pfn, order);
}

static int zone_for(gfp_t gfp, int pref)
{
	if (gfp & __GFP_DMA)
		return pref == 0 ? 0 : -1;
	if (gfp & __GFP_DMA32)
		return pref == 0 ? 1 : pref == 1 ? 0 : -1;
	return pref <= 2 ? 2 - pref : -1;
}

struct page *alloc_pages_nofail_check(gfp_t gfp, unsigned order, PageOwner owner, bool fill)
{
	for (int pref = 0;; pref++) {
		int zone = zone_for(gfp, pref);
		if (zone < 0)
			return nullptr;
		long pfn = take_block(zone, order);
		if (pfn < 0)
			continue;
		struct page *p = pfn_to_page(pfn);
		for (unsigned long i = 0; i < (1UL << order); i++) {
			p[i].order = 0;
			p[i].decrypted = 0;
			p[i].flags = i ? PG_tail : 0;
		}
		p->order = order;
		set_owner(p, 1UL << order, owner);
		void *va = pfn_to_kaddr(pfn);
		UNPOISON(va, PAGE_SIZE << order);
		/* Deterministic "uninitialised" contents: replays must not see old data. */
		if (fill)
			fill_unpoisoned(va, (gfp & __GFP_ZERO) ? 0 : 0xa5, PAGE_SIZE << order);
		return p;
	}
}

/* The ownership oracle for every free into the buddy allocator. */
bool check_page_free(struct page *page, unsigned order, PageOwner expect, const char *who)
{
	unsigned long pfn = page_to_pfn(page);
	const char *why = nullptr;
	if (!bank_of_pfn(pfn))
		why = "not a page of simulated RAM";
	else if (page->owner == (unsigned char)PageOwner::atomic_pool)
		why = "freed while the atomic DMA pool owns it";
	else if (page->owner == (unsigned char)PageOwner::free)
		why = "already free (double free)";
	else if (page->owner != (unsigned char)expect || (page->flags & PG_tail))
		why = "freed by the wrong owner";
	else if (page->order != order)
		why = "freed with the wrong order";
	else {
		for (unsigned long i = 0; i < (1UL << order); i++) {
			if (page[i].decrypted) {
				why = "freed while still decrypted (shared with the host)";
				page += i;
				pfn += i;
				break;
			}
		}
	}
	if (!why)
		return true;
	bad_page(pfn, why, who);
	return false;
}

/*
 * kctx's page-ownership oracle: none of these is a check the kernel makes
 * (it does not know who owns a page, nor whether it is shared), so the
 * report is kctx's own, not the kernel's "BUG: Bad page state".
 */
void bad_page(unsigned long pfn, const char *why, const char *who)
{
	ReportBuilder rb;
	rb.kind = "KCTX";
	rb.header = strf("BUG: kctx: bad page free: %s", why);
	rb.title_hint = rb.header;
	struct page *p = bank_of_pfn(pfn) ? pfn_to_page(pfn) : nullptr;
	rb.body = strf("page: refcount:%d mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x%lx\n",
		       p && p->owner != (unsigned char)PageOwner::free ? 1 : 0, pfn);
	rb.body += strf("page dumped because: %s\n", why);
	if (who)
		rb.body += strf("freed through: %s\n", who);
	if (p && p->owner == (unsigned char)PageOwner::atomic_pool)
		rb.body += gen_pool_page_owner(pfn);
	emit_report(rb);
}

void free_pages_owned(struct page *page, unsigned order, PageOwner expect, const char *who)
{
	if (!check_page_free(page, order, expect, who))
		return;	/* like the kernel after a bad page: the page is taken out of use */
	set_owner(page, 1UL << order, PageOwner::free);
	buddy_free(page_to_pfn(page), order);
}

} /* namespace kshim */

using namespace kshim;

/* ---- the kernel-facing page allocator ----------------------------------------------------- */

/* model: allocations check the context, can be failed, and take pages from the simulated zones */

static void warn_alloc(gfp_t gfp, unsigned order)
{
	if (gfp & __GFP_NOWARN)
		return;
	printk(KERN_WARNING "%s: page allocation failure: order:%u, mode:0x%x\n", cur()->comm, order, gfp);
}

noinline struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	might_alloc(gfp);
	if (order > MAX_PAGE_ORDER) {
		WARN_ON_ONCE_AT("mm/page_alloc.c", 4832, !(gfp & __GFP_NOWARN));	/* WARN_ON_ONCE_GFP() */
		return nullptr;
	}
	if (should_fail_alloc(gfp, PAGE_SIZE << order, order)) {
		warn_alloc(gfp, order);
		return nullptr;
	}
	struct page *p = alloc_pages_nofail_check(gfp, order, PageOwner::buddy);
	if (!p)
		warn_alloc(gfp, order);
	return p;
}

noinline unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *p = alloc_pages(gfp_mask & ~__GFP_HIGHMEM, order);
	return p ? (unsigned long)page_address(p) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp_mask)	/* dup */
{
	return __get_free_pages(gfp_mask | __GFP_ZERO, 0);
}

noinline void __free_pages(struct page *page, unsigned int order)
{
	free_pages_owned(page, order, PageOwner::buddy, "__free_pages");
}

noinline void free_pages(unsigned long addr, unsigned int order)	/* dup */
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

void *page_address(const struct page *page)	/* dup: lowmem_page_address() */
{
	return pfn_to_kaddr(page_to_pfn(page));
}

bool has_managed_dma(void)
{
	return banks[0].size != 0;
}

bool has_managed_zone(enum zone_type zone)
{
	for (const Bank &b : banks)
		if (b.zone == (int)zone && b.size)
			return true;
	return false;
}

unsigned long totalram_pages(void)
{
	return (banks[0].size + banks[1].size + banks[2].size) >> PAGE_SHIFT;
}

bool virt_addr_valid(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	return (a >= KSHIM_PAGE_OFFSET && phys_valid(a - KSHIM_PAGE_OFFSET, 1)) || kshim::in_kimage(a);
}

bool is_vmalloc_addr(const void *x)
{
	uintptr_t a = (uintptr_t)x;
	return a >= KSHIM_VMALLOC_START && a < KSHIM_VMALLOC_END;
}

/*
 * x86 __phys_addr() with CONFIG_DEBUG_VIRTUAL: an image address is its offset
 * into the image plus where the image is loaded; any other address outside
 * the direct map is a bug.
 */
noinline unsigned long __phys_addr(unsigned long x)
{
	if (kshim::in_kimage(x))
		return x - (uintptr_t)__start_kshim_kimage + kshim::kimage_phys();
	if (!virt_addr_valid((void *)x) && !(x >= KSHIM_PAGE_OFFSET && x < KSHIM_PAGE_OFFSET + KSHIM_MAX_PHYS)) {
		ReportBuilder rb;
		rb.kind = "BUG";
		rb.header = "kernel BUG at arch/x86/mm/physaddr.c:28!";
		rb.body = strf("virt_to_phys() of 0x%lx, which is not a direct-map address\n", x);
		emit_report(rb);
		throw OpAbort();
	}
	return x - KSHIM_PAGE_OFFSET;
}

phys_addr_t virt_to_phys(volatile void *address)	/* dup */
{
	return __phys_addr((unsigned long)address);
}

void *phys_to_virt(phys_addr_t address)	/* dup */
{
	return __va(address);
}

/* model: one past the highest pfn of the simulated RAM, as memblock sets it */
unsigned long max_pfn;

/* model: the banks are System RAM; call func for each range inside [start_pfn, start_pfn + nr_pages) */
int walk_system_ram_range(unsigned long start_pfn, unsigned long nr_pages, void *arg,
			  int (*func)(unsigned long, unsigned long, void *))
{
	int ret = -EINVAL;
	for (const Bank &b : banks) {
		if (!b.size)
			continue;
		unsigned long lo = std::max(start_pfn, (unsigned long)(b.base >> PAGE_SHIFT));
		unsigned long hi = std::min(start_pfn + nr_pages, (unsigned long)((b.base + b.size) >> PAGE_SHIFT));
		if (lo >= hi)
			continue;
		ret = func(lo, hi - lo, arg);
		if (ret)
			break;
	}
	return ret;
}
