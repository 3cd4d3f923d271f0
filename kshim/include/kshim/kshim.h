/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim's own interface: the simulated machine, its configuration, the choice
 * stream and the hooks the harness and the oracles use.  Kernel code never
 * includes this; it sees only the replacement headers under linux/ and asm/,
 * where every kernel-named definition is labelled stub, dup or model (the
 * convention is in kshim/README.md; ctest "labels" checks it).
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct task_struct;
struct device;
struct page;

namespace kshim {

/* ---- machine configuration ------------------------------------------------ */

/*
 * Each platform fixes the architecture, and the architecture which options
 * exist: arm64 selects DMA_DIRECT_REMAP, x86 does not; BBML2 is an arm64 CPU
 * feature.  Only combinations a real kernel can have are expressible.
 */
enum class Platform : uint8_t { none, x86_sme, x86_sev, x86_tdx, arm64_cca, arm64 };
enum class Arch : uint8_t { x86_64, arm64 };
/*
 * none, voluntary and full are a PREEMPT_DYNAMIC kernel (x86 distributions,
 * Debian's included) booted with preempt=MODE: PREEMPTION and PREEMPT_RCU
 * are built in whatever the mode.  static_none and static_voluntary are
 * kernels built without PREEMPT_DYNAMIC, with non-preemptible RCU.
 */
enum class Preempt : uint8_t { none, voluntary, full, rt, static_none, static_voluntary };
enum class RcuMode : uint8_t { softirq, rcuc, nocb };

const char *platform_name(Platform);
const char *preempt_name(Preempt);
const char *rcu_mode_name(RcuMode);
const char *arch_name(Arch);
bool parse_platform(const std::string &, Platform *);
bool parse_preempt(const std::string &, Preempt *);
bool parse_rcu_mode(const std::string &, RcuMode *);
/* Every name, "a|b|c", for messages and the knob list. */
std::string platform_choices();
std::string preempt_choices();
std::string rcu_mode_choices();

struct MachineConfig {
	Platform platform = Platform::none;
	Preempt preempt = Preempt::voluntary;	/* Debian's default: dynamic, booted voluntary */
	RcuMode rcu = RcuMode::softirq;
	unsigned ncpus = 2;			/* 1..4 */
	unsigned sme_cbit = 47;			/* x86-sme: position of the C-bit */
	bool cca_bbml2 = true;			/* arm64: the CPU has BBML2_NOABORT */
	unsigned max_preemptions = 2;		/* CHESS-style preemption bound */
	/* Physical memory: three banks, one per zone. */
	uint64_t dma_base = 0x100000, dma_size = 8ull << 20;	/* ZONE_DMA: below 16M */
	uint64_t dma32_base = 0x40000000ull, dma32_size = 16ull << 20;
	uint64_t normal_base = 0x100000000ull, normal_size = 16ull << 20;
	uint64_t atomic_pool_size = 128 << 10;	/* per atomic pool */
	bool lockdep = true;
	/* Fault injection defaults: the kernel's (fail only when asked). */
	unsigned fail_alloc_prob = 0;		/* percent, for allocations that may fail */
	unsigned fail_setmem_prob = 0;		/* percent, for set_memory_*() */

