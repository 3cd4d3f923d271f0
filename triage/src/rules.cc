// SPDX-License-Identifier: GPL-2.0
/*
 * syzkaller's Linux title rules, kept row for row with the linuxOopses table
 * of pkg/report/linux.go (and commonOopses of pkg/report/report.go) at
 * google/syzkaller commit 1e72964b0111 (August 2026), the commit kctx's
 * reference reports come from.  Headers, formats and their order, the title
 * and report regexps, the format strings, the stack parts and skip lists are
 * syzkaller's rule strings; put this file beside linux.go to compare.
 *
 * Names map as follows: linuxRipFrame is rip_frame, linuxCallTrace is
 * call_trace, parseStackTrace is parse_stack_trace, warningStackFmt() is
 * warning_stack(), linuxStallFrameExtractor is Extractor::stall and
 * linuxHangTaskFrameExtractor is Extractor::hang_task.  Backtick strings are
 * C++ raw strings here.  The fields that only feed syzkaller's alternative
 * titles and its corruption verdict (alt, noStackTrace, corrupted) are left
 * out: kctx reports neither.
 */
#include "rules.h"

#include <iterator>
#include <unordered_map>
#include <memory>
#include <optional>

namespace triage::detail {
namespace {

/* ---- the table as written ------------------------------------------------ */

struct Part {
	const char *re = nullptr;	/* nullptr: parseStackTrace */
	Part(const char *r) : re(r) {}
	Part(std::nullptr_t) {}
};

struct StackSpec {
	std::vector<Part> parts;
	std::vector<Part> parts2;
	std::vector<const char *> skip;
	Extractor extractor = Extractor::first;
};

struct FormatSpec {
	const char *title;
	const char *report = nullptr;
	const char *fmt;
	std::optional<StackSpec> stack;
};

struct OopsSpec {
	const char *header;
	std::vector<FormatSpec> formats;
	std::vector<const char *> suppressions;
};

const Part parse_stack_trace{ nullptr };

const char *const rip_frame =
	R"re((?:IP|NIP|pc |PC is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\[< *\(null\)>\] +\(null\)|[0-9]+: +\(null\)))re";

const char *const call_trace = R"re((?:Call (?:T|t)race:)|(?:Backtrace:))re";

StackSpec warning_stack(std::vector<const char *> skip = {})
{
	/*
	 * In newer kernels WARNING traps and the stack starts after the
	 * invalid_op frame; x86_64 starts with a "RIP:" line, powerpc64 with
	 * "--- interrupt:".  Older kernels just print the stack.
	 */
	static const std::string rip_or_interrupt =
		std::string("(?:") + rip_frame + "|--- interrupt: [0-9]+ at {{FUNC}})";
	return StackSpec{
		.parts = { rip_or_interrupt.c_str(), parse_stack_trace },
		.parts2 = { call_trace, parse_stack_trace },
		.skip = std::move(skip),
	};
}

std::vector<OopsSpec> linux_oops_specs()
{
	return {
	{
		.header = "BUG:",
		.formats = {
			{
				.title = "BUG: KASAN:",
				.report = "BUG: KASAN: ([a-z\\-]+) in {{FUNC}}(?:.*\\n)+?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)",
				.fmt = "KASAN: %[1]v %[3]v in %[4]v",
				.stack = StackSpec{
					.parts = {
						"BUG: KASAN: (?:[a-z\\-]+) in {{FUNC}}",
						call_trace,
						parse_stack_trace,
					},
					.skip = { "kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_" },
				},
			},
			{
				.title = "BUG: KASAN:",
				.report = "BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}",
				.fmt = "KASAN: invalid-free in %[2]v",
				.stack = StackSpec{
					.parts = {
						"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}",
						call_trace,
						parse_stack_trace,
					},
					.skip = { "slab_", "kfree", "vunmap", "vfree" },
				},
			},
			{
				.title = "BUG: KASAN: ([a-z\\-]+) on address(?:.*\\n)+?.*(Read|Write) of size ([0-9]+)",
				.fmt = "KASAN: %[1]v %[2]v",
			},
			{
				.title = "BUG: KASAN: (.*)",
				.fmt = "KASAN: %[1]v",
			},
			{
				.title = "BUG: KMSAN: kernel-usb-infoleak",
				.report = "BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}",
				.fmt = "KMSAN: kernel-usb-infoleak in %[2]v",
				.stack = StackSpec{
					.parts = {
						parse_stack_trace,
						"(Local variable .* created at:|Uninit was created at:)",
						parse_stack_trace,
					},
					.skip = { "alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg" },
				},
			},
			{
				.title = "BUG: KMSAN:",
				.report = "BUG: KMSAN: ([a-z\\-]+) in {{FUNC}}",
				.fmt = "KMSAN: %[1]v in %[3]v",
				.stack = StackSpec{
					.parts = {
						parse_stack_trace,
						"(Local variable .* created at:|Uninit was created at:)",
						parse_stack_trace,
					},
					.skip = {
						"alloc_skb", "netlink_ack", "netlink_rcv_skb",
						"_encrypt$", "^(?:crypto|cipher|drbg|rng)_" },
				},
			},
			{
				.title = "BUG: KCSAN: data-race",
				.report = "BUG: KCSAN: (.*)",
				.fmt = "KCSAN: %[1]v",
			},
			{
				.title = "BUG: KCSAN:",
				.report = "BUG: KCSAN: (.*)",
				.fmt = "KCSAN: %[1]v",
			},
			{
				.title = "BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}",
				.fmt = "KFENCE: %[1]v %[2]v in %[4]v",
				.stack = StackSpec{
					.parts = {
						"BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}",
						parse_stack_trace,
					},
				},
			},
			{
				.title = "BUG: KFENCE: invalid free in {{FUNC}}",
				.fmt = "KFENCE: invalid free in %[2]v",
				.stack = StackSpec{
					.parts = {
						"BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}",
						parse_stack_trace,
					},
				},
			},
			{
				.title = "BUG: KFENCE: invalid (read|write) in {{FUNC}}",
				.fmt = "KFENCE: invalid %[1]v in %[3]v",
				.stack = StackSpec{
					.parts = {
						"BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}",
						parse_stack_trace,
					},
				},
			},
			{
				.title = "BUG: KFENCE: memory corruption in {{FUNC}}",
				.fmt = "KFENCE: memory corruption in %[2]v",
				.stack = StackSpec{
					.parts = {
						"BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}",
						parse_stack_trace,
					},
				},
			},
			{
				.title = "BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)",
				.fmt = "BUG: unable to handle kernel paging request in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
			{
				.title = "BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)",
				.fmt = "BUG: unable to handle kernel NULL pointer dereference in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
			{
				.title = "BUG: (?:unable to handle kernel|Unable to handle kernel)",
				.fmt = "BUG: unable to handle kernel",
			},
			{
				.title = "BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion"
					 "|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)",
				.fmt = "BUG: %[1]v %[2]v in %[3]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "spin_", "_lock", "_unlock" },
				},
			},
			{
				.title = "BUG: soft lockup",
				.fmt = "BUG: soft lockup in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
					.extractor = Extractor::stall,
				},
			},
			{
				.title = "BUG: .*still has locks held!",
				.report = "BUG: .*still has locks held!(?:.*\\n)+?.*{{PC}} +{{FUNC}}",
				.fmt = "BUG: still has locks held in %[1]v",
			},
			{
				.title = "BUG: scheduling while atomic",
				.fmt = "BUG: scheduling while atomic in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "schedule" },
				},
			},
			{
				.title = "BUG: lock held when returning to user space",
				.report = "BUG: lock held when returning to user space(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
				.fmt = "BUG: lock held when returning to user space in %[1]v",
			},
			{
				.title = "BUG: bad unlock balance detected!",
				.fmt = "BUG: bad unlock balance in %[1]v",
				.stack = StackSpec{
					.parts = {
						"{{PC}} +{{FUNC}}",
						call_trace,
						parse_stack_trace,
					},
				},
			},
			{
				.title = "BUG: held lock freed!",
				.report = "BUG: held lock freed!(?:.*\\n)+?.*{{PC}} +{{FUNC}}",
				.fmt = "BUG: held lock freed in %[1]v",
			},
			{
				.title = "BUG: Bad rss-counter state",
				.fmt = "BUG: Bad rss-counter state",
			},
			{
				.title = "BUG: non-zero nr_ptes on freeing mm",
				.fmt = "BUG: non-zero nr_ptes on freeing mm",
			},
			{
				.title = "BUG: non-zero nr_pmds on freeing mm",
				.fmt = "BUG: non-zero nr_pmds on freeing mm",
			},
			{
				.title = "BUG: Dentry .* still in use",
				.report = "BUG: Dentry .* still in use \\([0-9]+\\) \\[(unmount) of ([^\\]]+)\\]",
				.fmt = "BUG: Dentry still in use in %[1]v",
			},
			{
				.title = "BUG: Bad page (state|cache)",
				.fmt = "BUG: Bad page %[1]v in %[2]v",
				.stack = StackSpec{
					.parts = {
						R"re(page last allocated)re",
						parse_stack_trace,
					},
					.skip = { "(free|put|get|update|release)_page",
						  "free_unref", "^_*folio", "truncate_inode_pages",
						  "page_frag_free", "alloc", "vmap", "page_owner" },
				},
			},
			{
				.title = "BUG: Bad page map",
				.fmt = "BUG: Bad page map",
			},
			{
				.title = "BUG: workqueue lockup",
				.fmt = "BUG: workqueue lockup",
			},
			{
				.title = "BUG: sleeping function called from invalid context at (.*)",
				.fmt = "BUG: sleeping function called from invalid context in %[2]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
				},
			},
			{
				.title = "BUG: using ([a-z_]+)\\(\\) in preemptible",
				.fmt = "BUG: using %[1]v() in preemptible code in %[2]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "dump_stack", "preemption", "preempt", "debug_",
						  "processor_id", "this_cpu" },
				},
			},
			{
				.title = "BUG: workqueue leaked lock or atomic",
				.report = "BUG: workqueue leaked lock or atomic(?:.*\\n)+?"
					  ".*last function: ([a-zA-Z0-9_]+)\\n",
				.fmt = "BUG: workqueue leaked lock or atomic in %[1]v",
			},
			{
				.title = "BUG: memory leak",
				.fmt = "memory leak in %[1]v",
				.stack = StackSpec{
					.parts = {
						"backtrace(?: \\(crc [[:xdigit:]]*\\))?:",
						parse_stack_trace,
					},
					.skip = { "kmemleak", "mmap", "kmem", "slab", "alloc", "create_object",
						  "idr_get", "list_lru_init", "kasprintf", "kvasprintf",
						  "pcpu_create", "strdup", "strndup", "memdup" },
				},
			},
			{
				.title = "BUG: .*stack guard page was hit at",
				.fmt = "BUG: stack guard page was hit in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
					.extractor = Extractor::stall,
				},
			},
			{
				.title = "BUG: Invalid wait context",
				/* arm/arm64 format under the amd64 title, so the two are one bug. */
				.fmt = "WARNING: locking bug in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "lock_sock", "release_sock" },
				},
			},
			{
				.title = R"re(BUG:[[:space:]]*(?:\n|$))re",
				.fmt = "BUG: corrupted",
			},
		},
		.suppressions = {
			"ODEBUG:",
			"Boot_DEBUG:",
			"xlog_status:",
			"DEBUG:",
			"BUG: no syscalls can create resource",
		},
	},
	{
		.header = "WARNING:",
		.formats = {
			{
				.title = "WARNING: .*lib/debugobjects\\.c.* (?:debug_print|debug_check|at)",
				.fmt = "WARNING: ODEBUG bug in %[1]v",
				.stack = warning_stack({ "debug_", "rcu", "hrtimer_", "timer_",
							 "work_", "percpu_", "vunmap",
							 "vfree", "__free_", "debug_check", "kobject_" }),
			},
			{
				.title = "WARNING: .*mm/usercopy\\.c.* (?:usercopy_warn|at)",
				.fmt = "WARNING: bad usercopy in %[1]v",
				.stack = warning_stack({ "usercopy", "__check" }),
			},
			{
				.title = "WARNING: .*lib/kobject\\.c.* (?:kobject_|at)",
				.fmt = "WARNING: kobject bug in %[1]v",
				.stack = warning_stack({ "kobject_" }),
			},
			{
				.title = "WARNING: .*fs/proc/generic\\.c.* (?:proc_register|at)",
				.fmt = "WARNING: proc registration bug in %[1]v",
				.stack = warning_stack({ "proc_" }),
			},
			{
				.title = "WARNING: .*lib/refcount\\.c.* (?:refcount_|at)",
				.fmt = "WARNING: refcount bug in %[1]v",
				.stack = warning_stack({ "refcount", "kobject_" }),
			},
			{
				.title = "WARNING: .*kernel/locking/lockdep\\.c.*lock_",
				.fmt = "WARNING: locking bug in %[1]v",
				.stack = warning_stack({ "lock_sock", "release_sock" }),
			},
			{
				.title = "WARNING: .*still has locks held!",
				.report = "WARNING: .*still has locks held!(?:.*\\n)+?.*at: {{FUNC}}",
				.fmt = "WARNING: still has locks held in %[1]v",
			},
			{
				.title = "WARNING: Nested lock was not taken",
				.fmt = "WARNING: nested lock was not taken in %[1]v",
				.stack = warning_stack(),
			},
			{
				.title = "WARNING: lock held when returning to user space",
				.report = "WARNING: lock held when returning to user space(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
				.fmt = "WARNING: lock held when returning to user space in %[1]v",
			},
			{
				.title = "WARNING: .*mm/.*\\.c.* k?.?malloc",
				.fmt = "WARNING: kmalloc bug in %[1]v",
				.stack = warning_stack({ "kmalloc", "krealloc", "slab", "kmem" }),
			},
			{
				.title = "WARNING: .*mm/vmalloc.c.*__vmalloc_node",
				.fmt = "WARNING: zero-size vmalloc in %[1]v",
				.stack = warning_stack(),
			},
			{
				.title = "WARNING: .* usb_submit_urb",
				.fmt = "WARNING in %[1]v/usb_submit_urb",
				.stack = warning_stack({ "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg" }),
			},
			{
				.title = R"re(WARNING: {{SRC}} at 0x\d+, CPU#\d+)re",
				.fmt = "WARNING in %[2]v",
				.stack = warning_stack(),
			},
			{
				.title = "WARNING: .* at {{SRC}} {{FUNC}}",
				.fmt = "WARNING in %[3]v",
				.stack = warning_stack(),
			},
			{
				.title = "WARNING: {{SRC}} at {{FUNC}}",
				.fmt = "WARNING in %[3]v",
				.stack = warning_stack(),
			},
			{
				.title = R"re(WARNING: \[.*\] {{SRC}} at {{FUNC}}.*)re",
				.fmt = "WARNING in %[3]v",
				.stack = warning_stack(),
			},
			{
				.title = "WARNING: possible circular locking dependency detected",
				.report = "WARNING: possible circular locking dependency detected(?:.*\\n)+?.*is trying to acquire lock",
				.fmt = "possible deadlock in %[1]v",
				.stack = StackSpec{
					.parts = {
						"at: (?:{{PC}} +)?{{FUNC}}",
						"at: (?:{{PC}} +)?{{FUNC}}",
						parse_stack_trace,
					},
					/* Workqueue functions take the locks of work items. */
					.skip = { "process_one_work", "flush_workqueue",
						  "drain_workqueue", "destroy_workqueue" },
				},
			},
			{
				.title = "WARNING: possible irq lock inversion dependency detected",
				.report = "WARNING: possible irq lock inversion dependency detected(?:.*\\n)+?.*just changed the state of lock(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
				.fmt = "possible deadlock in %[1]v",
			},
			{
				.title = "WARNING: .*-safe -> .*-unsafe lock order detected",
				.fmt = "possible deadlock in %[1]v",
				.stack = StackSpec{
					.parts = {
						"which became (?:.*) at:",
						parse_stack_trace,
					},
				},
			},
			{
				.title = "WARNING: possible recursive locking detected",
				.report = "WARNING: possible recursive locking detected(?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
				.fmt = "possible deadlock in %[1]v",
			},
			{
				.title = "WARNING: inconsistent lock state",
				.report = "WARNING: inconsistent lock state(?:.*\\n)+?.*takes(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
				.fmt = "inconsistent lock state in %[2]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
				},
			},
			{
				.title = "WARNING: suspicious RCU usage",
				.report = "WARNING: suspicious RCU usage(?:.*\n)+?.*?{{SRC}}",
				.fmt = "WARNING: suspicious RCU usage in %[2]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "rcu", "kmem", "slab" },
				},
			},
			{
				.title = "WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value",
				.fmt = "WARNING: kernel stack regs has bad '%[1]v' value",
			},
			{
				.title = "WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value",
				.fmt = "WARNING: kernel stack frame pointer has bad value",
			},
			{
				.title = "WARNING: bad unlock balance detected!",
				.fmt = "WARNING: bad unlock balance in %[1]v",
				.stack = StackSpec{
					.parts = {
						"{{PC}} +{{FUNC}}",
						call_trace,
						parse_stack_trace,
					},
				},
			},
			{
				.title = "WARNING: held lock freed!",
				.report = "WARNING: held lock freed!(?:.*\\n)+?.*at:(?: {{PC}})? +{{FUNC}}",
				.fmt = "WARNING: held lock freed in %[1]v",
			},
			{
				.title = "WARNING: kernel stack regs .* has bad 'bp' value",
				.fmt = "WARNING: kernel stack regs has bad value",
			},
			{
				.title = "WARNING: kernel stack frame pointer .* has bad value",
				.fmt = "WARNING: kernel stack regs has bad value",
			},
			{
				.title = R"re(WARNING:[[:space:]]*(?:\n|$))re",
				.fmt = "WARNING: corrupted",
			},
		},
		.suppressions = {
			"WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
			"WARNING: workqueue cpumask: online intersect > possible intersect",
			"WARNING: [Tt]he mand mount option",
			"WARNING: Unsupported flag value\\(s\\) of 0x%x in DT_FLAGS_1",
			"WARNING: Unprivileged eBPF is enabled with eIBRS",
			R"re(WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size (\((?:\d+)x(?:\d+) vs\. (?:\d+)x(?:\d+)\)))re",
			R"re(WARNING: See https.* for mitigation options.)re",
			R"re(WARNING: kernel not compiled with CPU_SRSO)re",
			R"re(EXT4-[Ff][Ss](?: \(.*\))?:)re",
			R"re((?i)warning: .* uses (deprecated v2 capabilities|wireless extensions))re",
			R"re(XFS \(\w+\): WARNING)re",
		},
	},
	{
		.header = "INFO:",
		.formats = {
			{
				.title = "INFO: possible circular locking dependency detected",
				.report = "INFO: possible circular locking dependency detected \\](?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
				.fmt = "possible deadlock in %[1]v",
			},
			{
				.title = "INFO: possible irq lock inversion dependency detected",
				.report = "INFO: possible irq lock inversion dependency detected \\](?:.*\\n)+?.*just changed the state of lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
				.fmt = "possible deadlock in %[1]v",
			},
			{
				.title = "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
				.report = "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \\](?:.*\\n)+?.*is trying to acquire(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
				.fmt = "possible deadlock in %[1]v",
			},
			{
				.title = "INFO: possible recursive locking detected",
				.report = "INFO: possible recursive locking detected \\](?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
				.fmt = "possible deadlock in %[1]v",
			},
			{
				.title = "INFO: inconsistent lock state",
				.report = "INFO: inconsistent lock state \\](?:.*\\n)+?.*takes(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
				.fmt = "inconsistent lock state in %[1]v",
			},
			{
				.title = "INFO: rcu_(?:preempt|sched|bh|tasks) (?:self-)?detected(?: expedited)? stall",
				.fmt = "INFO: rcu detected stall in %[1]v",
				.stack = StackSpec{
					.parts = {
						"apic_timer_interrupt",
						rip_frame,
						parse_stack_trace,
					},
					.parts2 = {
						"(?:apic_timer_interrupt|Exception stack|el1h_64_irq)",
						parse_stack_trace,
					},
					.skip = { "apic_timer_interrupt", "rcu" },
					.extractor = Extractor::stall,
				},
			},
			{
				.title = "INFO: trying to register non-static key",
				.fmt = "INFO: trying to register non-static key in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "stack", "lock", "IRQ" },
				},
			},
			{
				.title = "INFO: suspicious RCU usage",
				.report = "INFO: suspicious RCU usage(?:.*\n)+?.*?{{SRC}}",
				.fmt = "INFO: suspicious RCU usage in %[2]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "rcu", "kmem", "slab" },
				},
			},
			{
				.title = R"re(INFO: task {{TASK}} blocked (?:in I/O wait )?for more than [0-9]+ seconds)re",
				.fmt = "INFO: task hung in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.extractor = Extractor::hang_task,
				},
			},
			{
				.title = "INFO: task {{TASK}} can't die for more than .* seconds",
				.fmt = "INFO: task can't die in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "schedule" },
				},
			},
			{
				/* Corrupted old-style KASAN reports. */
				.title = "INFO: (Freed|Allocated) in (.*)",
				.fmt = "INFO: %[1]v in %[2]v",
			},
			{
				.title = R"re(INFO:[[:space:]]*(?:\n|$))re",
				.fmt = "INFO: corrupted",
			},
		},
		.suppressions = {
			"INFO: lockdep is turned off",
			"INFO: Stall ended before state dump start",
			"INFO: NMI handler",
			"INFO: recovery required on readonly filesystem",
			"(handler|interrupt).*took too long",
			"INFO: sys_.* is not present in /proc/kallsyms",
			"INFO: no syscalls can create resource",
			"rmt_storage:INFO:",
			"_INFO:",
		},
	},
	{
		.header = "Unable to handle kernel",
		.formats = {
			{
				.title = "Unable to handle kernel (paging request|NULL pointer dereference|access to user memory)",
				.fmt = "BUG: unable to handle kernel %[1]v in %[2]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
		},
	},
	{
		.header = "general protection fault",
		.formats = {
			{
				.title = "general protection fault.*:",
				.fmt = "general protection fault in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
		},
		.suppressions = {
			R"re(general protection fault .* error:\d+ in )re",
		},
	},
	{
		.header = "stack segment: ",
		.formats = {
			{
				.title = "stack segment: ",
				.fmt = "stack segment fault in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
		},
	},
	{
		.header = "Kernel panic",
		.formats = {
			{
				.title = "Kernel panic - not syncing: stack-protector:",
				.report = "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}",
				.fmt = "kernel panic: stack is corrupted in %[1]v",
			},
			{
				.title = "Kernel panic - not syncing: stack-protector:",
				.report = "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+",
				.fmt = "kernel panic: stack is corrupted in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "stack_chk" },
				},
			},
			{
				.title = "Kernel panic - not syncing: corrupted stack end",
				.report = "Kernel panic - not syncing: corrupted stack end detected inside scheduler",
				.fmt = "kernel panic: corrupted stack end in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "schedule", "retint_kernel" },
					.extractor = Extractor::stall,
				},
			},
			{
				.title = "Kernel panic - not syncing: kernel stack overflow",
				.fmt = "kernel stack overflow in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "bad_stack" },
					.extractor = Extractor::stall,
				},
			},
			{
				.title = "Kernel panic - not syncing: Attempted to kill init!",
				.fmt = "kernel panic: Attempted to kill init!",
			},
			{
				.title = "Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+",
				.fmt = "kernel panic: Couldn't open N_TTY ldisc",
			},
			{
				.title = "Kernel panic - not syncing: Fatal exception",
				.fmt = "kernel panic: Fatal exception",
			},
			{
				.title = "Kernel panic - not syncing: panic_on_warn set",
				.fmt = "kernel panic: panic_on_warn set",
			},
			{
				.title = "Kernel panic - not syncing: hung_task: blocked tasks",
				.fmt = "kernel panic: hung_task: blocked tasks",
			},
			{
				.title = "Kernel panic - not syncing: (.*)",
				.fmt = "kernel panic: %[1]v",
			},
		},
	},
	{
		.header = "PANIC: double fault",
		.formats = {
			{
				.title = "PANIC: double fault",
				.fmt = "PANIC: double fault in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
					},
				},
			},
		},
	},
	{
		.header = "rust_kernel: panicked",
		.formats = {
			{
				.title = "rust_kernel: panicked",
				.report = "rust_kernel: panicked at [^\n]*?\n(.+?)\n",
				.fmt = "%[1]v in %[2]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = {
						/* regexp.QuoteMeta(`__rustc::rust_begin_unwind`) */
						"__rustc::rust_begin_unwind",
					},
				},
			},
		},
	},
	{
		.header = "kernel BUG",
		.formats = {
			{
				.title = "kernel BUG at mm/usercopy.c",
				.fmt = "BUG: bad usercopy in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "usercopy", "__check" },
				},
			},
			{
				.title = "kernel BUG at lib/list_debug.c",
				.fmt = "BUG: corrupted list in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
				},
			},
			{
				.title = "kernel BUG at (.*)",
				.fmt = "kernel BUG in %[2]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
					/* skb wrappers BUG_ON, the bug is in the caller. */
					.skip = { "^skb_" },
				},
			},
		},
	},
	{
		.header = "Kernel BUG",
		.formats = {
			{
				.title = "Kernel BUG (.*)",
				.fmt = "kernel BUG %[1]v",
			},
		},
	},
	{
		.header = "BUG kmalloc-",
		.formats = {
			{
				.title = "BUG kmalloc-.*: Object already free",
				.fmt = "BUG: Object already free",
			},
		},
	},
	{
		.header = "divide error:",
		.formats = {
			{
				.title = "divide error: ",
				.fmt = "divide error in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
					},
				},
			},
		},
	},
	{
		/* The misspelling of 9d06c4027f21 (x86/entry). */
		.header = "divide_error:",
		.formats = {
			{
				.title = "divide_error: ",
				.fmt = "divide error in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
					},
				},
			},
		},
	},
	{
		.header = "invalid opcode:",
		.formats = {
			{
				.title = "invalid opcode: ",
				.fmt = "invalid opcode in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
					},
				},
			},
		},
	},
	{
		.header = "int3:",
		.formats = {
			{
				.title = "int3: ",
				.fmt = "int3 in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
		},
	},
	{
		.header = "UBSAN:",
		.formats = {
			{
				.title = "UBSAN:",
				.report = "UBSAN: Undefined behaviour in",
				.fmt = "UBSAN: undefined-behaviour in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "ubsan", "overflow" },
				},
			},
			{
				.title = "UBSAN: array-index-out-of-bounds in",
				.fmt = "UBSAN: array-index-out-of-bounds in %[1]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "ubsan", "overflow" },
				},
			},
			{
				.title = "UBSAN:",
				.report = "UBSAN: (.*?) in",
				.fmt = "UBSAN: %[1]v in %[2]v",
				.stack = StackSpec{
					.parts = {
						call_trace,
						parse_stack_trace,
					},
					.skip = { "ubsan", "overflow" },
				},
			},
		},
	},
	{
		.header = "Booting the kernel.",
		.formats = {
			{
				.title = "^Booting the kernel",
				.fmt = "unexpected kernel reboot",
			},
		},
		.suppressions = {
			"Parsing ELF|Decompressing Linux|Unknown parameter '",
		},
	},
	{
		.header = "unregister_netdevice: waiting for",
		.formats = {
			{
				.title = "unregister_netdevice: waiting for (?:.*) to become free",
				.fmt = "unregister_netdevice: waiting for DEV to become free",
			},
		},
	},
	{
		.header = "VFS: Close: file count is 0",
		.formats = {
			{
				.title = "VFS: Close: file count is 0",
				.fmt = "VFS: Close: file count is zero (use-after-free)",
			},
		},
	},
	{
		.header = "VFS: Busy inodes after unmount",
		.formats = {
			{
				.title = "VFS: Busy inodes after unmount",
				.fmt = "VFS: Busy inodes after unmount (use-after-free)",
			},
		},
	},
	{
		.header = "Internal error:",
		.formats = {
			{
				.title = "Internal error:",
				.fmt = "Internal error in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
		},
	},
	{
		.header = "Unhandled fault:",
		.formats = {
			{
				.title = "Unhandled fault:",
				.fmt = "Unhandled fault in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
		},
	},
	{
		.header = "Alignment trap:",
		.formats = {
			{
				.title = "Alignment trap:",
				.fmt = "Alignment trap in %[1]v",
				.stack = StackSpec{
					.parts = {
						rip_frame,
						call_trace,
						parse_stack_trace,
					},
				},
			},
		},
	},
	{
		.header = "trusty: panic",
		.formats = {
			{
				.title = "trusty: panic.* ASSERT FAILED",
				.report = "trusty: panic \\(.*?\\):(?: DEBUG)? ASSERT FAILED at \\(.*?\\): (.+)",
				.fmt = "trusty: ASSERT FAILED: %[1]v",
			},
			{
				.title = "trusty: panic.* ASSERT FAILED.*: *(.*)",
				.fmt = "trusty: ASSERT FAILED: %[1]v",
			},
			{
				.title = "trusty: panic",
				.report = "trusty: panic \\(.*?\\): (.+)",
				.fmt = "trusty: panic: %[1]v",
			},
		},
	},
	/* groupGoRuntimeErrors (report.go) */
	{
		.header = "fatal error:",
		.formats = {
			{
				.title = "fatal error:",
				.fmt = "go runtime error",
			},
		},
		.suppressions = {
			"ALSA",
			"fatal error: cannot create timer",
		},
	},
	/* commonOopses (report.go): syzkaller's own errors, Go panics */
	{
		.header = "SYZFAIL:",
		.formats = {
			{
				.title = "SYZFAIL:(.*)",
				.fmt = "SYZFAIL:%[1]v",
			},
		},
	},
	{
		.header = "SYZFATAL:",
		.formats = {
			{
				.title = "SYZFATAL:(.*)()",
				.fmt = "SYZFATAL:%[1]v",
			},
		},
	},
	{
		.header = "panic:",
		.formats = {
			{
				.title = "panic: Sentry detected .* stuck task",
				.fmt = "panic: Sentry detected stuck tasks",
			},
			{
				.title = "panic:(.*)",
				.fmt = "panic:%[1]v",
			},
		},
		.suppressions = {
			"_panic:",
			"xlog_status:",
			R"re(ddb\.onpanic:)re",
			R"re(evtlog_status:)re",
		},
	},
	};
}

