// SPDX-License-Identifier: GPL-2.0
/*
 * kshim KASAN: memory errors in kernel code, reported as the kernel's
 * generic KASAN (6.12) reports them.
 *
 * kshim poisons simulated kernel memory for ASan: free pages, freed
 * kmalloc() objects (slab.cc keeps them in a quarantine) and the rest of an
 * object's pages, its redzone.  When ASan stops an access, __asan_on_error()
 * below looks at the code that made it.  In a kernel file (one the port
 * compiled) it is the kernel's bug: kshim names it from what it knows of the
 * address (a freed object, a redzone, a free page), with the stacks that
 * allocated and freed the object, and records a report in the kernel's
 * layout, with simulated addresses only, so that a replay prints the same
 * text.  Anywhere else it is a bug of kctx's own, and ASan's report stands.
 */
#include "sched.h"
#include "kasan.h"
#include "mem.h"
#include "printk.h"
#include "report.h"
#include "stacktrace.h"

#include <linux/mm.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#ifdef KSHIM_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace kshim {

struct SlabObject {
	size_t size;		/* as requested */
	unsigned order;		/* of its block of pages */
	bool dma;		/* from a dma-kmalloc cache */
	bool freed;
	Track alloc, free, aux[2];	/* aux: the last two call_rcu()s on it, newest first */
};

/* Live and quarantined objects, by address: what the report says about an address in one. */
static std::unordered_map<uintptr_t, SlabObject> objects;

void kasan_slab_alloc(const void *obj, size_t size, unsigned order, bool dma)
{
	SlabObject &o = objects[(uintptr_t)obj];
	o.size = size;
	o.order = order;
	o.dma = dma;
	o.freed = false;
	o.free.pid = o.aux[0].pid = o.aux[1].pid = -1;
	save_track(o.alloc);
}

void kasan_slab_free(const void *obj)
{
	auto it = objects.find((uintptr_t)obj);
	if (it == objects.end())
		return;
	it->second.freed = true;
	save_track(it->second.free);
}

void kasan_slab_release(const void *obj)
{
	objects.erase((uintptr_t)obj);
}

void kasan_slab_reset()
{
	objects.clear();
}

/* The object whose block of pages holds a: blocks are naturally aligned, as the buddy allocator hands them out. */
static uintptr_t object_at(uintptr_t a, SlabObject **obj)
{
	*obj = nullptr;
	for (unsigned o = 0; o <= MAX_PAGE_ORDER && !objects.empty(); o++) {
		uintptr_t base = a & ~((PAGE_SIZE << o) - 1);
		auto it = objects.find(base);
		if (it != objects.end() && a < base + (PAGE_SIZE << it->second.order)) {
			*obj = &it->second;
			return base;
		}
	}
	return 0;
}

void kasan_record_aux_stack(const void *addr)
{
	SlabObject *o;
	object_at((uintptr_t)addr, &o);
	if (!o || o->freed)
		return;
	o->aux[1] = o->aux[0];
	save_track(o->aux[0]);
}

/* kmalloc_index(): the cache a size comes from; 0 above KMALLOC_MAX_CACHE_SIZE (kmalloc_large()'s pages). */
static unsigned kmalloc_cache_size(size_t size)
{
	static const unsigned sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };
	for (unsigned s : sizes)
		if (size <= s)
			return s;
	return 0;
}

static std::string cache_name(unsigned size, bool dma)
{
	std::string n = size >= 1024 ? strf("kmalloc-%uk", size / 1024) : strf("kmalloc-%u", size);
	return dma ? "dma-" + n : n;
}

enum class Region : uint8_t { unknown, object, large, page, vmalloc, variable, stack };

struct Place {
	Region region = Region::unknown;
	uintptr_t base = 0;		/* the object's address */
	SlabObject *obj = nullptr;
	std::string variable;		/* %pS of it */
};

static Place place_of(const void *addr)
{
	Place p;
	uintptr_t a = (uintptr_t)addr;
	task_struct *t = cur();
	if (a >= KSHIM_PAGE_OFFSET && a < KSHIM_PAGE_OFFSET + KSHIM_MAX_PHYS) {
		p.base = object_at(a, &p.obj);
		p.region = !p.obj ? Region::page : kmalloc_cache_size(p.obj->size) ? Region::object : Region::large;
	} else if (a >= KSHIM_VMALLOC_START && a < KSHIM_VMALLOC_END) {
		p.region = Region::vmalloc;
	} else if (t && t->fiber.stack && a >= (uintptr_t)t->fiber.stack && a < (uintptr_t)t->fiber.stack + t->fiber.size) {
		p.region = Region::stack;
	} else if (!(p.variable = symbolize_variable(addr)).empty()) {
		p.region = Region::variable;
	}
	return p;
}

