// SPDX-License-Identifier: GPL-2.0
/*
 * The executor: boots a fresh simulated kernel for a Program, declares its
 * devices and buffers, runs each step's operations in their contexts, drains
 * deferred work, and checks the oracles (bounce data, alignment, DMA mask,
 * overlap, counters) along the way.  Violations become reports; kshim's
 * own checks (sleep, lockdep, RCU, page state) report by themselves.
 */
/* The C++ library first: kernel headers define macros like "noinline". */
#include <algorithm>
#include <map>
#include <set>
#include <memory>

#include <kshim/fifo.h>

#include <fmt/format.h>

#include "executor.h"
#include "pattern.h"
#include "swiotlb_api.h"

#include <linux/delay.h>
#include <linux/dma-direct.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/scatterlist.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

using kshim::Report;

namespace kctx {

/* ---- per-run state --------------------------------------------------------------------- */

struct BufState {
	std::string name;
	struct page *page = nullptr;
	unsigned order = 0;
	uint64_t phys = 0;	/* where the data starts */
	char *va = nullptr;
	uint64_t size = 0;
};

enum class MapKind : uint8_t { single, sg, tbl, alloc };

struct MapState {
	std::string name;
	MapKind kind = MapKind::single;
	struct device *dev = nullptr;
	BufState *buf = nullptr;
	uint64_t off = 0, len = 0;
	int dir = 0;
	unsigned long attrs = 0;
	uint64_t dma = 0;
	bool bounced = false;
	bool live = false;
	/*
	 * An unmap is under way: swiotlb may have released the slots already
	 * (an interrupt at its unlock can map them again), so the mapping no
	 * longer owns them, and no other operation may use it; the name stays
	 * taken until the unmap returns.
	 */
	bool unmapping = false;
	uint8_t cpu_pat = 0, dev_pat = 0;
	bool dev_wrote = false;
	/*
	 * Another mapping covers the same CPU bytes.  The DMA API gives no
	 * guarantee about their contents then (a driver bug of the caller's,
	 * here the program's), so the data oracles stay out of it.
	 */
	bool shared = false;
	std::vector<struct scatterlist> sg;
	struct page *alloc_page = nullptr;
};

struct NamedLock {
	spinlock_t spin;
	raw_spinlock_t raw;
	struct mutex mtx;
	struct lock_class_key keys[3];
	std::string name;
};

struct HTask {
	task_struct *t = nullptr;
	kshim::Fifo<const Op *> q;
	bool exit = false;
};

struct Run {
	const Program *p;
	std::map<std::string, struct device *> devs;
	std::map<std::string, std::unique_ptr<BufState>> bufs;
	std::map<std::string, std::unique_ptr<MapState>> maps;
	std::map<std::string, std::unique_ptr<NamedLock>> locks;
	HTask tasks[8];
	std::vector<const Op *> step_ops, done;	/* the current step's operations, and those finished */
	unsigned pattern = 1;
	void *scratch = nullptr;	/* for set_memory_* primitives */
	bool oops = false;
	std::vector<MapState *> inflight;	/* being mapped right now, in some context */
	std::set<std::string> claimed;		/* names of mappings being created right now */
	uint8_t *features = nullptr;
	size_t nfeatures = 0;
};
static Run *R;

static void feature(size_t idx)
{
	if (R->features && R->nfeatures) {
		uint8_t &c = R->features[idx % R->nfeatures];
		if (c < 255)
			c++;
	}
}

/* Which kind of atomic section an operation runs under: none, irqs, preempt/bh/rcu, a lock. */
static unsigned decor_class(const Ctx &c)
{
	unsigned k = 0;
	for (Decor d : c.decor) {
		unsigned x = d == Decor::irqs_off || d == Decor::spin_irqsave ? 1 :
			     d == Decor::spin || d == Decor::raw_spin || d == Decor::spin_bh || d == Decor::mutex ? 3 : 2;
		k = std::max(k, x);
	}
	return k;
}

static NamedLock *lock_named(const std::string &n)
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

static bool name_taken(const std::string &name)
{
	auto it = R->maps.find(name);
	return it != R->maps.end() && it->second->live;
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

static uint8_t next_pattern()
{
	R->pattern = R->pattern * 37 + 11;
	return (uint8_t)(R->pattern | 1);
}

static std::string where(const Op *op)
{
	return op->line ? fmt::format(" (scenario line {})", op->line) : "";
}

/* ---- oracles -------------------------------------------------------------------------------- */

static bool is_bounced(struct device *dev, uint64_t dma)
{
	return swiotlb_is_bounce_buffer(dev, dma_to_phys(dev, dma));
}

/* Mark m and every live or in-flight mapping of the same CPU bytes as shared. */
static void note_overlaps(MapState *m)
{
	auto overlaps = [m](const MapState *o) {
		return o != m && o->buf == m->buf && o->off < m->off + m->len && m->off < o->off + o->len;
	};
	for (auto &kv : R->maps)
		if (kv.second->live && kv.second->buf && overlaps(kv.second.get()))
			kv.second->shared = m->shared = true;
	for (MapState *o : R->inflight)
		if (overlaps(o))
			o->shared = m->shared = true;
}

static void check_device_sees(MapState *m, const Op *op, const char *after)
{
	if (m->shared)
		return;
	const void *seen = kshim::device_dma_view(m->dev, m->dma, m->len);
	if (!seen)
		return;
	size_t bad;
	if (!matches(seen, m->cpu_pat, m->len, &bad))
		kshim::harness_bug("device does not see the CPU's data",
				   fmt::format("mapping {}: after {}, byte {} of {} differs between the CPU buffer and what the "
					       "device reads at dma {:#x}{}\n", m->name, after, bad, m->len, m->dma, where(op)));
}

static void check_cpu_sees(MapState *m, const Op *op, const char *after)
{
	if (m->shared)
		return;
	size_t bad;
	if (!matches(m->buf->va + m->off, m->dev_pat, m->len, &bad))
		kshim::harness_bug("CPU does not see the device's data",
				   fmt::format("mapping {}: after {}, byte {} of {} the device wrote did not reach the CPU "
					       "buffer{}\n", m->name, after, bad, m->len, where(op)));
}

static void check_placement(MapState *m, const Op *op)
{
	struct device *dev = m->dev;
	uint64_t orig = m->buf->phys + m->off;
	uint64_t limit = *dev->dma_mask;
	if (dev->bus_dma_limit && (!limit || dev->bus_dma_limit < limit))
		limit = dev->bus_dma_limit;
	/*
	 * An untrusted device sits behind an IOMMU: its DMA address is an IOVA
	 * the IOMMU allocates within the mask.  kctx maps IOVA = phys (see the
	 * README's limits), so the mask says nothing about it here.
	 */
	if (!dev->kshim_untrusted && m->dma + m->len - 1 > limit)
		kshim::harness_bug("DMA address beyond the device's mask",
				   fmt::format("mapping {}: dma {:#x}+{} exceeds mask {:#x}{}\n", m->name, m->dma, m->len,
					       limit, where(op)));
	if (!m->bounced)
		return;
	uint64_t tlb = dma_to_phys(dev, m->dma);
	unsigned min_align = dev->dma_parms ? dev->dma_parms->min_align_mask : 0;
	uint64_t align = m->kind == MapKind::tbl ? op->align : (dev->kshim_untrusted ? PAGE_SIZE - 1 : 0);
	if ((tlb & min_align) != (orig & min_align))
		kshim::harness_bug("min_align_mask not preserved",
				   fmt::format("mapping {}: bounce address {:#x} and original {:#x} differ under "
					       "min_align_mask {:#x}{}\n", m->name, tlb, orig, min_align, where(op)));
	uint64_t start = tlb - (orig & min_align & (align | 2047));
	if (start & align)
		kshim::harness_bug("alloc_align_mask not honoured",
				   fmt::format("mapping {}: allocation at {:#x} is not aligned to {:#x}{}\n", m->name,
					       start, align + 1, where(op)));
	if (!align && !min_align && m->len >= PAGE_SIZE && (tlb & (PAGE_SIZE - 1)))
		kshim::harness_bug("page-sized mapping not page aligned",
				   fmt::format("mapping {}: {} bytes bounced at {:#x}{}\n", m->name, m->len, tlb, where(op)));
	unsigned long boundary = dma_get_seg_boundary(dev);
	if ((m->dma & ~(uint64_t)boundary) != ((m->dma + m->len - 1) & ~(uint64_t)boundary))
		kshim::harness_bug("segment boundary crossed",
				   fmt::format("mapping {}: dma {:#x}+{} crosses boundary mask {:#x}{}\n", m->name, m->dma,
					       m->len, boundary, where(op)));
	for (auto &kv : R->maps) {
		MapState *o = kv.second.get();
		if (o == m || !o->live || o->unmapping || !o->bounced || o->dev != m->dev)
			continue;
		uint64_t a = dma_to_phys(dev, o->dma);
		if (a < tlb + m->len && tlb < a + o->len)
			kshim::harness_bug("overlapping bounce buffers",
					   fmt::format("mappings {} and {} share bounce memory at {:#x}{}\n", o->name, m->name,
						       tlb, where(op)));
	}
}

} /* namespace kctx */

using namespace kctx;

/* ---- operations, named for the traces: these are the "driver" frames -------------------------------- */

noinline void kctx_map(const Op *op)
{
	auto b = R->bufs.find(op->buf);
	auto d = R->devs.find(op->dev);
	if (b == R->bufs.end() || d == R->devs.end() || name_taken(op->name))
		return;
	NameClaim claim(op->name);
	if (!claim.ok)
		return;
	BufState *buf = b->second.get();
	uint64_t off = op->off % buf->size;
	uint64_t len = op->len ? op->len : buf->size - off;
	if (off + len > buf->size)
		len = buf->size - off;
	auto m = std::make_unique<MapState>();
	m->name = op->name;
	m->kind = op->code == OpCode::tbl_map ? MapKind::tbl : MapKind::single;
	m->dev = d->second;
	m->buf = buf;
	m->off = off;
	m->len = len;
	m->dir = op->dir;
	m->attrs = op->attrs;
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
		if (tlb == ~0ULL)
			return;
		m->dma = phys_to_dma_unencrypted(m->dev, tlb);
	} else {
		m->dma = dma_map_page_attrs(m->dev, pfn_to_page(phys >> PAGE_SHIFT), phys & ~PAGE_MASK, len, op->dir,
					    op->attrs);
		if (m->dma == ~0ULL)
			return;
	}
	m->live = true;
	m->bounced = is_bounced(m->dev, m->dma);
	MapState *mp = m.get();
	R->maps[op->name] = std::move(m);
	check_placement(mp, op);
	if (mp->dir != 2)
		check_device_sees(mp, op, "map");
}

