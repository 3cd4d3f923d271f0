// SPDX-License-Identifier: GPL-2.0
/*
 * The .kctx scenario format.  Line-oriented, for people: directives configure
 * the machine, "device" and "buffer" declare the DMA actors, operations run
 * in a context ("task0@cpu1 +irqs_off: map m0 dev0 b0"), "parallel { }"
 * groups operations that run at the same time, and "expect" lines state
 * the result.  Every error names file:line:column and what was expected.
 */
#include "scenario.h"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

namespace kctx {

/* ---- names ------------------------------------------------------------------------ */

static const char *const decor_names[] = { "irqs_off", "preempt_off", "bh_off", "rcu", "rcu_bh", "rcu_sched",
					   "spin", "spin_irqsave", "spin_bh", "raw_spin", "mutex" };
static const char *const op_names[] = {
	"map", "unmap", "sync_cpu", "sync_dev", "map_sg", "unmap_sg", "tbl_map", "tbl_unmap", "alloc", "free",
	"dev_write", "dev_read",
	"init_late", "exit", "mem_encrypt_init", "pin_pool", "query",
	"rcu_gp", "rcu_callbacks", "rcu_barrier", "workqueues", "softirqs", "drain", "advance",
	"fail_alloc", "fail_setmem",
	"spin_lock", "spin_unlock", "raw_spin_lock", "raw_spin_unlock", "mutex_lock", "mutex_unlock",
	"kmalloc", "set_memory_encrypted", "set_memory_decrypted",
	"rcu_read_lock", "rcu_read_unlock", "local_irq_disable", "local_irq_enable",
	"preempt_disable", "preempt_enable", "local_bh_disable", "local_bh_enable",
	"synchronize_rcu", "msleep", "might_sleep", "call_rcu_sleep", "rcu_work_sleep", "work_sleep", "timer_sleep",
};
static_assert(sizeof(op_names) / sizeof(op_names[0]) == (size_t)OpCode::count, "op names");
static_assert(sizeof(decor_names) / sizeof(decor_names[0]) == (size_t)Decor::count, "decor names");

const char *decor_name(Decor d) { return decor_names[(int)d]; }
const char *op_name(OpCode c) { return op_names[(int)c]; }

bool parse_decor(const std::string &s, Decor *d)
{
	for (int i = 0; i < (int)Decor::count; i++)
		if (s == decor_names[i]) {
			*d = (Decor)i;
			return true;
		}
	return false;
}

bool parse_op(const std::string &s, OpCode *c)
{
	for (int i = 0; i < (int)OpCode::count; i++)
		if (s == op_names[i]) {
			*c = (OpCode)i;
			return true;
		}
	return false;
}

bool op_is_event(OpCode c)
{
	return (c >= OpCode::rcu_gp && c <= OpCode::fail_setmem);
}

const char *dir_name(int dir)
{
	switch (dir) {
	case 0: return "bidi";
	case 1: return "to";
	case 2: return "from";
	}
	return "none";
}

bool parse_dir(const std::string &s, int *dir)
{
	if (s == "bidi")
		*dir = 0;
	else if (s == "to")
		*dir = 1;
	else if (s == "from")
		*dir = 2;
	else
		return false;
	return true;
}

bool parse_number(const std::string &s, uint64_t *out)
{
	if (s.empty())
		return false;
	size_t i = 0;
	uint64_t v = 0;
	int base = 10;
	if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	size_t digits = 0;
	for (; i < s.size(); i++) {
		char c = s[i];
		int d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		v = v * base + d;
		digits++;
	}
	if (!digits)
		return false;
	if (i < s.size()) {
		if (i + 1 != s.size() || base == 16)
			return false;
		switch (s[i]) {
		case 'K': case 'k': v <<= 10; break;
		case 'M': case 'm': v <<= 20; break;
		case 'G': case 'g': v <<= 30; break;
		default: return false;
		}
	}
	*out = v;
	return true;
}

/* ---- lexing ------------------------------------------------------------------------------ */

struct Tok {
	std::string s;
	int col;
	bool quoted;
};

class Parser {
public:
	Parser(const std::string &file) : file_(file) {}
	Program run(const std::string &text);

private:
	[[noreturn]] void fail(int col, const std::string &msg)
	{
		throw ScenarioError(fmt::format("{}:{}:{}: {}", file_, line_, col, msg));
	}
	std::vector<Tok> lex(const std::string &l);
	void directive(const std::vector<Tok> &t);
	/* A bare word (a version, a path, a parameter): it must print back unquoted. */
	const std::string &word(const Tok &t, const std::string &what)
	{
		bool ok = !t.s.empty();
		for (char c : t.s)
			ok &= !isspace((unsigned char)c) && c != '"' && c != '#' && c != '\\';
		if (!ok)
			fail(t.col, fmt::format("expected {} without spaces, quotes or '#', got '{}'", what, t.s));
		return t.s;
	}
	/* Names of devices, buffers, mappings and locks: identifiers, so that they print back as they read. */
	const std::string &name_of(const Tok &t, const std::string &what)
	{
		bool ok = !t.quoted && !t.s.empty();
		for (char c : t.s)
			ok &= isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
		if (!ok)
			fail(t.col, fmt::format("expected {} (letters, digits, '_', '-', '.'), got '{}'", what, t.s));
		return t.s;
	}
	Op operation(std::vector<Tok> t);
	Ctx context(const Tok &t);
	uint64_t number(const Tok &t, const std::string &what);
	uint64_t mask(const Tok &t, const std::string &what);
	bool onoff(const std::vector<Tok> &t, size_t i);
	void need(const std::vector<Tok> &t, size_t n, const std::string &what);
	std::map<std::string, Tok> keyvals(const std::vector<Tok> &t, size_t from, std::vector<Tok> *pos,
					   const std::vector<std::string> &keys);