/* linuxStackParams.skipPatterns */
const char *const linux_skip_patterns[] = {
	"__sanitizer",
	"__asan",
	"kasan",
	"hwasan",
	"__msan",
	"kmsan",
	"kcsan_setup_watchpoint",
	"check_memory_region",
	"check_heap_object",
	"check_object",
	"read_word_at_a_time",
	"(read|write)_once_.*nocheck",
	"print_address_description",
	"panic",
	"invalid_op",
	"report_bug",
	"fixup_bug",
	"print_report",
	"print_usage_bug",
	"do_error",
	"invalid_op",
	R"re(_trap$|do_trap)re",
	"show_stack",
	"dump_stack",
	"walk_stack",
	"dump_backtrace",
	"warn_slowpath",
	"warn_alloc",
	"warn_bogus",
	"__warn",
	"alloc_page",
	"k?v?(?:m|z|c)alloc",
	"krealloc",
	"kmem_cache",
	"allocate_slab",
	"__alloc_frozen_pages_noprof",
	"folio_(?:alloc|unlock)",
	"filemap_alloc_folio",
	"__filemap_get_folio",
	"find_or_create_page",
	"do_read_cache_folio",
	"read_cache_page",
	"pagecache_get_page",
	"grab_cache_page_write_begin",
	"slab_",
	"debug_object",
	"timer_is_static_object",
	"work_is_static_object",
	"__might_fault",
	"print_unlock",
	"imbalance_bug",
	"lockdep",
	"bh_enable",
	"bh_disable",
	"perf_trace",
	"lock_acquire",
	"lock_release",
	"lock_class",
	"mark_lock",
	"(reacquire|mark)_held_locks",
	"raw_spin_rq",
	"spin_lock",
	"spin_trylock",
	"spin_unlock",
	"read_lock",
	"read_trylock",
	"write_lock",
	"write_trylock",
	"read_unlock",
	"write_unlock",
	"^down$",
	"down_read",
	"down_write",
	"down_read_trylock",
	"down_write_trylock",
	"down_trylock",
	"up_read",
	"up_write",
	"^mutex_",
	"^__mutex_",
	"^rt_mutex_",
	"owner_on_cpu",
	"osq_lock",
	"osq_unlock",
	"atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)",
	"(set|clear|change|test)_bit",
	"__wake_up",
	"^refcount_",
	"^kref_",
	"ref_tracker",
	"seqprop_assert",
	"memcpy",
	"memcmp",
	"memset",
	"memchr",
	"memmove",
	"memdup",
	"strcmp",
	"strncmp",
	"strcpy",
	"strlcpy",
	"strncpy",
	"strscpy",
	"strlen",
	"strstr",
	"strnstr",
	"strnlen",
	"strchr",
	"strdup",
	"strndup",
	"copy_to_user",
	"copy_from_user",
	"copy_to_iter",
	"copy_from_iter",
	"copy_page_to_iter",
	"copy_page_from_iter",
	"copy_folio_to_iter",
	"^copyin$",
	"^copyout$",
	"put_user",
	"get_user",
	"might_fault",
	"might_sleep",
	"list_add",
	"list_del",
	"list_replace",
	"list_move",
	"list_splice",
	"^rb_",
	"^__rb_",
	"_indirect_thunk_",
	"string",
	"pointer",
	"snprintf",
	"scnprintf",
	"kasprintf",
	"kvasprintf",
	"printk",
	"va_format",
	"dev_info",
	"dev_notice",
	"dev_warn",
	"dev_err",
	"dev_alert",
	"dev_crit",
	"dev_emerg",
	"program_check_exception",
	"program_check_common",
	"del_timer",
	"flush_work",
	"__cancel_work_timer",
	"cancel_work_sync",
	"try_to_grab_pending",
	"flush_workqueue",
	"drain_workqueue",
	"destroy_workqueue",
	"queue_work",
	"finish_wait",
	"kthread_stop",
	"kobject_",
	"add_uevent_var",
	"get_device_parent",
	"device_add",
	"device_del",
	"device_unregister",
	"device_destroy",
	"device_release",
	"devres_release_all",
	"hwrng_unregister",
	"i2c_del_adapter",
	"__unregister_client",
	"device_for_each_child",
	"rollback_registered",
	"unregister_netdev",
	"sysfs_remove",
	"device_remove_file",
	"tty_unregister_device",
	"dummy_urb_enqueue",
	"usb_kill_urb",
	"usb_kill_anchored_urbs",
	"usb_control_msg",
	"usb_hcd_submit_urb",
	"usb_submit_urb",
	"^complete$",
	"wait_for_completion",
	"^kv?free$",
	"kfree_skb",
	"readb$",
	"readw$",
	"readl$",
	"readq$",
	"writeb$",
	"writew$",
	"writel$",
	"writeq$",
	"logic_in",
	"logic_out",
	"^crc\\d+",
	"crc_itu_t",
	"__might_resched",
	"assertfail",
	"^iput$",
	"^iput_final$",
	"^ihold$",
	"hex_dump_to_buffer",
	"print_hex_dump",
	"^klist_",
	"(trace|lockdep)_(hard|soft)irq",
	"^(un)?lock_page",
	"stack_trace_consume_entry",
	"arch_stack_walk",
	"stack_trace_save",
	"insert_work",
	"__queue_delayed_work",
	"queue_delayed_work_on",
	"ida_free",
	"do_(kernel|translation)_fault",
	"do_mem_abort",
	"el1_abort",
	"el1h_64_sync(?:_handler)?",
	"print_tainted",
	"xas_(?:start|load|find)",
	"find_lock_entries",
	"truncate_inode_pages_range",
	"__phys_addr",
	"__fortify_report",
	"cleanup_srcu_struct",
	"rhashtable_lookup",
	"extract_(user|iter)_to_sg",
	"drop_nlink",
	"^get_taint$",
	"^put_device$",
	"lock_timer_base",
	"__timer_delete_sync",
	"sk_stop_timer_sync",
	"__mod_timer",
	"fast_dput",
	"dput",
	"mark_buffer_dirty",
};

