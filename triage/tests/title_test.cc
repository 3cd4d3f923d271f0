// SPDX-License-Identifier: GPL-2.0
/*
 * Crash-title extraction: syzkaller's own parser test reports must get the
 * titles syzkaller gives them, and kctx's reports must get the same kind of
 * titles and stable de-duplication keys.
 */
#include <triage/triage.h>

#include "../src/rules.h"

#include <re2/re2.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#ifndef KCTX_SYZ_REPORTS_DIR
#error "KCTX_SYZ_REPORTS_DIR: where syzkaller's reference reports are (set by CMake)"
#endif

using triage::Title;

namespace {

const std::vector<std::string> swiotlb = { "kernel/dma/swiotlb.c" };

/* kctx's one file under test so far. */
Title extract_title(const std::string &text)
{
	return triage::classify(text, swiotlb);
}

struct ref_report {
	std::string name;
	std::map<std::string, std::string> header;
	std::string console;
};

/* "KEY: value" lines, a blank line, then the console text. */
ref_report load_report(const std::filesystem::path &path)
{
	std::ifstream in(path, std::ios::binary);
	std::stringstream ss;
	ss << in.rdbuf();
	std::string all = ss.str();

	ref_report r;
	r.name = path.filename().string();
	size_t p = 0;
	while (p < all.size()) {
		size_t e = all.find('\n', p);
		if (e == std::string::npos)
			e = all.size();
		std::string line = all.substr(p, e - p);
		p = e + 1;
		if (line.empty())
			break;
		size_t c = line.find(": ");
		if (c != std::string::npos)
			r.header[line.substr(0, c)] = line.substr(c + 2);
	}
	r.console = p < all.size() ? all.substr(p) : "";
	return r;
}

/*
 * Reference reports whose syzkaller title depends on something kctx does not
 * reproduce (file name -> reason).  Keep this list short; it is empty because
 * every reference report currently gets syzkaller's title.
 */
const std::map<std::string, std::string> known_differences = {
};

bool has_frame(const Title &t, const std::string &f)
{
	return std::find(t.frames.begin(), t.frames.end(), f) != t.frames.end();
}

} /* namespace */

/* ---- syzkaller's own reports --------------------------------------------- */

TEST(TitleReference, MatchesSyzkallerTitles)
{
	/* The reference reports are syzkaller's data, not ours: the repository does not carry them. */
	if (!std::filesystem::is_directory(KCTX_SYZ_REPORTS_DIR))
		GTEST_SKIP() << "syzkaller's reference reports not found at " << KCTX_SYZ_REPORTS_DIR
			     << " (configure with -DKCTX_SYZ_REPORTS_DIR=DIR)";
	std::vector<std::filesystem::path> files;
	for (const auto &e : std::filesystem::directory_iterator(KCTX_SYZ_REPORTS_DIR)) {
		std::string n = e.path().filename().string();
		if (n.rfind("report-", 0) == 0 && e.path().extension() == ".txt")
			files.push_back(e.path());
	}
	std::sort(files.begin(), files.end());
	ASSERT_FALSE(files.empty()) << "no report-N.txt in " << KCTX_SYZ_REPORTS_DIR;

	size_t matched = 0, excused = 0;
	for (const auto &f : files) {
		ref_report r = load_report(f);
		ASSERT_TRUE(r.header.count("TITLE")) << r.name;
		ASSERT_FALSE(r.console.empty()) << r.name;
		Title t = extract_title(r.console);
		auto diff = known_differences.find(r.name);
		if (diff != known_differences.end()) {
			/* Still a report, and still not the syzkaller title. */
			EXPECT_TRUE(t.found) << r.name;
			EXPECT_NE(t.title, r.header["TITLE"]) << r.name << " now matches: drop the exception";
			excused++;
			continue;
		}
		std::string type = r.header.count("TYPE") ? r.header["TYPE"] : "";
		EXPECT_TRUE(t.found) << r.name;
		EXPECT_EQ(t.title, r.header["TITLE"]) << r.name;
		EXPECT_EQ(t.type, type) << r.name;
		if (r.header.count("FRAME"))
			EXPECT_EQ(t.guilty_func, r.header["FRAME"]) << r.name;
		if (t.title == r.header["TITLE"] && t.type == type)
			matched++;
	}
	std::printf("syzkaller reference reports: %zu matched, %zu known differences, %zu total\n",
		    matched, excused, files.size());
	EXPECT_EQ(matched + excused, files.size());
}

/* ---- kctx's own reports -------------------------------------------------- */

static const char kctx_sleep_softirq[] =
	"BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283\n"
	"in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 12, name: ksoftirqd/0\n"
	"preempt_count: 100, expected: 0\n"
	"RCU nest depth: 0, expected: 0\n"
	"2 locks held by ksoftirqd/0/12:\n"
	" #0: ffffffff8d1a0c40 (rcu_callback){....}-{0:0}, at: rcu_do_batch+0x1a/0x80\n"
	" #1: ffffffff8d1a3a20 (mem_enc_lock){.+.+}-{3:3}, at: __set_memory_enc_dec+0x2a/0x90\n"
	"CPU: 0 UID: 0 PID: 12 Comm: ksoftirqd/0 Not tainted 6.12.117-kctx #1\n"
	"Call Trace:\n"
	" <TASK>\n"
	" dump_stack_lvl+0x1a/0x40\n"
	" __might_resched+0x120/0x1a0\n"
	" mutex_lock+0x1c/0x40\n"
	" vm_unmap_aliases+0x10/0x30\n"
	" __set_memory_enc_pgtable+0x44/0x90\n"
	" __set_memory_enc_dec+0x3c/0x90\n"
	" set_memory_encrypted+0x10/0x20\n"
	" swiotlb_free_tlb kernel/dma/swiotlb.c:668 [inline]\n"
	" swiotlb_dyn_free+0x5c/0xa0 kernel/dma/swiotlb.c:768\n"
	" rcu_do_batch+0x1a/0x80\n"
	" rcu_core+0x40/0x90\n"
	" handle_softirqs+0x80/0x120\n"
	" run_ksoftirqd+0x20/0x40\n"
	" smpboot_thread_fn+0x30/0x60\n"
	" kthread+0x20/0x40\n"
	" ret_from_fork+0x10/0x20\n"
	" </TASK>\n";

