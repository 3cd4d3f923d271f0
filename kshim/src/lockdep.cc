// SPDX-License-Identifier: GPL-2.0
/*
 * kshim lockdep, after kernel/locking/lockdep.c: lock classes by key (or by
 * address for static locks), a held-lock stack per task with acquire sites,
 * the wait-context check, a dependency graph with cycle detection, irq usage
 * states for "inconsistent lock state", unlock balance, and the kernel's
 * report layouts.  Like the kernel, lockdep turns itself off after its first
 * report (debug_locks = 0); the sleep checks keep working.
 *
 * Not modelled: irq-safe -> irq-unsafe dependency inversion (only the direct
 * inconsistent usage of one class is), lock chains' hash cache, nest_lock.
 */
#include "sched.h"
#include "lockdep.h"
#include "context.h"
#include "printk.h"
#include "report.h"
#include "stacktrace.h"

#include <linux/bug.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

extern "C" char __data_start[], _end[];

namespace kshim {

/* A lockdep report's head: the header between bars of its own length, and the kernel's identity. */
ReportBuilder lockdep_report(const char *header)
{
	ReportBuilder rb;
	size_t n = std::char_traits<char>::length(header);
	rb.kind = "LOCKDEP";
	rb.cut_here = std::string(n, '=');
	rb.header = header;
	rb.body = kernel_ident() + "\n" + std::string(n, '-') + "\n";
	return rb;
}


enum {
	USED_IN_HARDIRQ, USED_IN_HARDIRQ_READ, ENABLED_HARDIRQ, ENABLED_HARDIRQ_READ,
	USED_IN_SOFTIRQ, USED_IN_SOFTIRQ_READ, ENABLED_SOFTIRQ, ENABLED_SOFTIRQ_READ,
	LOCK_USED, LOCK_USED_READ, LOCK_USAGE_STATES
};
static const char *const usage_str[LOCK_USAGE_STATES] = {
	"IN-HARDIRQ-W", "IN-HARDIRQ-R", "HARDIRQ-ON-W", "HARDIRQ-ON-R",
	"IN-SOFTIRQ-W", "IN-SOFTIRQ-R", "SOFTIRQ-ON-W", "SOFTIRQ-ON-R",
	"INITIAL USE", "INITIAL READ USE",
};

struct Edge {
	lock_class *to;
	RawTrace trace;		/* where the dependency was first seen */
};

struct lock_class {
	const void *key;
	std::string name;
	unsigned char outer, inner, lock_type;
	unsigned usage_mask;
	RawTrace usage_traces[LOCK_USAGE_STATES];
	std::vector<Edge> after;
};

bool debug_locks = true;
static std::unordered_map<const void *, std::unique_ptr<lock_class>> classes;

void lockdep_reset()
{
	debug_locks = true;
	classes.clear();
}

static bool static_obj(const void *p)
{
	return (const char *)p >= __data_start && (const char *)p < _end;
}

/* The effective wait type: CONFIG is SPIN unless raw-lock nesting rules apply. */
static unsigned wait_value(unsigned char w)
{
	bool nesting = sim.cfg.preempt == Preempt::rt;
	switch (w) {
	case LD_WAIT_INV: return 0;
	case LD_WAIT_FREE: return 1;
	case LD_WAIT_SPIN: return 2;
	case LD_WAIT_CONFIG: return nesting ? 3 : 2;
	case LD_WAIT_SLEEP: return nesting ? 4 : 3;
	default: return nesting ? 5 : 4;
	}
}

bool debug_locks_off()
{
	if (!debug_locks)
		return false;
	debug_locks = false;
	return true;
}

static void report_non_static_key(struct lockdep_map *lock)
{
	if (!debug_locks_off())
		return;
	ReportBuilder rb;
	rb.kind = "LOCKDEP";
	rb.header = "INFO: trying to register non-static key.";
	rb.body = "The code is fine but needs lockdep annotation, or maybe\n"
		  "you didn't initialize this object before use?\n"
		  "turning off the locking correctness validator.\n";
	(void)lock;
	emit_report(rb);
}

static lock_class *register_class(struct lockdep_map *lock, unsigned subclass)
{
	const void *key = lock->key;
	if (!key) {
		if (!static_obj(lock))
			report_non_static_key(lock);
		key = lock;	/* static objects are their own key */
	}
	const void *ck = (const char *)key + subclass;
	auto it = classes.find(ck);
	if (it != classes.end())
		return it->second.get();
	auto c = std::make_unique<lock_class>();
	c->key = ck;
	c->name = lock->name ? lock->name : "<unnamed>";
	if (subclass)
		c->name += strf("/%u", subclass);
	c->outer = lock->wait_type_outer;
	c->inner = lock->wait_type_inner;
	c->lock_type = lock->lock_type;
	c->usage_mask = 0;
	lock_class *r = c.get();
	classes.emplace(ck, std::move(c));
	return r;
}

static char usage_char(const lock_class *c, int bit)
{
	char ch = '.';
	if (c->usage_mask & (1u << (bit + 2))) {
		ch = '+';
		if (c->usage_mask & (1u << bit))
			ch = '?';
	} else if (c->usage_mask & (1u << bit)) {
		ch = '-';
	}
	return ch;
}

static std::string class_name_full(const lock_class *c)
{
	char usage[5] = { usage_char(c, USED_IN_HARDIRQ), usage_char(c, USED_IN_HARDIRQ_READ),
			  usage_char(c, USED_IN_SOFTIRQ), usage_char(c, USED_IN_SOFTIRQ_READ), 0 };
	unsigned outer = wait_value(c->outer ? c->outer : c->inner), inner = wait_value(c->inner);
	return strf(" (%s){%s}-{%u:%u}", c->name.c_str(), usage, outer, inner);
}

static std::string print_lock(const held_lock &h)
{
	std::string s = fake_address(h.instance);
	s += class_name_full(h.cls);
	s += ", at: ";
	s += symbolize_ip(h.acquire_ip);
	s += '\n';
	return s;
}

void lockdep_print_held_locks(task_struct *t, std::string &out)
{
	int depth = t->lockdep_depth;
	if (!depth)
		out += strf("no locks held by %s/%d.\n", t->comm, t->pid);
	else
		out += strf("%d lock%s held by %s/%d:\n", depth, depth > 1 ? "s" : "", t->comm, t->pid);
	for (int i = 0; i < depth; i++)
		out += strf(" #%d: ", i) + print_lock(t->held_locks[i]);
}

/* The public entry: once lockdep has turned itself off the held-lock list is not trusted. */
void debug_show_held_locks(task_struct *t, std::string &out)
{
	if (!debug_locks) {
		out += "INFO: lockdep is turned off.\n";
		return;
	}
	lockdep_print_held_locks(t, out);
}

std::vector<std::string> lockdep_held_lock_lines(task_struct *t)
{
	std::vector<std::string> v;
	v.reserve(t->lockdep_depth);
	for (int i = 0; i < t->lockdep_depth; i++) {
		v.push_back(print_lock(t->held_locks[i]));
		v.back().pop_back();
	}
	return v;
}

static unsigned task_irq_context(task_struct *t)
{
	return (t->hardirq_context ? 2 : 0) | (t->softirq_context ? 1 : 0);
}

static unsigned task_wait_context(task_struct *t)
{
	if (t->hardirq_context)
		return wait_value(LD_WAIT_SPIN);
	if (t->softirq_context)
		return wait_value(LD_WAIT_CONFIG);	/* softirqs are threaded under RT */
	return wait_value(LD_WAIT_MAX);
}

static void print_report_tail(ReportBuilder &rb, task_struct *t)
{
	lockdep_print_held_locks(t, rb.body);
	rb.body += "\nstack backtrace:\n";
}

/* ---- usage states ------------------------------------------------------------------------- */

static bool print_usage_bug(task_struct *t, const held_lock &h, int prev_bit, int new_bit)
{
	if (!debug_locks_off())
		return false;
	ReportBuilder rb = lockdep_report("WARNING: inconsistent lock state");
	std::string &b = rb.body;
	b += strf("inconsistent {%s} -> {%s} usage.\n", usage_str[prev_bit], usage_str[new_bit]);
	b += strf("%s/%d [HC%u[%u]:SC%u[%u]:HE%u:SE%u] takes:\n", t->comm, t->pid, t->hardirq_context ? 1 : 0,
		  (unsigned)((t->preempt_count & HARDIRQ_MASK) >> HARDIRQ_SHIFT), t->softirq_context ? 1 : 0,
		  softirq_count() >> SOFTIRQ_SHIFT, !t->irqs_off, !(softirq_count() & ~SOFTIRQ_OFFSET));
	b += print_lock(h);
	b += strf("{%s} state was registered at:\n", usage_str[prev_bit]);
	for (const Frame *f : symbolize(h.cls->usage_traces[prev_bit]))
		if (!f->marker)
			b += "  " + format_frame(*f) + "\n";
	append_irqtrace(t, b);
	b += "\nother info that might help us debug this:\n";
	b += " Possible unsafe locking scenario:\n\n       CPU0\n       ----\n";
	b += strf("  lock(%s);\n  <Interrupt>\n    lock(%s);\n\n *** DEADLOCK ***\n\n", h.cls->name.c_str(),
		  h.cls->name.c_str());
	print_report_tail(rb, t);
	emit_report(rb);
	return false;
}

static bool mark_lock(task_struct *t, const held_lock &h, int bit)
{
	lock_class *c = h.cls;
	if (c->usage_mask & (1u << bit))
		return true;
	if (bit < LOCK_USED) {
		int excl = (bit & ~3) | ((bit & 2) ^ 2);
		if (c->usage_mask & (1u << excl))
			return print_usage_bug(t, h, excl, bit);
		if (!(bit & 1) && (c->usage_mask & (1u << (excl | 1))))
			return print_usage_bug(t, h, excl | 1, bit);
	}
	c->usage_mask |= 1u << bit;
	capture_stack(c->usage_traces[bit], 0);
	return true;
}

static bool softirqs_enabled(task_struct *t)
{
	return !(softirq_count() & ~SOFTIRQ_OFFSET) || t->softirq_context;
}

static bool mark_usage(task_struct *t, const held_lock &h)
{
	int r = h.read ? 1 : 0;
	if (t->hardirq_context && !mark_lock(t, h, USED_IN_HARDIRQ + r))
		return false;
	if (t->softirq_context && !mark_lock(t, h, USED_IN_SOFTIRQ + r))
		return false;
	if (!t->irqs_off) {
		if (!mark_lock(t, h, ENABLED_HARDIRQ + r))
			return false;
		if (softirqs_enabled(t) && !t->softirq_context && !mark_lock(t, h, ENABLED_SOFTIRQ + r))
			return false;
	}
	return mark_lock(t, h, LOCK_USED + r);
}

void lockdep_hardirqs_on_mark(task_struct *t)
{
	if (!debug_locks || !sim.cfg.lockdep)
		return;
	for (int i = 0; i < t->lockdep_depth; i++)
		if (!mark_lock(t, t->held_locks[i], ENABLED_HARDIRQ + (t->held_locks[i].read ? 1 : 0)))
			return;
}

void lockdep_softirqs_on_mark(task_struct *t)
{
	if (!debug_locks || !sim.cfg.lockdep || t->irqs_off)
		return;
	for (int i = 0; i < t->lockdep_depth; i++)
		if (!mark_lock(t, t->held_locks[i], ENABLED_SOFTIRQ + (t->held_locks[i].read ? 1 : 0)))
			return;
}

/* ---- wait context --------------------------------------------------------------------------- */

static bool check_wait_context(task_struct *t, const held_lock &next)
{
	unsigned next_inner = next.cls->inner, next_outer = next.cls->outer;
	if (!next_inner || next.trylock)
		return true;
	if (!next_outer)
		next_outer = next_inner;
	int depth;
	for (depth = t->lockdep_depth - 1; depth >= 0; depth--)
		if (t->held_locks[depth].irq_context != next.irq_context)
			break;
	depth++;
	unsigned curr_inner = task_wait_context(t);
	for (; depth < t->lockdep_depth; depth++) {
		const lock_class *c = t->held_locks[depth].cls;
		if (c->inner) {
			curr_inner = std::min(curr_inner, wait_value(c->inner));
			if (c->lock_type == LD_LOCK_WAIT_OVERRIDE)
				curr_inner = wait_value(c->inner);
		}
	}
	if (wait_value(next_outer) <= curr_inner)
		return true;
	if (!debug_locks_off())
		return true;
	ReportBuilder rb = lockdep_report("[ BUG: Invalid wait context ]");
	rb.body += strf("%s/%d is trying to lock:\n", t->comm, t->pid) + print_lock(next);
	rb.body += "other info that might help us debug this:\n";
	unsigned ci = task_wait_context(t);
	rb.body += strf("context-{%u:%u}\n", ci, ci);
	lockdep_print_held_locks(t, rb.body);
	rb.body += "stack backtrace:\n";
	emit_report(rb);
	return false;
}

/* ---- dependencies ------------------------------------------------------------------------------ */

static bool reaches(lock_class *from, lock_class *to, std::vector<std::pair<lock_class *, const Edge *>> &path)
{
	std::vector<lock_class *> stack{ from };
	std::unordered_map<lock_class *, std::pair<lock_class *, const Edge *>> parent;
	parent[from] = { nullptr, nullptr };
	while (!stack.empty()) {
		lock_class *c = stack.back();
		stack.pop_back();
		if (c == to) {
			for (lock_class *x = to; parent[x].first; x = parent[x].first)
				path.push_back({ x, parent[x].second });
			return true;
		}
		for (const Edge &e : c->after)
			if (!parent.count(e.to)) {
				parent[e.to] = { c, &e };
				stack.push_back(e.to);
			}
	}
	return false;
}

static void print_circular_bug(task_struct *t, const held_lock &next, const held_lock &prev,
			       const std::vector<std::pair<lock_class *, const Edge *>> &path)
{
	if (!debug_locks_off())
		return;
	ReportBuilder rb = lockdep_report("WARNING: possible circular locking dependency detected");
	std::string &b = rb.body;
	b += strf("%s/%d is trying to acquire lock:\n", t->comm, t->pid) + print_lock(next);
	b += "\nbut task is already holding lock:\n" + print_lock(prev);
	b += "\nwhich lock already depends on the new lock.\n\n";
	b += "\nthe existing dependency chain (in reverse order) is:\n";
	/* path runs from prev back to next: entry #k is prev, #0 is the acquisition now. */
	RawTrace now;
	capture_stack(now, 0);
	int k = (int)path.size();
	auto entry = [&](int d, const lock_class *c, const RawTrace &tr) {
		b += strf("\n-> #%d", d) + class_name_full(c) + ":\n";
		for (const Frame *f : symbolize(tr))
			if (!f->marker)
				b += "       " + format_frame(*f) + "\n";
	};
	for (int i = 0; i < k; i++)
		entry(k - i, path[i].first, path[i].second->trace);
	entry(0, next.cls, now);
	b += "\nother info that might help us debug this:\n\n";
	const lock_class *parent = k > 1 ? path[1].first : next.cls;
	if (parent != next.cls)
		b += "Chain exists of:\n  " + next.cls->name + " --> " + parent->name + " --> " + prev.cls->name + "\n\n";
	b += " Possible unsafe locking scenario:\n\n";
	b += "       CPU0                    CPU1\n       ----                    ----\n";
	b += strf("  %s(%s);\n", prev.read ? "rlock" : "lock", prev.cls->name.c_str());
	b += strf("                               lock(%s);\n", parent->name.c_str());
	b += strf("                               lock(%s);\n", prev.cls->name.c_str());
	b += strf("  %s(%s);\n", next.read ? "rlock" : "lock", next.cls->name.c_str());
	b += "\n *** DEADLOCK ***\n\n";
	print_report_tail(rb, t);
	emit_report(rb);
}

static void print_deadlock_bug(task_struct *t, const held_lock &prev, const held_lock &next)
{
	if (!debug_locks_off())
		return;
	ReportBuilder rb = lockdep_report("WARNING: possible recursive locking detected");
	std::string &b = rb.body;
	b += strf("%s/%d is trying to acquire lock:\n", t->comm, t->pid) + print_lock(next);
	b += "\nbut task is already holding lock:\n" + print_lock(prev);
	b += "\nother info that might help us debug this:\n";
	b += " Possible unsafe locking scenario:\n\n       CPU0\n       ----\n";
	b += strf("  lock(%s);\n  lock(%s);\n\n *** DEADLOCK ***\n\n", prev.cls->name.c_str(), next.cls->name.c_str());
	b += " May be due to missing lock nesting notation\n\n";
	print_report_tail(rb, t);
	emit_report(rb);
}

static bool check_deadlock(task_struct *t, const held_lock &next)
{
	for (int i = 0; i < t->lockdep_depth; i++) {
		const held_lock &prev = t->held_locks[i];
		if (prev.cls != next.cls)
			continue;
		if (next.read == 2 && prev.read)
			return true;	/* recursive read */
		print_deadlock_bug(t, prev, next);
		return false;
	}
	return true;
}

static bool add_dependency(task_struct *t, const held_lock &prev, const held_lock &next)
{
	if (prev.cls == next.cls)
		return true;
	for (const Edge &e : prev.cls->after)
		if (e.to == next.cls)
			return true;
	std::vector<std::pair<lock_class *, const Edge *>> path;
	if (reaches(next.cls, prev.cls, path)) {
		print_circular_bug(t, next, prev, path);
		return false;
	}
	Edge e;
	e.to = next.cls;
	capture_stack(e.trace, 0);
	prev.cls->after.push_back(e);
	return true;
}

static bool check_prevs_add(task_struct *t, const held_lock &next)
{
	for (int depth = t->lockdep_depth; depth > 0; depth--) {
		const held_lock &h = t->held_locks[depth - 1];
		if (h.irq_context != next.irq_context)
			break;
		if (h.read == 2)
			continue;	/* recursive readers (rcu_read_lock) add no dependencies */
		if (!add_dependency(t, h, next))
			return false;
		if (!h.trylock)
			break;
	}
	return true;
}

/* !PREEMPT_RT only: on RT softirqs run in task context and lockdep does not track them. */
void lockdep_softirq_enter()
{
	if (!rt())
		cur()->softirq_context++;
}

void lockdep_softirq_exit()
{
	if (!rt())
		cur()->softirq_context--;
}

void lockdep_hardirq_enter()
{
	cur()->hardirq_context++;
}

void lockdep_hardirq_exit()
{
	cur()->hardirq_context--;
}

} /* namespace kshim */

