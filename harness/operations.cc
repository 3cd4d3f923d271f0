// SPDX-License-Identifier: GPL-2.0
/*
 * The operations: one handler per row of ops.def.  A handler makes the
 * kernel call its operation names, with the program's device, buffer and
 * mapping, and keeps the run's view of what is mapped for the oracles.
 * The kctx_* handlers are the "driver" frames of a report's trace.
 */
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "pattern.h"
#include "run.h"
#include "decor.h"
#include "swiotlb_api.h"

#include <linux/delay.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

using namespace kctx;

namespace kctx {

NamedLock *lock_named(const std::string &n)
{
	std::string name = n.empty() ? "kctx_lock" : n;
	auto &l = R->locks[name];
	if (!l) {
		l = std::make_unique<NamedLock>();
		l->name = name;
		__raw_spin_lock_init(&l->spin.rlock, l->name.c_str(), &l->keys[0], LD_WAIT_CONFIG);
		__raw_spin_lock_init(&l->raw, l->name.c_str(), &l->keys[1], LD_WAIT_SPIN);
		__mutex_init(&l->mtx, l->name.c_str(), &l->keys[2]);
	}
	return l.get();
}

/*
 * A mapping name is taken from the moment an operation starts creating it:
 * two contexts creating "m0" at once would otherwise lose one of them.
 */
struct NameClaim {
	std::string name;
	bool ok;
	explicit NameClaim(const std::string &n) : name(n), ok(R->claimed.insert(n).second) {}
	~NameClaim()
	{
		if (ok)
			R->claimed.erase(name);
	}
};

static MapState *live_map(const std::string &name)
{
	auto it = R->maps.find(name);
	return it != R->maps.end() && it->second->live && !it->second->unmapping ? it->second.get() : nullptr;
}

/* The live mapping of that name, if it is of that kind. */
static MapState *live_map_of(const std::string &name, MapKind kind)
{
	MapState *m = live_map(name);
	return m && m->kind == kind ? m : nullptr;
}

static bool name_taken(const std::string &name)
{
	auto it = R->maps.find(name);
	return it != R->maps.end() && it->second->live;
}

/* The device a new handle is made on, its name claimed for the operation: dev is NULL when either fails. */
struct NewHandle {
	struct device *dev = nullptr;
	std::optional<NameClaim> claim;
	explicit NewHandle(const Op *op)
	{
		auto d = R->devs.find(op->dev);
		if (d == R->devs.end() || name_taken(op->name))
			return;
		claim.emplace(op->name);
		if (claim->ok)
			dev = d->second;
	}
};

/* A live handle of that kind, as the kernel just made it. */
static std::unique_ptr<MapState> new_map(const Op *op, MapKind kind, struct device *dev, uint64_t len, uint64_t dma)
{
	auto m = std::make_unique<MapState>();
	m->name = op->name;
	m->kind = kind;
	m->dev = dev;
	m->len = len;
	m->dir = op->dir;
	m->attrs = op->attrs;
	m->dma = dma;
	m->live = true;
	return m;
}


/* The unmap operations: the mapping stops owning its slots when the kernel call starts. */
template <class F>
static void unmap_with(MapState *m, F kernel_unmap)
{
	m->unmapping = true;
	kernel_unmap();
	m->unmapping = false;
	m->live = false;
}

/*
 * What a mapping operation names: its device and the buffer range, clamped
 * to the buffer; false when they do not exist or the name is in use.
 */
static bool map_target(const Op *op, MapState *m)
{
	auto b = R->bufs.find(op->buf);
	auto d = R->devs.find(op->dev);
	if (b == R->bufs.end() || d == R->devs.end() || name_taken(op->name))
		return false;
	m->name = op->name;
	m->dev = d->second;
	m->buf = b->second.get();
	m->off = op->off % m->buf->size;
	m->len = op->len ? op->len : m->buf->size - m->off;
	if (m->off + m->len > m->buf->size)
		m->len = m->buf->size - m->off;
	m->dir = op->dir;
	m->attrs = op->attrs;
	return true;
}

/* A refused mapping is the kernel's answer, not a report; --trace says so, or a scenario that goes
 * quiet after a patch would not say why. */
static void note_refused(const Op *op)
{
	kshim::trace_note(fmt::format("{}/{}: {}: DMA_MAPPING_ERROR", task_comm(get_current()), task_pid_nr(get_current()),
				      op->name));
}

static uint8_t next_pattern()
{
	R->pattern = R->pattern * 37 + 11;
	return (uint8_t)(R->pattern | 1);
}

} /* namespace kctx */