TEST(TitleKctx, SleepInSoftirqThroughSetMemoryEncrypted)
{
	Title t = extract_title(kctx_sleep_softirq);
	EXPECT_TRUE(t.found);
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in vm_unmap_aliases");
	EXPECT_EQ(t.type, "ATOMIC_SLEEP");
	EXPECT_EQ(t.guilty_func, "vm_unmap_aliases");
	EXPECT_EQ(t.key, "BUG: sleeping function called from invalid context in vm_unmap_aliases "
			 "[swiotlb_free_tlb via swiotlb_dyn_free]");
	std::vector<std::string> want = {
		"dump_stack_lvl", "__might_resched", "mutex_lock", "vm_unmap_aliases",
		"__set_memory_enc_pgtable", "__set_memory_enc_dec", "set_memory_encrypted",
		"swiotlb_free_tlb", "swiotlb_dyn_free", "rcu_do_batch", "rcu_core",
		"handle_softirqs", "run_ksoftirqd", "smpboot_thread_fn", "kthread",
		"ret_from_fork",
	};
	EXPECT_EQ(t.frames, want);
}

TEST(TitleKctx, SleepKeyFromNonInlineFrame)
{
	/* The same stack with swiotlb_free_tlb as a real frame (as kctx prints it). */
	std::string r = kctx_sleep_softirq;
	std::string from = " swiotlb_free_tlb kernel/dma/swiotlb.c:668 [inline]\n";
	r.replace(r.find(from), from.size(), " swiotlb_free_tlb+0x4a/0x90 kernel/dma/swiotlb.c:668\n");
	Title t = extract_title(r);
	EXPECT_EQ(t.key, "BUG: sleeping function called from invalid context in vm_unmap_aliases "
			 "[swiotlb_free_tlb via swiotlb_dyn_free]");
	/* A key names the entry too: the map path reaching the same free is another bug. */
	EXPECT_EQ(triage::dedup_key("T", { { "swiotlb_free_tlb", "kernel/dma/swiotlb.c" }, { "x", "" },
				  { "swiotlb_dyn_free", "kernel/dma/swiotlb.c" },
				  { "swiotlb_map", "kernel/dma/swiotlb.c" }, { "dma_map_page_attrs", "" } },
				    swiotlb),
		  "T [swiotlb_free_tlb from swiotlb_dyn_free via swiotlb_map]");
	EXPECT_EQ(triage::dedup_key("T", { { "swiotlb_free_tlb", "kernel/dma/swiotlb.c" },
					  { "swiotlb_alloc_pool", "kernel/dma/swiotlb.c" },
					  { "swiotlb_find_slots", "kernel/dma/swiotlb.c" },
					  { "swiotlb_map", "kernel/dma/swiotlb.c" } },
				    swiotlb),
		  "T [swiotlb_free_tlb from swiotlb_alloc_pool via swiotlb_map]");
	EXPECT_EQ(triage::dedup_key("T", { { "swiotlb_map", "kernel/dma/swiotlb.c" } }, swiotlb),
		  "T [swiotlb_map]");
	EXPECT_EQ(triage::dedup_key("T", { { "f", "mm/x.c" } }, swiotlb), "T");
	/* Another file under test: its innermost frame keys the bug. */
	t = triage::classify(r, { "arch/x86/mm/pat/set_memory.c" });
	EXPECT_EQ(t.key, t.title);
	t = triage::classify(r, { "kernel/rcu/tree.c" });
	EXPECT_EQ(t.key, t.title);
}

TEST(TitleKctx, SchedulingWhileAtomic)
{
	Title t = extract_title(
		"BUG: scheduling while atomic: kworker/0:1/31/0x00000002\n"
		"1 lock held by kworker/0:1/31:\n"
		" #0: ffffffff8d1a3b00 (&mem->lock){....}-{2:2}, at: swiotlb_find_slots+0x40/0x120\n"
		"Modules linked in:\n"
		"Preemption disabled at:\n"
		"[<ffffffff812b2934>] swiotlb_find_slots+0x40/0x120\n"
		"CPU: 0 UID: 0 PID: 31 Comm: kworker/0:1 Not tainted 6.12.117-kctx #1\n"
		"Workqueue: events swiotlb_dyn_alloc\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" __schedule_bug+0x60/0x80\n"
		" __schedule+0x100/0x400\n"
		" schedule+0x20/0x60\n"
		" schedule_timeout+0x30/0x80\n"
		" swiotlb_dyn_alloc+0x70/0xc0 kernel/dma/swiotlb.c:722\n"
		" process_one_work+0x90/0x200\n"
		" worker_thread+0x40/0x90\n"
		" kthread+0x20/0x40\n"
		" ret_from_fork+0x10/0x20\n"
		" </TASK>\n");
	EXPECT_EQ(t.title, "BUG: scheduling while atomic in swiotlb_dyn_alloc");
	EXPECT_EQ(t.type, "ATOMIC_SLEEP");
	EXPECT_EQ(t.key, "BUG: scheduling while atomic in swiotlb_dyn_alloc [swiotlb_dyn_alloc]");
}

TEST(TitleKctx, InvalidWaitContext)
{
	/*
	 * syzkaller names "BUG: Invalid wait context" after the lockdep WARNING
	 * form ("WARNING: locking bug in"), so both architectures' reports of
	 * the same bug share one title.
	 */
	Title t = extract_title(
		"=============================\n"
		"[ BUG: Invalid wait context ]\n"
		"6.12.117-kctx #1 Not tainted\n"
		"-----------------------------\n"
		"ksoftirqd/0/12 is trying to lock:\n"
		"ffffffff8d1a3a20 (mem_enc_lock){+.+.}-{3:3}, at: __set_memory_enc_dec+0x2a/0x90\n"
		"other info that might help us debug this:\n"
		"context-{2:2}\n"
		"1 lock held by ksoftirqd/0/12:\n"
		" #0: ffffffff8d1a0c40 (rcu_callback){....}-{0:0}, at: rcu_do_batch+0x1a/0x80\n"
		"stack backtrace:\n"
		"CPU: 0 UID: 0 PID: 12 Comm: ksoftirqd/0 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" __lock_acquire+0x400/0x900\n"
		" lock_acquire+0x80/0x120\n"
		" __mutex_lock+0x60/0x200\n"
		" mutex_lock_nested+0x10/0x20\n"
		" __set_memory_enc_dec+0x2a/0x90\n"
		" set_memory_encrypted+0x10/0x20\n"
		" swiotlb_free_tlb+0x4a/0x90 kernel/dma/swiotlb.c:668\n"
		" swiotlb_dyn_free+0x5c/0xa0 kernel/dma/swiotlb.c:768\n"
		" rcu_do_batch+0x1a/0x80\n"
		" </TASK>\n");
	EXPECT_EQ(t.title, "WARNING: locking bug in __set_memory_enc_dec");
	EXPECT_EQ(t.type, "LOCKDEP");
	EXPECT_EQ(t.key, "WARNING: locking bug in __set_memory_enc_dec [swiotlb_free_tlb via swiotlb_dyn_free]");
}

