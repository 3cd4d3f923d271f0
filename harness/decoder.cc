// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz input <-> Program.  The decoder turns any byte string into a valid
 * program; the encoder maps a scenario to the nearest byte string, so that
 * the seed corpus is generated from the scenarios and survives format
 * changes.  Small mutations keep their meaning: each field lives in its own
 * bits, and operations are fixed-size records.
 */
#include "decoder.h"
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
static const int kDirs[4] = { 1, 2, 0, 0 };
static const uint64_t kNents[4] = { 1, 2, 4, 8 };
/* names as scenarios write them; a table, because formatting them took ~2% of a fuzz run */
static const char *const kMapNames[8] = { "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7" };
static const char *const kDevNames[2] = { "dev0", "dev1" };
static const char *const kBufNames[4] = { "b0", "b1", "b2", "b3" };

/* Operation table: repeated entries weight the common entry points. */
static const OpCode kOps[] = {
	OpCode::map, OpCode::map, OpCode::map, OpCode::map, OpCode::unmap, OpCode::unmap, OpCode::unmap,
	OpCode::sync_cpu, OpCode::sync_dev, OpCode::dev_write, OpCode::dev_read, OpCode::map_sg, OpCode::unmap_sg,
	OpCode::tbl_map, OpCode::tbl_unmap, OpCode::alloc, OpCode::free, OpCode::init_late, OpCode::map_sg,
	OpCode::sync_cpu, OpCode::pin_pool, OpCode::query, OpCode::rcu_gp, OpCode::rcu_gp,
	OpCode::rcu_callbacks, OpCode::rcu_barrier, OpCode::workqueues, OpCode::softirqs, OpCode::drain,
	OpCode::advance, OpCode::fail_alloc, OpCode::fail_setmem,
	OpCode::count, OpCode::count,	/* "parallel": the next 2 or 3 operations run together */
};
static constexpr unsigned kNumOps = sizeof(kOps) / sizeof(kOps[0]);
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

	mc.platform = (kshim::Platform)(h[0] % 5);
	mc.preempt = (kshim::Preempt)(h[1] % 4);
	mc.rcu = (kshim::RcuMode)(h[2] % 3);
	mc.ncpus = 1 + (h[3] + 1) % 4;	/* 0 -> 2 CPUs */
	unsigned nareas = kNareas[(h[4] >> 2) & 3];
	p.sw.param = std::to_string(kNslabs[h[4] & 3]);
	if (nareas)
		p.sw.param += "," + std::to_string(nareas);
	if (!((h[4] >> 4) & 1))	/* bit clear: swiotlb=force */
		p.sw.param += nareas ? ",force" : ",,force";
	unsigned init = (h[4] >> 5) & 3;
	p.sw.init = init == 1 ? SwInit::late : init == 3 ? SwInit::none : SwInit::early;
	p.sw.late_size = (uint64_t)kNslabs[h[4] & 3] * 2048;
	p.sw.late_gfp = 4;	/* GFP_DMA32: a late pool above 4G is out of a 32-bit device's reach */
	mc.direct_remap = (h[5] & 3) == 1 ? 1 : (h[5] & 3) == 2 ? 0 : -1;
	mc.cca_bbml2 = !((h[5] >> 2) & 1);
	p.sw.dynamic = !((h[5] >> 3) & 1);
	unsigned ff = (h[5] >> 4) & 3;
	p.sw.force_flag = ff == 1 ? 1 : ff == 2 ? 0 : -1;
	mc.atomic_pool_size = kPoolSize[h[10] & 3];
	mc.fail_alloc_prob = kFailProb[(h[10] >> 2) & 3];
	mc.fail_setmem_prob = kFailProb[(h[10] >> 4) & 3];
	mc.max_preemptions = kPreemptions[(h[10] >> 6) & 3];
	/* Pinned knobs first: everything below is made legal for the machine that will run. */
	pins.apply(p);
	if (mc.platform != kshim::Platform::none)
		p.sw.init = SwInit::early;	/* encrypted memory: the architectures always set swiotlb up at boot */
	if (mc.cc_guest())
		p.sw.force_flag = -1;	/* confidential guests always force bouncing (pci_swiotlb_detect, arm64 mem_init) */
	/*
	 * SWIOTLB_ANY (h[5] bit 6) is not used: architectures pass it only
	 * where every device reaches all memory (Xen PV, arm64's kmalloc
	 * bounce); with a 32-bit device it ends in the kernel's designed
	 * "swiotlb addr overflow" WARN.
	 */
	/* h[5] bit 7 is unused: see the swiotlb_exit directive in scenario.cc for why inputs never exit */

	p.devs.reserve(2);
	p.bufs.reserve(4);
	for (int i = 0; i < 2; i++) {
		uint8_t b = h[6 + i];
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
		d.spec.untrusted = (b >> 5) & 1 && (mc.platform == kshim::Platform::none ||
						    mc.platform == kshim::Platform::x86_sme);
		d.spec.coherent = !((b >> 6) & 1);
		d.spec.restricted = (b >> 7) & 1;
		/*
		 * One full segment, like b0: the pool a whole-buffer mapping
		 * fills.  Every boot zeroes it twice (memblock, then
		 * swiotlb_init_io_tlb_pool()), so a larger pool only costs time.
		 */
		d.spec.restricted_size = 256 << 10;
		d.spec.seg_boundary = 0;
		p.devs.push_back(std::move(d));
	}
	for (int i = 0; i < 4; i++) {
		BufDecl b;
		b.name = kBufNames[i];
		b.size = kBufSize[i];
		unsigned z = (h[8] >> (2 * i)) & 3;
		b.zone = z == 3 ? 2 : z;
		b.offset = kBufOff[(h[9] >> (2 * i)) & 3];
		p.bufs.push_back(std::move(b));
	}
	unsigned nops = 1 + h[11] % 32;
	p.steps.reserve(nops);

	size_t pos = kHeaderBytes;
	size_t group = 0;	/* index of the open parallel step; events push steps, so no pointer */
	unsigned group_left = 0;
	for (unsigned k = 0; k < nops && pos + kOpBytes <= size; k++, pos += kOpBytes) {
		uint8_t o0 = data[pos], o1 = data[pos + 1], o2 = data[pos + 2], o3 = data[pos + 3];
		OpCode code = kOps[o0 % kNumOps];
		if (code == OpCode::count) {
			p.steps.push_back(Step{ true, {} });
			group = p.steps.size() - 1;
			group_left = 2 + (o2 & 1);
			continue;
		}
		Op op;
		op.code = code;
		op.ctx.kind = kKinds[o1 & 7];
		op.ctx.cpu = (o1 >> 3) & 3;
		op.ctx.task = (o1 >> 5) & 1;
		int dec = kDecor[((o1 >> 6) << 1) | (o3 >> 7)];
		if (dec >= 0)
			op.ctx.decor.push_back((Decor)dec);
		legalise_context(op, mc);
		op.name = kMapNames[o2 & 7];
		op.dev = kDevNames[(o2 >> 3) & 1];
		op.buf = kBufNames[(o2 >> 4) & 3];
		op.dir = kDirs[(o2 >> 6) & 3];
		op.len = kLen[o3 & 7];
		if ((o3 >> 3) & 1)
			op.attrs |= 1UL << 5;
		if ((o3 >> 4) & 1)
			op.attrs |= 1UL << 8;
		op.align = kAlign[(o3 >> 5) & 3];
		op.n = 1 + (o3 & 7);
		switch (code) {
		case OpCode::alloc:
			op.len = op.len ? op.len : 4096;
			break;
		case OpCode::init_late:
			op.len = (uint64_t)kNslabs[o3 & 3] * 2048;
			op.gfp = (o3 >> 2) & 1 ? 1 : 4;	/* GFP_DMA or GFP_DMA32, as above */
			break;
		case OpCode::map_sg:
			op.n = kNents[(o3 >> 5) & 3];
			break;
		case OpCode::fail_alloc:
		case OpCode::fail_setmem:
			op.off = o2 & 7;	/* calls to let pass first */
			break;
		default:
			break;
		}
		if (op_is_event(code))
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
	if (pos < size)
		p.choices.assign(data + pos, data + size);
	pins.apply(p);	/* again: the device knobs (mask) */
	return p;
}