/* ---- operations, named for the traces: these are the "driver" frames -------------------------------- */

noinline void kctx_map(const Op *op)
{
	MapState target;
	if (!map_target(op, &target))
		return;
	NameClaim claim(op->name);
	if (!claim.ok)
		return;
	BufState *buf = target.buf;
	uint64_t off = target.off, len = target.len;
	auto m = std::make_unique<MapState>(std::move(target));
	m->kind = op->code == OpCode::tbl_map ? MapKind::tbl : MapKind::single;
	m->dir = op->dir;
	m->attrs = op->attrs;
	m->align = op->align;
	m->cpu_pat = next_pattern();
	note_overlaps(m.get());
	if (!m->shared)
		fill(buf->va + off, m->cpu_pat, len);
	struct Inflight {	/* also gone when the operation aborts */
		MapState *m;
		explicit Inflight(MapState *x) : m(x) { R->inflight.push_back(m); }
		~Inflight() { std::erase(R->inflight, m); }
	} inflight(m.get());
	uint64_t phys = buf->phys + off;
	if (m->kind == MapKind::tbl) {
		uint64_t tlb = swiotlb_tbl_map(m->dev, phys, len, (unsigned)op->align, op->dir, op->attrs);
		if (tlb == (uint64_t)DMA_MAPPING_ERROR)
			return note_refused(op);
		m->dma = phys_to_dma_unencrypted(m->dev, tlb);
	} else {
		m->dma = kctx_dma_map_page_attrs(m->dev, pfn_to_page(phys >> PAGE_SHIFT), phys & ~PAGE_MASK, len, op->dir,
					    op->attrs);
		if (m->dma == DMA_MAPPING_ERROR)
			return note_refused(op);
	}
	m->live = true;
	m->bounced = is_bounced(m->dev, m->dma);
	MapState *mp = m.get();
	R->maps[op->name] = std::move(m);
	check_placement(mp, op);
	if (mp->device_reads())
		check_device_sees(mp, op, "map");
}

noinline void kctx_unmap(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind != MapKind::single)
		return;
	unsigned long attrs = m->attrs | op->attrs;
	unmap_with(m, [&] { kctx_dma_unmap_page_attrs(m->dev, m->dma, m->len, m->dir, attrs); });
	if (m->device_writes() && m->dev_wrote && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		check_cpu_sees(m, op, "unmap");
}

noinline void kctx_tbl_unmap(const Op *op)
{
	MapState *m = live_map_of(op->name, MapKind::tbl);
	if (!m)
		return;
	unmap_with(m, [&] {
		swiotlb_tbl_unmap(m->dev, dma_to_phys(m->dev, m->dma), m->len, m->dir, m->attrs | op->attrs);
	});
	if (m->device_writes() && m->dev_wrote && !((m->attrs | op->attrs) & DMA_ATTR_SKIP_CPU_SYNC))
		check_cpu_sees(m, op, "tbl_unmap");
}

noinline void kctx_sync_cpu(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind == MapKind::alloc || m->kind == MapKind::sg)
		return;
	kctx_dma_sync_single_for_cpu(m->dev, m->dma, m->len, m->dir);
	if (m->device_writes() && m->dev_wrote)
		check_cpu_sees(m, op, "sync_single_for_cpu");
}

noinline void kctx_sync_dev(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind == MapKind::alloc || m->kind == MapKind::sg)
		return;
	if (m->device_reads()) {
		m->cpu_pat = next_pattern();
		if (!m->shared)
			fill(m->buf->va + m->off, m->cpu_pat, m->len);
		m->dev_wrote = false;	/* the CPU's new data supersedes what the device wrote */
	}
	kctx_dma_sync_single_for_device(m->dev, m->dma, m->len, m->dir);
	if (m->device_reads())
		check_device_sees(m, op, "sync_single_for_device");
}