TEST(TitleKctx, SuspiciousRcuUsage)
{
	Title t = extract_title(
		"=============================\n"
		"WARNING: suspicious RCU usage\n"
		"6.12.117-kctx #1 Not tainted\n"
		"-----------------------------\n"
		"kernel/dma/swiotlb.c:790 suspicious rcu_dereference_check() usage!\n"
		"other info that might help us debug this:\n"
		"rcu_scheduler_active = 2, debug_locks = 1\n"
		"no locks held by kworker/0:1/31.\n"
		"stack backtrace:\n"
		"CPU: 0 UID: 0 PID: 31 Comm: kworker/0:1 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" lockdep_rcu_suspicious+0x100/0x150\n"
		" swiotlb_find_pool+0x60/0x90 kernel/dma/swiotlb.c:790\n"
		" swiotlb_tbl_unmap_single+0x20/0x80 kernel/dma/swiotlb.c:1480\n"
		" dma_direct_unmap_page+0x40/0x80\n"
		" </TASK>\n");
	EXPECT_EQ(t.title, "WARNING: suspicious RCU usage in swiotlb_find_pool");
	EXPECT_EQ(t.type, "LOCKDEP");
	EXPECT_EQ(t.key, "WARNING: suspicious RCU usage in swiotlb_find_pool [swiotlb_find_pool via swiotlb_tbl_unmap_single]");
}

TEST(TitleKctx, CircularLockingDependency)
{
	Title t = extract_title(
		"======================================================\n"
		"WARNING: possible circular locking dependency detected\n"
		"6.12.117-kctx #1 Not tainted\n"
		"------------------------------------------------------\n"
		"kworker/0:1/31 is trying to acquire lock:\n"
		"ffffffff8d1a3a20 (mem_enc_lock){+.+.}-{3:3}, at: __set_memory_enc_dec+0x2a/0x90\n"
		"\n"
		"but task is already holding lock:\n"
		"ffffffff8d1a3b00 (&mem->lock){+.+.}-{3:3}, at: swiotlb_dyn_alloc+0x30/0xc0\n"
		"\n"
		"which lock already depends on the new lock.\n"
		"\n"
		"the existing dependency chain (in reverse order) is:\n"
		"\n"
		"-> #1 (mem_enc_lock){+.+.}-{3:3}:\n"
		"       lock_acquire+0x80/0x120\n"
		"       __mutex_lock+0x60/0x200\n"
		"       __set_memory_enc_dec+0x2a/0x90\n"
		"\n"
		"-> #0 (&mem->lock){+.+.}-{3:3}:\n"
		"       __lock_acquire+0x400/0x900\n"
		"       lock_acquire+0x80/0x120\n"
		"       __mutex_lock+0x60/0x200\n"
		"       swiotlb_dyn_alloc+0x30/0xc0\n"
		"\n"
		"other info that might help us debug this:\n"
		"stack backtrace:\n"
		"CPU: 0 UID: 0 PID: 31 Comm: kworker/0:1 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" print_circular_bug+0x100/0x150\n"
		" __lock_acquire+0x400/0x900\n"
		" lock_acquire+0x80/0x120\n"
		" __mutex_lock+0x60/0x200\n"
		" __set_memory_enc_dec+0x2a/0x90\n"
		" set_memory_decrypted+0x10/0x20\n"
		" swiotlb_alloc_tlb+0x60/0x90 kernel/dma/swiotlb.c:640\n"
		" swiotlb_dyn_alloc+0x44/0xc0 kernel/dma/swiotlb.c:722\n"
		" </TASK>\n");
	/* Lockdep reports are named after the lock being acquired. */
	EXPECT_EQ(t.title, "possible deadlock in __set_memory_enc_dec");
	EXPECT_EQ(t.type, "LOCKDEP");
	EXPECT_EQ(t.key, "possible deadlock in __set_memory_enc_dec [swiotlb_alloc_tlb via swiotlb_dyn_alloc]");
	EXPECT_TRUE(has_frame(t, "print_circular_bug"));
}

TEST(TitleKctx, InconsistentLockState)
{
	Title t = extract_title(
		"================================\n"
		"WARNING: inconsistent lock state\n"
		"6.12.117-kctx #1 Not tainted\n"
		"--------------------------------\n"
		"inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.\n"
		"ksoftirqd/0/12 [HC0[0]:SC1[1]:HE1:SE0] takes:\n"
		"ffffffff8d1a3b00 (&mem->lock){+.?.}-{2:2}, at: swiotlb_find_slots+0x40/0x120\n"
		"{SOFTIRQ-ON-W} state was registered at:\n"
		"  lock_acquire+0x80/0x120\n"
		"  _raw_spin_lock+0x20/0x40\n"
		"  swiotlb_find_slots+0x40/0x120\n"
		"irq event stamp: 1234\n"
		"other info that might help us debug this:\n"
		" Possible unsafe locking scenario:\n"
		"       CPU0\n"
		"       ----\n"
		"  lock(&mem->lock);\n"
		"  <Interrupt>\n"
		"    lock(&mem->lock);\n"
		"\n"
		" *** DEADLOCK ***\n"
		"\n"
		"stack backtrace:\n"
		"CPU: 0 UID: 0 PID: 12 Comm: ksoftirqd/0 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" print_usage_bug+0x100/0x150\n"
		" mark_lock+0x200/0x300\n"
		" __lock_acquire+0x400/0x900\n"
		" lock_acquire+0x80/0x120\n"
		" _raw_spin_lock+0x20/0x40\n"
		" swiotlb_release_slots+0x30/0x90 kernel/dma/swiotlb.c:830\n"
		" swiotlb_tbl_unmap_single+0x20/0x80 kernel/dma/swiotlb.c:1480\n"
		" rcu_do_batch+0x1a/0x80\n"
		" </TASK>\n");
	/* The newer parser names these after the acquiring stack, not "at:". */
	EXPECT_EQ(t.title, "inconsistent lock state in swiotlb_release_slots");
	EXPECT_EQ(t.type, "LOCKDEP");
	EXPECT_EQ(t.key, "inconsistent lock state in swiotlb_release_slots [swiotlb_release_slots via swiotlb_tbl_unmap_single]");
}

TEST(TitleKctx, WorkqueueLeakedAtomicLockOrRcu)
{
	/*
	 * syzkaller has no format for the newer header: the title is the header
	 * line with its numbers replaced, the way syzbot reports these.
	 */
	Title t = extract_title(
		"BUG: workqueue leaked atomic, lock or RCU: kworker/0:1[31]\n"
		"     preempt=0x00000000 lock=0->1 RCU=0->0 workfn=swiotlb_dyn_alloc\n"
		"1 lock held by kworker/0:1/31:\n"
		" #0: ffffffff8d1a3b00 (&mem->lock){+.+.}-{3:3}, at: swiotlb_dyn_alloc+0x30/0xc0\n"
		"CPU: 0 UID: 0 PID: 31 Comm: kworker/0:1 Not tainted 6.12.117-kctx #1\n"
		"Workqueue: events swiotlb_dyn_alloc\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" process_one_work+0x90/0x200\n"
		" worker_thread+0x40/0x90\n"
		" kthread+0x20/0x40\n"
		" ret_from_fork+0x10/0x20\n"
		" </TASK>\n");
	EXPECT_TRUE(t.found);
	EXPECT_EQ(t.title, "BUG: workqueue leaked atomic, lock or RCU: kworker/NUM:NUM[NUM]");
	EXPECT_EQ(t.type, "");
	EXPECT_EQ(t.guilty_func, "");
	/* No frame in the file under test: the key is the title. */
	EXPECT_EQ(t.key, t.title);
	EXPECT_EQ(t.frames.size(), 5u);
}