/* ---- compilation ---------------------------------------------------------- */

/*
 * Every regexp of the rules, one object per distinct pattern.  A deque never
 * moves its elements, so the rules can point into it.
 */
class Pool {
public:
	/* `pattern` outlives the pool: a literal of the table */
	const Regex *get(const char *pattern)
	{
		auto it = by_pattern_.find(pattern);
		if (it != by_pattern_.end())
			return it->second;
		const Regex *r = &regexes_.emplace_back(pattern);
		by_pattern_.emplace(pattern, r);
		return r;
	}

	const PatternList *list(const std::vector<const char *> &patterns)
	{
		return &lists_.emplace_back(patterns);
	}

	const StackFmt *stack(const StackSpec &s)
	{
		StackFmt &f = stacks_.emplace_back();
		f.parts = parts(s.parts);
		f.parts2 = parts(s.parts2);
		f.skip = s.skip.empty() ? nullptr : list(s.skip);
		f.extractor = s.extractor;
		return &f;
	}

private:
	std::vector<const Regex *> parts(const std::vector<Part> &in)
	{
		std::vector<const Regex *> out;
		for (const Part &p : in)
			out.push_back(p.re ? get(p.re) : nullptr);
		return out;
	}

	std::deque<Regex> regexes_;
	std::deque<PatternList> lists_;
	std::deque<StackFmt> stacks_;
	std::unordered_map<sv, const Regex *> by_pattern_;
};