noinline void kctx_dev_write(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind == MapKind::alloc || m->kind == MapKind::sg || !m->device_writes())
		return;
	static std::vector<uint8_t> data;	/* reused: a fresh vector would zero len bytes first */
	if (data.size() < m->len)
		data.resize(m->len);
	m->dev_pat = next_pattern();
	fill(data.data(), m->dev_pat, m->len);
	if (kshim::device_dma_write(m->dev, m->dma, data.data(), m->len))
		m->dev_wrote = true;
}

noinline void kctx_dev_read(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind == MapKind::alloc || m->kind == MapKind::sg || !m->device_reads())
		return;
	if (m->dev_wrote)
		return;	/* the device reads back what it wrote itself */
	check_device_sees(m, op, "the last sync for the device");
}

noinline void kctx_map_sg(const Op *op)
{
	MapState target;
	if (!map_target(op, &target))
		return;
	NameClaim claim(op->name);
	if (!claim.ok)
		return;
	BufState *buf = target.buf;
	uint64_t off = target.off, len = target.len;
	unsigned nents = op->nents ? (unsigned)std::min<uint64_t>(op->nents, 8) : 2;
	if (len < nents)
		nents = 1;
	auto m = std::make_unique<MapState>(std::move(target));
	m->kind = MapKind::sg;
	m->sg.resize(nents);
	uint64_t chunk = len / nents, pos = off;
	for (unsigned i = 0; i < nents; i++) {
		uint64_t l = i + 1 == nents ? off + len - pos : chunk;
		uint64_t phys = buf->phys + pos;
		memset(&m->sg[i], 0, sizeof(m->sg[i]));
		sg_set_page(&m->sg[i], pfn_to_page(phys >> PAGE_SHIFT), (unsigned)l, (unsigned)(phys & ~PAGE_MASK));
		pos += l;
	}
	if (kctx_dma_map_sg_attrs(m->dev, m->sg.data(), (int)nents, op->dir, op->attrs) == 0)
		return;
	m->live = true;
	R->maps[op->name] = std::move(m);
}

noinline void kctx_unmap_sg(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind != MapKind::sg)
		return;
	unmap_with(m, [&] {
		kctx_dma_unmap_sg_attrs(m->dev, m->sg.data(), (int)m->sg.size(), m->dir, m->attrs | op->attrs);
	});
}

/* The whole list, entry by entry below mapping.c (dma-direct's or dma-iommu's sync per entry). */
noinline void kctx_sync_sg_cpu(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind != MapKind::sg)
		return;
	kctx_dma_sync_sg_for_cpu(m->dev, m->sg.data(), (int)m->sg.size(), m->dir);
}

noinline void kctx_sync_sg_dev(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind != MapKind::sg)
		return;
	kctx_dma_sync_sg_for_device(m->dev, m->sg.data(), (int)m->sg.size(), m->dir);
}

noinline void kctx_alloc(const Op *op)
{
	NewHandle h(op);
	struct device *dev = h.dev;
	if (!dev)
		return;
	size_t size = op->size ? op->size : PAGE_SIZE;
	/*
	 * dma-direct's allocator, the real one: a restricted pool's devices
	 * allocate from swiotlb, a confidential guest's from the atomic pools,
	 * the others from the page allocator (vmap()ed for a non-coherent
	 * arm64 device).  dma-iommu (untrusted devices) allocates without
	 * swiotlb and is not modelled.
	 */
	if (dev->kshim_untrusted)
		return;
	/* GFP_ATOMIC unless the scenario says: a driver may pass it in any context */
	uint64_t handle = 0;
	void *cpu = kctx_dma_alloc_attrs(dev, size, &handle, op->gfp, op->attrs);
	if (!cpu)
		return;
	struct page *pg = pfn_to_page(dma_to_phys(dev, handle) >> PAGE_SHIFT);
	auto m = new_map(op, MapKind::alloc, dev, size, handle);
	m->alloc_page = pg;
	m->alloc_cpu = cpu;
	uint64_t phys = page_to_phys(pg);
	if (phys & (PAGE_SIZE - 1))
		kshim::harness_bug("coherent allocation not page aligned",
				   fmt::format("allocation {} at {:#x}{}\n", op->name, phys, where(op)));
	/* the caller may use all of it; without a kernel mapping, cpu is only a cookie */
	if (!(op->attrs & DMA_ATTR_NO_KERNEL_MAPPING))
		memset(cpu, 0x3c, size);
	R->maps[op->name] = std::move(m);
}