/*
 * get_bug_type(): what the shadow says in the kernel.  Outside kshim's own
 * memory (a host object kernel code was handed) ASan's name is all there is.
 */
static std::string bug_type(const Place &p, const char *asan_description)
{
	std::string d = asan_description ? asan_description : "";
	switch (p.region) {
	case Region::object:
		return p.obj->freed ? "slab-use-after-free" : "slab-out-of-bounds";
	case Region::large:	/* kmalloc_large(): KASAN_PAGE_FREE or KASAN_PAGE_REDZONE */
		return p.obj->freed ? "use-after-free" : "slab-out-of-bounds";
	case Region::page:
		return "use-after-free";
	case Region::vmalloc:
		return "vmalloc-out-of-bounds";
	case Region::variable:
		return "global-out-of-bounds";
	case Region::stack:
		return "stack-out-of-bounds";
	case Region::unknown:
		break;
	}
	if (d == "heap-use-after-free")
		return "slab-use-after-free";
	if (d == "heap-buffer-overflow")
		return "slab-out-of-bounds";
	if (d.rfind("stack-", 0) == 0)
		return "stack-out-of-bounds";
	if (d == "global-buffer-overflow")
		return "global-out-of-bounds";
	return "unknown-crash";
}

/* dump_page(), as much of it as kshim's struct page knows. */
static std::string physical_page(uint64_t phys, const SlabObject *obj)
{
	unsigned long pfn = phys >> PAGE_SHIFT;
	if (!phys_valid(phys, 1))
		return "";
	PageInfo pi = page_info(pfn);
	std::string s = "The buggy address belongs to the physical page:\n";
	s += strf("page: refcount:%d mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#lx\n",
		  pi.owner == PageOwner::free ? 0 : 1, pfn);
	if (obj && obj->order)
		s += strf("head: order:%u mapcount:0 entire_mapcount:0 nr_pages_mapped:0 pincount:0\n", obj->order);
	if (obj && kmalloc_cache_size(obj->size))
		s += "page_type: f5(slab)\n";
	return s + "page dumped because: kasan: bad access detected\n\n";
}

/* describe_object_addr() */
static std::string object_text(uintptr_t a, uintptr_t base, const SlabObject &o)
{
	unsigned cache = kmalloc_cache_size(o.size);
	/* a freed object's shadow no longer says how much was asked for: the cache's size stands */
	size_t region = o.freed ? cache : o.size;
	std::string s = strf("The buggy address belongs to the object at %s\n which belongs to the cache %s of size %u\n",
			     fake_address((void *)base).c_str(), cache_name(cache, o.dma).c_str(), cache);
	const char *rel = "inside";
	size_t bytes = a - base;
	if (a >= base + region) {
		rel = "to the right";
		bytes = a - (base + region);
	}
	s += strf("The buggy address is located %zu bytes %s of\n %s%zu-byte region [%s, %s)\n\n", bytes, rel,
		  o.freed ? "freed " : "allocated ", region, fake_address((void *)base).c_str(),
		  fake_address((void *)(base + region)).c_str());
	return s;
}

/* print_address_description() after the trace: the object, the variable or stack, the page. */
static std::string describe(const void *addr, const Place &p)
{
	uintptr_t a = (uintptr_t)addr;
	std::string s;
	switch (p.region) {
	case Region::object:
		s += track_text("Allocated", p.obj->alloc);
		if (p.obj->freed)
			s += track_text("Freed", p.obj->free);
		s += track_text("Last potentially related work creation", p.obj->aux[0], false);
		s += track_text("Second to last potentially related work creation", p.obj->aux[1], false);
		s += object_text(a, p.base, *p.obj);
		s += physical_page(a - KSHIM_PAGE_OFFSET, p.obj);
		break;
	case Region::large:
	case Region::page:
		s += physical_page(a - KSHIM_PAGE_OFFSET, p.obj);
		break;
	case Region::variable:
		s += "The buggy address belongs to the variable:\n " + p.variable + "\n\n";
		break;
	case Region::stack:
		s += strf("The buggy address belongs to stack of task %s/%d\n\n", cur()->comm, cur()->pid);
		break;
	case Region::vmalloc: {
		s += "The buggy address belongs to a vmalloc virtual mapping\n";
		bool ok;
		uint64_t phys = alias_to_phys(a, &ok);
		if (ok)
			s += physical_page(phys, nullptr);
		break;
	}
	case Region::unknown:
		break;
	}
	return s;
}