using namespace kshim;

/* model: lockdep's entry points, checking and reporting as the kernel's do */
void lockdep_init_map_type(struct lockdep_map *lock, const char *name, struct lock_class_key *key, int subclass,
			   unsigned char outer, unsigned char inner, unsigned char lock_type)
{
	(void)subclass;
	lock->name = name;
	lock->key = key;
	lock->class_cache = nullptr;
	lock->wait_type_outer = outer;
	lock->wait_type_inner = inner;
	lock->lock_type = lock_type;
}

noinline void lock_acquire(struct lockdep_map *lock, unsigned int subclass, int trylock, int read, int check,
			   struct lockdep_map *nest_lock, unsigned long ip)
{
	(void)nest_lock;
	task_struct *t = cur();
	if (!sim.cfg.lockdep)
		return;
	if (t->lockdep_depth >= MAX_LOCK_DEPTH) {
		if (debug_locks_off()) {
			ReportBuilder rb;
			rb.kind = "LOCKDEP";
			rb.header = "BUG: MAX_LOCK_DEPTH too low!";
			rb.body = strf("turning off the locking correctness validator.\ndepth: %i  max: %u!\n",
				       t->lockdep_depth, MAX_LOCK_DEPTH);
			emit_report(rb);
		}
		return;
	}
	held_lock h;
	h.cls = register_class(lock, subclass);
	h.instance = lock;
	h.acquire_ip = (void *)ip;
	h.irq_context = task_irq_context(t);
	h.read = read;
	h.trylock = trylock;
	if (debug_locks && check) {
		if (mark_usage(t, h) && check_wait_context(t, h) && !trylock && check_deadlock(t, h))
			check_prevs_add(t, h);
	}
	t->held_locks[t->lockdep_depth++] = h;
}

