// SPDX-License-Identifier: GPL-2.0
/*
 * The words programs are written in, shared by the scenario parser and
 * printer and the fuzz decoder: decorations, directions, attributes, GFP
 * flags, zones, numbers, and how each argument kind is spelled.
 */
#include "program.h"

#include <cstring>

#include <fmt/format.h>

namespace kctx {

static const char *const decor_names[] = { "irqs_off", "preempt_off", "bh_off", "rcu", "rcu_bh", "rcu_sched",
					   "spin", "spin_irqsave", "spin_bh", "raw_spin", "mutex" };
static_assert(sizeof(decor_names) / sizeof(decor_names[0]) == (size_t)Decor::count, "decor names");

const char *decor_name(Decor d)
{
	return decor_names[(int)d];
}

bool parse_decor(const std::string &word, Decor *d, std::string *lock, std::string *err)
{
	size_t eq = word.find('=');
	std::string name = word.substr(0, eq);
	*lock = eq == std::string::npos ? "" : word.substr(eq + 1);
	for (int i = 0; i < (int)Decor::count; i++)
		if (name == decor_names[i]) {
			*d = (Decor)i;
			if (lock->empty() || decor_takes_lock(*d))
				return true;
			*err = fmt::format("+{} takes no lock name", name);
			return false;
		}
	std::string list;
	for (const char *n : decor_names)
		list += std::string(list.empty() ? "" : ", ") + "+" + n;
	*err = fmt::format("unknown decoration '+{}': expected one of {}", word, list);
	return false;
}

bool decor_takes_lock(Decor d)
{
	return d == Decor::spin || d == Decor::spin_irqsave || d == Decor::spin_bh || d == Decor::raw_spin ||
	       d == Decor::mutex;
}

bool parse_op(const char *s, OpCode *c)
{
	for (size_t i = 0; i < (size_t)OpCode::count; i++)
		if (!strcmp(s, kOpTable[i].name)) {
			*c = (OpCode)i;
			return true;
		}
	return false;
}

const char *dir_name(enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_BIDIRECTIONAL: return "bidi";
	case DMA_TO_DEVICE: return "to";
	case DMA_FROM_DEVICE: return "from";
	default: return "none";
	}
}

bool parse_dir(const std::string &s, enum dma_data_direction *dir)
{
	if (s == "bidi")
		*dir = DMA_BIDIRECTIONAL;
	else if (s == "to")
		*dir = DMA_TO_DEVICE;
	else if (s == "from")
		*dir = DMA_FROM_DEVICE;
	else
		return false;
	return true;
}

/* the first two are the ones the fuzzer sets */
const NamedValue kAttrNames[5] = { { "skip_sync", DMA_ATTR_SKIP_CPU_SYNC }, { "no_warn", DMA_ATTR_NO_WARN },
				   { "no_kernel_mapping", DMA_ATTR_NO_KERNEL_MAPPING },
				   { "weak_ordering", DMA_ATTR_WEAK_ORDERING }, { "privileged", DMA_ATTR_PRIVILEGED } };
const NamedValue kZoneGfpNames[3] = { { "dma", GFP_DMA }, { "dma32", GFP_DMA32 }, { "normal", 0 } };
const NamedValue kKmallocGfpNames[3] = { { "kernel", GFP_KERNEL }, { "atomic", GFP_ATOMIC },
					 { "nowait", GFP_NOWAIT } };

const char *zone_name(Zone z)
{
	return z == Zone::dma ? "dma" : z == Zone::dma32 ? "dma32" : "normal";
}

bool parse_zone(const std::string &s, Zone *z)
{
	for (Zone c : { Zone::dma, Zone::dma32, Zone::normal })
		if (s == zone_name(c)) {
			*z = c;
			return true;
		}
	return false;
}

gfp_t zone_gfp(Zone z)
{
	return z == Zone::dma ? GFP_DMA : z == Zone::dma32 ? GFP_DMA32 : 0;
}

bool parse_number(const std::string &s, uint64_t *out)
{
	if (s.empty())
		return false;
	size_t i = 0;
	uint64_t v = 0;
	unsigned base = 10;
	if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	size_t digits = 0;
	for (; i < s.size(); i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return false;	/* does not fit in 64 bits */
		v = v * base + d;
		digits++;
	}
	if (!digits)
		return false;
	if (i < s.size()) {
		if (i + 1 != s.size() || base == 16)
			return false;
		unsigned shift;
		switch (s[i]) {
		case 'K': case 'k': shift = 10; break;
		case 'M': case 'm': shift = 20; break;
		case 'G': case 'g': shift = 30; break;
		default: return false;
		}
		if (v > (UINT64_MAX >> shift))
			return false;
		v <<= shift;
	}
	*out = v;
	return true;
}

/* ---- argument kinds ----------------------------------------------------------------------- */

static const ArgSpec arg_specs[] = {
	{ Arg::none, nullptr, nullptr },
	{ Arg::map_name, nullptr, "a mapping name" },
	{ Arg::alloc_name, nullptr, "an allocation name" },
	{ Arg::lock, nullptr, "a lock name" },
	{ Arg::dev, nullptr, "a device name" },
	{ Arg::buf, nullptr, "a buffer name" },
	/* counts of calls, jiffies or milliseconds: a million is more than any scenario needs */
	{ Arg::count, nullptr, "a count", 0, 1000000 },
	{ Arg::kmalloc_size, nullptr, "a size", 0, 4 << 20 },	/* KMALLOC_MAX_SIZE */
	/* within a buffer, which is at most 4M */
	{ Arg::off, "off", "off=", 0, 4 << 20 },
	{ Arg::len, "len", "len=", 0, 4 << 20 },
	{ Arg::align, "align", "align=", 0, 0xffffffff },
	{ Arg::nents, "nents", "nents=", 0, 8 },		/* the harness's scatterlists have 8 entries at most */
	{ Arg::dir, "dir", "dir=" },
	{ Arg::attrs, "attrs", "attrs=" },
	{ Arg::alloc_size, "size", "size=", 1, 4 << 20 },
	{ Arg::pool_size, "size", "size=", 1, 1 << 30 },
	{ Arg::zone, "gfp", "gfp=" },
	{ Arg::kmalloc_gfp, "gfp", "gfp=" },
	{ Arg::skip, "skip", "skip=", 0, 1000000 },
	{ Arg::pages, "pages", "pages=", 1, 4 },		/* the harness's scratch area */
	{ Arg::alloc_gfp, "gfp", "gfp=" },
	{ Arg::alloc_attrs, "attrs", "attrs=" },
};

const ArgSpec &arg_spec(Arg a)
{
	static_assert(sizeof(arg_specs) / sizeof(arg_specs[0]) == (size_t)Arg::alloc_attrs + 1, "one spec per Arg");
	return arg_specs[(size_t)a];
}

/* What an operation holds before its line or input byte says otherwise. */
void set_arg_defaults(Op &op)
{
	const OpInfo &info = op.info();
	if (info.takes(Arg::alloc_size))
		op.size = 4096;
	if (info.takes(Arg::pool_size))
		op.size = 1 << 20;
	if (info.takes(Arg::kmalloc_gfp))
		op.gfp = GFP_KERNEL;
	if (info.takes(Arg::alloc_gfp))
		op.gfp = GFP_ATOMIC;	/* what a driver may pass in any context */
	if (info.takes(Arg::pages))
		op.count = 1;
}

} /* namespace kctx */