noinline void kctx_free(const Op *op)
{
	MapState *m = live_map_of(op->name, MapKind::alloc);
	if (!m)
		return;
	/* the attributes it was allocated with, as dma_free_attrs() requires */
	unmap_with(m, [&] { kctx_dma_free_attrs(m->dev, m->len, m->alloc_cpu, m->dma, m->attrs); });
}

/* What a driver exporting a coherent buffer (a dma-buf) asks: the buffer as a scatterlist, and whether it can be mmap()ed. */
noinline void kctx_get_sgtable(const Op *op)
{
	MapState *m = live_map_of(op->name, MapKind::alloc);
	if (!m)
		return;
	bool can_mmap;
	struct page *pg = kctx_dma_sgtable_page(m->dev, m->alloc_cpu, m->dma, m->len, m->attrs, &can_mmap);
	if (pg && pg != m->alloc_page)
		kshim::harness_bug("sg table names another page",
				   fmt::format("dma_get_sgtable_attrs({}) gives pfn {:#x}, the allocation is at pfn {:#x}{}\n",
					       op->name, page_to_pfn(pg), page_to_pfn(m->alloc_page), where(op)));
	/* dma-direct mmaps coherent memory always, and remapped memory where arm64's DMA_NONCOHERENT_MMAP allows */
	if (!can_mmap && m->dev->dma_coherent)
		kshim::harness_bug("coherent memory cannot be mmap()ed",
				   fmt::format("dma_can_mmap({}) is false for a coherent device{}\n", dev_name(m->dev),
					       where(op)));
}

/* dma_alloc_pages(): pages the CPU reaches through their linear address, synced like a streaming mapping */
noinline void kctx_alloc_pages(const Op *op)
{
	NewHandle h(op);
	struct device *dev = h.dev;
	if (!dev || dev->kshim_untrusted)
		return;	/* dma-iommu's allocator is not modelled */
	uint64_t handle = 0;
	struct page *pg = kctx_dma_alloc_pages(dev, op->size, &handle, op->dir, op->gfp);
	if (!pg)
		return;
	auto m = new_map(op, MapKind::noncoherent, dev, op->size, handle);
	m->alloc_page = pg;
	if (dma_to_phys(dev, handle) != page_to_phys(pg))
		kshim::harness_bug("dma_alloc_pages() handle is not its page",
				   fmt::format("allocation {}: page at {:#x}, handle {:#x}{}\n", op->name,
					       (uint64_t)page_to_phys(pg), handle, where(op)));
	memset(page_address(pg), 0x3c, op->size);
	R->maps[op->name] = std::move(m);
}

noinline void kctx_free_pages(const Op *op)
{
	MapState *m = live_map_of(op->name, MapKind::noncoherent);
	if (!m)
		return;
	unmap_with(m, [&] { kctx_dma_free_pages(m->dev, m->len, m->alloc_page, m->dma, m->dir); });
}

/* A device's MMIO window (another device's BAR, a doorbell): no RAM there, as dma_map_resource() requires. */
static constexpr uint64_t kMmioBase = 0xfe000000ull;

noinline void kctx_map_resource(const Op *op)
{
	NewHandle h(op);
	if (!h.dev)
		return;
	uint64_t len = op->len ? op->len : PAGE_SIZE;
	uint64_t dma = kctx_dma_map_resource(h.dev, kMmioBase + op->off, len, op->dir, op->attrs);
	if (dma == DMA_MAPPING_ERROR)
		return note_refused(op);
	R->maps[op->name] = new_map(op, MapKind::resource, h.dev, len, dma);
}

noinline void kctx_unmap_resource(const Op *op)
{
	MapState *m = live_map_of(op->name, MapKind::resource);
	if (!m)
		return;
	unmap_with(m, [&] { kctx_dma_unmap_resource(m->dev, m->dma, m->len, m->dir, m->attrs | op->attrs); });
}

noinline void kctx_init_late(const Op *op)
{
	swiotlb_late_init(op->size, op->gfp | GFP_KERNEL);
}

noinline void kctx_pin_pool(const Op *)
{
	swiotlb_pin_pool();
}

/*
 * What a user reads in the middle of I/O: swiotlb_max_mapping_size() and the
 * debugfs files; io_tlb_used_hiwater is reset (writing 0), as tools do.
 */