	std::string file_;
	int line_ = 0;
	Program p_;
	Step *block_ = nullptr;
	int block_line_ = 0;
	int noforce_line_ = 0, noforce_col_ = 0;
};

std::vector<Tok> Parser::lex(const std::string &l)
{
	std::vector<Tok> out;
	size_t i = 0;
	while (i < l.size()) {
		if (l[i] == ' ' || l[i] == '\t' || l[i] == '\r') {
			i++;
			continue;
		}
		if (l[i] == '#')
			break;
		if (l[i] == '"') {
			size_t j = i + 1;
			std::string s;
			while (j < l.size() && l[j] != '"') {
				if (l[j] == '\\' && j + 1 < l.size())
					j++;
				s += l[j++];
			}
			if (j >= l.size())
				fail((int)i + 1, "unterminated string: expected a closing '\"'");
			out.push_back({ s, (int)i + 1, true });
			i = j + 1;
			continue;
		}
		size_t j = i;
		while (j < l.size() && l[j] != ' ' && l[j] != '\t' && l[j] != '\r' && l[j] != '#')
			j++;
		out.push_back({ l.substr(i, j - i), (int)i + 1, false });
		i = j;
	}
	return out;
}

uint64_t Parser::number(const Tok &t, const std::string &what)
{
	uint64_t v;
	if (!parse_number(t.s, &v))
		fail(t.col, fmt::format("expected {} (a number like 4096, 0x1000 or 64K), got '{}'", what, t.s));
	return v;
}

/* A DMA mask: a bit count ("32") or a value ("0xffffffff"). */
uint64_t Parser::mask(const Tok &t, const std::string &what)
{
	uint64_t v = number(t, what);
	if (t.s.rfind("0x", 0) == 0)
		return v;
	if (v > 64)
		fail(t.col, fmt::format("expected {} as a bit count up to 64 or a 0x value, got '{}'", what, t.s));
	return v == 64 ? ~0ULL : (v ? (1ULL << v) - 1 : 0);
}

void Parser::need(const std::vector<Tok> &t, size_t n, const std::string &what)
{
	if (t.size() <= n) {
		int col = t.empty() ? 1 : t.back().col + (int)t.back().s.size() + 1;
		fail(col, "expected " + what);
	}
}

bool Parser::onoff(const std::vector<Tok> &t, size_t i)
{
	need(t, i, "'on' or 'off'");
	if (t[i].s == "on")
		return true;
	if (t[i].s == "off")
		return false;
	fail(t[i].col, fmt::format("expected 'on' or 'off', got '{}'", t[i].s));
}

std::map<std::string, Tok> Parser::keyvals(const std::vector<Tok> &t, size_t from, std::vector<Tok> *pos,
					   const std::vector<std::string> &keys)
{
	std::map<std::string, Tok> kv;
	for (size_t i = from; i < t.size(); i++) {
		size_t eq = t[i].s.find('=');
		std::string k = eq == std::string::npos ? t[i].s : t[i].s.substr(0, eq);
		bool known = false;
		for (auto &key : keys)
			known |= key == k;
		if (eq == std::string::npos && !known) {
			if (pos)
				pos->push_back(t[i]);
			else
				fail(t[i].col, fmt::format("unexpected '{}'", t[i].s));
			continue;
		}
		if (!known) {
			std::string list;
			for (auto &key : keys)
				list += (list.empty() ? "" : ", ") + key;
			fail(t[i].col, fmt::format("unknown option '{}': expected one of {}", k, list));
		}
		if (kv.count(k))
			fail(t[i].col, fmt::format("option '{}' given twice", k));
		kv[k] = { eq == std::string::npos ? "" : t[i].s.substr(eq + 1), t[i].col + (int)k.size() + 1, false };
	}
	return kv;
}

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
			std::string name = d.s.substr(1), lock;
			size_t eq = name.find('=');
			if (eq != std::string::npos) {
				lock = name.substr(eq + 1);
				name.erase(eq);
			}
			Decor dec;
			if (!parse_decor(name, &dec)) {
				std::string list;
				for (auto n : decor_names)
					list += std::string(list.empty() ? "" : ", ") + "+" + n;
				fail(d.col, fmt::format("unknown decoration '{}': expected one of {}", d.s, list));
			}
			bool takes_lock = dec == Decor::spin || dec == Decor::spin_irqsave || dec == Decor::spin_bh ||
					  dec == Decor::raw_spin || dec == Decor::mutex;
			if (!lock.empty() && !takes_lock)
				fail(d.col, fmt::format("+{} takes no lock name", name));
			if (!lock.empty())
				name_of(Tok{ lock, d.col, d.quoted }, "a lock name");
			op.ctx.add(dec, lock);
		}
	}
	need(t, i, "an operation");
	const Tok &name = t[i];
	if (!parse_op(name.s, &op.code))
		fail(name.col, fmt::format("unknown operation '{}'", name.s));
	if (op.code == OpCode::exit || op.code == OpCode::mem_encrypt_init)
		fail(name.col, fmt::format("{}() is __init: only the boot path calls it, and its code is gone after boot; "
					   "use the '{}' directive", op.code == OpCode::exit ? "swiotlb_exit" :
					   "swiotlb_update_mem_attributes", op.code == OpCode::exit ? "swiotlb_exit on" :
					   "platform"));
	if (has_ctx && op_is_event(op.code))
		fail(t[0].col, fmt::format("'{}' is a scheduling or fault-injection event: it takes no context", name.s));
	std::vector<Tok> pos;
	auto args = [&](const std::vector<std::string> &keys) { return keyvals(t, i + 1, &pos, keys); };
	auto posn = [&](size_t k, const std::string &what) -> const Tok & {
		if (pos.size() <= k)
			need(t, t.size(), what);
		return pos[k];
	};
	auto extra = [&](size_t k) {
		if (pos.size() > k)
			fail(pos[k].col, fmt::format("unexpected '{}' after {}", pos[k].s, name.s));
	};
	auto get_dir = [&](std::map<std::string, Tok> &kv) {
		if (kv.count("dir") && !parse_dir(kv["dir"].s, &op.dir))
			fail(kv["dir"].col, fmt::format("expected dir=to, dir=from or dir=bidi, got '{}'", kv["dir"].s));
	};
	auto get_attrs = [&](std::map<std::string, Tok> &kv) {
		if (!kv.count("attrs"))
			return;
		std::stringstream ss(kv["attrs"].s);
		std::string a;
		while (std::getline(ss, a, ',')) {
			if (a == "skip_sync")
				op.attrs |= 1UL << 5;
			else if (a == "no_warn")
				op.attrs |= 1UL << 8;
			else
				fail(kv["attrs"].col, fmt::format("expected attrs=skip_sync,no_warn, got '{}'", a));
		}
	};
	switch (op.code) {
	case OpCode::map:
	case OpCode::map_sg:
	case OpCode::tbl_map: {
		auto kv = args({ "off", "len", "dir", "attrs", "align", "nents" });
		op.name = name_of(posn(0, "a mapping name"), "a mapping name");
		op.dev = name_of(posn(1, "a device name"), "a device name");
		op.buf = name_of(posn(2, "a buffer name"), "a buffer name");
		extra(3);
		if (kv.count("off"))
			op.off = number(kv["off"], "off=");
		if (kv.count("len"))
			op.len = number(kv["len"], "len=");
		if (kv.count("align"))
			op.align = number(kv["align"], "align=");
		if (kv.count("nents"))
			op.n = number(kv["nents"], "nents=");
		get_dir(kv);
		get_attrs(kv);
		break;
	}
	case OpCode::unmap:
	case OpCode::unmap_sg:
	case OpCode::tbl_unmap:
	case OpCode::sync_cpu:
	case OpCode::sync_dev:
	case OpCode::dev_write:
	case OpCode::dev_read:
	case OpCode::free: {
		auto kv = args({ "attrs" });
		op.name = name_of(posn(0, "a mapping name"), "a mapping name");
		extra(1);
		get_attrs(kv);
		break;
	}
	case OpCode::alloc: {
		auto kv = args({ "size" });
		op.name = name_of(posn(0, "an allocation name"), "an allocation name");
		op.dev = name_of(posn(1, "a device name"), "a device name");
		extra(2);
		op.len = kv.count("size") ? number(kv["size"], "size=") : 4096;
		break;
	}
	case OpCode::init_late: {
		auto kv = args({ "size", "gfp" });
		extra(0);
		op.len = kv.count("size") ? number(kv["size"], "size=") : 1 << 20;
		if (kv.count("gfp")) {
			const std::string &g = kv["gfp"].s;
			op.gfp = g == "dma" ? 1 : g == "dma32" ? 4 : g == "normal" ? 0 : 99;
			if (op.gfp == 99)
				fail(kv["gfp"].col, fmt::format("expected gfp=dma, dma32 or normal, got '{}'", g));
		}
		break;
	}
	case OpCode::query:
		args({});
		op.dev = name_of(posn(0, "a device name"), "a device name");
		extra(1);
		break;
	case OpCode::advance:
	case OpCode::msleep:
		args({});
		op.n = number(posn(0, "a count"), "a count");
		extra(1);
		break;
	case OpCode::fail_alloc:
	case OpCode::fail_setmem: {
		/* fail N calls after letting "skip" pass, like fail-nth */
		auto kv = args({ "skip" });
		op.n = number(posn(0, "a count"), "a count");
		extra(1);
		if (kv.count("skip"))
			op.off = number(kv["skip"], "skip=");
		break;
	}
	case OpCode::spin_lock:
	case OpCode::spin_unlock:
	case OpCode::raw_spin_lock:
	case OpCode::raw_spin_unlock:
	case OpCode::mutex_lock:
	case OpCode::mutex_unlock:
		args({});
		op.name = name_of(posn(0, "a lock name"), "a lock name");
		extra(1);
		break;
	case OpCode::kmalloc: {
		auto kv = args({ "gfp" });
		op.len = number(posn(0, "a size"), "a size");
		extra(1);
		std::string g = kv.count("gfp") ? kv["gfp"].s : "kernel";
		if (g == "kernel")
			op.gfp = 0xcc0;
		else if (g == "atomic")
			op.gfp = 0x820;
		else if (g == "nowait")
			op.gfp = 0x2800;
		else
			fail(kv["gfp"].col, fmt::format("expected gfp=kernel, atomic or nowait, got '{}'", g));
		break;
	}
	case OpCode::set_memory_encrypted:
	case OpCode::set_memory_decrypted: {
		auto kv = args({ "pages" });
		extra(0);
		op.n = kv.count("pages") ? number(kv["pages"], "pages=") : 1;
		break;
	}
	default:
		args({});
		extra(0);
		break;
	}
	return op;
}

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
			fail(t[1].col, fmt::format("expected platform none, x86-sme, x86-sev, x86-tdx or arm64-cca, got '{}'", t[1].s));
		done(2);
	} else if (d == "preempt") {
		if (!kshim::parse_preempt(arg(1, "a preemption model").s, &mc.preempt))
			fail(t[1].col, fmt::format("expected preempt none, voluntary, full or rt, got '{}'", t[1].s));
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
		mc.direct_remap = onoff(t, 1);
		done(2);
	} else if (d == "bbml2") {
		mc.cca_bbml2 = onoff(t, 1);
		done(2);
	} else if (d == "lockdep") {
		mc.lockdep = onoff(t, 1);
		done(2);
	} else if (d == "atomic_pool") {
		mc.atomic_pool_size = number(arg(1, "a size"), "a size");
		done(2);
	} else if (d == "preemptions") {
		mc.max_preemptions = (unsigned)number(arg(1, "a count"), "a count");
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
			p_.sw.late_size = number(kv["size"], "size=");
		if (kv.count("gfp")) {
			const std::string &g = kv["gfp"].s;
			p_.sw.late_gfp = g == "dma" ? 1 : g == "dma32" ? 4 : g == "normal" ? 0 : 99;
			if (p_.sw.late_gfp == 99)
				fail(kv["gfp"].col, fmt::format("expected gfp=dma, dma32 or normal, got '{}'", g));
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
			dd.spec.min_align_mask = (unsigned)number(kv["min_align"], "min_align=");
		dd.spec.seg_boundary = kv.count("boundary") ? number(kv["boundary"], "boundary=") : 0;
		if (kv.count("boundary") && dd.spec.seg_boundary && ((dd.spec.seg_boundary + 1) & dd.spec.seg_boundary))
			fail(kv["boundary"].col, "expected boundary= to be a power of two minus one");
		dd.spec.coherent = !kv.count("noncoherent");
		dd.spec.untrusted = kv.count("untrusted");
		if (kv.count("restricted")) {
			dd.spec.restricted = true;
			if (!kv["restricted"].s.empty())
				dd.spec.restricted_size = number(kv["restricted"], "restricted=");
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
			b.zone = z == "dma" ? 0 : z == "dma32" ? 1 : z == "normal" ? 2 : 9;
			if (b.zone == 9)
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
		} else {
			fail(k.col, fmt::format("expected 'expect clean', 'expect report', 'expect no report' or 'expect frame', got '{}'", k.s));
		}
		p_.expects.push_back(e);
	} else {
		std::vector<Tok> copy = t;
		Op op = operation(copy);
		if (block_) {
			if (op_is_event(op.code))
				fail(t[0].col, fmt::format("'{}' cannot run inside a parallel block", op_name(op.code)));
			block_->ops.push_back(op);
		} else {
			Step s;
			s.ops.push_back(op);
			p_.steps.push_back(s);
		}
	}
}