noinline void kctx_unmap(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind != MapKind::single)
		return;
	unsigned long attrs = m->attrs | op->attrs;
	unmap_with(m, [&] { dma_unmap_page_attrs(m->dev, m->dma, m->len, m->dir, attrs); });
	if (m->dir != 1 && m->dev_wrote && !(attrs & (1UL << 5)))
		check_cpu_sees(m, op, "unmap");
}

noinline void kctx_tbl_unmap(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind != MapKind::tbl)
		return;
	unmap_with(m, [&] {
		swiotlb_tbl_unmap(m->dev, dma_to_phys(m->dev, m->dma), m->len, m->dir, m->attrs | op->attrs);
	});
	if (m->dir != 1 && m->dev_wrote && !((m->attrs | op->attrs) & (1UL << 5)))
		check_cpu_sees(m, op, "tbl_unmap");
}

noinline void kctx_sync_cpu(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind == MapKind::alloc || m->kind == MapKind::sg)
		return;
	dma_sync_single_for_cpu(m->dev, m->dma, m->len, m->dir);
	if (m->dir != 1 && m->dev_wrote)
		check_cpu_sees(m, op, "sync_single_for_cpu");
}

noinline void kctx_sync_dev(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind == MapKind::alloc || m->kind == MapKind::sg)
		return;
	if (m->dir != 2) {
		m->cpu_pat = next_pattern();
		if (!m->shared)
			fill(m->buf->va + m->off, m->cpu_pat, m->len);
		m->dev_wrote = false;	/* the CPU's new data supersedes what the device wrote */
	}
	dma_sync_single_for_device(m->dev, m->dma, m->len, m->dir);
	if (m->dir != 2)
		check_device_sees(m, op, "sync_single_for_device");
}

