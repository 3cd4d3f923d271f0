// SPDX-License-Identifier: GPL-2.0
/*
 * The executor: one Program, one fresh simulated kernel.
 *
 *   execute()      boots the machine (boot.cc), runs the program's steps,
 *                  unmaps what the program left mapped, drains deferred work
 *                  and runs the end-of-run oracles (oracles.cc);
 *   run_step()     hands each operation of a step to its context and lets
 *                  the scheduler run until all of them are done;
 *   dispatch()     a task, softirq, hardirq or kworker runs the operation:
 *                  kctx_run_op() takes the line's decorations and calls the
 *                  operation's handler (operations.cc), which calls the
 *                  kernel.
 *
 * Violations of the kernel's rules are reported by kshim as they happen;
 * the oracles' findings are reports too.
 */
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "reports.h"
#include "run.h"
#include "swiotlb_api.h"

void kctx_run_op(const kctx::Op *op);
noinline void kctx_end_of_run(void (*checks)());

namespace kctx {

Run *R;

static bool run_step(const Step &s);
static void cleanup_maps();

RunResult execute(const Program &p, const RunOptions &o)
{
	Run run;
	run.p = &p;
	run.features = o.features;
	run.nfeatures = o.nfeatures;
	R = &run;
	ProgramChoices pc(p);
	RunResult res;

	kshim::trace_enable(o.trace);
	kshim::set_console(o.console);
	/* what the port compiled, and the release reports print (6.12.107-kctx) */
	static bool variant_known = (kshim::set_kernel_sources(variant().kernel_files),
				     kshim::set_kernel_release(std::string(variant().kernel_version) + "-kctx"), true);
	(void)variant_known;
	kshim::boot(p.mc, o.choices ? o.choices : pc.get());
	swiotlb_reset_globals();
	if (p.mc.platform == kshim::Platform::arm64_cca && variant().kernel_version[0] == '6' &&
	    variant().kernel_version[1] == '.' && atoi(variant().kernel_version + 2) < 13)
		res.notes.push_back(fmt::format("note: platform arm64-cca models Realm support that real kernels have "
						"only from 6.13; the kernel under test is {}",
						variant().kernel_version));
	try {
		setup_machine(p);
		bool ok = true;
		for (const Step &s : p.steps) {
			if (!(ok = run_step(s)))
				break;
		}
		if (ok && !run.oops) {
			cleanup_maps();
			for (HTask &ht : run.tasks)
				ht.exit = true;
			kshim::drain();
			/* a task that never finishes: the kernel's watchdogs say why */
			if (!kshim::run_halted() && !kshim::machine_quiet())
				kshim::report_hangs();
			run.oops |= kshim::run_halted();
			if (!run.oops)
				kctx_end_of_run(end_checks);
		}
		res.hung = kshim::run_halted();
	} catch (const kshim::OpAbort &) {
		run.oops = true;
	}
	res.oops = run.oops;
	size_t nreports = kshim::reports().size();	/* what teardown reports is not the run's */
	res.trace = kshim::trace_lines();
	res.console = kshim::console();
	kshim::shutdown();
	res.reports = kshim::take_reports();
	if (res.reports.size() > nreports)
		res.reports.resize(nreports);
	R = nullptr;
	name_reports(res.reports, variant().under_test);
	if (o.print)
		for (const kshim::Report &r : res.reports)
			fputs(r.text.c_str(), stdout);
	return res;
}

/* ---- a step ----------------------------------------------------------------------------------- */

static void dispatch(const Op *op);

/* A step is done when its operations are; if nothing can run any more, it hangs. */
static bool run_step(const Step &s)
{
	std::vector<const Op *> &ops = R->step_ops;
	ops.clear();
	R->done.clear();
	for (const Op &op : s.ops) {
		if (!op.info().in_context()) {
			run_handler(&op);
			continue;
		}
		dispatch(&op);
		ops.push_back(&op);
	}
	bool ok = kshim::run_until([&] {
		for (const Op *op : ops)
			if (std::find(R->done.begin(), R->done.end(), op) == R->done.end())
				return false;
		return true;
	});
	if (!ok && !R->oops && !kshim::run_halted())
		kshim::report_hangs();
	if (kshim::run_halted())
		R->oops = true;	/* a watchdog ended the run */
	if (!ok)
		return false;
	if (R->features) {
		/* swiotlb state after the step: pools, transient pools, occupancy */
		SwiotlbView v = swiotlb_view(nullptr);
		size_t base = (size_t)OpCode::count * 16;
		feature(base + std::min<size_t>(v.pools.size(), 7));
		feature(base + 8 + std::min<size_t>(v.transient_nslabs ? 1 + (v.transient_nslabs > 64) : 0, 2));
		feature(base + 11 + (v.used == 0 ? 0 : v.used * 4 <= v.nslabs ? 1 : v.used * 4 <= v.nslabs * 3 ? 2 : 3));
	}
	return !R->oops;
}

/* Which kind of atomic section an operation runs under: none, irqs, preempt/bh/rcu, a lock. */
static unsigned decor_class(const Ctx &c)
{
	unsigned k = 0;
	for (Decor d : c.decor) {
		unsigned x = d == Decor::irqs_off || d == Decor::spin_irqsave ? 1 :
			     d == Decor::spin || d == Decor::raw_spin || d == Decor::spin_bh || d == Decor::mutex ? 3 : 2;
		k = std::max(k, x);
	}
	return k;
}

/* The entry of every operation, in whatever context runs it. */
static void op_in_context(void *arg)
{
	const Op *op = (const Op *)arg;
	feature(((size_t)op->code * 4 + (size_t)op->ctx.kind) * 4 + decor_class(op->ctx));
	try {
		kctx_run_op(op);
	} catch (...) {
		R->done.push_back(op);
		R->oops = true;
		throw;
	}
	R->done.push_back(op);
}

/* A harness task: operations come in one after another, like system calls. */
static void htask_main(void *arg)
{
	HTask *ht = (HTask *)arg;
	for (;;) {
		kshim::task_park_until([ht] { return !ht->q.empty() || ht->exit; });
		if (ht->q.empty())
			return;
		const Op *op = ht->q.front();
		ht->q.pop_front();
		op_in_context((void *)op);
		kshim::return_to_user();
	}
}

static void dispatch(const Op *op)
{
	const Ctx &c = op->ctx;
	unsigned cpu = c.cpu % kshim::config().ncpus;
	switch (c.kind) {
	case CtxKind::task: {
		HTask &ht = R->tasks[c.task % kTasks];
		if (!ht.t || kshim::task_finished(ht.t)) {
			std::string comm = fmt::format("kctx-t{}", c.task % kTasks);
			ht.t = kshim::spawn_task(comm.c_str(), cpu, htask_main, &ht);
		}
		ht.q.push_back(op);
		break;
	}
	case CtxKind::softirq:
		kshim::queue_softirq(cpu, op_in_context, (void *)op);
		break;
	case CtxKind::hardirq:
		kshim::queue_hardirq(cpu, op_in_context, (void *)op);
		break;
	case CtxKind::kworker:
		kshim::queue_kworker(cpu, op_in_context, (void *)op);
		break;
	}
}

/* ---- the end of a run -------------------------------------------------------------------------- */

/* The unmap operation for each kind of mapping. */
static OpCode unmap_of(MapKind k)
{
	switch (k) {
	case MapKind::sg: return OpCode::unmap_sg;
	case MapKind::tbl: return OpCode::tbl_unmap;
	case MapKind::alloc: return OpCode::free;
	case MapKind::noncoherent: return OpCode::free_pages;
	case MapKind::resource: return OpCode::unmap_resource;
	case MapKind::single: break;
	}
	return OpCode::unmap;
}

/* Unmap what the program left mapped, so that the end-of-run checks see a clean state. */
static void cleanup_maps()
{
	Step s;
	for (auto &kv : R->maps) {
		MapState *m = kv.second.get();
		if (!m->live || s.ops.size() >= 64)
			continue;
		Op op;
		op.name = m->name;
		op.code = unmap_of(m->kind);
		op.ctx.kind = CtxKind::task;
		op.ctx.task = kTasks - 1;
		op.attrs = DMA_ATTR_SKIP_CPU_SYNC;	/* no data checks: the program did not ask for these */
		s.ops.push_back(op);
	}
	if (!s.ops.empty())
		run_step(s);
}

/* ---- run state --------------------------------------------------------------------------------- */

void feature(size_t idx)
{
	if (R->features && R->nfeatures) {
		uint8_t &c = R->features[idx % R->nfeatures];
		if (c < 255)
			c++;
	}
}

std::string where(const Op *op)
{
	return op->line ? fmt::format(" (scenario line {})", op->line) : "";
}

ProgramChoices::ProgramChoices(const Program &p)
	: bytes(p.choices.data(), p.choices.size()), seeded(p.seed), src(&quiet)
{
	if (!p.choices.empty())
		src = &bytes;
	else if (p.has_seed)
		src = &seeded;
}

} /* namespace kctx */

/*
 * The end-of-run oracles run on the host; their reports' traces stop at this
 * frame, so that they do not depend on where the harness was called from.
 */
noinline void kctx_end_of_run(void (*checks)())
{
	checks();
}