noinline void kctx_query(const Op *op)
{
	for (const std::string &path : kshim::debugfs_paths()) {
		bool ok;
		kshim::debugfs_read(path, &ok);
		if (path.ends_with("io_tlb_used_hiwater") && kshim::debugfs_write(path, 0) != 0)
			kshim::harness_bug("debugfs reset refused",
					   fmt::format("writing 0 to {} failed{}\n", path, where(op)));
	}
	/* what arch code and drivers ask of the default pool */
	unsigned long size = swiotlb_default_size();
	if (!size || size % (2048 * 128))
		kshim::harness_bug("swiotlb size not in whole segments",
				   fmt::format("swiotlb_size_or_default() = {:#x}{}\n", size, where(op)));
	SwiotlbView v = swiotlb_view(nullptr);
	uint64_t limit = swiotlb_default_limit();
	for (const PoolView &pv : v.pools)
		if (!pv.dev_pool && !pv.transient && v.allocated && pv.end - 1 > limit)
			kshim::harness_bug("default pool above its limit",
					   fmt::format("default_swiotlb_limit() = {:#x}, pool [{:#x}-{:#x}]{}\n", limit,
						       pv.start, pv.end, where(op)));
	auto d = R->devs.find(op->dev);
	if (d == R->devs.end())
		return;
	struct device *dev = d->second;
	size_t max = swiotlb_max_mapping(dev);
	unsigned min_align = dev->dma_parms ? dev->dma_parms->min_align_mask : 0;
	size_t expect = 2048 * 128 - (min_align ? ((min_align + 2047) & ~2047UL) : 0);
	if (swiotlb_active(dev) && max != expect)
		kshim::harness_bug("max mapping size mismatch",
				   fmt::format("swiotlb_max_mapping_size({}) = {}, expected {}{}\n", op->dev, max, expect,
					       where(op)));
	/* what a driver sizes its requests by, through mapping.c */
	DmaLimits l = kctx_dma_limits(dev);
	uint64_t ram_top = ((uint64_t)max_pfn << PAGE_SHIFT) - 1;
	if (!dev->kshim_untrusted && (l.required_mask < ram_top || (!l.addressing_limited && device_dma_limit(dev) < ram_top)))
		kshim::harness_bug("required mask does not cover RAM",
				   fmt::format("{}: dma_get_required_mask() = {:#x}, dma_addressing_limited() = {}, RAM ends at "
					       "{:#x}, the device reaches {:#x}{}\n", op->dev, l.required_mask,
					       l.addressing_limited, ram_top, device_dma_limit(dev), where(op)));
	if (l.opt_mapping > l.max_mapping)
		kshim::harness_bug("optimal mapping size above the maximum",
				   fmt::format("dma_opt_mapping_size({}) = {} > dma_max_mapping_size() = {}{}\n", op->dev,
					       l.opt_mapping, l.max_mapping, where(op)));
	/* a bounced mapping is only coherent through the syncs: the layer must say it needs them */
	for (auto &[name, m] : R->maps)
		if (m->live && !m->unmapping && m->dev == dev && m->bounced && !kctx_dma_need_sync(dev, m->dma))
			kshim::harness_bug("bounced mapping needs no sync",
					   fmt::format("dma_need_sync({}, {:#x}) is false for bounced mapping {}{}\n",
						       op->dev, m->dma, name, where(op)));
}

/* raw primitives: the context rules themselves, without swiotlb */
noinline void kctx_spin_lock(const Op *op) { spin_lock(&lock_named(op->name)->spin); }
noinline void kctx_spin_unlock(const Op *op) { spin_unlock(&lock_named(op->name)->spin); }
noinline void kctx_raw_spin_lock(const Op *op) { raw_spin_lock(&lock_named(op->name)->raw); }
noinline void kctx_raw_spin_unlock(const Op *op) { raw_spin_unlock(&lock_named(op->name)->raw); }
noinline void kctx_mutex_lock(const Op *op) { mutex_lock(&lock_named(op->name)->mtx); }
noinline void kctx_mutex_unlock(const Op *op) { mutex_unlock(&lock_named(op->name)->mtx); }

noinline void kctx_kmalloc(const Op *op)
{
	void *p = kmalloc(op->size, op->gfp);
	kfree(p);
}