noinline void kctx_dev_write(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind == MapKind::alloc || m->kind == MapKind::sg || m->dir == 1)
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
	if (!m || m->kind == MapKind::alloc || m->kind == MapKind::sg || m->dir == 2)
		return;
	if (m->dev_wrote)
		return;	/* the device reads back what it wrote itself */
	check_device_sees(m, op, "the last sync for the device");
}

noinline void kctx_map_sg(const Op *op)
{
	auto b = R->bufs.find(op->buf);
	auto d = R->devs.find(op->dev);
	if (b == R->bufs.end() || d == R->devs.end() || name_taken(op->name))
		return;
	NameClaim claim(op->name);
	if (!claim.ok)
		return;
	BufState *buf = b->second.get();
	uint64_t off = op->off % buf->size;
	uint64_t len = op->len ? op->len : buf->size - off;
	if (off + len > buf->size)
		len = buf->size - off;
	unsigned nents = op->n ? (unsigned)std::min<uint64_t>(op->n, 8) : 2;
	if (len < nents)
		nents = 1;
	auto m = std::make_unique<MapState>();
	m->name = op->name;
	m->kind = MapKind::sg;
	m->dev = d->second;
	m->buf = buf;
	m->off = off;
	m->len = len;
	m->dir = op->dir;
	m->attrs = op->attrs;
	m->sg.resize(nents);
	uint64_t chunk = len / nents, pos = off;
	for (unsigned i = 0; i < nents; i++) {
		uint64_t l = i + 1 == nents ? off + len - pos : chunk;
		uint64_t phys = buf->phys + pos;
		memset(&m->sg[i], 0, sizeof(m->sg[i]));
		sg_set_page(&m->sg[i], pfn_to_page(phys >> PAGE_SHIFT), (unsigned)l, (unsigned)(phys & ~PAGE_MASK));
		pos += l;
	}
	if (dma_map_sg_attrs(m->dev, m->sg.data(), (int)nents, op->dir, op->attrs) == 0)
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
		dma_unmap_sg_attrs(m->dev, m->sg.data(), (int)m->sg.size(), m->dir, m->attrs | op->attrs);
	});
}