/* linuxStallAnchorFrames: functions that dispatch work, and some callers */
const char *const linux_stall_anchor_frames[] = {
	"process_one_work",
	"do_syscall_",
	"do_fast_syscall_",
	"sysenter_dispatch",
	"tracesys_phase2",
	"el0_svc_handler",
	"invoke_syscall",
	"ret_fast_syscall",
	"netif_receive_skb",
	"do_softirq",
	"call_timer_fn",
	"_run_timers",
	"run_timer_softirq",
	"hrtimer_run",
	"run_ksoftirqd",
	"smpboot_thread_fn",
	"^kthread$",
	"start_secondary",
	"cpu_startup_entry",
	"ret_from_fork",
	/* discriminated syscalls (file_operations callbacks and the like) */
	"vfs_write",
	"vfs_read",
	"vfs_iter_read",
	"vfs_iter_write",
	"do_iter_read",
	"do_iter_write",
	"call_read_iter",
	"call_write_iter",
	"new_sync_read",
	"new_sync_write",
	"vfs_ioctl",
	"ksys_ioctl",
	"compat_ioctl",
	"compat_sys_ioctl",
	"blkdev_driver_ioctl",
	"blkdev_ioctl",
	"^call_read_iter",
	"^call_write_iter",
	"do_iter_readv_writev",
	"^call_mmap",
	"mmap_region",
	"do_mmap",
	"do_dentry_open",
	"vfs_open",
	/* socket operations */
	"^sock_sendmsg",
	"^sock_recvmsg",
	"^sock_release",
	"^__sock_release",
	"^setsockopt$",
	"kernel_setsockopt",
	"sock_common_setsockopt",
	"^listen$",
	"kernel_listen",
	"sk_common_release",
	"^sock_mmap",
	"^accept$",
	"kernel_accept",
	"^sock_do_ioctl",
	"^sock_ioctl",
	"^compat_sock_ioctl",
	"^nfnetlink_rcv_msg",
	"^rtnetlink_rcv_msg",
	"^netlink_dump",
	"^(sys_)?(socketpair|connect|ioctl)",
	/* page fault entry points */
	"__do_fault",
	"do_page_fault",
	"^page_fault$",
	/* exit_to_usermode_loop callbacks */
	"__fput",
	"task_work_run",
	"exit_to_usermode",
	"smp_call_function",
	"tasklet_action",
	"tasklet_hi_action",
};

