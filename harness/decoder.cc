// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz input <-> Program.  The decoder turns any byte string into a valid
 * program; the encoder maps a scenario to the nearest byte string, so that
 * the seed corpus is generated from the scenarios and survives format
 * changes.  Small mutations keep their meaning: each field lives in its own
 * bits, and operations are fixed-size records.
 */
#include "decoder.h"
#include "handles.h"
#include "scenario.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace kctx {

/*
 * Device masks the fuzzer uses: 32 bits and up.  The default pool sits below
 * 4G, as memblock_alloc_low() puts it; an ISA-style 24-bit device cannot
 * reach it, and the kernel's answer to that is a "swiotlb addr overflow"
 * WARN by design (scenarios can still declare such a device).
 */
static const uint64_t kMasks[8] = { ~0ULL, 0xffffffffULL, (1ULL << 46) - 1, (1ULL << 47) - 1,
				    (1ULL << 48) - 1, (1ULL << 40) - 1, (1ULL << 39) - 1, (1ULL << 36) - 1 };
static const unsigned kMinAlign[4] = { 0, 0xfff, 0x7ff, 0x3ff };
static const unsigned kNslabs[4] = { 128, 256, 512, 1024 };
static const unsigned kNareas[4] = { 1, 2, 4, 0 };
/*
 * b0 is one full segment (IO_TLB_SEGSIZE slots): one whole-buffer mapping
 * fills a 128-slot default pool.  Zero bytes pick the choices that reach the
 * most code (a full segment, a small forced pool), so the fuzzer finds the
 * transient-pool paths without first having to guess a header.
 */
static const uint64_t kBufSize[4] = { 262144, 4096, 100, 8192 };
static const uint64_t kBufOff[4] = { 0, 0x10, 0x801, 0xabc };
static const uint64_t kLen[8] = { 0, 64, 1, 2048, 4096, 6000, 200000, 300 };
/* alloc_align_mask as dma-iommu passes it (granule - 1): above ~PAGE_MASK swiotlb WARNs by design */
static const uint64_t kAlign[4] = { 0, 0xfff, 0x7ff, 0x3ff };
static const uint64_t kPoolSize[4] = { 128 << 10, 16 << 10, 64 << 10, 8 << 10 };
static const unsigned kFailProb[4] = { 0, 0, 5, 20 };
static const unsigned kPreemptions[4] = { 2, 1, 3, 0 };
static const enum dma_data_direction kDirs[4] = { DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL,
						   DMA_BIDIRECTIONAL };
static const uint64_t kNents[4] = { 1, 2, 4, 8 };
/* names as scenarios write them; a table, because formatting them took ~2% of a fuzz run */
static const char *const kMapNames[8] = { "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7" };
static const char *const kDevNames[2] = { "dev0", "dev1" };
static const char *const kBufNames[4] = { "b0", "b1", "b2", "b3" };

/* Fuzz slot -> operation, from the slots in ops.def; -1 starts a parallel group. */
struct SlotMap {
	int op[kOpSlots];
	constexpr SlotMap() : op()
	{
		for (int &o : op)
			o = -2;
		for (size_t c = 0; c < (size_t)OpCode::count; c++)
			for (int8_t s : kOpTable[c].slots) {
				if (s < 0)
					break;
				op[s] = op[s] == -2 ? (int)c : -3;	/* -3: two rows claim it */
			}
		for (uint8_t s : kParallelSlots)
			op[s] = op[s] == -2 ? -1 : -3;
	}
	constexpr bool complete() const
	{
		for (int o : op)
			if (o < -1)
				return false;
		return true;
	}
};
static constexpr SlotMap kSlots;
static_assert(kSlots.complete(), "ops.def: every fuzz slot belongs to exactly one operation");

static const CtxKind kKinds[8] = { CtxKind::task, CtxKind::task, CtxKind::softirq, CtxKind::hardirq,
				   CtxKind::kworker, CtxKind::task, CtxKind::softirq, CtxKind::task };
