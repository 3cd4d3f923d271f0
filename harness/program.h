/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kctx program: a machine configuration, devices and buffers, and steps of
 * operations, each run in a chosen context.  Scenario files (.kctx) and fuzz
 * inputs are two spellings of this one structure: both become a Program, and
 * the executor runs Programs.
 */
#pragma once

#include "ops.h"

#include <kshim/kshim.h>
#include <kshim/dma_attrs.h>
#include <linux/dma-direction.h>
#include <linux/gfp_types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kctx {

enum class CtxKind : uint8_t { task, softirq, hardirq, kworker };

/* What a task holds while it runs the operation (the atomic task variants). */
enum class Decor : uint8_t {
	irqs_off,	/* local_irq_save() */
	preempt_off,	/* preempt_disable() */
	bh_off,		/* local_bh_disable() */
	rcu,		/* rcu_read_lock() */
	rcu_bh,
	rcu_sched,
	spin,		/* spin_lock(&kctx_lock) */
	spin_irqsave,
	spin_bh,
	raw_spin,	/* raw_spin_lock(&kctx_raw_lock) */
	mutex,		/* mutex_lock(&kctx_mutex) */
	count
};
const char *decor_name(Decor d);
/* "name" or "name=lock", the word after a '+'; false with the error in *err */
bool parse_decor(const std::string &word, Decor *d, std::string *lock, std::string *err);

struct Ctx {
	CtxKind kind = CtxKind::task;
	uint8_t task = 0;	/* task contexts: which harness task */
	uint8_t cpu = 0;
	std::vector<Decor> decor;
	std::vector<std::string> locks;	/* per decoration: the lock's name ("" or missing: none, or the default) */
	void add(Decor d, std::string lock = "")
	{
		decor.push_back(d);
		locks.push_back(std::move(lock));
	}
	void erase(size_t i)	/* a decoration and its lock name together */
	{
		decor.erase(decor.begin() + i);
		if (i < locks.size())
			locks.erase(locks.begin() + i);
	}
	const std::string &lock(size_t i) const
	{
		static const std::string none;
		return i < locks.size() ? locks[i] : none;
	}
};

/*
 * One operation: what to run (its row in ops.def), where (the context, for
 * operations that run in one) and its arguments.  Each field has one
 * meaning; which fields an operation uses is its row's argument list.
 */
struct Op {
	OpCode code = OpCode::map;
	Ctx ctx;
	std::string name;	/* the mapping, allocation or lock */
	std::string dev;
	std::string buf;
	uint64_t off = 0;	/* into the buffer */
	uint64_t len = 0;	/* bytes to map; 0: to the end of the buffer */
	uint64_t align = 0;	/* swiotlb_tbl_map_single()'s alloc_align_mask */
	uint64_t nents = 0;	/* scatterlist entries */
	uint64_t size = 0;	/* alloc, init_late, kmalloc */
	uint64_t count = 0;	/* advance: jiffies; msleep: ms; fail_*: calls; set_memory_*: pages */
	uint64_t skip = 0;	/* fail_*: calls to let pass first */
	enum dma_data_direction dir = DMA_BIDIRECTIONAL;
	unsigned long attrs = 0;	/* DMA_ATTR_* */
	gfp_t gfp = 0;		/* kmalloc; init_late's zone */
	int line = 0;		/* scenario line, for messages */
	int col = 0;		/* and the column of the mapping's name */

	const OpInfo &info() const { return op_info(code); }
};

struct Step {
	bool parallel = false;
	std::vector<Op> ops;
};

struct DevDecl {
	kshim::DevSpec spec;
	int line = 0;
};

enum class Zone : uint8_t { dma, dma32, normal };	/* where a buffer is allocated */

struct BufDecl {
	std::string name;
	uint64_t size = 4096;
	Zone zone = Zone::normal;
	uint64_t offset = 0;	/* where the data starts in its first page */
	int line = 0;
};

struct Expect {
	enum Kind { clean, report, frame, no_report, report_line } kind = clean;
	std::string text;
	int line = 0;
};

enum class SwInit : uint8_t { early, late, none };

struct SwiotlbCfg {
	std::string param;		/* the swiotlb= kernel parameter, e.g. "128,1,force" */
	SwInit init = SwInit::early;
	int force_flag = -1;		/* SWIOTLB_FORCE at init; -1: what the platform's arch code passes */
	bool any_flag = false;		/* SWIOTLB_ANY */
	uint64_t late_size = 1 << 20;
	gfp_t late_gfp = 0;		/* GFP zone flags for swiotlb_init_late */
	bool dynamic = true;		/* false: pin the default pool (no growth) */
	bool exit_at_boot = false;	/* swiotlb_exit() from pci_iommu_init(), as when an IOMMU takes over */
};

struct Program {
	kshim::MachineConfig mc;
	SwiotlbCfg sw;
	std::vector<DevDecl> devs;
	std::vector<BufDecl> bufs;
	std::vector<Step> steps;
	std::vector<Expect> expects;
	std::string kernel;		/* the kernel this scenario is meant for, if named */
	std::string patches;
	std::vector<uint8_t> choices;	/* explicit schedule choices */
	bool has_seed = false;
	uint64_t seed = 0;
	std::string file;
	std::vector<std::string> comments;	/* header comments, kept when printing */
};

/* ---- the words programs are written in (program.cc) ---- */

bool decor_takes_lock(Decor d);

/* dma_data_direction as scenarios spell it */
const char *dir_name(enum dma_data_direction dir);
bool parse_dir(const std::string &s, enum dma_data_direction *dir);

struct NamedValue {
	const char *name;
	unsigned long value;
};
extern const NamedValue kAttrNames[5];		/* attrs=: DMA_ATTR_* */
extern const NamedValue kZoneGfpNames[3];	/* init_late gfp=: zone flags */
extern const NamedValue kKmallocGfpNames[3];	/* kmalloc gfp= */

const char *zone_name(Zone z);
bool parse_zone(const std::string &s, Zone *z);
gfp_t zone_gfp(Zone z);

/* A decimal or 0x number with an optional K/M/G suffix; false if it does not fit in 64 bits. */
bool parse_number(const std::string &s, uint64_t *out);

/* How an argument kind is spelled: key= (null: positional), what it is, for messages, and its range. */
struct ArgSpec {
	Arg arg;
	const char *key;
	const char *what;
	uint64_t min = 0, max = 0;	/* numbers; max 0: not a number */
};
const ArgSpec &arg_spec(Arg a);
void set_arg_defaults(Op &op);

} /* namespace kctx */