std::string kasan_describe_address(const void *addr)
{
	return describe(addr, place_of(addr));
}

static const char separator[] = "==================================================================";

/* What kasan_report() is told beyond the kernel's arguments: ASan's name for the error, and the trace. */
static const char *asan_description;
static RawTrace fault_trace;

static void (*kasan_handler)();

void set_kasan_handler(void (*fn)())
{
	kasan_handler = fn;
}

} /* namespace kshim */

using namespace kshim;

/* model: generic KASAN's report of a bad access; the trace below kasan_report() is the access's, from ASan */
noinline bool kasan_report(const void *addr, size_t size, bool is_write, unsigned long ip)
{
	RawTrace t;
	dump_stack_lvl(&t);
	t.n = std::min(t.n, 2u);	/* dump_stack_lvl, kasan_report: then the access, not ASan's frames */
	for (unsigned i = 0; i < fault_trace.n && t.n < 64; i++)
		t.pcs[t.n++] = fault_trace.pcs[i];
	Place p = place_of(addr);
	task_struct *c = cur() ? cur() : host_task;
	ReportBuilder rb;
	rb.kind = "KASAN";
	rb.cut_here = separator;
	rb.header = "BUG: KASAN: " + bug_type(p, asan_description) + " in " + symbolize_ip((void *)ip);
	rb.body = strf("%s of size %zu at addr %s by task %s/%d\n\n", is_write ? "Write" : "Read", size,
		       fake_address(addr).c_str(), c->comm, c->pid);
	rb.tail = "\n" + describe(addr, p) + separator + "\n";
	return emit_report_with_trace(rb, t, c);
}

#ifdef KSHIM_ASAN