/* decorations: none, none, irqs_off, spin, preempt_off, rcu, bh_off, spin_irqsave */
static const int kDecor[8] = { -1, -1, (int)Decor::irqs_off, (int)Decor::spin, (int)Decor::preempt_off,
			       (int)Decor::rcu, (int)Decor::bh_off, (int)Decor::spin_irqsave };

/*
 * Inputs only build contexts a kernel can be in, so that every report is
 * about swiotlb and not about an impossible caller:
 *  - local_bh_disable() in hard interrupt context WARNs by design: no
 *    +bh_off there;
 *  - on PREEMPT_RT, interrupt handlers are force-threaded (a kthread with
 *    BH disabled), and spinlock_t sleeps, so drivers never take one with
 *    IRQs or preemption disabled: no +irqs_off or +preempt_off;
 *  - swiotlb_init_late() is for process context (it allocates with the
 *    caller's GFP_KERNEL-style flags): plain task context only.
 * Scenarios can still write any of these, and get the kernel's answer.
 */
static void legalise_context(Op &op, const kshim::MachineConfig &mc)
{
	auto drop = [&](Decor d) { std::erase(op.ctx.decor, d); };
	if (mc.preempt == kshim::Preempt::rt) {
		if (op.ctx.kind == CtxKind::hardirq) {
			op.ctx.kind = CtxKind::task;	/* the irq thread, BH disabled around the handler */
			op.ctx.decor = { Decor::bh_off };
		}
		drop(Decor::irqs_off);
		drop(Decor::preempt_off);
	}
	if (op.ctx.kind == CtxKind::hardirq)
		drop(Decor::bh_off);
	if (op.code == OpCode::init_late) {
		op.ctx.kind = CtxKind::task;
		op.ctx.decor.clear();
	}
	/*
	 * One lock per kind of context: a lock shared between a task with
	 * IRQs on and a hardirq would be the program's own inconsistent lock
	 * state, not swiotlb's.
	 */
	static const char *const lock_of[] = { "task_lock", "softirq_lock", "hardirq_lock", "kworker_lock" };
	op.ctx.locks.clear();
	for (size_t i = 0; i < op.ctx.decor.size(); i++)
		if (op.ctx.decor[i] == Decor::spin || op.ctx.decor[i] == Decor::spin_irqsave) {
			op.ctx.locks.resize(op.ctx.decor.size());
			op.ctx.locks[i] = lock_of[(int)op.ctx.kind];
		}
}

/*
 * An operation's arguments from its last two bytes.  Each argument kind
 * has its own bits; kinds that share bits (len and count, align and nents,
 * name and skip) never meet in one operation.
 */
static void decode_arg(Op &op, Arg a, uint8_t o2, uint8_t o3)
{
	switch (a) {
	case Arg::map_name:
	case Arg::alloc_name:
		op.name = kMapNames[o2 & 7];
		break;
	case Arg::dev:
		op.dev = kDevNames[(o2 >> 3) & 1];
		break;
	case Arg::buf:
		op.buf = kBufNames[(o2 >> 4) & 3];
		break;
	case Arg::dir:
		op.dir = kDirs[(o2 >> 6) & 3];
		break;
	case Arg::len:
		op.len = kLen[o3 & 7];
		break;
	case Arg::attrs:
		if ((o3 >> 3) & 1)
			op.attrs |= DMA_ATTR_SKIP_CPU_SYNC;
		if ((o3 >> 4) & 1)
			op.attrs |= DMA_ATTR_NO_WARN;
		break;
	case Arg::align:
		op.align = kAlign[(o3 >> 5) & 3];
		break;
	case Arg::nents:
		op.nents = kNents[(o3 >> 5) & 3];
		break;
	case Arg::alloc_size:
		op.size = kLen[o3 & 7] ? kLen[o3 & 7] : 4096;
		break;
	case Arg::pool_size:
		op.size = (uint64_t)kNslabs[o3 & 3] * 2048;
		break;
	case Arg::zone:
		op.gfp = (o3 >> 2) & 1 ? GFP_DMA : GFP_DMA32;	/* a late pool above 4G is out of a 32-bit device's reach */
		break;
	case Arg::count:
		op.count = 1 + (o3 & 7);
		break;
	case Arg::skip:
		op.skip = o2 & 7;	/* calls to let pass first */
		break;
	default:	/* the rest belongs to operations the fuzzer does not run */
		break;
	}
}

