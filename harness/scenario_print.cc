// SPDX-License-Identifier: GPL-2.0
/*
 * Programs back into the .kctx format: what the parser reads, it prints
 * again the same way (fuzz/scenario_fuzz.cc checks the fixed point), so that
 * decoded fuzz inputs and minimised scenarios are ordinary scenarios.
 */
#include "scenario.h"

#include <fmt/format.h>

namespace kctx {

static std::string hexnum(uint64_t v)
{
	return fmt::format("{:#x}", v);
}

static std::string mask_str(uint64_t m)
{
	for (int b = 1; b <= 64; b++)
		if (m == (b == 64 ? ~0ULL : (1ULL << b) - 1))
			return std::to_string(b);
	return hexnum(m);
}

static std::string ctx_str(const Ctx &c)
{
	std::string s;
	switch (c.kind) {
	case CtxKind::task: s = fmt::format("task{}", c.task); break;
	case CtxKind::softirq: s = "softirq"; break;
	case CtxKind::hardirq: s = "hardirq"; break;
	case CtxKind::kworker: s = "kworker"; break;
	}
	s += fmt::format("@cpu{}", c.cpu);
	for (size_t i = 0; i < c.decor.size(); i++) {
		s += std::string(" +") + decor_name(c.decor[i]);
		if (!c.lock(i).empty())
			s += "=" + c.lock(i);
	}
	return s + ":";
}

static std::string attrs_str(unsigned long a)
{
	std::string s;
	for (const NamedValue &nv : kAttrNames)
		if (a & nv.value)
			s += std::string(s.empty() ? "" : ",") + nv.name;
	return s;
}

static const char *value_name(const NamedValue *names, size_t n, unsigned long v)
{
	for (size_t i = 0; i < n; i++)
		if (names[i].value == v)
			return names[i].name;
	return names[n - 1].name;
}

/* One argument as the parser reads it back: positional, or key=value; "" when it is its default. */
static std::string arg_str(const Op &op, Arg a)
{
	std::string key = arg_spec(a).key ? std::string(" ") + arg_spec(a).key + "=" : " ";
	switch (a) {
	case Arg::map_name:
	case Arg::alloc_name:
	case Arg::lock:
		return key + op.name;
	case Arg::dev:
		return key + op.dev;
	case Arg::buf:
		return key + op.buf;
	case Arg::count:
	case Arg::pages:
		return key + std::to_string(op.count);
	case Arg::kmalloc_size:
	case Arg::alloc_size:
	case Arg::pool_size:
		return key + std::to_string(op.size);
	case Arg::off:
		return op.off ? key + std::to_string(op.off) : "";
	case Arg::len:
		return op.len ? key + std::to_string(op.len) : "";
	case Arg::align:
		return op.align ? key + hexnum(op.align) : "";
	case Arg::nents:
		return op.nents ? key + std::to_string(op.nents) : "";
	case Arg::skip:
		return op.skip ? key + std::to_string(op.skip) : "";
	case Arg::dir:
		return key + dir_name(op.dir);
	case Arg::attrs:
	case Arg::alloc_attrs:
		return op.attrs ? key + attrs_str(op.attrs) : "";
	case Arg::zone:
		return op.gfp ? key + value_name(kZoneGfpNames, 3, op.gfp) : "";
	case Arg::kmalloc_gfp:
		return key + value_name(kKmallocGfpNames, 3, op.gfp);
	case Arg::alloc_gfp:	/* atomic, the default, is not printed: fuzz inputs print as before */
		return op.gfp != GFP_ATOMIC ? key + value_name(kKmallocGfpNames, 3, op.gfp) : "";
	case Arg::none:
		break;
	}
	return "";
}

static std::string op_str(const Op &op)
{
	std::string s = op_name(op.code);
	for (Arg a : op.info().args)
		if (a != Arg::none)
			s += arg_str(op, a);
	return op.info().in_context() ? ctx_str(op.ctx) + " " + s : s;
}

/* A string as the lexer reads it back: quotes and backslashes escaped. */
static std::string quoted(const std::string &t)
{
	std::string q = "\"";
	for (char c : t) {
		if (c == '"' || c == '\\')
			q += '\\';
		q += c;
	}
	return q + "\"";
}

std::string print_scenario(const Program &p)
{
	const kshim::MachineConfig &mc = p.mc;
	kshim::MachineConfig def;
	std::string o;
	for (auto &c : p.comments)
		o += c + "\n";
	if (!p.kernel.empty())
		o += "kernel " + p.kernel + "\n";
	if (!p.patches.empty())
		o += "patches " + p.patches + "\n";
	o += std::string("platform ") + kshim::platform_name(mc.platform) + "\n";
	o += std::string("preempt ") + kshim::preempt_name(mc.preempt) + "\n";
	o += std::string("rcu ") + kshim::rcu_mode_name(mc.rcu) + "\n";
	o += fmt::format("cpus {}\n", mc.ncpus);
	if (mc.sme_cbit != def.sme_cbit)
		o += fmt::format("cbit {}\n", mc.sme_cbit);
	if (mc.cca_bbml2 != def.cca_bbml2)
		o += std::string("bbml2 ") + (mc.cca_bbml2 ? "on" : "off") + "\n";
	if (mc.lockdep != def.lockdep)
		o += "lockdep off\n";
	if (mc.atomic_pool_size != def.atomic_pool_size)
		o += fmt::format("atomic_pool {}\n", mc.atomic_pool_size);
	if (mc.max_preemptions != def.max_preemptions)
		o += fmt::format("preemptions {}\n", mc.max_preemptions);
	if (mc.fail_alloc_prob)
		o += fmt::format("fail_alloc_prob {}\n", mc.fail_alloc_prob);
	if (mc.fail_setmem_prob)
		o += fmt::format("fail_setmem_prob {}\n", mc.fail_setmem_prob);
	if (mc.normal_base != def.normal_base)
		o += "normal_base " + hexnum(mc.normal_base) + "\n";
	if (!p.sw.param.empty())
		o += "swiotlb " + p.sw.param + "\n";
	o += std::string("swiotlb_init ") + (p.sw.init == SwInit::early ? "early" : p.sw.init == SwInit::late ? "late" : "none");
	if (p.sw.force_flag == 1)
		o += " force";
	if (p.sw.force_flag == 0)
		o += " noforce";
	if (p.sw.any_flag)
		o += " any";
	if (p.sw.init == SwInit::late) {
		o += fmt::format(" size={}", p.sw.late_size);
		if (p.sw.late_gfp)
			o += std::string(" gfp=") + value_name(kZoneGfpNames, 3, p.sw.late_gfp);
	}
	o += "\n";
	if (!p.sw.dynamic)
		o += "dynamic off\n";
	if (p.sw.exit_at_boot)
		o += "swiotlb_exit on\n";
	if (p.has_seed)
		o += fmt::format("seed {}\n", p.seed);
	if (!p.choices.empty()) {
		o += "choices";
		for (size_t i = 0; i < p.choices.size(); i++) {
			if (i % 32 == 0)
				o += " ";
			o += fmt::format("{:02x}", p.choices[i]);
		}
		o += "\n";
	}
	for (const DevDecl &d : p.devs) {
		const kshim::DevSpec &s = d.spec;
		o += "device " + s.name;
		if (s.dma_mask != ~0ULL || s.coherent_dma_mask != ~0ULL) {
			o += " mask=" + mask_str(s.dma_mask);
			if (s.coherent_dma_mask != s.dma_mask)
				o += " coherent_mask=" + mask_str(s.coherent_dma_mask);
		}
		if (s.bus_dma_limit)
			o += " bus_limit=" + hexnum(s.bus_dma_limit);
		if (s.min_align_mask)
			o += " min_align=" + hexnum(s.min_align_mask);
		if (s.seg_boundary)
			o += " boundary=" + hexnum(s.seg_boundary);
		if (!s.coherent)
			o += " noncoherent";
		if (s.untrusted)
			o += " untrusted";
		if (s.restricted)
			o += fmt::format(" restricted={}", s.restricted_size);
		o += "\n";
	}
	for (const BufDecl &b : p.bufs) {
		o += fmt::format("buffer {} size={}", b.name, b.size);
		if (b.zone != Zone::normal)
			o += std::string(" zone=") + zone_name(b.zone);
		if (b.offset)
			o += fmt::format(" offset={}", b.offset);
		o += "\n";
	}
	for (const Step &s : p.steps) {
		if (s.parallel) {
			o += "parallel {\n";
			for (const Op &op : s.ops)
				o += "\t" + op_str(op) + "\n";
			o += "}\n";
		} else {
			for (const Op &op : s.ops)
				o += op_str(op) + "\n";
		}
	}
	for (const Expect &e : p.expects) {
		switch (e.kind) {
		case Expect::clean: o += "expect clean\n"; break;
		case Expect::report: o += "expect report " + quoted(e.text) + "\n"; break;
		case Expect::no_report: o += "expect no report " + quoted(e.text) + "\n"; break;
		case Expect::frame: o += "expect frame " + quoted(e.text) + "\n"; break;
		case Expect::report_line: o += "expect line " + quoted(e.text) + "\n"; break;
		}
	}
	return o;
}

} /* namespace kctx */