Rules build(Pool &pool)
{
	Rules r;
	for (const OopsSpec &s : linux_oops_specs()) {
		Oops o;
		o.header = s.header;
		for (const FormatSpec &f : s.formats) {
			OopsFormat of;
			of.title = pool.get(f.title);
			of.report = f.report ? pool.get(f.report) : nullptr;
			of.fmt = f.fmt;
			of.stack = f.stack ? pool.stack(*f.stack) : nullptr;
			o.formats.push_back(std::move(of));
		}
		o.suppressions = pool.list(s.suppressions);
		r.oopses.push_back(std::move(o));
	}
	r.stack = StackParams{
		.stack_start = pool.list({
			R"re(Call (?:T|t)race)re",
			R"re(Allocated:)re",
			R"re(Allocated by task [0-9]+:)re",
			R"re(Freed:)re",
			R"re(Freed by task [0-9]+:)re",
			/* "backtrace:" but not "stack backtrace:", with kmemleak's crc */
			R"re([^k] backtrace(?: \(crc [[:xdigit:]]*\))?:)re",
			R"re(Backtrace:)re",
			R"re(Uninit was stored to memory at)re",
			/* riscvSpecialStackStart: show_regs()'s last line */
			R"re(status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16})re",
		}),
		.frame_res = {
			pool.get("^ *(?:{{PC}} ){0,2}{{FUNC}}"),
			/* arm: both the current and the next frame */
			pool.get(R"re(^ *{{PC}} \(([a-zA-Z0-9_.]+)\) from {{PC}} \({{FUNC}})re"),
		},
		.skip = pool.list({ std::begin(linux_skip_patterns), std::end(linux_skip_patterns) }),
		/* fault injection stacks mixed into reports */
		.corrupted_lines = pool.get(R"re(^( \[\<?(?:0x)?[0-9a-f]+\>?\])? should_fail(slab)?(\.[a-z0-9.]+)?\+0x)re"),
		.strip_frame_prefixes = {
			"SYSC_",
			"SyS_",
			"sys_",
			"__x64_",
			"__ia32_",
			"__arm64_",
			"____sys_",
			"___sys_",
			"__sys_",
			"__se_",
			"__se_sys_",
			"__do_sys_",
			"compat_SYSC_",
			"compat_SyS_",
			"ksys_",
		},
	};
	r.call_trace = pool.get(call_trace);
	r.stall_anchors = pool.list({ std::begin(linux_stall_anchor_frames), std::end(linux_stall_anchor_frames) });
	return r;
}

} /* namespace */