noinline void kctx_alloc(const Op *op)
{
	auto d = R->devs.find(op->dev);
	if (d == R->devs.end() || name_taken(op->name))
		return;
	NameClaim claim(op->name);
	if (!claim.ok)
		return;
	size_t size = op->len ? op->len : PAGE_SIZE;
	struct device *dev = d->second;
	/*
	 * Only dma-direct's allocations from a restricted pool reach swiotlb:
	 * dma-iommu (untrusted devices) allocates without it, and a
	 * non-coherent device under DMA_DIRECT_REMAP would be vmap()ed, which
	 * kctx does not model.
	 */
	if (!swiotlb_for_alloc(dev) || dev->kshim_untrusted || (!dev->dma_coherent && kshim::config().remap()))
		return;
	/* GFP_ATOMIC, which a driver may pass in any context: gfp does not change this path */
	uint64_t handle = 0;
	void *cpu = dma_alloc_attrs(dev, size, &handle, GFP_ATOMIC, 0);
	if (!cpu)
		return;
	struct page *pg = virt_to_page(cpu);
	auto m = std::make_unique<MapState>();
	m->name = op->name;
	m->kind = MapKind::alloc;
	m->dev = dev;
	m->len = size;
	m->alloc_page = pg;
	m->dma = handle;
	m->live = true;
	uint64_t phys = page_to_phys(pg);
	if (phys & (PAGE_SIZE - 1))
		kshim::harness_bug("restricted pool allocation not page aligned",
				   fmt::format("allocation {} at {:#x}{}\n", op->name, phys, where(op)));
	memset(page_address(pg), 0x3c, size);	/* the caller may use all of it */
	R->maps[op->name] = std::move(m);
}

noinline void kctx_free(const Op *op)
{
	MapState *m = live_map(op->name);
	if (!m || m->kind != MapKind::alloc)
		return;
	unmap_with(m, [&] { dma_free_attrs(m->dev, m->len, page_address(m->alloc_page), m->dma, 0); });
}

noinline void kctx_init_late(const Op *op)
{
	swiotlb_late_init(op->len, op->gfp | GFP_KERNEL);
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
	void *p = kmalloc(op->len, op->gfp);
	kfree(p);
}

noinline void kctx_set_memory(const Op *op)
{
	int n = (int)std::min<uint64_t>(op->n ? op->n : 1, 4);
	if (op->code == OpCode::set_memory_decrypted)
		set_memory_decrypted((unsigned long)R->scratch, n);
	else
		set_memory_encrypted((unsigned long)R->scratch, n);
}

noinline void kctx_synchronize_rcu(const Op *) { synchronize_rcu(); }
noinline void kctx_msleep(const Op *op) { msleep((unsigned)op->n); }
noinline void kctx_might_sleep(const Op *) { might_sleep(); }

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