namespace kshim {

/* ---- the sanitizers' own output ------------------------------------------------------------- */

static int held_fd = -1;
static pid_t held_pid;
static bool holding;

/* What was held, to stderr (or dropped); the buffer is empty again. */
static void flush_held(bool print)
{
	if (held_fd < 0 || held_pid != getpid())
		return;
	off_t n = lseek(held_fd, 0, SEEK_CUR);
	char buf[4096];
	for (off_t at = 0; print && at < n;) {
		ssize_t got = pread(held_fd, buf, sizeof(buf), at);
		if (got <= 0)
			break;
		if (write(2, buf, (size_t)got) != got)
			break;
		at += got;
	}
	if (ftruncate(held_fd, 0) == 0)
		lseek(held_fd, 0, SEEK_SET);
}

void release_sanitizer_output()
{
	if (!holding)
		return;
	holding = false;
	__sanitizer_set_report_fd((void *)(intptr_t)2);
	flush_held(true);
}

void hold_sanitizer_output()
{
	if (held_pid != getpid()) {
		/* a fork()ed child: the buffer it inherited is its parent's */
		held_fd = memfd_create("kshim-sanitizer-output", MFD_CLOEXEC);
		held_pid = getpid();
		static bool at_exit = (atexit(release_sanitizer_output), true);
		(void)at_exit;
	}
	if (held_fd < 0)
		return;
	__sanitizer_set_report_fd((void *)(intptr_t)held_fd);
	holding = true;
}

/* ASan's own frames at the top of a trace: its report functions and interceptors, and kshim's doors to them. */
static bool sanitizer_frame(void *pc)
{
	std::string n = symbol_name(pc);
	for (const char *p : { "__asan", "__interceptor", "___interceptor", "__sanitizer", "__interception", "__ubsan",
			       "__wrap___asan", "__kctx_kasan" })
		if (n.rfind(p, 0) == 0)
			return true;
	return false;
}

/* The access ASan stopped, if kernel code made it: its trace from the first kernel frame, in fault_trace. */
static bool kernel_access()
{
	void *pc = __asan_get_report_pc();
	if (!pc || !sim.booted)
		return false;	/* not an access (a deadly signal, a bad free), or no machine */
	RawTrace all;
	capture_stack_at(all, pc, __asan_get_report_bp());
	unsigned skip = 0;
	while (skip < all.n && sanitizer_frame(all.pcs[skip]))
		skip++;
	if (skip == all.n)
		return false;
	RawTrace first;
	first.pcs[0] = all.pcs[skip];
	first.n = 1;
	std::vector<const Frame *> f = symbolize(first);
	if (f.empty() || f[0]->file.empty())
		return false;	/* kshim's or the harness's own code */
	fault_trace.n = 0;
	for (unsigned i = skip; i < all.n; i++)
		fault_trace.pcs[fault_trace.n++] = all.pcs[i];
	return true;
}

/* ---- resuming after a report, as KASAN does -------------------------------------------------- */

/*
 * The kernel's KASAN reports a bad access and lets it happen.  kshim ends
 * the process instead (a run's output stops at its first memory error),
 * unless a resume hook (set_kasan_resume()) asks to go on: the fuzz target
 * does for a report it already knows.  For that the ported files are built
 * with -fsanitize-recover=address, so that a failed check calls ASan's
 * _noabort report functions, and linked with --wrap for them
 * (swiotlb/variants.cmake): they come here first.  Their memcpy/memmove/
 * memset calls are renamed __kctx_kasan_* (ASan's callback prefix) and
 * come here too.  Anything not resumed goes to ASan's fatal report, which
 * ends in __asan_on_error() above, as a build without recovery would.
 */
static bool (*kasan_resume_hook)();
static bool reported_before_asan;

static bool kasan_resume(const void *addr, size_t size, bool is_write, void *pc, void *fp)
{
	if (!kasan_resume_hook || !sim.booted || place_of(addr).region == Region::unknown)
		return false;	/* a host object: ASan's description names it */
	RawTrace all;
	capture_stack_at(all, pc, fp);
	RawTrace first;
	first.pcs[0] = all.pcs[0];
	first.n = 1;
	std::vector<const Frame *> f = symbolize(first);
	if (f.empty() || f[0]->file.empty())
		return false;	/* the port's glue, which is kshim's */
	flush_held(false);
	fault_trace = all;
	asan_description = nullptr;
	if (!kasan_report(addr, size, is_write, (unsigned long)pc))
		return false;
	if (kasan_resume_hook())
		return true;
	reported_before_asan = true;
	if (kasan_handler)
		kasan_handler();
	else
		fputs(reports().back().text.c_str(), stderr);
	hold_sanitizer_output();	/* ASan's first line, which __asan_on_error() drops */
	return false;
}

} /* namespace kshim */

void kshim::set_kasan_resume(bool (*fn)())
{
	kasan_resume_hook = fn;
}

#define KASAN_DOOR(type, is_write, size)								\
	extern "C" void __asan_report_##type##size(uintptr_t addr);					\
	extern "C" noinline void __wrap___asan_report_##type##size##_noabort(uintptr_t addr)		\
	{												\
		if (!kasan_resume((void *)addr, size, is_write, __builtin_return_address(0),		\
				  __builtin_frame_address(0)))						\
			__asan_report_##type##size(addr);						\
	}
/* dup: the doors in front of ASan's report functions (above) */
KASAN_DOOR(load, false, 1) KASAN_DOOR(load, false, 2) KASAN_DOOR(load, false, 4) KASAN_DOOR(load, false, 8)
KASAN_DOOR(load, false, 16) KASAN_DOOR(store, true, 1) KASAN_DOOR(store, true, 2) KASAN_DOOR(store, true, 4)
KASAN_DOOR(store, true, 8) KASAN_DOOR(store, true, 16)

extern "C" void __asan_report_load_n(uintptr_t addr, uintptr_t size);
extern "C" void __asan_report_store_n(uintptr_t addr, uintptr_t size);

/* dup: ASan's report function for other sizes */
extern "C" noinline void __wrap___asan_report_load_n_noabort(uintptr_t addr, uintptr_t size)
{
	if (!kasan_resume((void *)addr, size, false, __builtin_return_address(0), __builtin_frame_address(0)))
		__asan_report_load_n(addr, size);
}