Program Parser::run(const std::string &text)
{
	p_.file = file_;
	std::stringstream ss(text);
	std::string l;
	bool header = true;
	while (std::getline(ss, l)) {
		line_++;
		if (l.find('\0') != std::string::npos)
			fail(1, "expected text, found a NUL byte (is this a fuzz input? use 'tools/kctx decode')");
		size_t first = l.find_first_not_of(" \t\r");
		if (first != std::string::npos && l[first] == '#') {
			if (header)
				p_.comments.push_back(l.substr(first));
			continue;
		}
		std::vector<Tok> t = lex(l);
		if (t.empty())
			continue;
		header = false;
		if (t.size() == 2 && t[0].s == "parallel" && t[1].s == "{") {
			if (block_)
				fail(t[0].col, "parallel blocks do not nest");
			p_.steps.push_back(Step{ true, {} });
			block_ = &p_.steps.back();
			block_line_ = line_;
			continue;
		}
		if (t.size() == 1 && t[0].s == "}") {
			if (!block_)
				fail(t[0].col, "'}' without 'parallel {'");
			if (block_->ops.empty())
				fail(t[0].col, "expected at least one operation in the parallel block");
			block_ = nullptr;
			continue;
		}
		directive(t);
	}
	if (block_) {
		line_ = block_line_;
		fail(1, "expected '}' to close this parallel block");
	}
	/*
	 * swiotlb_exit() runs at boot only when x86's GART took over DMA
	 * (pci_iommu_init); devices then use the GART's DMA ops, which kctx
	 * does not model.  Only devices that never bounce keep the model
	 * faithful: trusted, 64-bit, not forced.
	 */
	if (p_.sw.exit_at_boot) {
		for (const DevDecl &d : p_.devs)
			if (d.spec.untrusted || d.spec.restricted || d.spec.dma_mask != ~0ULL) {
				line_ = d.line;
				fail(1, fmt::format("device '{}' would need the GART's DMA ops after swiotlb_exit, which kctx "
						    "does not model: with 'swiotlb_exit on' use trusted 64-bit devices",
						    d.spec.name));
			}
	}
	/* pci_swiotlb_detect() and arm64's mem_init() always force bouncing in a confidential guest */
	if (p_.sw.force_flag == 0 && p_.mc.cc_guest()) {
		line_ = noforce_line_;
		fail(noforce_col_, fmt::format("noforce: on {} the architecture always passes SWIOTLB_FORCE, so all "
					       "DMA is bounced through shared memory",
					       kshim::platform_name(p_.mc.platform)));
	}
	/* no expectations is fine for 'run'; --check requires them */
	return p_;
}