noinline void lock_release(struct lockdep_map *lock, unsigned long ip)
{
	task_struct *t = cur();
	if (!sim.cfg.lockdep)
		return;
	for (int i = t->lockdep_depth - 1; i >= 0; i--) {
		if (t->held_locks[i].instance != lock)
			continue;
		for (int j = i; j < t->lockdep_depth - 1; j++)
			t->held_locks[j] = t->held_locks[j + 1];
		t->lockdep_depth--;
		return;
	}
	if (!debug_locks_off())
		return;
	ReportBuilder rb = lockdep_report("WARNING: bad unlock balance detected!");
	rb.body += strf("%s/%d is trying to release lock (%s) at:\n", t->comm, t->pid, lock->name ? lock->name : "?");
	rb.body += strf("[<%s>] %s\n", fake_address((void *)ip).c_str(), symbolize_ip((void *)ip).c_str());
	rb.body += "but there are no more locks to release!\n\nother info that might help us debug this:\n";
	print_report_tail(rb, t);
	emit_report(rb);
}

int lock_is_held_type(const struct lockdep_map *lock, int read)
{
	task_struct *t = cur();
	for (int i = 0; i < t->lockdep_depth; i++) {
		const held_lock &h = t->held_locks[i];
		if (h.instance != lock)
			continue;
		if (read == -1 || (int)(h.read != 0) == read)
			return 1;
		return 0;
	}
	return 0;
}

noinline void __lockdep_assert_held(const struct lockdep_map *lock, int read, const char *file, int line)
{
	if (!debug_locks || !sim.cfg.lockdep)
		return;
	bool bad;
	if (read == -2)
		bad = lock_is_held_type(lock, -1);
	else
		bad = !lock_is_held_type(lock, read);
	if (bad)
		__warn(file, line, __builtin_return_address(0), nullptr);
}

noinline void __lockdep_assert_irqs(bool want_disabled, const char *file, int line)
{
	if (!debug_locks || !sim.cfg.lockdep)
		return;
	if (cur()->irqs_off != want_disabled)
		__warn(file, line, __builtin_return_address(0), nullptr);
}
