/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operation table (ops.def) as data: what each operation is called,
 * where it runs, which arguments it takes and how the fuzzer selects it.
 * The handlers are not here: they live with the executor, so that the
 * parser and the decoder link without any kernel code.
 */
#pragma once

#include <cstddef>
#include <cstdint>

namespace kctx {

enum class OpCode : uint8_t {
#define OP(name, kind, args, handle, slots, handler, entry) name,
#include "ops.def"
#undef OP
	count
};

enum class OpKind : uint8_t {
	dma,	/* a DMA API call, in a context */
	life,	/* swiotlb's life cycle, in a context */
	prim,	/* a raw kshim primitive, in a context */
	event,	/* scheduling or fault injection, on the host */
	init,	/* __init: only the boot path runs it */
};

/*
 * The arguments an operation line can hold.  Each kind fixes the Op field
 * it fills, how it is spelled (a positional word or key=value), its
 * default, when it is printed, and which bits of a fuzz operation it comes
 * from (decoder.cc).
 */
enum class Arg : uint8_t {
	none,
	map_name,	/* positional: the mapping (Op::name) */
	alloc_name,	/* positional: the allocation (Op::name) */
	lock,		/* positional: the lock (Op::name) */
	dev,		/* positional: the device (Op::dev) */
	buf,		/* positional: the buffer (Op::buf) */
	count,		/* positional number (Op::count): jiffies, ms, calls to fail */
	kmalloc_size,	/* positional number (Op::size) */
	off,		/* off=: offset into the buffer (Op::off) */
	len,		/* len=: bytes to map, 0 = to the end of the buffer (Op::len) */
	align,		/* align=: swiotlb_tbl_map_single()'s alloc_align_mask (Op::align) */
	nents,		/* nents=: scatterlist entries, 0 = 2 (Op::nents) */
	dir,		/* dir=to|from|bidi (Op::dir) */
	attrs,		/* attrs=skip_sync,no_warn (Op::attrs) */
	alloc_size,	/* size=: a coherent allocation, default 4096 (Op::size) */
	pool_size,	/* size=: swiotlb_init_late()'s pool, default 1M (Op::size) */
	zone,		/* gfp=dma|dma32|normal: swiotlb_init_late()'s zone (Op::gfp) */
	kmalloc_gfp,	/* gfp=kernel|atomic|nowait, default kernel (Op::gfp) */
	skip,		/* skip=: calls to let pass before failing (Op::skip) */
	pages,		/* pages=: default 1 (Op::count) */
	alloc_gfp,	/* gfp=atomic|kernel|nowait: an allocation's, default atomic (Op::gfp); not fuzzed */
	alloc_attrs,	/* attrs=: an allocation's (Op::attrs); not fuzzed */
};

/* The kinds of mapping: bits, so that a row can name several. */
enum class MapKind : uint8_t { single = 1, sg = 2, tbl = 4, alloc = 8, noncoherent = 16, resource = 32 };
enum class HandleUse : uint8_t { none, makes, uses, ends };
/* What an operation does to the mapping it names (handles.cc checks programs against it). */
struct HandleSpec {
	HandleUse use;
	uint8_t kinds;	/* MapKind bits */
	bool allows(MapKind k) const { return kinds & (uint8_t)k; }
};

constexpr size_t kMaxArgs = 8;
constexpr size_t kMaxSlots = 5;	/* 4 slots and the -1 */

struct OpInfo {
	const char *name;
	OpKind kind;
	Arg args[kMaxArgs];	/* in printing order, then Arg::none */
	HandleSpec handle;
	int8_t slots[kMaxSlots];	/* fuzz slots, then -1 */
	const char *handler;		/* its name, as traces show it */
	const char *entry;		/* the kernel function it calls ("" for events and device DMA) */

	bool takes(Arg a) const
	{
		for (Arg x : args)
			if (x == a)
				return true;
		return false;
	}
	bool in_context() const { return kind != OpKind::event && kind != OpKind::init; }
};

#define ARGS(...) { __VA_ARGS__ }
#define SLOTS(...) { __VA_ARGS__, -1 }
#define NO_SLOTS { -1 }
#define H(use, kinds) { HandleUse::use, (uint8_t)(kinds) }
#define NO_HANDLE { HandleUse::none, 0 }
namespace table {
using enum Arg;		/* ops.def names arguments, kinds and mappings bare */
using enum OpKind;
constexpr uint8_t single = (uint8_t)MapKind::single, sg = (uint8_t)MapKind::sg, tbl = (uint8_t)MapKind::tbl,
		  alloc = (uint8_t)MapKind::alloc, noncoherent = (uint8_t)MapKind::noncoherent, resource = (uint8_t)MapKind::resource;
inline constexpr OpInfo rows[] = {
#define OP(name, kind, args, handle, slots, handler, entry) { #name, kind, args, handle, slots, #handler, entry },
#include "ops.def"
#undef OP
};
} /* namespace table */
#undef ARGS
#undef SLOTS
#undef NO_SLOTS
#undef H
#undef NO_HANDLE
inline constexpr const OpInfo (&kOpTable)[(size_t)OpCode::count] = table::rows;
static_assert(sizeof(kOpTable) / sizeof(kOpTable[0]) == (size_t)OpCode::count, "one row per OpCode");

inline const OpInfo &op_info(OpCode c)
{
	return kOpTable[(size_t)c];
}

inline const char *op_name(OpCode c)
{
	return op_info(c).name;
}

inline bool op_is_event(OpCode c)
{
	return op_info(c).kind == OpKind::event;
}

bool parse_op(const char *s, OpCode *c);

/*
 * A fuzz operation's first byte, mod kOpSlots, picks a slot: an operation
 * (its row's slots) or the start of a parallel group (kParallelSlots).
 */
constexpr unsigned kOpSlots = 34;
inline constexpr uint8_t kParallelSlots[] = { 32, 33 };

} /* namespace kctx */