Program parse_scenario(const std::string &text, const std::string &file)
{
	Parser p(file);
	return p.run(text);
}

Program load_scenario(const std::string &path)
{
	std::ifstream f(path, std::ios::binary);
	if (!f)
		throw ScenarioError(path + ":1:1: cannot read the file");
	std::stringstream ss;
	ss << f.rdbuf();
	return parse_scenario(ss.str(), path);
}

/* ---- printing ---------------------------------------------------------------------------------- */

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
	if (a & (1UL << 5))
		s += "skip_sync";
	if (a & (1UL << 8))
		s += std::string(s.empty() ? "" : ",") + "no_warn";
	return s.empty() ? "" : " attrs=" + s;
}

static std::string op_str(const Op &op)
{
	std::string s = op_name(op.code);
	switch (op.code) {
	case OpCode::map:
	case OpCode::map_sg:
	case OpCode::tbl_map:
		s += fmt::format(" {} {} {}", op.name, op.dev, op.buf);
		if (op.off)
			s += fmt::format(" off={}", op.off);
		if (op.len)
			s += fmt::format(" len={}", op.len);
		if (op.code == OpCode::tbl_map && op.align)
			s += " align=" + hexnum(op.align);
		if (op.code == OpCode::map_sg && op.n)
			s += fmt::format(" nents={}", op.n);
		s += std::string(" dir=") + dir_name(op.dir) + attrs_str(op.attrs);
		break;
	case OpCode::unmap:
	case OpCode::unmap_sg:
	case OpCode::tbl_unmap:
	case OpCode::sync_cpu:
	case OpCode::sync_dev:
	case OpCode::dev_write:
	case OpCode::dev_read:
	case OpCode::free:
		s += " " + op.name + attrs_str(op.attrs);
		break;
	case OpCode::alloc:
		s += fmt::format(" {} {} size={}", op.name, op.dev, op.len);
		break;
	case OpCode::init_late:
		s += fmt::format(" size={}", op.len);
		if (op.gfp)
			s += op.gfp == 1 ? " gfp=dma" : " gfp=dma32";
		break;
	case OpCode::query:
		s += " " + op.dev;
		break;
	case OpCode::advance:
	case OpCode::fail_alloc:
	case OpCode::fail_setmem:
	case OpCode::msleep:
		s += fmt::format(" {}", op.n);
		if (op.off)
			s += fmt::format(" skip={}", op.off);
		break;
	case OpCode::spin_lock:
	case OpCode::spin_unlock:
	case OpCode::raw_spin_lock:
	case OpCode::raw_spin_unlock:
	case OpCode::mutex_lock:
	case OpCode::mutex_unlock:
		s += " " + op.name;
		break;
	case OpCode::kmalloc:
		s += fmt::format(" {} gfp={}", op.len, op.gfp == 0xcc0 ? "kernel" : op.gfp == 0x820 ? "atomic" : "nowait");
		break;
	case OpCode::set_memory_encrypted:
	case OpCode::set_memory_decrypted:
		s += fmt::format(" pages={}", op.n);
		break;
	default:
		break;
	}
	return op_is_event(op.code) ? s : ctx_str(op.ctx) + " " + s;
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
	if (mc.direct_remap >= 0)
		o += std::string("remap ") + (mc.direct_remap ? "on" : "off") + "\n";
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
			o += p.sw.late_gfp == 1 ? " gfp=dma" : " gfp=dma32";
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
		if (b.zone != 2)
			o += b.zone == 0 ? " zone=dma" : " zone=dma32";
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
		}
	}
	return o;
}

} /* namespace kctx */