TEST(TitleKctx, WorkqueueLeakedLockOrAtomic)
{
	Title t = extract_title(
		"BUG: workqueue leaked lock or atomic: kworker/0:1/0x00000000/31\n"
		"     last function: swiotlb_dyn_alloc\n"
		"1 lock held by kworker/0:1/31:\n"
		" #0: ffffffff8d1a3b00 (&mem->lock){+.+.}-{3:3}, at: swiotlb_dyn_alloc+0x30/0xc0\n"
		"CPU: 0 PID: 31 Comm: kworker/0:1 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" process_one_work+0x90/0x200\n"
		" worker_thread+0x40/0x90\n");
	EXPECT_EQ(t.title, "BUG: workqueue leaked lock or atomic in swiotlb_dyn_alloc");
	EXPECT_EQ(t.guilty_func, "swiotlb_dyn_alloc");
}

TEST(TitleKctx, WarningInSwiotlbMap)
{
	Title t = extract_title(
		"------------[ cut here ]------------\n"
		"WARNING: CPU: 0 PID: 5 at kernel/dma/swiotlb.c:1621 swiotlb_map+0x4c/0x70\n"
		"Modules linked in:\n"
		"CPU: 0 UID: 0 PID: 5 Comm: kworker/0:0 Not tainted 6.12.117-kctx #1\n"
		"RIP: 0010:swiotlb_map+0x4c/0x70 kernel/dma/swiotlb.c:1621\n"
		"Code: 00 00 00 <0f> 0b 90 48 c7 c0 ff ff ff ff\n"
		"RSP: 0018:ffffc90000077c08 EFLAGS: 00010246\n"
		"Call Trace:\n"
		" <TASK>\n"
		" ? __warn+0x80/0x120\n"
		" ? report_bug+0x150/0x180\n"
		" ? handle_bug+0x3c/0x70\n"
		" ? exc_invalid_op+0x17/0x70\n"
		" ? asm_exc_invalid_op+0x1a/0x20\n"
		" swiotlb_map+0x4c/0x70 kernel/dma/swiotlb.c:1621\n"
		" dma_direct_map_page+0x60/0x100\n"
		" dma_map_page_attrs+0x40/0x80\n"
		" </TASK>\n"
		"---[ end trace 0000000000000000 ]---\n");
	EXPECT_EQ(t.title, "WARNING in swiotlb_map");
	EXPECT_EQ(t.type, "WARNING");
	EXPECT_EQ(t.key, "WARNING in swiotlb_map [swiotlb_map]");
	/* "? " frames are questionable: not frames. */
	std::vector<std::string> want = {"swiotlb_map", "dma_direct_map_page", "dma_map_page_attrs"};
	EXPECT_EQ(t.frames, want);
}

TEST(TitleKctx, WarningWithoutRipUsesCallTrace)
{
	Title t = extract_title(
		"WARNING: CPU: 0 PID: 5 at kernel/dma/swiotlb.c:1621 swiotlb_map+0x4c/0x70\n"
		"CPU: 0 UID: 0 PID: 5 Comm: kworker/0:0 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" __warn+0x80/0x120\n"
		" report_bug+0x150/0x180\n"
		" handle_bug+0x3c/0x70\n"
		" exc_invalid_op+0x17/0x70\n"
		" asm_exc_invalid_op+0x1a/0x20\n"
		" swiotlb_map+0x4c/0x70 kernel/dma/swiotlb.c:1621\n"
		" dma_direct_map_page+0x60/0x100\n");
	/*
	 * handle_bug and exc_invalid_op are not on syzkaller's skip list: with
	 * no RIP line the first of them names the WARNING.
	 */
	EXPECT_EQ(t.title, "WARNING in handle_bug");
	EXPECT_EQ(t.key, "WARNING in handle_bug [swiotlb_map]");
}

TEST(TitleKctx, KernelBugAt)
{
	Title t = extract_title(
		"------------[ cut here ]------------\n"
		"kernel BUG at kernel/dma/swiotlb.c:1057!\n"
		"Oops: invalid opcode: 0000 [#1] PREEMPT SMP\n"
		"CPU: 0 UID: 0 PID: 5 Comm: kworker/0:0 Not tainted 6.12.117-kctx #1\n"
		"RIP: 0010:swiotlb_area_find_slots+0x2e0/0x300 kernel/dma/swiotlb.c:1057\n"
		"RSP: 0018:ffffc90000077c08 EFLAGS: 00010246\n"
		"Call Trace:\n"
		" <TASK>\n"
		" swiotlb_find_slots+0x40/0x120 kernel/dma/swiotlb.c:1150\n"
		" swiotlb_tbl_map_single+0x90/0x200 kernel/dma/swiotlb.c:1380\n"
		" swiotlb_map+0x30/0x70 kernel/dma/swiotlb.c:1600\n"
		" </TASK>\n");
	EXPECT_EQ(t.title, "kernel BUG in swiotlb_area_find_slots");
	EXPECT_EQ(t.type, "BUG");
	EXPECT_EQ(t.key, "kernel BUG in swiotlb_area_find_slots [swiotlb_find_slots from swiotlb_tbl_map_single via swiotlb_map]");
}

TEST(TitleKctx, BadUnlockBalance)
{
	Title t = extract_title(
		"=====================================\n"
		"WARNING: bad unlock balance detected!\n"
		"6.12.117-kctx #1 Not tainted\n"
		"-------------------------------------\n"
		"kworker/0:1/31 is trying to release lock (&mem->lock) at:\n"
		"[<ffffffff81234567>] swiotlb_release_slots+0x60/0x90\n"
		"but there are no more locks to release!\n"
		"Call Trace:\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" lock_release+0x100/0x200\n"
		" _raw_spin_unlock+0x10/0x30\n"
		" swiotlb_release_slots+0x60/0x90 kernel/dma/swiotlb.c:840\n");
	EXPECT_EQ(t.title, "WARNING: bad unlock balance in swiotlb_release_slots");
	EXPECT_EQ(t.type, "LOCKDEP");
}

