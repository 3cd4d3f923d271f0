// SPDX-License-Identifier: GPL-2.0
/*
 * kctx's own oracles, beside the kernel's checks that kshim makes: the
 * device sees the CPU's data and the CPU the device's (bounce copies),
 * bounce buffers are placed as the mapping asked (DMA mask, min_align_mask,
 * alloc_align_mask, page alignment, segment boundary, no overlap), and at
 * the end of a run nothing is left mapped or counted.  A violation is a
 * "BUG: kctx:" report.
 */
#include <fmt/format.h>

#include "pattern.h"
#include "run.h"
#include "swiotlb_api.h"

#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>

namespace kctx {

bool is_bounced(struct device *dev, uint64_t dma)
{
	return swiotlb_is_bounce_buffer(dev, dma_to_phys(dev, dma));
}

/* Mark m and every live or in-flight mapping of the same CPU bytes as shared. */
void note_overlaps(MapState *m)
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

void check_device_sees(MapState *m, const Op *op, const char *after)
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

void check_cpu_sees(MapState *m, const Op *op, const char *after)
{
	if (m->shared)
		return;
	size_t bad;
	if (!matches(m->buf->va + m->off, m->dev_pat, m->len, &bad))
		kshim::harness_bug("CPU does not see the device's data",
				   fmt::format("mapping {}: after {}, byte {} of {} the device wrote did not reach the CPU "
					       "buffer{}\n", m->name, after, bad, m->len, where(op)));
}

uint64_t device_dma_limit(struct device *dev)
{
	uint64_t limit = *dev->dma_mask;
	if (dev->bus_dma_limit && (!limit || dev->bus_dma_limit < limit))
		limit = dev->bus_dma_limit;
	return limit;
}

void check_placement(MapState *m, const Op *op)
{
	struct device *dev = m->dev;
	uint64_t orig = m->buf->phys + m->off;
	uint64_t limit = device_dma_limit(dev);
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
	uint64_t align = m->kind == MapKind::tbl ? m->align : (dev->kshim_untrusted ? PAGE_SIZE - 1 : 0);
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

void end_checks()
{
	end_checks_since(SwiotlbView{});
}

void end_checks_since(const SwiotlbView &base)
{
	kshim::check_quiescent();
	SwiotlbView v = swiotlb_view(nullptr);
	if (v.used > base.used)
		kshim::harness_bug("swiotlb slots leaked",
				   fmt::format("{} slots still in use after every mapping was unmapped\n",
					       v.used - base.used));
	if (v.total_used > base.total_used)
		kshim::harness_bug("swiotlb used counter out of balance",
				   fmt::format("io_tlb_used is {} after every mapping was unmapped\n",
					       v.total_used - base.total_used));
	if (v.transient_nslabs > base.transient_nslabs)
		kshim::harness_bug("transient pool counter out of balance",
				   fmt::format("io_tlb_transient_nslabs is {} with no transient pool left\n",
					       v.transient_nslabs - base.transient_nslabs));
	for (auto &kv : R->devs) {
		SwiotlbView dv = swiotlb_view(kv.second);
		for (const PoolView &pv : dv.pools)
			if (pv.dev_pool)
				kshim::harness_bug("transient pool left behind",
						   fmt::format("device {} still lists a transient pool [{:#x}-{:#x}]\n",
							       kv.first, pv.start, pv.end));
	}
}

} /* namespace kctx */