static void call_op(const Op *op)
{
	switch (op->code) {
	case OpCode::map: kctx_map(op); break;
	case OpCode::tbl_map: kctx_map(op); break;
	case OpCode::unmap: kctx_unmap(op); break;
	case OpCode::tbl_unmap: kctx_tbl_unmap(op); break;
	case OpCode::sync_cpu: kctx_sync_cpu(op); break;
	case OpCode::sync_dev: kctx_sync_dev(op); break;
	case OpCode::dev_write: kctx_dev_write(op); break;
	case OpCode::dev_read: kctx_dev_read(op); break;
	case OpCode::map_sg: kctx_map_sg(op); break;
	case OpCode::unmap_sg: kctx_unmap_sg(op); break;
	case OpCode::alloc: kctx_alloc(op); break;
	case OpCode::free: kctx_free(op); break;
	case OpCode::init_late: kctx_init_late(op); break;
	case OpCode::pin_pool: kctx_pin_pool(op); break;
	case OpCode::query: kctx_query(op); break;
	case OpCode::spin_lock: kctx_spin_lock(op); break;
	case OpCode::spin_unlock: kctx_spin_unlock(op); break;
	case OpCode::raw_spin_lock: kctx_raw_spin_lock(op); break;
	case OpCode::raw_spin_unlock: kctx_raw_spin_unlock(op); break;
	case OpCode::mutex_lock: kctx_mutex_lock(op); break;
	case OpCode::mutex_unlock: kctx_mutex_unlock(op); break;
	case OpCode::kmalloc: kctx_kmalloc(op); break;
	case OpCode::set_memory_encrypted:
	case OpCode::set_memory_decrypted: kctx_set_memory(op); break;
	case OpCode::rcu_read_lock: rcu_read_lock(); break;
	case OpCode::rcu_read_unlock: rcu_read_unlock(); break;
	case OpCode::local_irq_disable: local_irq_disable(); break;
	case OpCode::local_irq_enable: local_irq_enable(); break;
	case OpCode::preempt_disable: preempt_disable(); break;
	case OpCode::preempt_enable: preempt_enable(); break;
	case OpCode::local_bh_disable: local_bh_disable(); break;
	case OpCode::local_bh_enable: local_bh_enable(); break;
	case OpCode::synchronize_rcu: kctx_synchronize_rcu(op); break;
	case OpCode::msleep: kctx_msleep(op); break;
	case OpCode::might_sleep: kctx_might_sleep(op); break;
	case OpCode::call_rcu_sleep: kctx_call_rcu_sleep(op); break;
	case OpCode::rcu_work_sleep: kctx_rcu_work_sleep(op); break;
	case OpCode::work_sleep: kctx_work_sleep(op); break;
	case OpCode::timer_sleep: kctx_timer_sleep(op); break;
	default: break;
	}
}

} /* namespace kctx */

/*
 * Enter the operation's decorations, run it, leave them in reverse.  Outside
 * the namespace and not static: lockdep's "at:" lines name it.
 */
noinline void kctx_run_op(const kctx::Op *op)
{
	using namespace kctx;
	const Ctx &c = op->ctx;
	NamedLock *l = nullptr;
	std::vector<unsigned long> flags;
	for (size_t i = 0; i < c.decor.size(); i++) {
		switch (c.decor[i]) {
		case Decor::irqs_off: flags.push_back(arch_local_irq_save()); break;
		case Decor::preempt_off: preempt_disable(); break;
		case Decor::bh_off: local_bh_disable(); break;
		case Decor::rcu: rcu_read_lock(); break;
		case Decor::rcu_bh: rcu_read_lock_bh(); break;
		case Decor::rcu_sched: rcu_read_lock_sched(); break;
		case Decor::spin: l = lock_named(c.lock(i)); spin_lock(&l->spin); break;
		case Decor::spin_irqsave: l = lock_named(c.lock(i)); flags.push_back(_spin_lock_irqsave(&l->spin)); break;
		case Decor::spin_bh: l = lock_named(c.lock(i)); spin_lock_bh(&l->spin); break;
		case Decor::raw_spin: l = lock_named(c.lock(i)); raw_spin_lock(&l->raw); break;
		case Decor::mutex: l = lock_named(c.lock(i)); mutex_lock(&l->mtx); break;
		default: break;
		}
	}
	call_op(op);
	for (size_t i = c.decor.size(); i-- > 0;) {
		switch (c.decor[i]) {
		case Decor::irqs_off: arch_local_irq_restore(flags.back()); flags.pop_back(); break;
		case Decor::preempt_off: preempt_enable(); break;
		case Decor::bh_off: local_bh_enable(); break;
		case Decor::rcu: rcu_read_unlock(); break;
		case Decor::rcu_bh: rcu_read_unlock_bh(); break;
		case Decor::rcu_sched: rcu_read_unlock_sched(); break;
		case Decor::spin: spin_unlock(&lock_named(c.lock(i))->spin); break;
		case Decor::spin_irqsave:
			spin_unlock_irqrestore(&lock_named(c.lock(i))->spin, flags.back());
			flags.pop_back();
			break;
		case Decor::spin_bh: spin_unlock_bh(&lock_named(c.lock(i))->spin); break;
		case Decor::raw_spin: raw_spin_unlock(&lock_named(c.lock(i))->raw); break;
		case Decor::mutex: mutex_unlock(&lock_named(c.lock(i))->mtx); break;
		default: break;
		}
	}
	(void)l;	/* the locks live in the run's table until it ends */
}