TEST(TitleKctx, SpinlockRecursion)
{
	Title t = extract_title(
		"BUG: spinlock recursion on CPU#0, kworker/0:1/31\n"
		" lock: 0xffffffff8d1a3b00, .magic: dead4ead, .owner: kworker/0:1/31, .owner_cpu: 0\n"
		"Call Trace:\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" do_raw_spin_lock+0x100/0x200\n"
		" _raw_spin_lock_irqsave+0x20/0x40\n"
		" swiotlb_find_slots+0x40/0x120 kernel/dma/swiotlb.c:1150\n");
	EXPECT_EQ(t.title, "BUG: spinlock recursion in swiotlb_find_slots");
	EXPECT_EQ(t.type, "LOCKDEP");
}

TEST(TitleKctx, NonStaticKey)
{
	Title t = extract_title(
		"INFO: trying to register non-static key.\n"
		"The code is fine but needs lockdep annotation, or maybe\n"
		"you didn't initialize this object before use?\n"
		"turning off the locking correctness validator.\n"
		"CPU: 0 UID: 0 PID: 31 Comm: kworker/0:1 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" register_lock_class+0x100/0x200\n"
		" __lock_acquire+0x400/0x900\n"
		" lock_acquire+0x80/0x120\n"
		" _raw_spin_lock_irqsave+0x20/0x40\n"
		" swiotlb_find_slots+0x40/0x120 kernel/dma/swiotlb.c:1150\n"
		" </TASK>\n");
	EXPECT_EQ(t.title, "INFO: trying to register non-static key in swiotlb_find_slots");
	EXPECT_EQ(t.type, "");	/* syzkaller has no type for INFO: titles */
	EXPECT_EQ(t.key, t.title + " [swiotlb_find_slots]");
}

TEST(TitleKctx, RecursiveLocking)
{
	Title t = extract_title(
		"============================================\n"
		"WARNING: possible recursive locking detected\n"
		"6.12.117-kctx #1 Not tainted\n"
		"--------------------------------------------\n"
		"kworker/0:1/31 is trying to acquire lock:\n"
		"ffff888000001000 (&mem->lock){+.+.}-{3:3}, at: swiotlb_release_slots+0x30/0x90 kernel/dma/swiotlb.c:830\n"
		"\n"
		"but task is already holding lock:\n"
		"ffff888000001000 (&mem->lock){+.+.}-{3:3}, at: swiotlb_find_slots+0x40/0x120 kernel/dma/swiotlb.c:1150\n"
		"\n"
		"other info that might help us debug this:\n"
		" Possible unsafe locking scenario:\n"
		"\n"
		" *** DEADLOCK ***\n"
		"\n"
		"CPU: 0 UID: 0 PID: 31 Comm: kworker/0:1 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" __lock_acquire+0x400/0x900\n"
		" lock_acquire+0x80/0x120\n"
		" _raw_spin_lock+0x20/0x40\n"
		" swiotlb_release_slots+0x30/0x90 kernel/dma/swiotlb.c:830\n"
		" </TASK>\n");
	EXPECT_EQ(t.title, "possible deadlock in swiotlb_release_slots");
	EXPECT_EQ(t.type, "LOCKDEP");
	EXPECT_EQ(t.key, t.title + " [swiotlb_release_slots]");
}

TEST(TitleKctx, SmpProcessorIdInPreemptible)
{
	Title t = extract_title(
		"BUG: using smp_processor_id() in preemptible [00000000] code: kworker/0:1/31\n"
		"caller is swiotlb_find_slots+0x40/0x120\n"
		"CPU: 0 UID: 0 PID: 31 Comm: kworker/0:1 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" <TASK>\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" check_preemption_disabled+0x100/0x120\n"
		" debug_smp_processor_id+0x10/0x20\n"
		" swiotlb_find_slots+0x40/0x120 kernel/dma/swiotlb.c:1150\n"
		" </TASK>\n");
	EXPECT_EQ(t.title, "BUG: using smp_processor_id() in preemptible code in swiotlb_find_slots");
	EXPECT_EQ(t.type, "LOCKDEP");
}

/* ---- console shapes ------------------------------------------------------ */

TEST(TitleShape, ConsolePrefixesAndInterleavedLines)
{
	Title t = extract_title(
		"[  161.490000][ T5432] some earlier output\n"
		"[  161.498638][ T5432] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283\n"
		"[  161.498700][ T5432] in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 5432, name: syz.0.17\n"
		"[  161.498800][    C1] ieee80211 phy4: interleaved line from another CPU\n"
		"[  161.498900][ T5432] CPU: 0 UID: 0 PID: 5432 Comm: syz.0.17 Not tainted 6.12.0 #1\n"
		"[  161.499000][ T5432] Call Trace:\n"
		"[  161.499100][ T5432]  <TASK>\n"
		"[  161.499200][ T5432]  dump_stack_lvl+0x1a/0x40\n"
		"[  161.499250][    C1]  other_cpu_frame+0x10/0x20\n"
		"[  161.499300][ T5432]  __might_resched+0x120/0x1a0\n"
		"[  161.499400][ T5432]  ? lock_is_held_type+0x10/0x20\n"
		"[  161.499500][ T5432]  mutex_lock_nested+0x1c/0x40\n"
		"[  161.499600][ T5432]  swiotlb_dyn_free+0x5c/0xa0 kernel/dma/swiotlb.c:768\n"
		"[  161.499700][ T5432]  rcu_do_batch+0x1a/0x80\n"
		"[  161.499800][ T5432]  </TASK>\n");
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in swiotlb_dyn_free");
	EXPECT_EQ(t.type, "ATOMIC_SLEEP");
	EXPECT_EQ(t.key, t.title + " [swiotlb_dyn_free]");
	std::vector<std::string> want = {"dump_stack_lvl", "__might_resched", "mutex_lock_nested",
					 "swiotlb_dyn_free", "rcu_do_batch"};
	EXPECT_EQ(t.frames, want);
}

TEST(TitleShape, DroppedMessagesAndLoginPrefixes)
{
	Title t = extract_title(
		"** 3 printk messages dropped ** [   12.000001] BUG: scheduling while atomic: swapper/0/0/0x00000100\n"
		"syzkaller login: [   12.000002] Call Trace:\n"
		"[   12.000003]  swiotlb_dyn_alloc+0x10/0x20 kernel/dma/swiotlb.c:722\n");
	EXPECT_EQ(t.title, "BUG: scheduling while atomic in swiotlb_dyn_alloc");
	EXPECT_EQ(t.key, t.title + " [swiotlb_dyn_alloc]");
}