noinline void kctx_set_memory(const Op *op)
{
	int n = (int)std::min<uint64_t>(op->count ? op->count : 1, 4);
	if (op->code == OpCode::set_memory_decrypted)
		set_memory_decrypted((unsigned long)R->scratch, n);
	else
		set_memory_encrypted((unsigned long)R->scratch, n);
}

noinline void kctx_synchronize_rcu(const Op *) { synchronize_rcu(); }
noinline void kctx_msleep(const Op *op) { msleep((unsigned)op->count); }
noinline void kctx_might_sleep(const Op *) { might_sleep(); }
noinline void kctx_mdelay(const Op *op) { mdelay(op->count); }

/* Deferred work whose body may sleep: clean in process context, a bug elsewhere. */
static struct rcu_head kctx_rcu_head;
static struct rcu_work kctx_rwork;
static struct work_struct kctx_work;
static struct timer_list kctx_timer;

noinline void kctx_rcu_callback(struct rcu_head *) { might_sleep(); }
noinline void kctx_work_fn(struct work_struct *) { might_sleep(); }
noinline void kctx_timer_fn(struct timer_list *) { might_sleep(); }

noinline void kctx_call_rcu_sleep(const Op *) { call_rcu(&kctx_rcu_head, kctx_rcu_callback); }

noinline void kctx_rcu_work_sleep(const Op *)
{
	INIT_RCU_WORK(&kctx_rwork, kctx_work_fn);
	queue_rcu_work(system_wq, &kctx_rwork);
}

noinline void kctx_work_sleep(const Op *)
{
	INIT_WORK(&kctx_work, kctx_work_fn);
	schedule_work(&kctx_work);
}

noinline void kctx_timer_sleep(const Op *)
{
	timer_setup(&kctx_timer, kctx_timer_fn, 0);
	mod_timer(&kctx_timer, jiffies + 1);
}

namespace kctx {

/* scheduling and fault-injection events: the host makes them happen */
void ev_rcu_gp(const Op *) { kshim::force_grace_period(); }
void ev_rcu_callbacks(const Op *) { kshim::run_rcu_callbacks(); }
void ev_rcu_barrier(const Op *) { kshim::rcu_barrier_host(); }
void ev_workqueues(const Op *) { kshim::run_workqueues(); }
void ev_softirqs(const Op *) { kshim::run_softirqs(); }
void ev_drain(const Op *) { kshim::drain(); }
void ev_fail_alloc(const Op *op) { kshim::fail_next_allocs((unsigned)op->count, (unsigned)op->skip); }
void ev_fail_setmem(const Op *op) { kshim::fail_next_setmem((unsigned)op->count, (unsigned)op->skip); }

void ev_advance(const Op *op)
{
	kshim::advance_jiffies(op->count);
	kshim::run_until([] { return false; });
}

/* primitives called as they are: no frame of kctx's between the context and the kernel function */
void prim_rcu_read_lock(const Op *) { rcu_read_lock(); }
void prim_rcu_read_unlock(const Op *) { rcu_read_unlock(); }
void prim_local_irq_disable(const Op *) { local_irq_disable(); }
void prim_local_irq_enable(const Op *) { local_irq_enable(); }
void prim_preempt_disable(const Op *) { preempt_disable(); }
void prim_preempt_enable(const Op *) { preempt_enable(); }
void prim_local_bh_disable(const Op *) { local_bh_disable(); }
void prim_local_bh_enable(const Op *) { local_bh_enable(); }

using Handler = void (*)(const Op *);
static const Handler handlers[] = {
#define OP(name, kind, args, handle, slots, handler, entry) handler,
#include "ops.def"
#undef OP
};
static_assert(sizeof(handlers) / sizeof(handlers[0]) == (size_t)OpCode::count, "one handler per row");

void run_handler(const Op *op)
{
	handlers[(size_t)op->code](op);
}

} /* namespace kctx */

/*
 * Enter the operation's decorations, run it, leave them in reverse.  Outside
 * the namespace and not static: lockdep's "at:" lines name it.
 */
noinline void kctx_run_op(const kctx::Op *op)
{
	std::vector<unsigned long> flags;
	kctx::enter_decor(op->ctx, flags);
	kctx::run_handler(op);
	kctx::leave_decor(op->ctx, flags);
}