namespace kctx {

static void op_in_context(void *arg)
{
	const Op *op = (const Op *)arg;
	feature(((size_t)op->code * 4 + (size_t)op->ctx.kind) * 4 + decor_class(op->ctx));
	try {
		kctx_run_op(op);
	} catch (...) {
		R->done.push_back(op);
		R->oops = true;
		throw;
	}
	R->done.push_back(op);
}

static void htask_main(void *arg)
{
	HTask *ht = (HTask *)arg;
	for (;;) {
		kshim::task_park_until([ht] { return !ht->q.empty() || ht->exit; });
		if (ht->q.empty())
			return;
		const Op *op = ht->q.front();
		ht->q.pop_front();
		op_in_context((void *)op);
		kshim::return_to_user();
	}
}

static void dispatch(const Op *op)
{
	const Ctx &c = op->ctx;
	unsigned cpu = c.cpu % kshim::config().ncpus;
	switch (c.kind) {
	case CtxKind::task: {
		HTask &ht = R->tasks[c.task % 8];
		if (!ht.t || kshim::task_finished(ht.t)) {
			std::string comm = fmt::format("kctx-t{}", c.task % 8);
			ht.t = kshim::spawn_task(comm.c_str(), cpu, htask_main, &ht);
		}
		ht.q.push_back(op);
		break;
	}
	case CtxKind::softirq:
		kshim::queue_softirq(cpu, op_in_context, (void *)op);
		break;
	case CtxKind::hardirq:
		kshim::queue_hardirq(cpu, op_in_context, (void *)op);
		break;
	case CtxKind::kworker:
		kshim::queue_kworker(cpu, op_in_context, (void *)op);
		break;
	}
}

static void event(const Op *op)
{
	switch (op->code) {
	case OpCode::rcu_gp: kshim::force_grace_period(); break;
	case OpCode::rcu_callbacks: kshim::run_rcu_callbacks(); break;
	case OpCode::rcu_barrier: kshim::rcu_barrier_host(); break;
	case OpCode::workqueues: kshim::run_workqueues(); break;
	case OpCode::softirqs: kshim::run_softirqs(); break;
	case OpCode::drain: kshim::drain(); break;
	case OpCode::advance: kshim::advance_jiffies(op->n); kshim::run_until([] { return false; }); break;
	case OpCode::fail_alloc: kshim::fail_next_allocs((unsigned)op->n, (unsigned)op->off); break;
	case OpCode::fail_setmem: kshim::fail_next_setmem((unsigned)op->n, (unsigned)op->off); break;
	default: break;
	}
}

/* A step is done when its operations are; if nothing can run any more, it hangs. */
static bool run_step(const Step &s)
{
	std::vector<const Op *> &ops = R->step_ops;
	ops.clear();
	R->done.clear();
	for (const Op &op : s.ops) {
		if (op_is_event(op.code)) {
			event(&op);
			continue;
		}
		dispatch(&op);
		ops.push_back(&op);
	}
	bool ok = kshim::run_until([&] {
		for (const Op *op : ops)
			if (std::find(R->done.begin(), R->done.end(), op) == R->done.end())
				return false;
		return true;
	});
	if (!ok && !R->oops) {
		kshim::report_hangs();
		return false;
	}
	if (R->features) {
		/* swiotlb state after the step: pools, transient pools, occupancy */
		SwiotlbView v = swiotlb_view(nullptr);
		size_t base = (size_t)OpCode::count * 16;
		feature(base + std::min<size_t>(v.pools.size(), 7));
		feature(base + 8 + std::min<size_t>(v.transient_nslabs ? 1 + (v.transient_nslabs > 64) : 0, 2));
		feature(base + 11 + (v.used == 0 ? 0 : v.used * 4 <= v.nslabs ? 1 : v.used * 4 <= v.nslabs * 3 ? 2 : 3));
	}
	return !R->oops;
}

} /* namespace kctx */