TEST(TitleShape, IrqSection)
{
	Title t = extract_title(
		"[   12.000001] BUG: sleeping function called from invalid context at mm/vmalloc.c:2990\n"
		"[   12.000002] in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 0, name: swapper/0\n"
		"[   12.000003] Call Trace:\n"
		"[   12.000004]  <IRQ>\n"
		"[   12.000005]  dump_stack_lvl+0x1a/0x40\n"
		"[   12.000006]  __might_resched+0x120/0x1a0\n"
		"[   12.000007]  vm_unmap_aliases+0x10/0x30\n"
		"[   12.000008]  swiotlb_free_tlb+0x4a/0x90 kernel/dma/swiotlb.c:668\n"
		"[   12.000009]  rcu_core+0x40/0x90\n"
		"[   12.000010]  handle_softirqs+0x80/0x120\n"
		"[   12.000011]  irq_exit_rcu+0x10/0x20\n"
		"[   12.000012]  </IRQ>\n"
		"[   12.000013]  <TASK>\n"
		"[   12.000014]  default_idle+0x10/0x20\n"
		"[   12.000015]  do_idle+0x30/0x60\n"
		"[   12.000016]  </TASK>\n");
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in vm_unmap_aliases");
	EXPECT_EQ(t.key, t.title + " [swiotlb_free_tlb]");
	EXPECT_EQ(t.frames.size(), 9u);
	EXPECT_TRUE(has_frame(t, "default_idle"));
}

TEST(TitleShape, QuestionableFramesSkippedWithoutTimestamps)
{
	Title t = extract_title(
		"BUG: scheduling while atomic: swapper/0/0/0x00000100\n"
		"Call Trace:\n"
		" ? swiotlb_bounce+0x10/0x20 kernel/dma/swiotlb.c:870\n"
		" [<ffffffff81000000>] ? bogus_frame+0x10/0x20\n"
		" [<ffffffff81000100>] dump_stack+0x10/0x20\n"
		" [<ffffffff81000200>] __schedule_bug+0x10/0x20\n"
		" [<ffffffff81000300>] swiotlb_dyn_alloc+0x10/0x20 kernel/dma/swiotlb.c:722\n");
	EXPECT_EQ(t.title, "BUG: scheduling while atomic in swiotlb_dyn_alloc");
	EXPECT_FALSE(has_frame(t, "swiotlb_bounce"));
	EXPECT_FALSE(has_frame(t, "bogus_frame"));
	EXPECT_EQ(t.key, t.title + " [swiotlb_dyn_alloc]");
}

TEST(TitleShape, InlineFramesAreFramesButNotTitles)
{
	/*
	 * syzkaller names bugs from the raw (unsymbolised) console, where
	 * inlined calls never appear; its frame pattern needs "+0x" or '.'
	 * after the name.  The title therefore skips inline frames, the frame
	 * list and the key keep them.
	 */
	Title t = extract_title(
		"BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283\n"
		"Call Trace:\n"
		" <TASK>\n"
		" __dump_stack lib/dump_stack.c:94 [inline]\n"
		" dump_stack_lvl+0x1a/0x40 lib/dump_stack.c:120\n"
		" swiotlb_free_tlb kernel/dma/swiotlb.c:668 [inline]\n"
		" swiotlb_dyn_free+0x5c/0xa0 kernel/dma/swiotlb.c:768\n"
		" </TASK>\n");
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in swiotlb_dyn_free");
	std::vector<std::string> want = {"__dump_stack", "dump_stack_lvl", "swiotlb_free_tlb",
					 "swiotlb_dyn_free"};
	EXPECT_EQ(t.frames, want);
	EXPECT_EQ(t.key, t.title + " [swiotlb_free_tlb via swiotlb_dyn_free]");
}

TEST(TitleShape, FewerThanFourFrames)
{
	Title t = extract_title(
		"BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283\n"
		"Call Trace:\n"
		" mutex_lock+0x1c/0x40\n"
		" swiotlb_dyn_free+0x5c/0xa0 kernel/dma/swiotlb.c:768\n");
	EXPECT_TRUE(t.found);
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in swiotlb_dyn_free");
	EXPECT_EQ(t.frames.size(), 2u);

	/* Every frame skipped: syzkaller's placeholder frame is "corrupted". */
	t = extract_title(
		"BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283\n"
		"Call Trace:\n"
		" dump_stack_lvl+0x1a/0x40\n"
		" __might_resched+0x120/0x1a0\n");
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in corrupted");
	EXPECT_EQ(t.key, t.title);

	/* No stack at all. */
	t = extract_title("BUG: scheduling while atomic: swapper/0/0/0x00000100\n");
	EXPECT_EQ(t.title, "BUG: scheduling while atomic in corrupted");
	EXPECT_TRUE(t.frames.empty());
}

TEST(TitleShape, EmptyAndUnrelatedInput)
{
	Title t = extract_title("");
	EXPECT_FALSE(t.found);
	EXPECT_TRUE(t.title.empty());
	EXPECT_TRUE(t.key.empty());
	EXPECT_TRUE(t.frames.empty());

	t = extract_title("[    0.000000] Linux version 6.12.117-kctx\n"
			  "[    1.000000] INFO: lockdep is turned off.\n"
			  "[    2.000000] ODEBUG: object is on stack, but not annotated\n");
	EXPECT_FALSE(t.found);

	/* A kernel complaint without an oops header is not a report. */
	t = extract_title("huh, entered softirq 3 RCU rcu_core with preempt_count 00000101, exited with 00000100?\n");
	EXPECT_FALSE(t.found);
}

TEST(TitleShape, OnlyTheFirstReportCounts)
{
	std::string two = std::string(kctx_sleep_softirq) +
		"BUG: scheduling while atomic: ksoftirqd/0/12/0x00000100\n"
		"Call Trace:\n"
		" __schedule_bug+0x10/0x20\n"
		" swiotlb_dyn_alloc+0x10/0x20 kernel/dma/swiotlb.c:722\n";
	Title t = extract_title(two);
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in vm_unmap_aliases");
	EXPECT_EQ(t.frames.size(), 16u);
}

TEST(TitleShape, SyscallPrefixesStripped)
{
	Title t = extract_title(
		"BUG: sleeping function called from invalid context at mm/slab.h:500\n"
		"Call Trace:\n"
		" dump_stack+0x10/0x20\n"
		" __x64_sys_ioctl+0x10/0x20\n");
	/* One prefix comes off (the shortest result), as in syzkaller. */
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in sys_ioctl");
	EXPECT_EQ(t.frames.back(), "__x64_sys_ioctl");
	t = extract_title(
		"BUG: scheduling while atomic: syz-executor0/19425/0x00000000\n"
		"Call Trace:\n"
		" [<ffffffff81001aea>] schedule+0x9a/0x1b0\n"
		" [<ffffffff8135ca47>] SyS_pause+0x447/0xbd0\n");
	EXPECT_EQ(t.title, "BUG: scheduling while atomic in pause");
}

