// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario directives: the kernel and machine configuration, swiotlb's boot
 * parameters, devices, buffers, choices and expectations.
 */
#include "scenario_parser.h"

namespace kctx {

void Parser::directive(const std::vector<Tok> &t)
{
	const std::string &d = t[0].s;
	kshim::MachineConfig &mc = p_.mc;
	auto arg = [&](size_t k, const std::string &what) -> const Tok & {
		need(t, k, what);
		return t[k];
	};
	auto done = [&](size_t k) {
		if (t.size() > k)
			fail(t[k].col, fmt::format("unexpected '{}' after {}", t[k].s, d));
	};
	if (d == "kernel") {
		p_.kernel = word(arg(1, "a kernel version or path"), "a kernel version or path");
		done(2);
	} else if (d == "patches") {
		p_.patches = word(arg(1, "a patch set path or 'none'"), "a patch set path");
		if (p_.patches == "none")
			p_.patches.clear();
		done(2);
	} else if (d == "platform") {
		if (!kshim::parse_platform(arg(1, "a platform").s, &mc.platform))
			fail(t[1].col, fmt::format("expected a platform ({}), got '{}'", kshim::platform_choices(), t[1].s));
		done(2);
	} else if (d == "preempt") {
		if (!kshim::parse_preempt(arg(1, "a preemption model").s, &mc.preempt))
			fail(t[1].col, fmt::format("expected preempt {}, got '{}'", kshim::preempt_choices(), t[1].s));
		done(2);
	} else if (d == "rcu") {
		if (!kshim::parse_rcu_mode(arg(1, "an RCU callback mode").s, &mc.rcu))
			fail(t[1].col, fmt::format("expected rcu softirq, rcuc or nocb, got '{}'", t[1].s));
		done(2);
	} else if (d == "cpus") {
		uint64_t n = number(arg(1, "a CPU count"), "a CPU count 1-4");
		if (n < 1 || n > 4)
			fail(t[1].col, fmt::format("expected a CPU count 1-4, got '{}'", t[1].s));
		mc.ncpus = (unsigned)n;
		done(2);
	} else if (d == "cbit") {
		uint64_t n = number(arg(1, "the C-bit position"), "the C-bit position");
		if (n < 32 || n > 63)
			fail(t[1].col, fmt::format("expected a C-bit position 32-63, got '{}'", t[1].s));
		mc.sme_cbit = (unsigned)n;
		done(2);
	} else if (d == "remap") {
		fail(t[0].col, "DMA_DIRECT_REMAP follows the architecture: arm64 selects it, x86 does not (choose the "
			       "platform, drop this line)");
	} else if (d == "bbml2") {
		mc.cca_bbml2 = onoff(t, 1);
		bbml2_line_ = line_;
		done(2);
	} else if (d == "lockdep") {
		mc.lockdep = onoff(t, 1);
		done(2);
	} else if (d == "atomic_pool") {
		mc.atomic_pool_size = ranged(arg(1, "a size"), "an atomic pool size", 4096, 64 << 20);
		done(2);
	} else if (d == "preemptions") {
		mc.max_preemptions = (unsigned)ranged(arg(1, "a count"), "a preemption count", 0, 255);
		done(2);
	} else if (d == "fail_alloc_prob" || d == "fail_setmem_prob") {
		uint64_t n = number(arg(1, "a percentage"), "a percentage");
		if (n > 100)
			fail(t[1].col, "expected a percentage 0-100");
		(d == "fail_alloc_prob" ? mc.fail_alloc_prob : mc.fail_setmem_prob) = (unsigned)n;
		done(2);
	} else if (d == "normal_base") {
		mc.normal_base = number(arg(1, "a physical address"), "a physical address");
		if (mc.normal_base < (4ULL << 30) || (mc.normal_base & 0xfffff))
			fail(t[1].col, "expected a 1 MiB aligned physical address at or above 4 GiB");
		done(2);
	} else if (d == "swiotlb") {
		p_.sw.param = word(arg(1, "a swiotlb= parameter like 128,1,force"), "a swiotlb= parameter");
		done(2);
	} else if (d == "swiotlb_init") {
		const Tok &m = arg(1, "early, late or none");
		if (m.s == "early")
			p_.sw.init = SwInit::early;
		else if (m.s == "late")
			p_.sw.init = SwInit::late;
		else if (m.s == "none")
			p_.sw.init = SwInit::none;
		else
			fail(m.col, fmt::format("expected swiotlb_init early, late or none, got '{}'", m.s));
		auto kv = keyvals(t, 2, nullptr, { "force", "noforce", "any", "size", "gfp" });
		if (kv.count("force"))
			p_.sw.force_flag = 1;
		if (kv.count("noforce")) {
			p_.sw.force_flag = 0;
			noforce_line_ = line_;
			for (const Tok &w : t)
				if (w.s == "noforce")
					noforce_col_ = w.col;
		}
		if (kv.count("any"))
			p_.sw.any_flag = true;
		if (kv.count("size"))
			p_.sw.late_size = ranged(kv["size"], "size=", 1, 1 << 30);
		if (kv.count("gfp")) {
			const std::string &g = kv["gfp"].s;
			Zone z;
			if (!parse_zone(g, &z))
				fail(kv["gfp"].col, fmt::format("expected gfp=dma, dma32 or normal, got '{}'", g));
			p_.sw.late_gfp = zone_gfp(z);
		}
	} else if (d == "dynamic") {
		p_.sw.dynamic = onoff(t, 1);
		done(2);
	} else if (d == "swiotlb_exit") {
		p_.sw.exit_at_boot = onoff(t, 1);
		done(2);
	} else if (d == "device") {
		DevDecl dd;
		dd.line = line_;
		dd.spec.name = name_of(arg(1, "a device name"), "a device name");
		auto kv = keyvals(t, 2, nullptr, { "mask", "coherent_mask", "bus_limit", "min_align", "boundary",
						    "noncoherent", "untrusted", "restricted" });
		if (kv.count("mask"))
			dd.spec.dma_mask = dd.spec.coherent_dma_mask = mask(kv["mask"], "mask=");
		if (kv.count("coherent_mask"))
			dd.spec.coherent_dma_mask = mask(kv["coherent_mask"], "coherent_mask=");
		if (kv.count("bus_limit"))
			dd.spec.bus_dma_limit = number(kv["bus_limit"], "bus_limit=");
		if (kv.count("min_align"))
			dd.spec.min_align_mask = (unsigned)ranged(kv["min_align"], "min_align=", 0, 0xffffffff);
		dd.spec.seg_boundary = kv.count("boundary") ? number(kv["boundary"], "boundary=") : 0;
		if (kv.count("boundary") && dd.spec.seg_boundary && ((dd.spec.seg_boundary + 1) & dd.spec.seg_boundary))
			fail(kv["boundary"].col, "expected boundary= to be a power of two minus one");
		dd.spec.coherent = !kv.count("noncoherent");
		dd.spec.untrusted = kv.count("untrusted");
		if (kv.count("restricted")) {
			dd.spec.restricted = true;
			if (!kv["restricted"].s.empty())
				dd.spec.restricted_size = ranged(kv["restricted"], "restricted=", 4096, 64 << 20);
		}
		for (auto &o : p_.devs)
			if (o.spec.name == dd.spec.name)
				fail(t[1].col, fmt::format("device '{}' declared twice", dd.spec.name));
		p_.devs.push_back(dd);
	} else if (d == "buffer") {
		BufDecl b;
		b.line = line_;
		b.name = name_of(arg(1, "a buffer name"), "a buffer name");
		auto kv = keyvals(t, 2, nullptr, { "size", "zone", "offset" });
		if (kv.count("size"))
			b.size = number(kv["size"], "size=");
		if (!b.size || b.size > (4 << 20))
			fail(kv.count("size") ? kv["size"].col : t[1].col, "expected a buffer size from 1 byte to 4M");
		if (kv.count("offset"))
			b.offset = number(kv["offset"], "offset=");
		if (b.offset >= 4096)
			fail(kv["offset"].col, "expected offset= below 4096 (the offset in the first page)");
		if (kv.count("zone")) {
			const std::string &z = kv["zone"].s;
			if (!parse_zone(z, &b.zone))
				fail(kv["zone"].col, fmt::format("expected zone=dma, dma32 or normal, got '{}'", z));
		}
		p_.bufs.push_back(b);
	} else if (d == "seed") {
		p_.seed = number(arg(1, "a seed"), "a seed");
		p_.has_seed = true;
		done(2);
	} else if (d == "choices") {
		for (size_t k = 1; k < t.size(); k++) {
			const std::string &h = t[k].s;
			if (h.size() % 2)
				fail(t[k].col, "expected hex bytes (an even number of hex digits)");
			for (size_t j = 0; j < h.size(); j += 2) {
				uint64_t v;
				if (!parse_number("0x" + h.substr(j, 2), &v))
					fail(t[k].col + (int)j, fmt::format("expected hex digits, got '{}'", h.substr(j, 2)));
				p_.choices.push_back((uint8_t)v);
			}
		}
	} else if (d == "expect") {
		Expect e;
		e.line = line_;
		const Tok &k = arg(1, "clean, report, no or frame");
		if (k.s == "clean") {
			e.kind = Expect::clean;
			done(2);
		} else if (k.s == "report") {
			e.kind = Expect::report;
			e.text = arg(2, "a quoted title or title prefix").s;
			done(3);
		} else if (k.s == "no") {
			if (arg(2, "'report'").s != "report")
				fail(t[2].col, "expected 'expect no report \"...\"'");
			e.kind = Expect::no_report;
			e.text = arg(3, "a quoted title or title prefix").s;
			done(4);
		} else if (k.s == "frame") {
			e.kind = Expect::frame;
			e.text = arg(2, "a function name").s;
			done(3);
		} else if (k.s == "line") {
			e.kind = Expect::report_line;
			e.text = arg(2, "quoted text of a report line").s;
			done(3);
		} else {
			fail(k.col, fmt::format("expected 'expect clean', 'expect report', 'expect no report', 'expect frame' or 'expect line', got '{}'", k.s));
		}
		p_.expects.push_back(e);
	} else {
		std::vector<Tok> copy = t;
		Op op = operation(copy);
		if (block_ && op_is_event(op.code))
			fail(t[0].col, fmt::format("'{}' cannot run inside a parallel block", op_name(op.code)));
		std::string bad = handles_.check(op);
		if (!bad.empty())
			fail(op.col, bad);
		handles_.add(op);
		if (block_) {
			block_->ops.push_back(op);
		} else {
			handles_.end_step();
			Step s;
			s.ops.push_back(op);
			p_.steps.push_back(s);
		}
	}
}

} /* namespace kctx */