static uint8_t at(const uint8_t *d, size_t n, size_t i)
{
	return i < n ? d[i] : 0;
}

Program decode_input(const uint8_t *data, size_t size, const Pins &pins)
{
	Program p;
	kshim::MachineConfig &mc = p.mc;
	uint8_t h[kHeaderBytes];
	for (size_t i = 0; i < kHeaderBytes; i++)
		h[i] = at(data, size, i);

	mc.platform = (kshim::Platform)(h[kHdrPlatform] % 6);
	mc.preempt = (kshim::Preempt)(h[kHdrPreempt] % 6);
	mc.rcu = (kshim::RcuMode)(h[kHdrRcu] % 3);
	mc.ncpus = 1 + (h[kHdrCpus] + 1) % 4;	/* 0 -> 2 CPUs */
	unsigned nareas = kNareas[(h[kHdrSwiotlb] >> 2) & 3];
	p.sw.param = std::to_string(kNslabs[h[kHdrSwiotlb] & 3]);
	if (nareas)
		p.sw.param += "," + std::to_string(nareas);
	if (!((h[kHdrSwiotlb] >> 4) & 1))	/* bit clear: swiotlb=force */
		p.sw.param += nareas ? ",force" : ",,force";
	unsigned init = (h[kHdrSwiotlb] >> 5) & 3;
	p.sw.init = init == 1 ? SwInit::late : init == 3 ? SwInit::none : SwInit::early;
	p.sw.late_size = (uint64_t)kNslabs[h[kHdrSwiotlb] & 3] * 2048;
	p.sw.late_gfp = GFP_DMA32;	/* a late pool above 4G is out of a 32-bit device's reach */
	mc.cca_bbml2 = !((h[kHdrBoot] >> 2) & 1);
	p.sw.dynamic = !((h[kHdrBoot] >> 3) & 1);
	unsigned ff = (h[kHdrBoot] >> 4) & 3;
	p.sw.force_flag = ff == 1 ? 1 : ff == 2 ? 0 : -1;
	mc.atomic_pool_size = kPoolSize[h[kHdrFaults] & 3];
	mc.fail_alloc_prob = kFailProb[(h[kHdrFaults] >> 2) & 3];
	mc.fail_setmem_prob = kFailProb[(h[kHdrFaults] >> 4) & 3];
	mc.max_preemptions = kPreemptions[(h[kHdrFaults] >> 6) & 3];
	/* Pinned knobs first: everything below is made legal for the machine that will run. */
	pins.apply(p);
	if (mc.arch() != kshim::Arch::arm64)
		mc.cca_bbml2 = true;	/* an arm64 CPU feature: not a choice on x86 */
	if (mc.mem_encrypt())
		p.sw.init = SwInit::early;	/* encrypted memory: the architectures always set swiotlb up at boot */
	if (mc.cc_guest())
		p.sw.force_flag = -1;	/* confidential guests always force bouncing (pci_swiotlb_detect, arm64 mem_init) */
	/*
	 * SWIOTLB_ANY (the boot byte's bit 6) is not used: architectures pass it only
	 * where every device reaches all memory (Xen PV, arm64's kmalloc
	 * bounce); with a 32-bit device it ends in the kernel's designed
	 * "swiotlb addr overflow" WARN.
	 */
	/*
	 * The boot byte's bit 7: restricted pools of 64K, a quarter of a segment, instead of one whole
	 * segment.  A pool that ends inside a segment is what reaches the segment-end paths (the
	 * release_slots read past the slots, restricted-pool-release-reads-past-slots.kctx).  (Inputs
	 * never exit swiotlb: see the swiotlb_exit directive in scenario_parse.cc.)
	 */
	bool small_restricted = (h[kHdrBoot] >> 7) & 1;

	p.devs.reserve(2);
	p.bufs.reserve(4);
	for (int i = 0; i < 2; i++) {
		uint8_t b = h[kHdrDev0 + i];
		DevDecl d;
		d.spec.name = kDevNames[i];
		d.spec.dma_mask = d.spec.coherent_dma_mask = kMasks[b & 7];
		/*
		 * Without an early pool a device must reach every buffer: x86 and
		 * arm64 set swiotlb up at boot whenever memory lies beyond 4G or
		 * memory is encrypted, so "none" and "late" describe machines whose
		 * devices need no bouncing.
		 */
		if (p.sw.init != SwInit::early)
			d.spec.dma_mask = d.spec.coherent_dma_mask = ~0ULL;
		d.spec.min_align_mask = kMinAlign[(b >> 3) & 3];
		/*
		 * dma-iommu bounces only unaligned buffers; in a confidential guest
		 * an aligned one would stay private, out of the device's reach, so
		 * 6.12 guests do not put DMA behind an IOMMU: no untrusted devices.
		 */
		d.spec.untrusted = (b >> 5) & 1 && !mc.cc_guest();
		d.spec.coherent = !((b >> 6) & 1);
		d.spec.restricted = (b >> 7) & 1;
		/*
		 * One full segment, like b0: the pool a whole-buffer mapping
		 * fills, or a quarter of one (above).  Every boot zeroes it twice
		 * (memblock, then swiotlb_init_io_tlb_pool()), so a larger pool
		 * only costs time.
		 */
		d.spec.restricted_size = small_restricted ? 64 << 10 : 256 << 10;
		d.spec.seg_boundary = 0;
		p.devs.push_back(std::move(d));
	}
	for (int i = 0; i < 4; i++) {
		BufDecl b;
		b.name = kBufNames[i];
		b.size = kBufSize[i];
		unsigned z = (h[kHdrBufZones] >> (2 * i)) & 3;
		b.zone = z == 3 ? Zone::normal : (Zone)z;
		b.offset = kBufOff[(h[kHdrBufOffsets] >> (2 * i)) & 3];
		p.bufs.push_back(std::move(b));
	}
	unsigned nops = 1 + h[kHdrNumOps] % 32;
	p.steps.reserve(nops);

	size_t pos = kHeaderBytes;
	size_t group = 0;	/* index of the open parallel step; events push steps, so no pointer */
	unsigned group_left = 0;
	for (unsigned k = 0; k < nops && pos + kOpBytes <= size; k++, pos += kOpBytes) {
		uint8_t o0 = data[pos], o1 = data[pos + 1], o2 = data[pos + 2], o3 = data[pos + 3];
		int slot_op = kSlots.op[o0 % kOpSlots];
		if (slot_op < 0) {
			p.steps.push_back(Step{ true, {} });
			group = p.steps.size() - 1;
			group_left = 2 + (o2 & 1);
			continue;
		}
		OpCode code = (OpCode)slot_op;
		Op op;
		op.code = code;
		op.ctx.kind = kKinds[o1 & 7];
		op.ctx.cpu = ((o1 >> 3) & 3) % p.mc.ncpus;	/* the CPU it runs on, as the scenario names it */
		op.ctx.task = (o1 >> 5) & 1;
		int dec = kDecor[((o1 >> 6) << 1) | (o3 >> 7)];
		if (dec >= 0)
			op.ctx.decor.push_back((Decor)dec);
		legalise_context(op, mc);
		set_arg_defaults(op);
		for (Arg a : op.info().args)
			decode_arg(op, a, o2, o3);
		if (!op.info().in_context())
			op.ctx = Ctx();
		/* swiotlb_init_late() has one caller at a time (its nslabs check is not atomic): never in a group */
		else if (group_left && code != OpCode::init_late) {
			p.steps[group].ops.push_back(std::move(op));
			group_left--;
			continue;
		}
		p.steps.emplace_back();
		p.steps.back().ops.push_back(std::move(op));
	}
	p.steps.erase(std::remove_if(p.steps.begin(), p.steps.end(), [](const Step &s) { return s.ops.empty(); }),
		      p.steps.end());
	for (Step &s : p.steps)
		s.parallel &= s.ops.size() > 1;	/* the input ended inside the group */
	drop_bad_handles(p);
	if (pos < size)
		p.choices.assign(data + pos, data + size);
	pins.apply(p);	/* again: the device knobs (mask) */
	return p;
}