/*
 * Boot, in the kernel's order and under the kernel's function names, so that
 * a report from boot-time swiotlb code has the kernel's trace:
 * start_kernel -> mm_core_init -> mem_init -> swiotlb_init (x86 and arm64
 * both call it from mem_init), then arch_cpu_finalize_init ->
 * mem_encrypt_init -> swiotlb_update_mem_attributes.  Devices and buffers
 * are set up by "probe": that is not the code under test.
 */
static const kctx::Program *boot_prog;

noinline void mem_init(void)
{
	using namespace kctx;
	const SwiotlbCfg &sw = boot_prog->sw;
	kshim::Platform pf = boot_prog->mc.platform;
	bool cc_guest = pf == kshim::Platform::x86_sev || pf == kshim::Platform::x86_tdx ||
			pf == kshim::Platform::arm64_cca;
	/* what pci_swiotlb_detect() / arm64 mem_init() pass */
	bool force = sw.force_flag >= 0 ? sw.force_flag : cc_guest;
	swiotlb_boot(true, force, sw.any_flag, true);
}

noinline void mm_core_init(void)
{
	if (boot_prog->sw.init == kctx::SwInit::early)
		mem_init();
}

noinline void mem_encrypt_init(void)
{
	if (boot_prog->mc.platform != kshim::Platform::none && boot_prog->sw.init == kctx::SwInit::early)
		swiotlb_arch_mem_encrypt_init();
}

noinline void arch_cpu_finalize_init(void)
{
	mem_encrypt_init();
}

/*
 * x86's mem_encrypt_setup_arch(): a CC guest bounces all DMA, so it sizes
 * swiotlb at 6% of memory, clamped to [64M, 1G].  swiotlb_adjust_size()
 * keeps a size given with swiotlb=.  arm64 has no such call.
 */
noinline void mem_encrypt_setup_arch(void)
{
	const kshim::MachineConfig &mc = boot_prog->mc;
	if (mc.platform != kshim::Platform::x86_sev && mc.platform != kshim::Platform::x86_tdx)
		return;
	uint64_t total = mc.dma_size + mc.dma32_size + mc.normal_size;	/* memblock_phys_mem_size() */
	uint64_t size = std::clamp<uint64_t>(total * 6 / 100, 64ull << 20, 1ull << 30);
	swiotlb_setup_arch_size(size);
}

noinline void setup_arch(void)
{
	const kctx::Program &p = *boot_prog;
	if (!p.sw.param.empty())
		kshim::run_early_param("swiotlb", p.sw.param.c_str());	/* parse_early_param() */
	mem_encrypt_setup_arch();
}

noinline void start_kernel(void)
{
	setup_arch();
	mm_core_init();
	arch_cpu_finalize_init();
	kshim::boot_finish();
}

/* x86's rootfs initcall: an IOMMU that turned swiotlb off tears the default pool down. */
noinline void pci_iommu_init(void)
{
	swiotlb_teardown();
}

/* swiotlb_init_late() callers are initcalls (e.g. the Xen and IOMMU fallbacks). */
noinline void do_one_initcall(void)
{
	const kctx::SwiotlbCfg &sw = boot_prog->sw;
	if (sw.exit_at_boot)
		pci_iommu_init();
	if (sw.init == kctx::SwInit::late)
		swiotlb_late_init(sw.late_size, sw.late_gfp | GFP_KERNEL);
	if (!sw.dynamic)
		swiotlb_pin_pool();
}

/* Device probe: a restricted pool is attached here (rmem_swiotlb_device_init). */
noinline struct device *really_probe(const kshim::DevSpec &spec)
{
	return kshim::create_device(spec);
}