	Arch arch() const { return platform == Platform::arm64 || platform == Platform::arm64_cca ? Arch::arm64 :
									Arch::x86_64; }
	bool remap() const { return arch() == Arch::arm64; }	/* CONFIG_DMA_DIRECT_REMAP */
	bool cc_guest() const { return platform == Platform::x86_sev || platform == Platform::x86_tdx ||
				       platform == Platform::arm64_cca; }
	/* Memory encryption of any kind: set_memory_{en,de}crypted() change pages. */
	bool mem_encrypt() const { return cc_guest() || platform == Platform::x86_sme; }
};

/* Thrown to end the running operation after an oops (BUG(), a self-deadlock). */
struct OpAbort {};

/* ---- the choice stream: the one door for nondeterminism -------------------- */

enum class Choice : uint8_t {
	sched,		/* at a shim point: continue, preempt, switch CPU, interrupt */
	pick_cpu,	/* the host loop picks which CPU runs next */
	pick_task,	/* a CPU picks which runnable task runs next */
	softirq_defer,	/* softirq restart limit reached: hand over to ksoftirqd */
	fail_alloc,	/* fail this allocation */
	fail_setmem,	/* fail this set_memory_*() call */
	split_page,	/* set_memory_*() must split a large page */
};
const char *choice_name(Choice);

class ChoiceSource {
public:
	virtual ~ChoiceSource() = default;
	/* A value in [0, n); 0 is always the quiet default. */
	virtual uint32_t next(uint32_t n) = 0;
	/* Probability draw in percent; default: never. */
	virtual bool percent(unsigned pct);
};

/* Bytes from a fuzz input; exhausted input yields 0s. */
class ByteChoices : public ChoiceSource {
public:
	ByteChoices(const uint8_t *data, size_t size) : data_(data), size_(size) {}
	uint32_t next(uint32_t n) override;
	size_t used() const { return pos_; }
private:
	const uint8_t *data_;
	size_t size_, pos_ = 0;
};

/* A seeded PRNG (splitmix64); the seed is printed with every report. */
class SeededChoices : public ChoiceSource {
public:
	explicit SeededChoices(uint64_t seed) : state_(seed) {}
	uint32_t next(uint32_t n) override;
private:
	uint64_t state_;
};

/* Always 0: no preemption, no failure, first option. */
class QuietChoices : public ChoiceSource {
public:
	uint32_t next(uint32_t) override { return 0; }
};

uint32_t choose(Choice kind, uint32_t n);
bool choose_percent(Choice kind, unsigned pct);

/* The decision trace, for --trace. */
void trace_enable(bool on);
void trace_note(const std::string &line);
const std::vector<std::string> &trace_lines();

/* ---- the simulated machine -------------------------------------------------- */

/*
 * boot() brings up a fresh machine in early-boot state (interrupts off, no
 * sleep checks, memblock usable): the harness runs early parameters and
 * swiotlb_init() then.  boot_finish() enables interrupts, fills the atomic
 * pools and runs the initcalls; after it the system is running.
 */
void boot(const MachineConfig &cfg, ChoiceSource *choices);
/* start_kernel() enables interrupts after mm_core_init(), before arch_cpu_finalize_init() */
void boot_enable_irqs();
void boot_finish();
/* The end of boot (SYSTEM_RUNNING): sleep checks start. */
void system_running();
void shutdown();
int run_early_param(const char *name, const char *value);
bool booted();
const MachineConfig &config();

/*
 * Run the scheduler until done() holds or nothing can run any more.  Returns
 * done().  When nothing can run and done() is false, every live task is
 * blocked: the caller decides whether that is a hang.
 */
bool run_until(const std::function<bool()> &done);

/* Let deferred work make progress until the machine is quiet. */
void drain();
/* Nothing left to do: every user task ended, no deferred work, no timer pending. */
bool machine_quiet();

/* Harness tasks ("user" tasks that call kernel code). */
task_struct *spawn_task(const char *comm, unsigned cpu, void (*fn)(void *), void *arg);
/* The same, as a kernel thread (a KUnit case's): its trace ends in kthread() and ret_from_fork(). */
task_struct *spawn_kthread(const char *comm, unsigned cpu, void (*fn)(void *), void *arg);
bool task_finished(task_struct *t);
/* Called by a harness task between operations: the system call returns. */
void return_to_user();
/* A harness task waits, idle (not hung), until pred() holds. */
void task_park_until(const std::function<bool()> &pred);
/*
 * After run_until() found nothing runnable with work left: let simulated
 * time pass to the first of the kernel's watchdogs that fires (a hung
 * task, a soft lockup, an RCU stall) and report it.  True if one did.
 */
bool report_hangs();
/* A watchdog (or the step budget) ended the run: nothing more runs. */
bool run_halted();
/* After the final drain: every task must be back in a clean context. */
void check_quiescent();

/* Deliver fn(arg) in hardirq context on cpu (as soon as that CPU takes an IRQ). */
void queue_hardirq(unsigned cpu, void (*fn)(void *), void *arg);
/* Run fn(arg) in softirq context on cpu (a tasklet raised from a hardirq). */
void queue_softirq(unsigned cpu, void (*fn)(void *), void *arg);
/* Run fn(arg) in a kworker bound to cpu. */
void queue_kworker(unsigned cpu, void (*fn)(void *), void *arg);

/* Scheduling events the scenarios can force. */
void force_grace_period();	/* complete a grace period (waits for readers) */
void run_rcu_callbacks();	/* invoke every ready callback */
void run_workqueues();
void run_softirqs();
void advance_jiffies(unsigned long ticks);
void rcu_barrier_host();	/* every callback queued so far has run */

/* ---- memory and platform, for the oracles ------------------------------------ */

enum class PageOwner : uint8_t { none, buddy, slab, memblock, atomic_pool, reserved, free };
struct PageInfo {
	PageOwner owner;
	bool decrypted;
	unsigned order;		/* valid on the head page of a buddy block */
};
bool phys_valid(uint64_t phys, size_t size);
void *phys_to_linear(uint64_t phys);
PageInfo page_info(uint64_t pfn);
size_t pages_in_use(PageOwner owner);
size_t slab_objects_in_use();
unsigned long debugfs_read(const std::string &path, bool *ok);
/* Write a debugfs attribute file (its set() handler); the kernel's error code, -ENOENT if absent. */
int debugfs_write(const std::string &path, unsigned long val);
std::vector<std::string> debugfs_paths();

/*
 * The kernel files compiled into this binary (kernel-relative, e.g.
 * "kernel/dma/swiotlb.c"): their frames print as FILE:LINE.  The port
 * knows them; the harness passes them on.
 */
void set_kernel_sources(const std::vector<std::string> &files);

/* The function containing pc, as a trace names it ("" if unknown). */
std::string function_at(const void *pc);
unsigned long trace_swiotlb_bounced_hits();

/* A device that DMAs: the harness's view of struct device. */
struct DevSpec {
	std::string name = "dev0";
	uint64_t dma_mask = ~0ull;
	uint64_t coherent_dma_mask = ~0ull;
	uint64_t bus_dma_limit = 0;
	unsigned min_align_mask = 0;
	uint64_t seg_boundary = ~0ull;	/* 0 = default (4G-1) */
	bool coherent = true;
	bool untrusted = false;		/* bounced behind an IOMMU */
	bool restricted = false;	/* uses a restricted DMA pool */
	size_t restricted_size = 1 << 20;
};
device *create_device(const DevSpec &spec);
const std::vector<device *> &devices();

/* Device-side DMA for the data oracles; reports DMA into private memory. */
bool device_dma_write(device *dev, uint64_t dma, const void *src, size_t len);
bool device_dma_read(device *dev, uint64_t dma, void *dst, size_t len);
/* The device's view of [dma, dma + len) after the same checks, without a copy. */
const void *device_dma_view(device *dev, uint64_t dma, size_t len);

/* Fault injection: fail the next n calls of a kind. */
/* Let `skip` calls pass, then fail the next n (the kernel's fail-nth is n=1). */
void fail_next_allocs(unsigned n, unsigned skip = 0);
void fail_next_setmem(unsigned n, unsigned skip = 0);

/* ---- reports ----------------------------------------------------------------- */

struct Frame {
	std::string func;
	std::string file;	/* kernel-relative, or empty */
	unsigned line = 0;
	uint64_t off = 0, size = 0;
	bool inlined = false;
	bool marker = false;	/* "<IRQ>", "</IRQ>", "<TASK>", "</TASK>" */
};

struct Report {
	std::string kind;	/* ATOMIC_SLEEP, LOCKDEP, ... */
	std::string header;	/* the report's first line */
	std::string title_hint;	/* the title when the text has no kernel report header (kctx's own) */
	std::string signature;	/* everything the title and key can depend on */
	/* Named after the run, outside kshim (harness/reports.cc, with triage/): */
	std::string title;	/* syzkaller-compatible */
	std::string key;	/* kctx de-duplication key */
	std::string text;	/* kernel-format console text */
	std::vector<const Frame *> frames;	/* the symbol cache's, which outlives every report */
	std::string comm;
	int pid = 0;
	unsigned cpu = 0;
	unsigned preempt_count = 0;
	bool irqs_disabled = false;
	int rcu_depth = 0;
	std::vector<std::string> held_locks;
	/*
	 * The kernel's own response to a failure kctx injected, e.g. the CPA
	 * "VMM failure" WARN after a refused page-state change.  Printed like
	 * any report, but not a finding: the fuzzer does not stop on it.
	 */
	bool injected = false;
};

/* This run's reports, one per signature, in the order they happened. */
const std::vector<Report> &reports();
std::vector<Report> take_reports();	/* the run's reports, moved out: the run is over */
void clear_reports();
/* The kernel name kctx prints in the CPU line, e.g. "6.12.117-kctx". */
void set_kernel_release(const std::string &release);

/* Oracles outside kshim (the harness) report through here. */
void harness_bug(const std::string &title_suffix, const std::string &body);

/*
 * Memory errors (kasan.cc).  An access ASan stops in kernel code (a file the
 * port compiled) becomes a KASAN report, as the kernel prints it, the last
 * of reports(); then the handler runs, which may end the process (the
 * access cannot go on).  With no handler, or when it returns, the text goes
 * to stderr and ASan ends the process without its own report.  A memory
 * error anywhere else is a bug of kctx's own: ASan reports it as ever.
 */
void set_kasan_handler(void (*fn)());
/*
 * Asked after a KASAN report of an access in kernel code, before the
 * handler: true lets the access happen and the kernel go on, as the
 * kernel's KASAN does (only for ported files built with recovery, see
 * kasan.cc); false ends the process as above.
 */
void set_kasan_resume(bool (*fn)());
/*
 * ASan prints its report's first line before kshim can tell whose bug it
 * is: hold the sanitizers' output back (in a buffer) until released.  A
 * host-side error releases it at once, so ASan's report prints in full on
 * stderr; a kernel one drops it.  exit() releases it; a sanitizer's death
 * callback (UBSan's reports go only there) must release it itself.  A
 * fork()ed child must hold again (its own buffer) before its sanitizers
 * print anything.
 */
void hold_sanitizer_output();
void release_sanitizer_output();

/* Console output kernel code printed (printk), for tests. */
const std::string &console();
/*
 * Keep the console (default on).  The fuzz target turns it off: nothing
 * reads it there, and a report the run has already made is then dropped
 * before its text is built.
 */
void set_console(bool on);

} /* namespace kshim */