/* ---- encoding ------------------------------------------------------------------------------- */

template <class T, size_t N>
static unsigned nearest(const T (&table)[N], T v)
{
	for (unsigned i = 0; i < N; i++)
		if (table[i] == v)
			return i;
	return 0;
}

std::vector<uint8_t> encode_program(const Program &p)
{
	std::vector<uint8_t> out(kHeaderBytes, 0);
	const kshim::MachineConfig &mc = p.mc;
	out[kHdrPlatform] = (uint8_t)mc.platform;
	out[kHdrPreempt] = (uint8_t)mc.preempt;
	out[kHdrRcu] = (uint8_t)mc.rcu;
	out[kHdrCpus] = (uint8_t)((mc.ncpus + 2) % 4);
	unsigned nslabs = 128, nareas = 0;
	bool force = p.sw.param.find("force") != std::string::npos && p.sw.param.find("noforce") == std::string::npos;
	if (!p.sw.param.empty()) {
		uint64_t v;
		size_t c = p.sw.param.find(',');
		if (parse_number(p.sw.param.substr(0, c), &v))
			nslabs = (unsigned)v;
		if (c != std::string::npos) {
			size_t c2 = p.sw.param.find(',', c + 1);
			if (parse_number(p.sw.param.substr(c + 1, c2 == std::string::npos ? std::string::npos : c2 - c - 1), &v))
				nareas = (unsigned)v;
		}
	}
	unsigned init = p.sw.init == SwInit::late ? 1 : p.sw.init == SwInit::none ? 3 : 0;
	out[kHdrSwiotlb] = (uint8_t)(nearest(kNslabs, nslabs) | nearest(kNareas, nareas) << 2 | (force ? 0 : 1) << 4 | init << 5);
	bool small_restricted = false;
	for (size_t i = 0; i < p.devs.size() && i < 2; i++)
		small_restricted |= p.devs[i].spec.restricted && p.devs[i].spec.restricted_size <= (128 << 10);
	out[kHdrBoot] = (uint8_t)((!mc.cca_bbml2) << 2 |
			   (!p.sw.dynamic) << 3 | (p.sw.force_flag == 1 ? 1 : p.sw.force_flag == 0 ? 2 : 0) << 4 |
			   small_restricted << 7);
	std::map<std::string, unsigned> dev_idx, buf_idx, map_idx;
	for (size_t i = 0; i < p.devs.size() && i < 2; i++) {
		const kshim::DevSpec &s = p.devs[i].spec;
		dev_idx[s.name] = (unsigned)i;
		out[kHdrDev0 + i] = (uint8_t)(nearest(kMasks, s.dma_mask) | nearest(kMinAlign, s.min_align_mask) << 3 |
				       s.untrusted << 5 | (!s.coherent) << 6 | s.restricted << 7);
	}
	/* each scenario buffer takes the free input buffer nearest in size */
	bool taken[4] = {};
	for (size_t i = 0; i < p.bufs.size() && i < 4; i++) {
		unsigned best = 0;
		double best_d = 1e300;
		for (unsigned k = 0; k < 4; k++) {
			double d = std::fabs(std::log2((double)kBufSize[k]) - std::log2((double)std::max<uint64_t>(1, p.bufs[i].size)));
			if (!taken[k] && d < best_d) {
				best = k;
				best_d = d;
			}
		}
		taken[best] = true;
		buf_idx[p.bufs[i].name] = best;
		out[kHdrBufZones] |= (uint8_t)(((unsigned)p.bufs[i].zone & 3) << (2 * best));
		out[kHdrBufOffsets] |= (uint8_t)(nearest(kBufOff, p.bufs[i].offset) << (2 * best));
	}
	out[kHdrFaults] = (uint8_t)(nearest(kPoolSize, mc.atomic_pool_size) | nearest(kFailProb, mc.fail_alloc_prob) << 2 |
			    nearest(kFailProb, mc.fail_setmem_prob) << 4 | nearest(kPreemptions, mc.max_preemptions) << 6);
	std::vector<uint8_t> ops;
	auto encode_op = [&](const Op &op) {
		const OpInfo &info = op.info();
		if (info.slots[0] < 0)
			return;	/* raw primitives have no fuzz encoding */
		unsigned kind = op.ctx.kind == CtxKind::task ? 0 : op.ctx.kind == CtxKind::softirq ? 2 :
				op.ctx.kind == CtxKind::hardirq ? 3 : 4;
		int dec = -1;
		if (!op.ctx.decor.empty())
			for (int i = 2; i < 8; i++)
				if (kDecor[i] == (int)op.ctx.decor[0])
					dec = i;
		uint8_t o1 = (uint8_t)(kind | (op.ctx.cpu & 3) << 3 | (op.ctx.task & 1) << 5);
		if (dec >= 0)
			o1 |= (uint8_t)((dec >> 1) << 6);
		if (!map_idx.count(op.name)) {
			/* decoded names (m0..m7) keep their number; others take the next one */
			if (op.name.size() == 2 && op.name[0] == 'm' && op.name[1] >= '0' && op.name[1] <= '7')
				map_idx[op.name] = (unsigned)(op.name[1] - '0');
			else
				map_idx[op.name] = (unsigned)map_idx.size() % 8;
		}
		unsigned dir = op.dir == DMA_TO_DEVICE ? 0 : op.dir == DMA_FROM_DEVICE ? 1 : 2;
		uint8_t o2 = (uint8_t)(map_idx[op.name] | dev_idx[op.dev] << 3 | buf_idx[op.buf] << 4 | dir << 6);
		uint64_t len = info.takes(Arg::alloc_size) ? op.size : op.len;
		uint8_t o3 = (uint8_t)(nearest(kLen, len) | !!(op.attrs & DMA_ATTR_SKIP_CPU_SYNC) << 3 |
				       !!(op.attrs & DMA_ATTR_NO_WARN) << 4 | nearest(kAlign, op.align) << 5);
		if (dec >= 0)
			o3 = (uint8_t)((o3 & 0x7f) | (dec & 1) << 7);
		if (info.takes(Arg::count))
			o3 = (uint8_t)((op.count ? op.count - 1 : 0) & 7);
		if (info.takes(Arg::skip))
			o2 = (uint8_t)(op.skip & 7);
		if (info.takes(Arg::pool_size))
			o3 = (uint8_t)((o3 & 0x80) | nearest(kNslabs, (unsigned)(op.size / 2048)) |
				       (op.gfp == GFP_DMA ? 4 : 0));
		if (info.takes(Arg::nents))	/* nents takes the bits tbl_map uses for its alignment */
			o3 = (uint8_t)((o3 & 0x9f) | nearest(kNents, op.nents) << 5);
		ops.push_back((uint8_t)info.slots[0]);
		ops.push_back(o1);
		ops.push_back(o2);
		ops.push_back(o3);
	};
	for (const Step &s : p.steps) {
		if (s.parallel && s.ops.size() >= 2) {
			ops.push_back(kParallelSlots[0]);
			ops.push_back(0);
			ops.push_back((uint8_t)(s.ops.size() >= 3 ? 1 : 0));
			ops.push_back(0);
		}
		for (const Op &op : s.ops)
			encode_op(op);
	}
	if (ops.empty() && !p.choices.empty()) {
		/* the decoder reads at least one operation: an empty group keeps the choices where they are */
		ops = { kParallelSlots[0], 0, 0, 0 };
	}
	size_t nops = ops.size() / kOpBytes;
	out[kHdrNumOps] = (uint8_t)((nops ? nops - 1 : 0) % 32);
	out.insert(out.end(), ops.begin(), ops.end());
	out.insert(out.end(), p.choices.begin(), p.choices.end());
	return out;
}

} /* namespace kctx */