namespace kctx {

static void setup_machine(const Program &p)
{
	boot_prog = &p;
	start_kernel();
	do_one_initcall();
	for (const DevDecl &d : p.devs)
		R->devs[d.spec.name] = really_probe(d.spec);
	for (const BufDecl &b : p.bufs) {
		auto bs = std::make_unique<BufState>();
		bs->name = b.name;
		bs->size = b.size;
		bs->order = get_order(b.offset + b.size);
		gfp_t zone = b.zone == 0 ? GFP_DMA : b.zone == 1 ? GFP_DMA32 : 0;
		bs->page = alloc_pages(GFP_KERNEL | zone | __GFP_ZERO, bs->order);
		if (!bs->page)
			continue;
		bs->phys = page_to_phys(bs->page) + b.offset;
		bs->va = (char *)page_address(bs->page) + b.offset;
		R->bufs[b.name] = std::move(bs);
	}
	R->scratch = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
	kshim::system_running();
	boot_prog = nullptr;
}

/* Unmap what the program left mapped, so that the end-of-run checks see a clean state. */
static void cleanup_maps()
{
	static Op cleanup[64];
	std::vector<const Op *> ops;
	unsigned n = 0;
	for (auto &kv : R->maps) {
		MapState *m = kv.second.get();
		if (!m->live || n >= 64)
			continue;
		Op &op = cleanup[n++];
		op = Op();
		op.name = m->name;
		op.code = m->kind == MapKind::sg ? OpCode::unmap_sg : m->kind == MapKind::tbl ? OpCode::tbl_unmap :
			  m->kind == MapKind::alloc ? OpCode::free : OpCode::unmap;
		op.ctx.kind = CtxKind::task;
		op.ctx.task = 7;
		op.attrs = 1UL << 5;	/* no data checks: the program did not ask for these */
		ops.push_back(&op);
	}
	if (ops.empty())
		return;
	Step s;
	for (const Op *op : ops)
		s.ops.push_back(*op);
	run_step(s);
}

} /* namespace kctx */

/*
 * The end-of-run oracles run on the host; their reports' traces stop at this
 * frame, so that they do not depend on where the harness was called from.
 */
noinline void kctx_end_of_run(void (*checks)())
{
	checks();
}

namespace kctx {

static void end_checks()
{
	kshim::check_quiescent();
	SwiotlbView v = swiotlb_view(nullptr);
	if (v.used)
		kshim::harness_bug("swiotlb slots leaked",
				   fmt::format("{} slots still in use after every mapping was unmapped\n", v.used));
	if (v.total_used)
		kshim::harness_bug("swiotlb used counter out of balance",
				   fmt::format("io_tlb_used is {} after every mapping was unmapped\n", v.total_used));
	if (v.transient_nslabs)
		kshim::harness_bug("transient pool counter out of balance",
				   fmt::format("io_tlb_transient_nslabs is {} with no transient pool left\n",
					       v.transient_nslabs));
	for (auto &kv : R->devs) {
		SwiotlbView dv = swiotlb_view(kv.second);
		for (const PoolView &pv : dv.pools)
			if (pv.dev_pool)
				kshim::harness_bug("transient pool left behind",
						   fmt::format("device {} still lists a transient pool [{:#x}-{:#x}]\n",
							       kv.first, pv.start, pv.end));
	}
}

ProgramChoices::ProgramChoices(const Program &p)
	: bytes(p.choices.data(), p.choices.size()), seeded(p.seed), src(&quiet)
{
	if (!p.choices.empty())
		src = &bytes;
	else if (p.has_seed)
		src = &seeded;
}

RunResult execute(const Program &p, const RunOptions &o)
{
	Run run;
	run.p = &p;
	run.features = o.features;
	run.nfeatures = o.nfeatures;
	R = &run;
	ProgramChoices pc(p);
	RunResult res;

	kshim::trace_enable(o.trace);
	kshim::set_print_reports(o.print);
	kshim::set_abort_on_report(o.abort_on_report);
	kshim::set_console_echo(o.echo_console);
	kshim::set_console(o.console);
	kshim::boot(p.mc, o.choices ? o.choices : pc.get());
	swiotlb_reset_globals();
	if (p.mc.platform == kshim::Platform::arm64_cca && variant().kernel_version[0] == '6' &&
	    variant().kernel_version[1] == '.' && atoi(variant().kernel_version + 2) < 13)
		res.notes.push_back(fmt::format("note: platform arm64-cca models Realm support that real kernels have "
						"only from 6.13; the kernel under test is {}",
						variant().kernel_version));
	try {
		setup_machine(p);
		bool ok = true;
		for (const Step &s : p.steps) {
			if (!(ok = run_step(s)))
				break;
		}
		if (ok && !run.oops) {
			cleanup_maps();
			for (HTask &ht : run.tasks)
				ht.exit = true;
			kshim::drain();
			if (!run.oops)
				kctx_end_of_run(end_checks);
		}
		res.hung = !ok && !run.oops;
	} catch (const kshim::OpAbort &) {
		run.oops = true;
	}
	res.oops = run.oops;
	res.reports = kshim::reports();
	res.trace = kshim::trace_lines();
	res.console = kshim::console();
	res.steps = 0;
	kshim::shutdown();
	R = nullptr;
	return res;
}

} /* namespace kctx */