TEST(TitleKctx, KeyStopsAtTheInterruptedContext)
{
	/* A report from an interrupt: swiotlb frames of the interrupted task are not this report's path. */
	Title t = extract_title(
		"BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283\n"
		"in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: kctx-t0\n"
		"CPU: 0 UID: 0 PID: 1 Comm: kctx-t0 Not tainted 6.12.117-kctx #1\n"
		"Call Trace:\n"
		" <IRQ>\n"
		" dump_stack_lvl+0x24/0x32\n"
		" __might_resched+0x60e/0x95c\n"
		" mutex_lock+0xda/0x417\n"
		" vm_unmap_aliases+0x1d/0x2c\n"
		" set_memory_decrypted+0x50/0x84\n"
		" alloc_dma_pages+0x145/0x1b6 kernel/dma/swiotlb.c:593\n"
		" swiotlb_alloc_tlb+0xe5/0x1ac kernel/dma/swiotlb.c:639\n"
		" swiotlb_map+0xec/0x3a4 kernel/dma/swiotlb.c:1610\n"
		" handle_softirqs+0x32b/0x7f5\n"
		" </IRQ>\n"
		" <TASK>\n"
		" __swiotlb_find_pool+0x2c0/0x3e0 kernel/dma/swiotlb.c:804\n"
		" swiotlb_dyn_alloc+0x7e/0xe7 kernel/dma/swiotlb.c:747\n"
		" process_one_work+0x3de/0xa46\n"
		" </TASK>\n");
	EXPECT_EQ(t.key, t.title + " [alloc_dma_pages from swiotlb_alloc_tlb via swiotlb_map]");
	EXPECT_TRUE(has_frame(t, "swiotlb_dyn_alloc"));	/* still a frame of the trace */
}

/* ---- the library's own interface ------------------------------------------ */

namespace {

using triage::detail::PatternList;
using triage::detail::Regex;

/* Every regexp behind the rules, compiled or not. */
std::vector<const Regex *> all_rule_regexes()
{
	const triage::detail::Rules &r = triage::detail::rules();
	std::vector<const Regex *> v;
	auto use = [&](const Regex *re) {
		if (re)
			v.push_back(re);
	};
	auto use_list = [&](const PatternList *l) {
		if (l)
			for (auto *re : l->regexes())
				use(re);
	};
	for (const auto &o : r.oopses) {
		for (const auto &f : o.formats) {
			use(f.title);
			use(f.report);
			if (f.stack) {
				for (auto *p : f.stack->parts)
					use(p);
				for (auto *p : f.stack->parts2)
					use(p);
				use_list(f.stack->skip);
			}
		}
		use_list(o.suppressions);
	}
	use_list(r.stack.stack_start);
	for (auto *p : r.stack.frame_res)
		use(p);
	use_list(r.stack.skip);
	use(r.stack.corrupted_lines);
	use(r.call_trace);
	use_list(r.stall_anchors);
	return v;
}

} /* namespace */

TEST(TitleRules, EveryRuleCompiles)
{
	/* The rules compile on first use; compile them all (a bad one aborts). */
	std::vector<const Regex *> all = all_rule_regexes();
	for (const Regex *re : all)
		re->re2();
	/* linuxOopses (25 headers, then groupGoRuntimeErrors) and commonOopses (3) of syzkaller 1e72964b */
	EXPECT_EQ(triage::detail::rules().oopses.size(), 29u);
	EXPECT_GT(all.size(), 150u);
}

TEST(TitleRules, WhatAMatchNeeds)
{
	/* The scan that lets a rule skip text it cannot match: it must only ever leave things out. */
	auto needs = [](const char *p) { return Regex(p).needs(); };
	auto n = needs("BUG: KASAN:");
	EXPECT_TRUE(n.pure);
	EXPECT_EQ(n.leading, "BUG: KASAN:");
	n = needs("WARNING: Unsupported flag value\\(s\\) of 0x%x");
	EXPECT_TRUE(n.pure);
	EXPECT_EQ(n.leading, "WARNING: Unsupported flag value(s) of 0x%x");
	n = needs("^Booting the kernel");
	EXPECT_FALSE(n.pure);
	EXPECT_EQ(n.leading, "");
	EXPECT_EQ(n.all, std::vector<std::string>{ "Booting the kernel" });
	n = needs("(?i)warning: .* uses");
	EXPECT_TRUE(n.all.empty() && n.any.empty() && !n.pure);
	n = needs("_trap$|do_trap");
	EXPECT_TRUE(n.all.empty() && n.any.empty());
	n = needs("a?bc");
	EXPECT_EQ(n.leading, "");
	EXPECT_EQ(n.all, std::vector<std::string>{ "bc" });
	n = needs("ab+c");
	EXPECT_EQ(n.leading, "ab");
	EXPECT_EQ(n.all, (std::vector<std::string>{ "ab", "c" }));
	n = needs("x{2}yz*");
	EXPECT_EQ(n.all, std::vector<std::string>{ "y" });
	n = needs("BUG: (spinlock|rwlock) (?:lockup|cpu recursion)+ (a\\.b|c)?d");
	EXPECT_EQ(n.leading, "BUG: ");
	ASSERT_EQ(n.any.size(), 1u);
	EXPECT_EQ(n.any[0], (std::vector<std::string>{ "spinlock", "rwlock" }));
	EXPECT_EQ(n.all, (std::vector<std::string>{ "BUG: ", " ", " ", "d" }));
	n = needs("{{PC}} +{{FUNC}}");
	EXPECT_EQ(n.leading, "[");
	n = needs("^( \\[\\<?(?:0x)?[0-9a-f]+\\>?\\])? should_fail(slab)?(\\.[a-z0-9.]+)?\\+0x");
	EXPECT_EQ(n.all, (std::vector<std::string>{ " should_fail", "+0x" }));
}

TEST(TitleRules, NeedsHoldWheneverARuleMatches)
{
	/*
	 * Run every rule with RE2 alone over sample text: whenever it matches,
	 * the scan's needs must be met, or the prefilter would hide a match.
	 */
	std::vector<std::string> texts = { kctx_sleep_softirq };
	if (std::filesystem::is_directory(KCTX_SYZ_REPORTS_DIR))
		for (const auto &e : std::filesystem::directory_iterator(KCTX_SYZ_REPORTS_DIR))
			if (e.path().extension() == ".txt")
				texts.push_back(load_report(e.path()).console);
	std::vector<std::string> pieces;
	for (const std::string &t : texts) {
		pieces.push_back(t);
		std::istringstream in(t);
		for (std::string l; std::getline(in, l);) {
			pieces.push_back(l);
			/* and the words, for the frame rules */
			std::istringstream w(l);
			for (std::string word; w >> word;)
				pieces.push_back(word.substr(0, word.find('+')));
		}
	}
	size_t matches = 0;
	for (const Regex *re : all_rule_regexes()) {
		for (const std::string &p : pieces) {
			if (!re2::RE2::PartialMatch(p, re->re2()))
				continue;
			matches++;
			EXPECT_TRUE(re->may_match(p)) << "/" << re->pattern() << "/ on \"" << p << "\"";
		}
	}
	EXPECT_GT(matches, 100u);
}