/* ---- pins --------------------------------------------------------------------------------- */

bool Pins::parse(const std::string &s, std::string *err)
{
	size_t start = 0;
	while (start < s.size()) {
		size_t comma = s.find(',', start);
		std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
		start = comma == std::string::npos ? s.size() : comma + 1;
		if (item.empty())
			continue;
		size_t eq = item.find('=');
		if (eq == std::string::npos) {
			*err = "expected KNOB=VALUE, got '" + item + "'";
			return false;
		}
		std::string k = item.substr(0, eq), v = item.substr(eq + 1);
		Program probe;
		kv.push_back({ k, v });
		Pins one;
		one.kv.push_back({ k, v });
		try {
			one.apply(probe);
		} catch (const std::exception &e) {
			*err = e.what();
			kv.pop_back();
			return false;
		}
	}
	return true;
}

void Pins::apply(Program &p) const
{
	for (const auto &item : kv) {
		const std::string &k = item.first, &v = item.second;
		uint64_t n = 0;
		bool num = parse_number(v, &n);
		auto bad = [&]() { throw std::runtime_error("bad value '" + v + "' for --set " + k); };
		if (k == "platform") {
			if (!kshim::parse_platform(v, &p.mc.platform))
				bad();
		} else if (k == "preempt") {
			if (!kshim::parse_preempt(v, &p.mc.preempt))
				bad();
		} else if (k == "rcu") {
			if (!kshim::parse_rcu_mode(v, &p.mc.rcu))
				bad();
		} else if (k == "cpus") {
			if (!num || n < 1 || n > 4)
				bad();
			p.mc.ncpus = (unsigned)n;
		} else if (k == "remap") {
			if (v != "on" && v != "off")
				bad();
			p.mc.direct_remap = v == "on";
		} else if (k == "bbml2") {
			if (v != "on" && v != "off")
				bad();
			p.mc.cca_bbml2 = v == "on";
		} else if (k == "lockdep") {
			if (v != "on" && v != "off")
				bad();
			p.mc.lockdep = v == "on";
		} else if (k == "swiotlb") {
			p.sw.param = v;
		} else if (k == "preemptions") {
			if (!num)
				bad();
			p.mc.max_preemptions = (unsigned)n;
		} else if (k == "fail_alloc_prob" || k == "fail_setmem_prob") {
			if (!num || n > 100)
				bad();
			(k == "fail_alloc_prob" ? p.mc.fail_alloc_prob : p.mc.fail_setmem_prob) = (unsigned)n;
		} else if (k == "mask") {
			if (!num || n > 64)
				bad();
			for (DevDecl &d : p.devs)
				d.spec.dma_mask = d.spec.coherent_dma_mask = n == 64 ? ~0ULL : (1ULL << n) - 1;
		} else {
			throw std::runtime_error("unknown knob '" + k +
						 "' (known: platform, preempt, rcu, cpus, remap, bbml2, lockdep, swiotlb, "
						 "preemptions, fail_alloc_prob, fail_setmem_prob, mask)");
		}
	}
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
	out[0] = (uint8_t)mc.platform;
	out[1] = (uint8_t)mc.preempt;
	out[2] = (uint8_t)mc.rcu;
	out[3] = (uint8_t)((mc.ncpus + 2) % 4);
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
	out[4] = (uint8_t)(nearest(kNslabs, nslabs) | nearest(kNareas, nareas) << 2 | (force ? 0 : 1) << 4 | init << 5);
	out[5] = (uint8_t)((mc.direct_remap == 1 ? 1 : mc.direct_remap == 0 ? 2 : 0) | (!mc.cca_bbml2) << 2 |
			   (!p.sw.dynamic) << 3 | (p.sw.force_flag == 1 ? 1 : p.sw.force_flag == 0 ? 2 : 0) << 4 |
			   0);
	std::map<std::string, unsigned> dev_idx, buf_idx, map_idx;
	for (size_t i = 0; i < p.devs.size() && i < 2; i++) {
		const kshim::DevSpec &s = p.devs[i].spec;
		dev_idx[s.name] = (unsigned)i;
		out[6 + i] = (uint8_t)(nearest(kMasks, s.dma_mask) | nearest(kMinAlign, s.min_align_mask) << 3 |
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
		out[8] |= (uint8_t)((p.bufs[i].zone & 3) << (2 * best));
		out[9] |= (uint8_t)(nearest(kBufOff, p.bufs[i].offset) << (2 * best));
	}
	out[10] = (uint8_t)(nearest(kPoolSize, mc.atomic_pool_size) | nearest(kFailProb, mc.fail_alloc_prob) << 2 |
			    nearest(kFailProb, mc.fail_setmem_prob) << 4 | nearest(kPreemptions, mc.max_preemptions) << 6);
	std::vector<uint8_t> ops;
	auto op_byte = [](OpCode c) -> int {
		for (unsigned i = 0; i < kNumOps; i++)
			if (kOps[i] == c)
				return (int)i;
		return -1;
	};
	auto encode_op = [&](const Op &op) {
		int b0 = op_byte(op.code);
		if (b0 < 0)
			return;	/* raw primitives have no fuzz encoding */
		unsigned kind = op.ctx.kind == CtxKind::task ? 0 : op.ctx.kind == CtxKind::softirq ? 2 :
				op.ctx.kind == CtxKind::hardirq ? 3 : 4;
		int dec = -1;
		if (!op.ctx.decor.empty())
			for (int i = 2; i < 8; i++)
				if (kDecor[i] == (int)op.ctx.decor[0])
					dec = i;
		uint8_t o1 = (uint8_t)(kind | (op.ctx.cpu & 3) << 3 | (op.ctx.task & 1) << 5);
		uint8_t o3 = 0;
		if (dec >= 0)
			o1 |= (uint8_t)((dec >> 1) << 6);
		if (!map_idx.count(op.name)) {
			/* decoded names (m0..m7) keep their number; others take the next one */
			if (op.name.size() == 2 && op.name[0] == 'm' && op.name[1] >= '0' && op.name[1] <= '7')
				map_idx[op.name] = (unsigned)(op.name[1] - '0');
			else
				map_idx[op.name] = (unsigned)map_idx.size() % 8;
		}
		uint8_t o2 = (uint8_t)(map_idx[op.name] | dev_idx[op.dev] << 3 | buf_idx[op.buf] << 4 |
				       (op.dir == 1 ? 0 : op.dir == 2 ? 1 : 2) << 6);
		o3 = (uint8_t)(nearest(kLen, op.len) | ((op.attrs >> 5) & 1) << 3 | ((op.attrs >> 8) & 1) << 4 |
			       nearest(kAlign, op.align) << 5);
		if (dec >= 0)
			o3 = (uint8_t)((o3 & 0x7f) | (dec & 1) << 7);
		if (op.code == OpCode::advance || op.code == OpCode::fail_alloc || op.code == OpCode::fail_setmem)
			o3 = (uint8_t)((op.n ? op.n - 1 : 0) & 7);
		if (op.code == OpCode::fail_alloc || op.code == OpCode::fail_setmem)
			o2 = (uint8_t)(op.off & 7);
		if (op.code == OpCode::init_late) {
			unsigned ns = nearest(kNslabs, (unsigned)(op.len / 2048));
			o3 = (uint8_t)((o3 & 0x80) | ns | (op.gfp == 1 ? 4 : 0));
		}
		if (op.code == OpCode::map_sg)	/* nents takes the bits tbl_map uses for its alignment */
			o3 = (uint8_t)((o3 & 0x9f) | nearest(kNents, op.n) << 5);
		ops.push_back((uint8_t)b0);
		ops.push_back(o1);
		ops.push_back(o2);
		ops.push_back(o3);
	};
	for (const Step &s : p.steps) {
		if (s.parallel && s.ops.size() >= 2) {
			ops.push_back((uint8_t)op_byte(OpCode::count));
			ops.push_back(0);
			ops.push_back((uint8_t)(s.ops.size() >= 3 ? 1 : 0));
			ops.push_back(0);
		}
		for (const Op &op : s.ops)
			encode_op(op);
	}
	if (ops.empty() && !p.choices.empty()) {
		/* the decoder reads at least one operation: an empty group keeps the choices where they are */
		ops = { (uint8_t)op_byte(OpCode::count), 0, 0, 0 };
	}
	size_t nops = ops.size() / kOpBytes;
	out[11] = (uint8_t)((nops ? nops - 1 : 0) % 32);
	out.insert(out.end(), ops.begin(), ops.end());
	out.insert(out.end(), p.choices.begin(), p.choices.end());
	return out;
}

} /* namespace kctx */
