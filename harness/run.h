/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state of one run, shared by the executor (executor.cc), the
 * operations (operations.cc), the oracles (oracles.cc) and the boot path
 * (boot.cc): the program's devices, buffers, live mappings and locks, and
 * the harness tasks that run operations in task context.
 *
 * Include it after the C++ library headers: it includes kernel headers.
 */
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <kshim/fifo.h>

#include "executor.h"
#include "swiotlb_api.h"

#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>

namespace kctx {

struct BufState {
	std::string name;
	struct page *page = nullptr;
	unsigned order = 0;
	uint64_t phys = 0;	/* where the data starts */
	char *va = nullptr;
	uint64_t size = 0;
};

struct MapState {
	std::string name;
	MapKind kind = MapKind::single;
	struct device *dev = nullptr;
	BufState *buf = nullptr;
	uint64_t off = 0, len = 0;
	enum dma_data_direction dir = DMA_BIDIRECTIONAL;
	unsigned long attrs = 0;
	uint64_t dma = 0;
	uint64_t align = 0;	/* tbl: the alloc_align_mask it was mapped with */
	bool bounced = false;
	bool live = false;
	/*
	 * An unmap is under way: swiotlb may have released the slots already
	 * (an interrupt at its unlock can map them again), so the mapping no
	 * longer owns them, and no other operation may use it; the name stays
	 * taken until the unmap returns.
	 */
	bool unmapping = false;
	uint8_t cpu_pat = 0, dev_pat = 0;
	bool dev_wrote = false;
	/*
	 * Another mapping covers the same CPU bytes.  The DMA API gives no
	 * guarantee about their contents then (a driver bug of the caller's,
	 * here the program's), so the data oracles stay out of it.
	 */
	bool shared = false;
	std::vector<struct scatterlist> sg;
	struct page *alloc_page = nullptr;
	void *alloc_cpu = nullptr;	/* what dma_alloc_attrs() returned: linear, or a vmap() alias */

	/* The CPU reads what the device writes here (not a DMA_TO_DEVICE mapping). */
	bool device_writes() const { return dir != DMA_TO_DEVICE; }
	/* The device reads what the CPU writes here (not a DMA_FROM_DEVICE mapping). */
	bool device_reads() const { return dir != DMA_FROM_DEVICE; }
};

struct NamedLock {
	spinlock_t spin;
	raw_spinlock_t raw;
	struct mutex mtx;
	struct lock_class_key keys[3];
	std::string name;
};

/* A harness task: a "user" task that makes the task-context operations' calls. */
struct HTask {
	task_struct *t = nullptr;
	kshim::Fifo<const Op *> q;
	bool exit = false;
};

constexpr unsigned kTasks = 8;

struct Run {
	const Program *p;
	std::map<std::string, struct device *> devs;
	std::map<std::string, std::unique_ptr<BufState>> bufs;
	std::map<std::string, std::unique_ptr<MapState>> maps;
	std::map<std::string, std::unique_ptr<NamedLock>> locks;
	HTask tasks[kTasks];
	std::vector<const Op *> step_ops, done;	/* the current step's operations, and those finished */
	unsigned pattern = 1;
	void *scratch = nullptr;	/* for set_memory_* primitives */
	bool oops = false;
	std::vector<MapState *> inflight;	/* being mapped right now, in some context */
	std::set<std::string> claimed;		/* names of mappings being created right now */
	uint8_t *features = nullptr;
	size_t nfeatures = 0;
};
extern Run *R;

/* A hit on the fuzzer's extra counters. */
void feature(size_t idx);

NamedLock *lock_named(const std::string &n);
/* " (scenario line N)", for oracle messages. */
std::string where(const Op *op);

/* operations.cc: run an operation's handler (its row in ops.def) */
void run_handler(const Op *op);

/* boot.cc: boot the kernel, probe the devices, allocate the buffers */
void setup_machine(const Program &p);

/* oracles.cc */
bool is_bounced(struct device *dev, uint64_t dma);
/* The highest DMA address the device can reach: its mask, or its bus limit if lower. */
uint64_t device_dma_limit(struct device *dev);
void note_overlaps(MapState *m);
void check_device_sees(MapState *m, const Op *op, const char *after);
void check_cpu_sees(MapState *m, const Op *op, const char *after);
void check_placement(MapState *m, const Op *op);
void end_checks();
/* The same, for what changed since base (a KUnit case: what it left, not what earlier cases left). */
void end_checks_since(const SwiotlbView &base);

} /* namespace kctx */