TEST(TitleFiles, AnyFileUnderTestCounts)
{
	std::string r = std::string(kctx_sleep_softirq);
	std::string from = " set_memory_encrypted+0x10/0x20\n";
	r.replace(r.find(from), from.size(), " set_memory_encrypted+0x10/0x20 arch/x86/mm/pat/set_memory.c:2200\n");
	Title t = triage::classify(r, { "kernel/dma/swiotlb.c", "arch/x86/mm/pat/set_memory.c" });
	EXPECT_EQ(t.key, t.title + " [set_memory_encrypted from swiotlb_free_tlb via swiotlb_dyn_free]");
	t = triage::classify(r, { "arch/x86/mm/pat/set_memory.c" });
	EXPECT_EQ(t.key, t.title + " [set_memory_encrypted]");
	/* A leading "./" names the same file; an empty entry names none. */
	t = triage::classify(r, { "./kernel/dma/swiotlb.c", "" });
	EXPECT_EQ(t.key, t.title + " [swiotlb_free_tlb via swiotlb_dyn_free]");
	t = triage::classify(r, std::vector<std::string>{});
	EXPECT_EQ(t.key, t.title);
	t = triage::classify(r, { "" });
	EXPECT_EQ(t.key, t.title);
	EXPECT_EQ(triage::dedup_key("T", { { "a", "x.c" }, { "b", "y.c" }, { "c", "z.c" } }, { "y.c", "x.c" }),
		  "T [a via b]");
	EXPECT_EQ(triage::dedup_key("T", { { "a", "x.c" }, { "a", "x.c" }, { "b", "x.c" } }, { "x.c" }),
		  "T [a via b]");
	EXPECT_EQ(triage::dedup_key("T", { { "a", "x.c" }, { "</IRQ>", "" }, { "b", "x.c" } }, { "x.c" }),
		  "T [a]");
}

TEST(TitleShape, HeaderCutShortAndReplayed)
{
	/*
	 * printk replays a header another CPU cut short: the cut copy does
	 * not start the report, the replayed one does; hung tasks may also
	 * wait "in I/O wait".
	 */
	Title t = extract_title(
		"[  584.319520][   T31] INFO: t\n"
		"** replaying previous printk message **\n"
		"[  584.319520][   T31] INFO: task udevd:5612 blocked in I/O wait for more than 143 seconds.\n"
		"[  584.319585][   T31] task:udevd           state:D stack:0     pid:5612\n"
		"[  584.319601][   T31] Call trace:\n"
		"[  584.319605][   T31]  __switch_to+0x2b0/0x6e0 (T)\n"
		"[  584.319622][   T31]  __schedule+0x1b74/0x2d24\n"
		"[  584.319631][   T31]  schedule+0xa4/0x140\n"
		"[  584.319639][   T31]  io_schedule+0x1c/0xe0\n"
		"[  584.319659][   T31]  swiotlb_bounce+0x240/0x5b8 kernel/dma/swiotlb.c:870\n"
		"[  584.319668][   T31]  swiotlb_map+0x68/0x84 kernel/dma/swiotlb.c:1600\n");
	/* the hang extractor skips the scheduler ("sched") */
	EXPECT_EQ(t.title, "INFO: task hung in swiotlb_bounce");
	EXPECT_EQ(t.type, "HANG");
	EXPECT_EQ(t.key, t.title + " [swiotlb_bounce via swiotlb_map]");
	/* Without the replay line the cut header is the report. */
	t = extract_title("[  584.319520][   T31] INFO: t\n"
			  "[  584.319601][   T31] Call trace:\n"
			  "[  584.319605][   T31]  io_schedule+0x1c/0xe0\n");
	EXPECT_TRUE(t.found);
	EXPECT_EQ(t.title, "INFO: t");
}

TEST(TitleShape, BinaryInput)
{
	/* Bytes that are not UTF-8, NULs and control characters must neither crash nor leak into titles. */
	static const char head[] = "\xff\xfe\x00\x01" "BUG: sleeping function called from invalid context at "
				   "\xc3\x28\xa0\xa1:12\n"
				   "Call Trace:\n"
				   " \x80\x81 swiotlb_map+0x1/0x2 kernel/dma/swiotlb.c:1\n"
				   " \xf0\x28\x8c\x28\n";
	std::string junk(head, sizeof(head) - 1);
	ASSERT_EQ(junk[2], '\0');
	junk += std::string(5000, '\xe9') + "\n";
	Title t = extract_title(junk);
	EXPECT_TRUE(t.found);
	EXPECT_EQ(t.title, "BUG: sleeping function called from invalid context in corrupted");
	EXPECT_EQ(t.key, t.title);
	for (char c : t.title)
		EXPECT_TRUE(c >= 0x20 && c < 0x7f) << int(c);

	std::string bin;
	for (int i = 0; i < 65536; i++)
		bin += static_cast<char>((i * 7919) >> 3);
	t = extract_title(bin);
	EXPECT_FALSE(t.found);
	t = extract_title(bin + "\nKernel panic - not syncing: " + bin);
	EXPECT_TRUE(t.found);
	EXPECT_EQ(t.title.rfind("kernel panic: ", 0), 0u) << t.title;
	EXPECT_LE(t.title.size(), 120u);
	for (char c : t.title)
		EXPECT_TRUE(c >= 0x20 && c < 0x7f) << int(c);
}

TEST(TitleShape, TitleOnlyFromTheReportStart)
{
	/* '^' in a title pattern is the report's start, not a line's. */
	Title t = extract_title("Booting the kernel.\n");
	EXPECT_EQ(t.title, "unexpected kernel reboot");
	EXPECT_EQ(t.type, "REBOOT");
	/* No format fits: the title is the line from the header on. */
	t = extract_title("[    1.000000] x Booting the kernel.\n");
	EXPECT_EQ(t.title, "Booting the kernel.");
	EXPECT_EQ(t.type, "");
}

int main(int argc, char **argv)
{
	testing::InitGoogleTest(&argc, argv);
	int rc = RUN_ALL_TESTS();
	/* Everything ran and passed but something could not be checked: tell ctest (SKIP_RETURN_CODE). */
	if (rc == 0 && testing::UnitTest::GetInstance()->skipped_test_count() > 0) {
		std::fprintf(stderr, "title: skipped: %s is absent\n", KCTX_SYZ_REPORTS_DIR);
		return 77;
	}
	return rc;
}
