/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kctx program: a machine configuration, devices and buffers, and steps of
 * operations, each run in a chosen context.  Scenario files (.kctx) and fuzz
 * inputs are two spellings of this one structure: both become a Program, and
 * the executor runs Programs.
 */
#pragma once

#include <kshim/kshim.h>

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
bool parse_decor(const std::string &s, Decor *d);

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

enum class OpCode : uint8_t {
	/* the DMA API */
	map, unmap, sync_cpu, sync_dev, map_sg, unmap_sg, tbl_map, tbl_unmap, alloc, free, dev_write, dev_read,
	/* the swiotlb life cycle */
	init_late, exit, mem_encrypt_init, pin_pool, query,
	/* scheduling events (run from the host, not in a context) */
	rcu_gp, rcu_callbacks, rcu_barrier, workqueues, softirqs, drain, advance,
	/* fault injection */
	fail_alloc, fail_setmem,
	/* raw kshim primitives */
	spin_lock, spin_unlock, raw_spin_lock, raw_spin_unlock, mutex_lock, mutex_unlock,
	kmalloc, set_memory_encrypted, set_memory_decrypted,
	rcu_read_lock, rcu_read_unlock, local_irq_disable, local_irq_enable,
	preempt_disable, preempt_enable, local_bh_disable, local_bh_enable,
	synchronize_rcu, msleep, might_sleep, call_rcu_sleep, rcu_work_sleep, work_sleep, timer_sleep,
	count
};
const char *op_name(OpCode c);
bool parse_op(const std::string &s, OpCode *c);
bool op_is_event(OpCode c);		/* runs on the host, takes no context */

struct Op {
	OpCode code = OpCode::map;
	Ctx ctx;
	std::string name;	/* mapping or allocation name, or lock name */
	std::string dev;
	std::string buf;
	uint64_t off = 0;
	uint64_t len = 0;
	uint64_t align = 0;	/* tbl_map: alloc_align_mask */
	uint64_t n = 0;		/* counts: fail_*, advance, nents, pages, msecs */
	int dir = 0;		/* enum dma_data_direction */
	unsigned long attrs = 0;
	unsigned gfp = 0;
	int line = 0;		/* scenario line, for messages */
};

struct Step {
	bool parallel = false;
	std::vector<Op> ops;
};

struct DevDecl {
	kshim::DevSpec spec;
	int line = 0;
};

struct BufDecl {
	std::string name;
	uint64_t size = 4096;
	unsigned zone = 2;	/* 0 DMA, 1 DMA32, 2 Normal */
	uint64_t offset = 0;	/* where the data starts in its first page */
	int line = 0;
};

struct Expect {
	enum Kind { clean, report, frame, no_report } kind = clean;
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
	unsigned late_gfp = 0;		/* GFP zone flags for swiotlb_init_late */
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

/* dma_data_direction names as scenarios spell them */
const char *dir_name(int dir);
bool parse_dir(const std::string &s, int *dir);

} /* namespace kctx */