const Rules &rules()
{
	/* Never destroyed: a process that classifies one report should not spend its exit freeing rules. */
	static Pool &pool = *new Pool;
	static const Rules &r = *new Rules(build(pool));
	return r;
}

std::pair<std::string, size_t> stall_frame_extractor(const std::vector<std::string> &frames)
{
	/*
	 * A stall loops across several functions and the trace lands anywhere
	 * in them: name it after a representative frame deeper down, the one
	 * just above the first dispatch or syscall anchor.
	 */
	std::string prev = frames.empty() ? "" : frames[0];
	size_t prev_idx = 0;
	for (size_t i = 0; i < frames.size(); i++) {
		if (rules().stall_anchors->search(frames[i])) {
			if (frames[i].find("smp_call_function") != std::string::npos) {
				prev = "smp_call_function";
				prev_idx = i;
			}
			return { prev, prev_idx };
		}
		prev = frames[i];
		prev_idx = i;
	}
	return { "", std::string::npos };
}

std::pair<std::string, size_t> hang_task_frame_extractor(const std::vector<std::string> &frames)
{
	/* Hangs on rtnl_lock and on the synchronize_* calls are two buckets of their own. */
	static const std::pair<const char *, const char *> anchors[] = {
		{ "rtnl_lock", "" },
		{ "synchronize_rcu", "synchronize_rcu" },
		{ "synchronize_srcu", "synchronize_rcu" },
		{ "synchronize_net", "synchronize_rcu" },
		{ "synchronize_sched", "synchronize_rcu" },
	};
	for (size_t i = 0; i < frames.size(); i++)
		for (const auto &[anchor, repl] : anchors)
			if (frames[i].find(anchor) != std::string::npos)
				return { *repl ? repl : frames[i], i };
	static const char *const skip[] = {
		"sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread",
		"wait", "synchronize", "context_switch", "__switch_to", "cancel_delayed_work",
		"rcu_barrier",
	};
	for (size_t i = 0; i < frames.size(); i++) {
		bool skipped = false;
		for (const char *s : skip)
			skipped = skipped || frames[i].find(s) != std::string::npos;
		if (!skipped)
			return { frames[i], i };
	}
	return { "", std::string::npos };
}

