// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario operation lines: "CONTEXT [+DECORATION...]: OPERATION ARGS" or an
 * event without a context.  What each operation takes comes from its row in
 * ops.def; this file only knows how each kind of argument is spelled.
 */
#include "scenario_parser.h"

#include <algorithm>
#include <sstream>

namespace kctx {

Ctx Parser::context(const Tok &t)
{
	Ctx c;
	std::string s = t.s;
	size_t at = s.find('@');
	std::string who = s.substr(0, at);
	if (at == std::string::npos || s.compare(at + 1, 3, "cpu") || at + 4 >= s.size())
		fail(t.col, fmt::format("expected a context like task0@cpu0, softirq@cpu1, hardirq@cpu0 or kworker@cpu0, got '{}'", s));
	uint64_t cpu;
	if (!parse_number(s.substr(at + 4), &cpu) || cpu >= 4)
		fail(t.col + (int)at + 4, fmt::format("expected a CPU number 0-3 in '{}'", s));
	c.cpu = (uint8_t)cpu;
	if (who == "softirq")
		c.kind = CtxKind::softirq;
	else if (who == "hardirq")
		c.kind = CtxKind::hardirq;
	else if (who == "kworker")
		c.kind = CtxKind::kworker;
	else if (who.rfind("task", 0) == 0) {
		uint64_t n;
		if (!parse_number(who.substr(4), &n) || n > 7)
			fail(t.col, fmt::format("expected a task number 0-7 in '{}'", s));
		c.kind = CtxKind::task;
		c.task = (uint8_t)n;
	} else {
		fail(t.col, fmt::format("expected task<N>, softirq, hardirq or kworker before '@', got '{}'", who));
	}
	return c;
}

Op Parser::operation(std::vector<Tok> t)
{
	Op op;
	op.line = line_;
	/* context and decorations, up to the ':' */
	size_t i = 0;
	bool has_ctx = false;
	for (size_t k = 0; k < t.size(); k++) {
		if (!t[k].s.empty() && t[k].s.back() == ':' && !t[k].quoted) {
			has_ctx = true;
			break;
		}
	}
	if (has_ctx) {
		Tok first = t[0];
		bool colon = !first.s.empty() && first.s.back() == ':';
		if (colon)
			first.s.pop_back();
		op.ctx = context(first);
		i = 1;
		while (!colon) {
			need(t, i, "a decoration (+irqs_off, +spin, ...) or ':' after the context");
			Tok d = t[i++];
			colon = !d.s.empty() && d.s.back() == ':';
			if (colon)
				d.s.pop_back();
			if (d.s.empty())
				continue;
			if (d.s[0] != '+')
				fail(d.col, fmt::format("expected a decoration starting with '+' or ':', got '{}'", d.s));
			Decor dec;
			std::string lock, why;
			if (!parse_decor(d.s.substr(1), &dec, &lock, &why))
				fail(d.col, why);
			if (!lock.empty())
				name_of(Tok{ lock, d.col, d.quoted }, "a lock name");
			op.ctx.add(dec, lock);
		}
	}
	need(t, i, "an operation");
	const Tok &name = t[i];
	if (!parse_op(name.s.c_str(), &op.code))
		fail(name.col, fmt::format("unknown operation '{}'", name.s));
	if (op.info().kind == OpKind::init) {
		bool exit = op.code == OpCode::exit;
		fail(name.col, fmt::format("{}() is __init: only the boot path calls it, and its code is gone after boot; "
					   "use the '{}' directive", exit ? "swiotlb_exit" : "swiotlb_update_mem_attributes",
					   exit ? "swiotlb_exit on" : "platform"));
	}
	if (has_ctx && op_is_event(op.code))
		fail(t[0].col, fmt::format("'{}' is a scheduling or fault-injection event: it takes no context", name.s));
	std::vector<Tok> pos;
	std::map<std::string, Tok> kv = keyvals(t, i + 1, &pos, keys_of(op.info()));
	set_arg_defaults(op);
	size_t npos = 0;
	for (Arg a : op.info().args) {
		if (a == Arg::none)
			break;
		const ArgSpec &spec = arg_spec(a);
		if (!spec.key) {
			if (pos.size() <= npos)
				need(t, t.size(), spec.what);
			argument(op, a, pos[npos++]);
		} else if (kv.count(spec.key)) {
			argument(op, a, kv[spec.key]);
		}
	}
	if (pos.size() > npos)
		fail(pos[npos].col, fmt::format("unexpected '{}' after {}", pos[npos].s, name.s));
	return op;
}

/* The key= arguments an operation takes, for keyvals(). */
std::vector<std::string> Parser::keys_of(const OpInfo &info)
{
	std::vector<std::string> keys;
	for (Arg a : info.args)
		if (a != Arg::none && arg_spec(a).key)
			keys.push_back(arg_spec(a).key);
	return keys;
}

/* One argument's value into its field. */
void Parser::argument(Op &op, Arg a, const Tok &v)
{
	const ArgSpec &spec = arg_spec(a);
	auto number = [&](const Tok &t, const std::string &what) {
		uint64_t n = Parser::number(t, what);
		if (n < spec.min || n > spec.max)
			fail(t.col, fmt::format("expected {} from {} to {}, got '{}'", what, spec.min, spec.max, t.s));
		return n;
	};
	auto named = [&](const NamedValue *names, size_t n, const char *expected) -> unsigned long {
		for (size_t k = 0; k < n; k++)
			if (v.s == names[k].name)
				return names[k].value;
		fail(v.col, fmt::format("expected {}, got '{}'", expected, v.s));
	};
	switch (a) {
	case Arg::map_name:
	case Arg::alloc_name:
	case Arg::lock:
		op.name = name_of(v, spec.what);
		op.col = v.col;
		break;
	case Arg::dev:
		op.dev = name_of(v, spec.what);
		if (std::none_of(p_.devs.begin(), p_.devs.end(), [&](const DevDecl &d) { return d.spec.name == op.dev; }))
			fail(v.col, fmt::format("no device '{}': declare it with a 'device' line before this one", op.dev));
		break;
	case Arg::buf:
		op.buf = name_of(v, spec.what);
		if (std::none_of(p_.bufs.begin(), p_.bufs.end(), [&](const BufDecl &b) { return b.name == op.buf; }))
			fail(v.col, fmt::format("no buffer '{}': declare it with a 'buffer' line before this one", op.buf));
		break;
	case Arg::count:
	case Arg::pages:
		op.count = number(v, spec.what);
		break;
	case Arg::kmalloc_size:
	case Arg::alloc_size:
	case Arg::pool_size:
		op.size = number(v, spec.what);
		break;
	case Arg::off:
		op.off = number(v, spec.what);
		break;
	case Arg::len:
		op.len = number(v, spec.what);
		break;
	case Arg::align:
		op.align = number(v, spec.what);
		break;
	case Arg::nents:
		op.nents = number(v, spec.what);
		break;
	case Arg::skip:
		op.skip = number(v, spec.what);
		break;
	case Arg::dir:
		if (!parse_dir(v.s, &op.dir))
			fail(v.col, fmt::format("expected dir=to, dir=from or dir=bidi, got '{}'", v.s));
		break;
	case Arg::attrs:
	case Arg::alloc_attrs: {
		std::stringstream ss(v.s);
		std::string one;
		while (std::getline(ss, one, ',')) {
			unsigned long bit = 0;
			for (const NamedValue &nv : kAttrNames)
				if (one == nv.name)
					bit = nv.value;
			if (!bit)
				fail(v.col, fmt::format("expected attrs= of skip_sync, no_warn, no_kernel_mapping, weak_ordering, "
							"privileged, got '{}'", one));
			op.attrs |= bit;
		}
		break;
	}
	case Arg::zone:
		op.gfp = (gfp_t)named(kZoneGfpNames, 3, "gfp=dma, dma32 or normal");
		break;
	case Arg::kmalloc_gfp:
	case Arg::alloc_gfp:
		op.gfp = (gfp_t)named(kKmallocGfpNames, 3, "gfp=kernel, atomic or nowait");
		break;
	case Arg::none:
		break;
	}
}

} /* namespace kctx */