/* dup: ASan's report function for other sizes */
extern "C" noinline void __wrap___asan_report_store_n_noabort(uintptr_t addr, uintptr_t size)
{
	if (!kasan_resume((void *)addr, size, true, __builtin_return_address(0), __builtin_frame_address(0)))
		__asan_report_store_n(addr, size);
}

extern "C" void *__asan_memcpy(void *to, const void *from, size_t n);
extern "C" void *__asan_memmove(void *to, const void *from, size_t n);
extern "C" void *__asan_memset(void *to, int c, size_t n);

/* A resumed access does what the kernel's would: a plain copy, unchecked. */
__attribute__((no_sanitize("address"))) static void raw_move(volatile uint8_t *to, const volatile uint8_t *from, size_t n)
{
	if (to < from)
		for (size_t i = 0; i < n; i++)
			to[i] = from[i];
	else
		while (n--)
			to[n] = from[n];
}

__attribute__((no_sanitize("address"))) static void raw_set(volatile uint8_t *to, int c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		to[i] = (uint8_t)c;
}

/*
 * ASan checks the source first, then the destination (its memcpy
 * interceptor).  A clean range is checked again by __asan_memcpy() after
 * this: calling libc's copy instead measured no faster (docs/performance.md).
 */
static bool kasan_resume_range(void *to, const void *from, size_t n, void *pc, void *fp)
{
	if (!kasan_resume_hook || !n)
		return false;
	if (from)
		if (void *bad = __asan_region_is_poisoned((void *)from, n))
			return kasan_resume(bad, n, false, pc, fp);
	if (void *bad = __asan_region_is_poisoned(to, n))
		return kasan_resume(bad, n, true, pc, fp);
	return false;
}

/* model: KASAN's memcpy(), which checks both ranges and copies anyway */
extern "C" noinline void *__kctx_kasan_memcpy(void *to, const void *from, size_t n)
{
	if (!kasan_resume_range(to, from, n, __builtin_return_address(0), __builtin_frame_address(0)))
		return __asan_memcpy(to, from, n);
	raw_move((uint8_t *)to, (const uint8_t *)from, n);
	return to;
}

/* model: KASAN's memmove() */
extern "C" noinline void *__kctx_kasan_memmove(void *to, const void *from, size_t n)
{
	if (!kasan_resume_range(to, from, n, __builtin_return_address(0), __builtin_frame_address(0)))
		return __asan_memmove(to, from, n);
	raw_move((uint8_t *)to, (const uint8_t *)from, n);
	return to;
}

/* model: KASAN's memset() */
extern "C" noinline void *__kctx_kasan_memset(void *to, int c, size_t n)
{
	if (!kasan_resume_range(to, nullptr, n, __builtin_return_address(0), __builtin_frame_address(0)))
		return __asan_memset(to, c, n);
	raw_set((uint8_t *)to, c, n);
	return to;
}

/* ASan ends the process; its own report, with host addresses, goes nowhere */
static void mute_asan_report()
{
	fflush(stdout);
	fflush(stderr);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0) {
		holding = false;
		__sanitizer_set_report_fd((void *)(intptr_t)null);
	}
}

/*
 * ASan's hook, called after it has found an error and before it prints the
 * report (its first line excepted: held, if the process holds its output).
 */
extern "C" void __asan_on_error()
{
	if (reported_before_asan) {
		/* kasan_resume() has reported it, and the hook chose not to resume */
		reported_before_asan = false;
		flush_held(false);
		mute_asan_report();
		return;
	}
	if (!kernel_access()) {
		release_sanitizer_output();	/* kctx's own bug: ASan's report, in full */
		return;
	}
	flush_held(false);
	asan_description = __asan_get_report_description();
	bool reported = kasan_report(__asan_get_report_address(), __asan_get_report_access_size(),
				     __asan_get_report_access_type() != 0, (unsigned long)fault_trace.pcs[0]);
	if (!reported) {
		release_sanitizer_output();	/* found while reporting: ASan's report is all there is */
		return;
	}
	if (kasan_handler)
		kasan_handler();
	else
		fputs(reports().back().text.c_str(), stderr);
	mute_asan_report();
}

#else

namespace kshim {

void hold_sanitizer_output()
{
}

void release_sanitizer_output()
{
}

/* without ASan no access is stopped, so there is nothing to resume */
void set_kasan_resume(bool (*)())
{
}

} /* namespace kshim */

#endif