std::string title_to_type(const std::string &title)
{
	/* pkg/report/crash/title_to_type.go: the first row with a matching prefix */
	static const std::pair<const char *, std::vector<const char *>> table[] = {
		{ "KFENCE-USE-AFTER-FREE-WRITE", { "KFENCE: use-after-free write" } },
		{ "KFENCE-USE-AFTER-FREE-READ", { "KFENCE: use-after-free read", "KFENCE: use-after-free" } },
		{ "KFENCE-WRITE", { "KFENCE: invalid write", "KFENCE: out-of-bounds write" } },
		{ "KFENCE-READ", { "KFENCE: invalid read", "KFENCE: out-of-bounds read", "KFENCE: out-of-bounds" } },
		{ "KFENCE-MEMORY-CORRUPTION", { "KFENCE: memory corruption" } },
		{ "KFENCE-INVALID-FREE", { "KFENCE: invalid free" } },
		{ "KMSAN-UNINIT-VALUE", { "KMSAN: uninit-value" } },
		{ "KMSAN-USE-AFTER-FREE-READ", { "KMSAN: kernel-infoleak-after-free",
						 "KMSAN: kernel-usb-infoleak-after-free", "KMSAN: use-after-free" } },
		{ "KMSAN-INFO-LEAK", { "KMSAN: kernel-infoleak", "KMSAN: kernel-usb-infoleak" } },
		{ "KASAN-NULL-POINTER-DEREFERENCE-WRITE", { "KASAN: null-ptr-deref Write" } },
		{ "KASAN-NULL-POINTER-DEREFERENCE-READ", { "KASAN: null-ptr-deref Read" } },
		{ "NULL-POINTER-DEREFERENCE", { "BUG: unable to handle kernel NULL pointer dereference in" } },
		{ "KASAN-WRITE", { "KASAN: global-out-of-bounds Write", "KASAN: out-of-bounds Write",
				   "KASAN: slab-out-of-bounds Write", "KASAN: stack-out-of-bounds Write",
				   "KASAN: user-memory-access Write", "KASAN: vmalloc-out-of-bounds Write",
				   "KASAN: wild-memory-access Write" } },
		{ "KASAN-READ", { "KASAN: global-out-of-bounds Read", "KASAN: invalid-access Read",
				  "KASAN: out-of-bounds Read", "KASAN: slab-out-of-bounds Read",
				  "KASAN: slab-out-of-bounds", "KASAN: stack-out-of-bounds Read",
				  "KASAN: stack-out-of-bounds", "KASAN: unknown-crash Read",
				  "KASAN: user-memory-access Read", "KASAN: vmalloc-out-of-bounds Read",
				  "KASAN: wild-memory-access Read", "KASAN: wild-memory-access" } },
		{ "KASAN-INVALID-FREE", { "KASAN: double-free or invalid-free", "KASAN: invalid-free" } },
		{ "KASAN-USE-AFTER-FREE-WRITE", { "KASAN: slab-use-after-free Write", "KASAN: use-after-free Write" } },
		{ "KASAN-USE-AFTER-FREE-READ", { "KASAN: slab-use-after-free Read", "KASAN: use-after-free Read",
						 "KASAN: use-after-free" } },
		{ "MEMORY_SAFETY_BUG", { "BUG: corrupted list", "BUG: unable to handle kernel paging request" } },
		{ "REFCOUNT_WARNING", { "WARNING: refcount bug" } },
		{ "MEMORY_SAFETY_UBSAN", { "UBSAN: array-index-out-of-bounds" } },
		{ "KCSAN-DATARACE", { "KCSAN: data-race" } },
		{ "KCSAN-ASSERT", { "KCSAN: assert: race in" } },
		{ "LOCKDEP", { "BUG: bad unlock balance in", "BUG: held lock freed in", "BUG: rwlock",
			       "BUG: spinlock", "BUG: still has locks held in", "BUG: using",
			       "WARNING: bad unlock balance in", "WARNING: held lock freed in",
			       "WARNING: lock held", "WARNING: locking bug in",
			       "WARNING: nested lock was not taken in", "WARNING: still has locks held in",
			       "WARNING: suspicious RCU usage in", "inconsistent lock state in",
			       "possible deadlock in" } },
		{ "ATOMIC_SLEEP", { "BUG: scheduling while atomic in",
				    "BUG: sleeping function called from invalid context in" } },
		{ "LEAK", { "memory leak in" } },
		{ "BUG", { "BUG: bad usercopy in", "kernel BUG" } },
		{ "WARNING", { "WARNING in" } },
		{ "", { "BUG: stack guard page was hit in", "WARNING: corrupted",
			"WARNING: kernel stack frame pointer has bad value", "WARNING: kernel stack regs has bad" } },
		{ "HANG", { "BUG: soft lockup in", "INFO: rcu detected stall in", "INFO: task can't die in",
			    "INFO: task hung in" } },
		{ "DoS", { "Alignment trap in", "BUG: Object already free", "Internal error in",
			   "PANIC: double fault", "Unhandled fault in",
			   "VFS: Busy inodes after unmount (use-after-free)",
			   "VFS: Close: file count is zero (use-after-free)", "divide error in",
			   "general protection fault in", "go runtime error", "int3 in", "invalid opcode in",
			   "kernel panic:", "kernel stack overflow", "panic:", "rust_kernel panicked",
			   "stack segment fault in", "trusty:",
			   "unregister_netdevice: waiting for DEV to become free" } },
		{ "NO_OUTPUT", { "no output from test machine" } },
		{ "REBOOT", { "unexpected kernel reboot" } },
		{ "SYZ_FAILURE", { "SYZFAIL", "SYZFATAL:" } },
		/* the defaults */
		{ "WARNING", { "WARNING:" } },
		{ "", { "BUG:" } },
		{ "", { "INFO:" } },
		{ "KASAN-UNKNOWN", { "KASAN:" } },
		{ "KFENCE-UNKNOWN", { "KFENCE:" } },
		{ "KMSAN-UNKNOWN", { "KMSAN:" } },
		{ "UBSAN", { "UBSAN:" } },
		{ "KCSAN-UNKNOWN", { "KCSAN:" } },
	};
	for (const auto &[type, prefixes] : table)
		for (const char *p : prefixes)
			if (title.rfind(p, 0) == 0)
				return type;
	return "";
}

} /* namespace triage::detail */
