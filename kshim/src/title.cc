// SPDX-License-Identifier: GPL-2.0
/*
 * Crash titles for Linux console reports, following the rules of syzkaller's
 * Linux report parser (pkg/report/linux.go, pkg/report/report.go) so that a
 * bug kctx reproduces carries the name syzbot gives it.
 *
 * The flow mirrors the parser's: find the first line with a known oops
 * header, collect the report lines of the same console context, pick the
 * format whose title matches earliest, extract the guilty frame from the
 * parts of the stack that format names, then normalise the title.
 *
 * Hot paths (console prefixes, stack frames, skip lists) are scanned by hand;
 * the report patterns run on a small Pike VM, and only on lines that already
 * contain the literal each pattern starts with.
 */
#include "kshim/title.h"

#include <bitset>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kshim {
namespace {

using sv = std::string_view;
constexpr size_t npos = sv::npos;

/* ---- small helpers ------------------------------------------------------- */

bool has(sv s, sv what)
{
	return s.find(what) != npos;
}

bool at(sv s, size_t p, sv what)
{
	return p <= s.size() && s.substr(p, what.size()) == what;
}

bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Go's [0-9a-f]: lower case only. */
bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

bool is_ident(char c)
{
	return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

size_t skip_digits(sv s, size_t p)
{
	while (p < s.size() && is_digit(s[p]))
		p++;
	return p;
}

size_t skip_spaces(sv s, size_t p)
{
	while (p < s.size() && s[p] == ' ')
		p++;
	return p;
}

/* ---- console prefixes ---------------------------------------------------- */

/*
 * "<N>" (optional) "[ *N.N]" then an optional "[ *CN]"/"[ *TN]" caller, then a
 * space.  The caller bracket (with its brackets) is the line's context.
 */
bool match_stamp(sv l, size_t p, sv *ctx)
{
	size_t n = l.size();

	if (p < n && l[p] == '<') {
		size_t q = skip_digits(l, p + 1);
		if (q > p + 1 && q < n && l[q] == '>')
			p = q + 1;
	}
	if (p >= n || l[p] != '[')
		return false;
	p = skip_spaces(l, p + 1);
	size_t q = skip_digits(l, p);
	if (q == p || q >= n || l[q] != '.')
		return false;
	size_t r = skip_digits(l, q + 1);
	if (r == q + 1 || r >= n || l[r] != ']')
		return false;
	p = r + 1;
	if (p < n && l[p] == '[') {
		size_t c = skip_spaces(l, p + 1);
		if (c < n && (l[c] == 'C' || l[c] == 'T')) {
			size_t e = skip_digits(l, c + 1);
			if (e > c + 1 && e + 1 < n && l[e] == ']' && l[e + 1] == ' ') {
				*ctx = l.substr(p, e + 1 - p);
				return true;
			}
		}
	}
	if (p < n && l[p] == ' ') {
		*ctx = "console";
		return true;
	}
	return false;
}

/* Try a stamp after an optional ".* login: " (greedy: the last one first). */
bool match_stamp_login(sv l, size_t base, sv *ctx)
{
	std::vector<size_t> logins;
	for (size_t p = l.find(" login: ", base); p != npos; p = l.find(" login: ", p + 1))
		logins.push_back(p + 8);
	for (size_t i = logins.size(); i-- > 0;)
		if (match_stamp(l, logins[i], ctx))
			return true;
	return match_stamp(l, base, ctx);
}

/* The console context of a line: "" (no timestamp), "console" or "[ T12]". */
std::string line_context(sv l)
{
	sv ctx;
	constexpr sv dropped = " printk messages dropped ** ";
	if (at(l, 0, "** ")) {
		size_t p = skip_digits(l, 3);
		if (p > 3 && at(l, p, dropped) && match_stamp_login(l, p + dropped.size(), &ctx))
			return std::string(ctx);
	}
	if (match_stamp_login(l, 0, &ctx))
		return std::string(ctx);
	return "";
}

/*
 * Drop the console prefix.  A line with " ? " (x86 unreliable frame) or
 * " (unreliable)" (powerpc) is questionable and left out of the report.
 */
sv strip_line_prefix(sv l, const std::string &ctx, bool *questionable)
{
	*questionable = false;
	if (ctx.empty())
		return l;
	size_t start = l.find("] ");
	l = l.substr(start + 2);
	if (!has(l, "<EOI>")) {
		size_t q = l.find(" ? ");
		if (q != npos) {
			*questionable = true;
			return l.substr(q + 2);
		}
		constexpr sv unreliable = " (unreliable)";
		if (l.size() >= unreliable.size() &&
		    l.substr(l.size() - unreliable.size()) == unreliable) {
			*questionable = true;
			return l.substr(0, l.size() - unreliable.size());
		}
	}
	return l;
}

/* ---- stack frame lines --------------------------------------------------- */

/* {{PC}}: "[<ffffffff81000000>]", "[<0x...>]" or "[ffff...]". */
size_t match_pc(sv l, size_t p)
{
	size_t n = l.size();

	if (p >= n || l[p] != '[')
		return npos;
	p++;
	if (p < n && l[p] == '<')
		p++;
	if (p + 2 < n && l[p] == '0' && l[p + 1] == 'x' && is_hex(l[p + 2]))
		p += 2;
	size_t q = p;
	while (q < n && is_hex(l[q]))
		q++;
	if (q == p)
		return npos;
	if (q < n && l[q] == '>')
		q++;
	if (q >= n || l[q] != ']')
		return npos;
	return q + 1;
}

/* {{FUNC}}: an identifier followed by '.' or '+'; returns the end of the name. */
size_t match_func(sv l, size_t p, std::string *name)
{
	size_t q = p;
	while (q < l.size() && is_ident(l[q]))
		q++;
	if (q == p || q >= l.size() || (l[q] != '.' && l[q] != '+'))
		return npos;
	*name = std::string(l.substr(p, q - p));
	return q;
}

/* Start positions after up to two "{{PC}} " groups, most groups first. */
std::vector<size_t> after_pcs(sv l, size_t p, bool many_spaces)
{
	std::vector<size_t> pos{p};
	for (int i = 0; i < 2; i++) {
		size_t q = match_pc(l, pos.back());
		if (q == npos || q >= l.size() || l[q] != ' ')
			break;
		q++;
		if (many_spaces)
			q = skip_spaces(l, q);
		pos.push_back(q);
	}
	return {pos.rbegin(), pos.rend()};
}

/*
 * A stack frame line: "^ *({{PC}} ){0,2}{{FUNC}}", or the arm form
 * "[<pc>] (callee) from [<pc>] (caller+0x..)" which names two frames.
 */
std::vector<std::string> match_frame(sv l)
{
	size_t p = skip_spaces(l, 0);
	std::string name;

	for (size_t s : after_pcs(l, p, false))
		if (match_func(l, s, &name) != npos)
			return {name};
	size_t q = match_pc(l, p);
	if (q == npos || !at(l, q, " ("))
		return {};
	q += 2;
	size_t e = q;
	while (e < l.size() && (is_ident(l[e]) || l[e] == '.'))
		e++;
	if (e == q || !at(l, e, ") from "))
		return {};
	std::string callee(l.substr(q, e - q));
	q = match_pc(l, e + 7);
	if (q == npos || !at(l, q, " ("))
		return {};
	if (match_func(l, q + 2, &name) == npos)
		return {};
	return {callee, name};
}

/* What follows "RIP: " and friends; `name` is set for a symbolic frame. */
bool match_rip_tail(sv l, size_t p, std::optional<std::string> *name)
{
	size_t n = l.size();
	size_t d = skip_digits(l, p);
	bool has_cpu = d > p && d < n && l[d] == ':';
	std::vector<size_t> starts;
	if (has_cpu)
		starts.push_back(d + 1);
	starts.push_back(p);

	/* (cpu:)? ({{PC}} +){0,2} {{FUNC}} */
	for (size_t s : starts) {
		for (size_t f : after_pcs(l, s, true)) {
			std::string fn;
			if (match_func(l, f, &fn) != npos) {
				*name = fn;
				return true;
			}
		}
	}
	/* (cpu:)? 0x[0-9a-f]+ */
	for (size_t s : starts)
		if (at(l, s, "0x") && s + 2 < n && is_hex(l[s + 2]))
			return true;
	/* (cpu:)? {{PC}} +[< *(null)>] +(null) */
	for (size_t s : starts) {
		size_t q = match_pc(l, s);
		if (q == npos || q >= n || l[q] != ' ')
			continue;
		q = skip_spaces(l, q);
		if (!at(l, q, "[<"))
			continue;
		q = skip_spaces(l, q + 2);
		if (!at(l, q, "(null)>]"))
			continue;
		q += 8;
		size_t r = skip_spaces(l, q);
		if (r > q && at(l, r, "(null)"))
			return true;
	}
	/* cpu: +(null) */
	if (has_cpu) {
		size_t q = skip_spaces(l, d + 1);
		if (q > d + 1 && at(l, q, "(null)"))
			return true;
	}
	return false;
}

/*
 * linuxRipFrame: "(IP|NIP|pc |PC is at):? " and a location.  With
 * `interrupt`, powerpc's "--- interrupt: N at {{FUNC}}" is also accepted.
 */
bool match_rip(sv l, bool interrupt, std::optional<std::string> *name)
{
	size_t n = l.size();

	for (size_t j = 0; j < n; j++) {
		size_t k = npos;
		if (at(l, j, "IP"))
			k = j + 2;
		else if (at(l, j, "NIP"))
			k = j + 3;
		else if (at(l, j, "pc "))
			k = j + 3;
		else if (at(l, j, "PC is at"))
			k = j + 8;
		if (k != npos) {
			if (k < n && l[k] == ':' && k + 1 < n && l[k + 1] == ' ' &&
			    match_rip_tail(l, k + 2, name))
				return true;
			if (k < n && l[k] == ' ' && match_rip_tail(l, k + 1, name))
				return true;
		}
		if (interrupt && at(l, j, "--- interrupt: ")) {
			size_t d = skip_digits(l, j + 15);
			std::string fn;
			if (d > j + 15 && at(l, d, " at ") && match_func(l, d + 4, &fn) != npos) {
				*name = fn;
				return true;
			}
		}
	}
	return false;
}

/* "at: ({{PC}} +)?{{FUNC}}" anywhere in the line. */
bool match_at_func(sv l, std::string *name)
{
	for (size_t p = l.find("at: "); p != npos; p = l.find("at: ", p + 1)) {
		size_t s = p + 4;
		size_t q = match_pc(l, s);
		if (q != npos && q < l.size() && l[q] == ' ' &&
		    match_func(l, skip_spaces(l, q), name) != npos)
			return true;
		if (match_func(l, s, name) != npos)
			return true;
	}
	return false;
}

/* "{{PC}} +{{FUNC}}" anywhere in the line. */
bool match_pc_func(sv l, std::string *name)
{
	for (size_t p = l.find('['); p != npos; p = l.find('[', p + 1)) {
		size_t q = match_pc(l, p);
		if (q == npos || q >= l.size() || l[q] != ' ')
			continue;
		if (match_func(l, skip_spaces(l, q), name) != npos)
			return true;
	}
	return false;
}

bool is_call_trace(sv l)
{
	return has(l, "Call Trace:") || has(l, "Call trace:") || has(l, "Backtrace:");
}

/* "<what> [0-9]+:" somewhere in the line. */
bool has_num_colon(sv l, sv what)
{
	for (size_t p = l.find(what); p != npos; p = l.find(what, p + 1)) {
		size_t q = skip_digits(l, p + what.size());
		if (q > p + what.size() && q < l.size() && l[q] == ':')
			return true;
	}
	return false;
}

bool hex16(sv l, size_t p)
{
	if (p + 16 > l.size())
		return false;
	for (size_t i = 0; i < 16; i++)
		if (!is_hex(l[p + i]))
			return false;
	return true;
}

/* The lines that open a stack trace (linuxStackParams.stackStartRes). */
bool is_stack_start(sv l)
{
	if (has(l, "Call Trace") || has(l, "Call trace") || has(l, "Allocated:") ||
	    has(l, "Freed:") || has(l, "Backtrace:") ||
	    has(l, "Uninit was stored to memory at") ||
	    has_num_colon(l, "Allocated by task ") || has_num_colon(l, "Freed by task "))
		return true;
	/* "[^k] backtrace( (crc X))?:" keeps "stack backtrace:" out. */
	for (size_t p = l.find(" backtrace"); p != npos; p = l.find(" backtrace", p + 1)) {
		if (p == 0 || l[p - 1] == 'k')
			continue;
		size_t q = p + 10;
		if (at(l, q, ":"))
			return true;
		if (at(l, q, " (crc ")) {
			q += 6;
			while (q < l.size() && std::isxdigit(static_cast<unsigned char>(l[q])))
				q++;
			if (at(l, q, "):"))
				return true;
		}
	}
	/* riscv show_regs() has no stack header: its last register line. */
	for (size_t p = l.find("status: "); p != npos; p = l.find("status: ", p + 1)) {
		size_t q = p + 8;
		if (hex16(l, q) && at(l, q + 16, " badaddr: ") && hex16(l, q + 26) &&
		    at(l, q + 42, " cause: ") && hex16(l, q + 50))
			return true;
	}
	return false;
}

/* Fault injection stacks get mixed into reports; they make it corrupted. */
bool is_corrupted_line(sv l)
{
	size_t p = 0;
	if (at(l, 0, " [")) {
		size_t q = match_pc(l, 1);
		if (q != npos && at(l, q, " should_fail"))
			p = q;
	}
	if (!at(l, p, " should_fail"))
		return false;
	p += 12;
	if (at(l, p, "slab"))
		p += 4;
	if (at(l, p, ".")) {
		size_t q = p + 1;
		while (q < l.size() && (is_digit(l[q]) || (l[q] >= 'a' && l[q] <= 'z') || l[q] == '.'))
			q++;
		if (q > p + 1 && at(l, q, "+0x"))
			return true;
	}
	return at(l, p, "+0x");
}

/* ---- frame name patterns ------------------------------------------------- */

/*
 * The skip and anchor lists are tiny patterns: optional leading '^',
 * optional trailing '$', '*' for any run and '#' for a run of digits.
 * Alternations of the original regexps are spelled out as separate entries.
 */
bool pat_here(sv pat, sv s)
{
	while (!pat.empty()) {
		if (pat == "$")
			return s.empty();
		if (pat[0] == '*') {
			for (size_t k = 0; k <= s.size(); k++)
				if (pat_here(pat.substr(1), s.substr(k)))
					return true;
			return false;
		}
		if (pat[0] == '#') {
			size_t k = skip_digits(s, 0);
			for (size_t m = k; m >= 1; m--)
				if (pat_here(pat.substr(1), s.substr(m)))
					return true;
			return false;
		}
		if (s.empty() || s[0] != pat[0])
			return false;
		pat.remove_prefix(1);
		s.remove_prefix(1);
	}
	return true;
}

bool pat_match(sv pat, sv s)
{
	if (!pat.empty() && pat[0] == '^')
		return pat_here(pat.substr(1), s);
	for (size_t i = 0; i <= s.size(); i++)
		if (pat_here(pat, s.substr(i)))
			return true;
	return false;
}

/* A pattern with its anchors split off; plain ones match by substring search. */
struct name_pat {
	std::string body;
	bool head = false, tail = false, plain = true;
	std::string full;
};

name_pat compile_pat(const std::string &p)
{
	name_pat np;
	np.full = p;
	sv b(p);
	if (at(b, 0, "^")) {
		np.head = true;
		b.remove_prefix(1);
	}
	if (!b.empty() && b.back() == '$') {
		np.tail = true;
		b.remove_suffix(1);
	}
	np.body = std::string(b);
	np.plain = np.body.find_first_of("*#") == std::string::npos;
	return np;
}

bool name_match(const name_pat &p, sv s)
{
	if (!p.plain)
		return pat_match(p.full, s);
	if (p.head && p.tail)
		return s == p.body;
	if (p.head)
		return at(s, 0, p.body);
	if (p.tail)
		return s.size() >= p.body.size() && s.substr(s.size() - p.body.size()) == p.body;
	return has(s, p.body);
}

std::vector<name_pat> compile_pats(const std::vector<std::string> &pats)
{
	std::vector<name_pat> v;
	for (const auto &p : pats)
		v.push_back(compile_pat(p));
	return v;
}

bool any_pat(const std::vector<name_pat> &pats, sv s)
{
	for (const auto &p : pats)
		if (name_match(p, s))
			return true;
	return false;
}

/* Infrastructure frames that never name a bug (linuxStackParams.skipPatterns). */
const std::vector<name_pat> &common_skips()
{
	static const std::vector<name_pat> skips = [] {
		std::vector<std::string> v = {
			"__sanitizer", "__asan", "kasan", "hwasan", "__msan", "kmsan",
			"kcsan_setup_watchpoint", "check_memory_region", "check_heap_object",
			"check_object", "read_word_at_a_time", "read_once_*nocheck",
			"write_once_*nocheck", "print_address_description", "panic",
			"invalid_op", "report_bug", "fixup_bug", "print_report",
			"print_usage_bug", "do_error", "_trap$", "do_trap", "show_stack",
			"dump_stack", "walk_stack", "dump_backtrace", "warn_slowpath",
			"warn_alloc", "warn_bogus", "__warn", "alloc_page", "malloc", "zalloc",
			"calloc", "krealloc", "kmem_cache", "allocate_slab",
			"__alloc_frozen_pages_noprof", "folio_alloc", "folio_unlock",
			"filemap_alloc_folio", "__filemap_get_folio", "find_or_create_page",
			"do_read_cache_folio", "read_cache_page", "pagecache_get_page",
			"grab_cache_page_write_begin", "slab_", "debug_object",
			"timer_is_static_object", "work_is_static_object", "__might_fault",
			"print_unlock", "imbalance_bug", "lockdep", "bh_enable", "bh_disable",
			"perf_trace", "lock_acquire", "lock_release", "lock_class", "mark_lock",
			"reacquire_held_locks", "mark_held_locks", "raw_spin_rq", "spin_lock",
			"spin_trylock", "spin_unlock", "read_lock", "read_trylock",
			"write_lock", "write_trylock", "read_unlock", "write_unlock", "^down$",
			"down_read", "down_write", "down_read_trylock", "down_write_trylock",
			"down_trylock", "up_read", "up_write", "^mutex_", "^__mutex_",
			"^rt_mutex_", "owner_on_cpu", "osq_lock", "osq_unlock", "set_bit",
			"clear_bit", "change_bit", "test_bit", "__wake_up", "^refcount_",
			"^kref_", "ref_tracker", "seqprop_assert", "memcpy", "memcmp", "memset",
			"memchr", "memmove", "memdup", "strcmp", "strncmp", "strcpy", "strlcpy",
			"strncpy", "strscpy", "strlen", "strstr", "strnstr", "strnlen",
			"strchr", "strdup", "strndup", "copy_to_user", "copy_from_user",
			"copy_to_iter", "copy_from_iter", "copy_page_to_iter",
			"copy_page_from_iter", "copy_folio_to_iter", "^copyin$", "^copyout$",
			"put_user", "get_user", "might_fault", "might_sleep", "list_add",
			"list_del", "list_replace", "list_move", "list_splice", "^rb_",
			"^__rb_", "_indirect_thunk_", "string", "pointer", "snprintf",
			"scnprintf", "kasprintf", "kvasprintf", "printk", "va_format",
			"dev_info", "dev_notice", "dev_warn", "dev_err", "dev_alert",
			"dev_crit", "dev_emerg", "program_check_exception",
			"program_check_common", "del_timer", "flush_work",
			"__cancel_work_timer", "cancel_work_sync", "try_to_grab_pending",
			"flush_workqueue", "drain_workqueue", "destroy_workqueue",
			"queue_work", "finish_wait", "kthread_stop", "kobject_",
			"add_uevent_var", "get_device_parent", "device_add", "device_del",
			"device_unregister", "device_destroy", "device_release",
			"devres_release_all", "hwrng_unregister", "i2c_del_adapter",
			"__unregister_client", "device_for_each_child", "rollback_registered",
			"unregister_netdev", "sysfs_remove", "device_remove_file",
			"tty_unregister_device", "dummy_urb_enqueue", "usb_kill_urb",
			"usb_kill_anchored_urbs", "usb_control_msg", "usb_hcd_submit_urb",
			"usb_submit_urb", "^complete$", "wait_for_completion", "^kfree$",
			"^kvfree$", "kfree_skb", "readb$", "readw$", "readl$", "readq$",
			"writeb$", "writew$", "writel$", "writeq$", "logic_in", "logic_out",
			"^crc#", "crc_itu_t", "__might_resched", "assertfail", "^iput$",
			"^iput_final$", "^ihold$", "hex_dump_to_buffer", "print_hex_dump",
			"^klist_", "trace_hardirq", "trace_softirq", "lockdep_hardirq",
			"lockdep_softirq", "^lock_page", "^unlock_page",
			"stack_trace_consume_entry", "arch_stack_walk", "stack_trace_save",
			"insert_work", "__queue_delayed_work", "queue_delayed_work_on",
			"ida_free", "do_kernel_fault", "do_translation_fault", "do_mem_abort",
			"el1_abort", "el1h_64_sync", "print_tainted", "xas_start", "xas_load",
			"xas_find", "find_lock_entries", "truncate_inode_pages_range",
			"__phys_addr", "__fortify_report", "cleanup_srcu_struct",
			"rhashtable_lookup", "extract_user_to_sg", "extract_iter_to_sg",
			"drop_nlink", "^get_taint$", "^put_device$", "lock_timer_base",
			"__timer_delete_sync", "sk_stop_timer_sync", "__mod_timer",
			"fast_dput", "dput",
		};
		static const char *const ops[] = {
			"dec", "inc", "read", "set", "or", "xor", "and", "add", "sub",
			"fetch", "xchg", "cmpxchg", "try",
		};
		for (const char *w : {"atomic_", "atomic64_"})
			for (const char *op : ops)
				v.push_back(std::string(w) + op);
		return compile_pats(v);
	}();
	return skips;
}

/* Syscall wrappers differ per arch; the shortest stripped form is canonical. */
std::string strip_frame_prefixes(const std::string &frame)
{
	static const char *const prefixes[] = {
		"SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_", "____sys_",
		"___sys_", "__sys_", "__se_", "__se_sys_", "__do_sys_", "compat_SYSC_",
		"compat_SyS_", "ksys_",
	};
	std::string best = frame;
	for (const char *p : prefixes) {
		sv pre(p);
		if (frame.size() >= pre.size() && sv(frame).substr(0, pre.size()) == pre &&
		    frame.size() - pre.size() < best.size())
			best = frame.substr(pre.size());
	}
	return best;
}

/*
 * C++ frames arrive mangled; the title uses the plain (nested) name without
 * parameters.  Anything this does not understand is kept as it is.
 */
std::string demangle(const std::string &s)
{
	if (s.size() < 3 || s[0] != '_' || s[1] != 'Z')
		return s;
	size_t p = 2;
	auto source_name = [&](std::string *out) {
		size_t q = skip_digits(s, p);
		if (q == p)
			return false;
		size_t len = std::stoul(s.substr(p, q - p));
		if (len == 0 || q + len > s.size())
			return false;
		*out = s.substr(q, len);
		p = q + len;
		return true;
	};
	if (s[p] == 'L')
		p++;
	std::string name;
	if (p < s.size() && s[p] == 'N') {
		p++;
		while (p < s.size() && (s[p] == 'r' || s[p] == 'V' || s[p] == 'K'))
			p++;
		while (p < s.size() && s[p] != 'E') {
			std::string part;
			if (!source_name(&part))
				return s;
			name += (name.empty() ? "" : "::") + part;
		}
		if (p >= s.size() || name.empty())
			return s;
		return name;
	}
	if (!source_name(&name))
		return s;
	return name;
}

/*
 * Stall titles name a representative frame deeper in the stack: the caller of
 * the first dispatch/syscall anchor (linuxStallFrameExtractor).
 */
const std::vector<name_pat> &stall_anchors()
{
	static const std::vector<name_pat> a = compile_pats({
		"process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch",
		"tracesys_phase2", "el0_svc_handler", "invoke_syscall", "ret_fast_syscall",
		"netif_receive_skb", "do_softirq", "call_timer_fn", "_run_timers",
		"run_timer_softirq", "hrtimer_run", "run_ksoftirqd", "smpboot_thread_fn",
		"^kthread$", "start_secondary", "cpu_startup_entry", "ret_from_fork",
		"vfs_write", "vfs_read", "vfs_iter_read", "vfs_iter_write", "do_iter_read",
		"do_iter_write", "call_read_iter", "call_write_iter", "new_sync_read",
		"new_sync_write", "vfs_ioctl", "ksys_ioctl", "compat_ioctl",
		"compat_sys_ioctl", "blkdev_driver_ioctl", "blkdev_ioctl",
		"do_iter_readv_writev", "^call_mmap", "mmap_region", "do_mmap",
		"do_dentry_open", "vfs_open", "^sock_sendmsg", "^sock_recvmsg",
		"^sock_release", "^__sock_release", "^setsockopt$", "kernel_setsockopt",
		"sock_common_setsockopt", "^listen$", "kernel_listen", "sk_common_release",
		"^sock_mmap", "^accept$", "kernel_accept", "^sock_do_ioctl", "^sock_ioctl",
		"^compat_sock_ioctl", "^nfnetlink_rcv_msg", "^rtnetlink_rcv_msg",
		"^netlink_dump", "^socketpair", "^connect", "^ioctl", "^sys_socketpair",
		"^sys_connect", "^sys_ioctl", "__do_fault", "do_page_fault", "^page_fault$",
		"__fput", "task_work_run", "exit_to_usermode", "smp_call_function",
		"tasklet_action", "tasklet_hi_action",
	});
	return a;
}

std::pair<std::string, size_t> stall_extractor(const std::vector<std::string> &frames)
{
	std::string prev = frames[0];
	size_t prev_idx = 0;
	for (size_t i = 0; i < frames.size(); i++) {
		if (any_pat(stall_anchors(), frames[i])) {
			if (has(frames[i], "smp_call_function")) {
				prev = "smp_call_function";
				prev_idx = i;
			}
			return {prev, prev_idx};
		}
		prev = frames[i];
		prev_idx = i;
	}
	return {"", npos};
}

/* Hung tasks are grouped by rtnl_lock / synchronize_rcu first (linuxHangTaskFrameExtractor). */
std::pair<std::string, size_t> hang_extractor(const std::vector<std::string> &frames)
{
	static const std::pair<const char *, const char *> anchors[] = {
		{"rtnl_lock", ""},
		{"synchronize_rcu", "synchronize_rcu"},
		{"synchronize_srcu", "synchronize_rcu"},
		{"synchronize_net", "synchronize_rcu"},
		{"synchronize_sched", "synchronize_rcu"},
	};
	for (size_t i = 0; i < frames.size(); i++)
		for (const auto &[anchor, repl] : anchors)
			if (has(frames[i], anchor))
				return {*repl ? repl : frames[i], i};
	static const char *const skip[] = {
		"sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread",
		"wait", "synchronize", "context_switch", "__switch_to",
		"cancel_delayed_work", "rcu_barrier",
	};
	for (size_t i = 0; i < frames.size(); i++) {
		bool skipped = false;
		for (const char *s : skip)
			skipped = skipped || has(frames[i], s);
		if (!skipped)
			return {frames[i], i};
	}
	return {"", npos};
}

/* ---- a small regexp engine ----------------------------------------------- */

/*
 * The patterns are syzkaller's (RE2 syntax subset).  They run on a Pike VM:
 * leftmost-first submatches like Go's regexp, linear in the line length and
 * with no recursion on the input, so a long corrupted line cannot exhaust a
 * simulated task's small stack.  Matching is per line: '.' never sees a
 * newline, '^' and '$' are the line's ends.
 */
namespace rx {

using byteset = std::bitset<256>;

struct node {
	enum kind { set, cat, alt, star, plus, quest, rep, group, bol, eol } k = set;
	byteset chars;
	std::vector<node> kids;
	int min = 0, max = -1;	/* rep bounds, -1: unbounded */
	bool greedy = true;
	int cap = -1;		/* group: capture index, -1 if (?:...) */
};

node mk(node::kind k, byteset chars = {})
{
	node n;
	n.k = k;
	n.chars = chars;
	return n;
}

class parser {
public:
	explicit parser(sv pat) : p_(pat) {}

	node parse(int *ncap)
	{
		node n = alternation();
		*ncap = caps_;
		return n;
	}

private:
	sv p_;
	size_t i_ = 0;
	int caps_ = 0;

	bool more() const { return i_ < p_.size(); }
	char peek() const { return p_[i_]; }

	node alternation()
	{
		node first = concat();
		if (!more() || peek() != '|')
			return first;
		node a = mk(node::alt);
		a.kids.push_back(std::move(first));
		while (more() && peek() == '|') {
			i_++;
			a.kids.push_back(concat());
		}
		return a;
	}

	node concat()
	{
		node c = mk(node::cat);
		while (more() && peek() != '|' && peek() != ')')
			c.kids.push_back(repeat());
		return c;
	}

	/* "{m}", "{m,}" or "{m,n}"; anything else is a literal '{'. */
	bool counted(int *lo, int *hi)
	{
		size_t j = i_ + 1;
		size_t d = skip_digits(p_, j);
		if (d == j)
			return false;
		*lo = std::stoi(std::string(p_.substr(j, d - j)));
		*hi = *lo;
		if (d < p_.size() && p_[d] == ',') {
			size_t e = skip_digits(p_, d + 1);
			*hi = e == d + 1 ? -1 : std::stoi(std::string(p_.substr(d + 1, e - d - 1)));
			d = e;
		}
		if (d >= p_.size() || p_[d] != '}')
			return false;
		i_ = d + 1;
		return true;
	}

	node repeat()
	{
		node a = atom();
		for (;;) {
			if (!more())
				return a;
			node r = mk(node::rep);
			char c = peek();
			if (c == '*' || c == '+' || c == '?') {
				r.k = c == '*' ? node::star : c == '+' ? node::plus : node::quest;
				i_++;
			} else if (c == '{' && counted(&r.min, &r.max)) {
				r.k = node::rep;
			} else {
				return a;
			}
			if (more() && peek() == '?') {
				r.greedy = false;
				i_++;
			}
			r.kids.push_back(std::move(a));
			a = std::move(r);
		}
	}

	static byteset class_of(char e)
	{
		byteset b;
		for (int c = 0; c < 256; c++) {
			bool d = c >= '0' && c <= '9';
			bool w = d || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
			bool s = c == ' ' || (c >= '\t' && c <= '\r');
			switch (e) {
			case 'd': b[c] = d; break;
			case 'D': b[c] = !d; break;
			case 'w': b[c] = w; break;
			case 'W': b[c] = !w; break;
			case 's': b[c] = s; break;
			case 'S': b[c] = !s; break;
			}
		}
		return b;
	}

	static byteset one(unsigned char c)
	{
		byteset b;
		b[c] = true;
		return b;
	}

	node atom()
	{
		char c = p_[i_++];
		switch (c) {
		case '(': {
			node g = mk(node::group);
			if (at(p_, i_, "?:"))
				i_ += 2;
			else
				g.cap = ++caps_;
			g.kids.push_back(alternation());
			if (more() && peek() == ')')
				i_++;
			return g;
		}
		case '[':
			return mk(node::set, bracket());
		case '.': {
			byteset b;
			b.set();
			b['\n'] = false;
			return mk(node::set, b);
		}
		case '^':
			return mk(node::bol);
		case '$':
			return mk(node::eol);
		case '\\': {
			char e = more() ? p_[i_++] : '\\';
			if (e && std::strchr("dDwWsS", e))
				return mk(node::set, class_of(e));
			return mk(node::set, one(e));
		}
		default:
			return mk(node::set, one(c));
		}
	}

	byteset bracket()
	{
		byteset b;
		bool neg = more() && peek() == '^';
		if (neg)
			i_++;
		bool first = true;
		while (more() && (peek() != ']' || first)) {
			first = false;
			if (at(p_, i_, "[:")) {
				size_t e = p_.find(":]", i_ + 2);
				sv name = p_.substr(i_ + 2, e - i_ - 2);
				for (int c = 0; c < 256; c++) {
					if (name == "space")
						b[c] = b[c] || c == ' ' || (c >= '\t' && c <= '\r');
					else if (name == "xdigit")
						b[c] = b[c] || std::isxdigit(c);
					else if (name == "alpha")
						b[c] = b[c] || std::isalpha(c);
					else if (name == "digit")
						b[c] = b[c] || std::isdigit(c);
				}
				i_ = e + 2;
				continue;
			}
			unsigned char lo = p_[i_++];
			if (lo == '\\' && more()) {
				char e = p_[i_++];
				if (e && std::strchr("dDwWsS", e)) {
					b |= class_of(e);
					continue;
				}
				lo = e;
			}
			unsigned char hi = lo;
			if (i_ + 1 < p_.size() && peek() == '-' && p_[i_ + 1] != ']') {
				hi = p_[i_ + 1];
				i_ += 2;
				if (hi == '\\' && more())
					hi = p_[i_++];
			}
			for (int c = lo; c <= hi; c++)
				b[c] = true;
		}
		if (more())
			i_++;	/* ']' */
		if (neg)
			b.flip();
		return b;
	}
};

enum op : uint8_t { CHARS, SPLIT, JMP, SAVE, BOL, EOL, MATCH };

struct inst {
	op o;
	int x = 0, y = 0;	/* SPLIT: preferred, other; JMP: target; SAVE: slot; CHARS: set */
};

struct prog {
	std::vector<inst> code;
	std::vector<byteset> sets;
	int slots = 2;
};

class compiler {
public:
	explicit compiler(prog &p) : p_(p) {}

	void emit(const node &n)
	{
		switch (n.k) {
		case node::set:
			p_.sets.push_back(n.chars);
			add({CHARS, int(p_.sets.size() - 1)});
			break;
		case node::cat:
			for (const auto &k : n.kids)
				emit(k);
			break;
		case node::alt: {
			std::vector<size_t> jumps;
			for (size_t i = 0; i < n.kids.size(); i++) {
				if (i + 1 < n.kids.size()) {
					size_t split = add({SPLIT});
					p_.code[split].x = here();
					emit(n.kids[i]);
					jumps.push_back(add({JMP}));
					p_.code[split].y = here();
				} else {
					emit(n.kids[i]);
				}
			}
			for (size_t j : jumps)
				p_.code[j].x = here();
			break;
		}
		case node::star: {
			size_t split = add({SPLIT});
			int body = here();
			emit(n.kids[0]);
			add({JMP, int(split)});
			branch(split, body, here(), n.greedy);
			break;
		}
		case node::plus: {
			int body = here();
			emit(n.kids[0]);
			size_t split = add({SPLIT});
			branch(split, body, here(), n.greedy);
			break;
		}
		case node::quest: {
			size_t split = add({SPLIT});
			int body = here();
			emit(n.kids[0]);
			branch(split, body, here(), n.greedy);
			break;
		}
		case node::rep: {
			for (int i = 0; i < n.min; i++)
				emit(n.kids[0]);
			node more = mk(n.max < 0 ? node::star : node::quest);
			more.greedy = n.greedy;
			more.kids.push_back(n.kids[0]);
			for (int i = n.min; n.max < 0 ? i == n.min : i < n.max; i++)
				emit(more);
			break;
		}
		case node::group:
			if (n.cap >= 0)
				add({SAVE, 2 * n.cap});
			emit(n.kids[0]);
			if (n.cap >= 0)
				add({SAVE, 2 * n.cap + 1});
			break;
		case node::bol:
			add({BOL});
			break;
		case node::eol:
			add({EOL});
			break;
		}
	}

	int here() const { return int(p_.code.size()); }

private:
	prog &p_;

	size_t add(inst i)
	{
		p_.code.push_back(i);
		return p_.code.size() - 1;
	}

	void branch(size_t split, int body, int out, bool greedy)
	{
		p_.code[split].x = greedy ? body : out;
		p_.code[split].y = greedy ? out : body;
	}
};

prog compile(sv pattern)
{
	int ncap = 0;
	node root = parser(pattern).parse(&ncap);
	prog p;
	p.slots = 2 * (ncap + 1);
	compiler c(p);
	p.code.push_back({SAVE, 0});
	c.emit(root);
	p.code.push_back({SAVE, 1});
	p.code.push_back({MATCH});
	return p;
}

/* One Pike VM run; `slots` gets the leftmost-first match at or after `from`. */
class vm {
public:
	explicit vm(const prog &p) : p_(p), seen_(p.code.size(), 0) {}

	bool search(sv s, size_t from, std::vector<int> *slots)
	{
		s_ = s;
		std::vector<thread> clist, nlist;
		std::vector<int> init(p_.slots, -1);
		bool matched = false;

		gen_++;
		add(clist, 0, init, from);
		for (size_t i = from; i <= s.size() && !clist.empty(); i++) {
			gen_++;
			for (size_t t = 0; t < clist.size(); t++) {
				const inst &in = p_.code[clist[t].pc];
				if (in.o == MATCH) {
					matched = true;
					*slots = clist[t].slots;
					break;	/* lower-priority threads lose */
				}
				if (i < s.size() && p_.sets[in.x][static_cast<unsigned char>(s[i])])
					add(nlist, clist[t].pc + 1, clist[t].slots, i + 1);
			}
			/* A match starting further right has the lowest priority. */
			if (!matched && i < s.size())
				add(nlist, 0, init, i + 1);
			std::swap(clist, nlist);
			nlist.clear();
		}
		return matched;
	}

private:
	struct thread {
		int pc;
		std::vector<int> slots;
	};

	const prog &p_;
	sv s_;
	std::vector<unsigned> seen_;
	unsigned gen_ = 0;

	/* Follows the epsilon moves; bounded by the program, not the input. */
	void add(std::vector<thread> &list, int pc, const std::vector<int> &slots, size_t pos)
	{
		if (seen_[pc] == gen_)
			return;
		seen_[pc] = gen_;
		const inst &in = p_.code[pc];
		switch (in.o) {
		case JMP:
			add(list, in.x, slots, pos);
			break;
		case SPLIT:
			add(list, in.x, slots, pos);
			add(list, in.y, slots, pos);
			break;
		case SAVE: {
			std::vector<int> s = slots;
			s[in.x] = int(pos);
			add(list, pc + 1, s, pos);
			break;
		}
		case BOL:
			if (pos == 0)
				add(list, pc + 1, slots, pos);
			break;
		case EOL:
			if (pos == s_.size())
				add(list, pc + 1, slots, pos);
			break;
		case CHARS:
		case MATCH:
			list.push_back({pc, slots});
			break;
		}
	}
};

} /* namespace rx */

/* ---- line regexps -------------------------------------------------------- */

/* Pattern text with syzkaller's placeholders expanded. */
std::string expand(std::string re)
{
	static const std::pair<const char *, const char *> subst[] = {
		{"{{ADDR}}", "0x[0-9a-f]+"},
		{"{{PC}}", "\\[<?(?:0x)?[0-9a-f]+>?\\]"},
		{"{{FUNC}}", "([a-zA-Z0-9_]+)(?:\\.|\\+)"},
		{"{{SRC}}", "([a-zA-Z0-9_/.\\-]+\\.[a-z]+:[0-9]+)"},
	};
	for (const auto &[from, to] : subst)
		for (size_t p = re.find(from); p != std::string::npos; p = re.find(from, p))
			re.replace(p, std::string(from).size(), to);
	return re;
}

/* The literal the pattern starts with: a cheap filter before the regexp runs. */
std::string leading_literal(sv pat)
{
	/* A top-level alternation has no common prefix. */
	int depth = 0;
	bool cls = false;
	for (size_t i = 0; i < pat.size(); i++) {
		char c = pat[i];
		if (c == '\\')
			i++;
		else if (cls)
			cls = c != ']';
		else if (c == '[')
			cls = true;
		else if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
		else if (c == '|' && depth == 0)
			return "";
	}
	if (at(pat, 0, "^"))
		pat.remove_prefix(1);
	if (at(pat, 0, ".*?"))
		pat.remove_prefix(3);
	else if (at(pat, 0, ".*"))
		pat.remove_prefix(2);
	std::string lit;
	size_t i = 0;
	for (; i < pat.size(); i++) {
		char c = pat[i];
		if (c == '\\' && i + 1 < pat.size() && !std::isalnum(static_cast<unsigned char>(pat[i + 1]))) {
			lit += pat[++i];
			continue;
		}
		if (sv("\\.^$|?*+()[]{}").find(c) != npos)
			break;
		lit += c;
	}
	/* A quantifier makes the last literal character optional. */
	if (i < pat.size() && (pat[i] == '?' || pat[i] == '*' || pat[i] == '{') && !lit.empty())
		lit.pop_back();
	return lit;
}

struct line_re {
	std::string lit;
	rx::prog re;
	bool icase = false;	/* the pattern is lower case; the line is folded */
};

line_re mk_re(const std::string &pat, bool icase = false)
{
	std::string x = expand(pat);
	return {icase ? "" : leading_literal(x), rx::compile(x), icase};
}

using caps_t = std::vector<std::optional<std::string>>;

/* Corrupted lines can be huge; titles are 120 bytes, so a prefix will do. */
constexpr size_t max_re_line = 4096;

bool search_re(const line_re &r, sv l, size_t *col, caps_t *caps)
{
	if (!r.lit.empty() && !has(l, r.lit))
		return false;
	l = l.substr(0, max_re_line);
	std::string folded;
	if (r.icase) {
		folded = std::string(l);
		for (char &c : folded)
			c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
		l = folded;
	}
	std::vector<int> slots;
	if (!rx::vm(r.re).search(l, 0, &slots))
		return false;
	if (col)
		*col = static_cast<size_t>(slots[0]);
	if (caps) {
		caps->clear();
		for (size_t i = 2; i + 1 < slots.size(); i += 2) {
			if (slots[i] >= 0 && slots[i + 1] >= 0)
				caps->push_back(std::string(l.substr(slots[i], slots[i + 1] - slots[i])));
			else
				caps->push_back(std::nullopt);
		}
	}
	return true;
}

/*
 * A pattern over report lines: the first segment matches within one line;
 * each further segment matches on some later line (the "(?:.*\n)+?" glue of
 * the original multi-line regexps).
 */
struct multi_re {
	std::vector<line_re> segs;
};

multi_re R(std::initializer_list<const char *> segs)
{
	multi_re m;
	for (const char *s : segs)
		m.segs.push_back(mk_re(s));
	return m;
}

struct re_match {
	size_t line = 0, col = 0;
	std::vector<std::string> args;
};

std::optional<re_match> find_multi(const multi_re &m, const std::vector<sv> &lines)
{
	caps_t caps;
	for (size_t i = 0; i < lines.size(); i++) {
		size_t col;
		if (!search_re(m.segs[0], lines[i], &col, &caps))
			continue;
		re_match r{i, col, {}};
		for (auto &c : caps)
			r.args.push_back(c.value_or(""));
		size_t cur = i;
		for (size_t s = 1; s < m.segs.size(); s++) {
			size_t j = cur + 1;
			while (j < lines.size() && !search_re(m.segs[s], lines[j], nullptr, &caps))
				j++;
			/* A later start can only see fewer lines: no match at all. */
			if (j >= lines.size())
				return std::nullopt;
			for (auto &c : caps)
				r.args.push_back(c.value_or(""));
			cur = j;
		}
		return r;
	}
	return std::nullopt;
}

/* ---- report formats ------------------------------------------------------ */

enum class pk { parse, call_trace, rip, warn_start, at_func, pc_func, re };

struct part {
	pk kind;
	std::optional<line_re> re;
};

part P(pk k)
{
	return {k, std::nullopt};
}

part PR(const char *pat)
{
	return {pk::re, mk_re(pat)};
}

enum class extractor { first, stall, hang };

struct stack_fmt {
	std::vector<part> parts;
	std::vector<part> parts2;
	std::vector<name_pat> skip;
	extractor ex = extractor::first;
};

stack_fmt S(std::vector<part> parts, const std::vector<std::string> &skip = {},
	    extractor ex = extractor::first)
{
	return {std::move(parts), {}, compile_pats(skip), ex};
}

/* Call Trace: then the frames. */
stack_fmt S_trace(const std::vector<std::string> &skip = {}, extractor ex = extractor::first)
{
	return S({P(pk::call_trace), P(pk::parse)}, skip, ex);
}

/* RIP frame, else Call Trace (linux.go's linuxRipFrame, linuxCallTrace, parse). */
stack_fmt S_rip_trace(const std::vector<std::string> &skip = {}, extractor ex = extractor::first)
{
	return S({P(pk::rip), P(pk::call_trace), P(pk::parse)}, skip, ex);
}

/* WARNINGs: the trapping RIP frame first, the Call Trace when that fails. */
stack_fmt S_warn(const std::vector<std::string> &skip = {})
{
	return {{P(pk::warn_start), P(pk::parse)}, {P(pk::call_trace), P(pk::parse)},
		compile_pats(skip), extractor::first};
}

struct oops_format {
	multi_re title;
	std::optional<multi_re> report;
	std::string fmt;
	std::optional<stack_fmt> stack;
	bool corrupted = false;
};

struct oops {
	std::string header;
	std::vector<oops_format> formats;
	std::vector<line_re> suppressions;
};

oops_format F(multi_re title, std::string fmt, std::optional<stack_fmt> stack = std::nullopt)
{
	return {std::move(title), std::nullopt, std::move(fmt), std::move(stack)};
}

oops_format FR(multi_re title, multi_re report, std::string fmt,
	       std::optional<stack_fmt> stack = std::nullopt)
{
	return {std::move(title), std::move(report), std::move(fmt), std::move(stack)};
}

oops_format FC(multi_re title, std::string fmt)
{
	oops_format f = F(std::move(title), std::move(fmt));
	f.corrupted = true;
	return f;
}

std::vector<line_re> SUP(std::initializer_list<const char *> pats)
{
	std::vector<line_re> v;
	for (const char *p : pats)
		v.push_back(mk_re(p));
	return v;
}

/*
 * The oops headers in syzkaller's order, with the formats of the kinds a
 * kernel-context harness meets.  Headers whose formats are left out still
 * start a report; their title is then the header line itself.
 */
const std::vector<oops> &linux_oopses()
{
	static const std::vector<oops> oopses = [] {
		std::vector<oops> v;
		const std::vector<std::string> deadlock_skip = {
			"process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue",
		};

		v.push_back({"BUG:", {
			FR(R({"BUG: KASAN:"}),
			   R({"BUG: KASAN: ([a-z\\-]+) in {{FUNC}}",
			      "^.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)"}),
			   "KASAN: %[1]v %[3]v in %[4]v",
			   S({PR("BUG: KASAN: (?:[a-z\\-]+) in {{FUNC}}"), P(pk::call_trace), P(pk::parse)},
			     {"kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"})),
			FR(R({"BUG: KASAN:"}),
			   R({"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}"}),
			   "KASAN: invalid-free in %[2]v",
			   S({PR("BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}"),
			      P(pk::call_trace), P(pk::parse)},
			     {"slab_", "kfree", "vunmap", "vfree"})),
			F(R({"BUG: KASAN: ([a-z\\-]+) on address", "^.*(Read|Write) of size ([0-9]+)"}),
			  "KASAN: %[1]v %[2]v"),
			FC(R({"BUG: KASAN: (.*)"}), "KASAN: %[1]v"),
			FR(R({"BUG: KMSAN: kernel-usb-infoleak"}),
			   R({"BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}"}),
			   "KMSAN: kernel-usb-infoleak in %[2]v",
			   S({P(pk::parse), PR("(Local variable .* created at:|Uninit was created at:)"), P(pk::parse)},
			     {"alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg",
			      "usb_interrupt_msg", "usb_control_msg"})),
			FR(R({"BUG: KMSAN:"}), R({"BUG: KMSAN: ([a-z\\-]+) in {{FUNC}}"}),
			   "KMSAN: %[1]v in %[3]v",
			   S({P(pk::parse), PR("(Local variable .* created at:|Uninit was created at:)"), P(pk::parse)},
			     {"alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$", "^crypto_",
			      "^cipher_", "^drbg_", "^rng_"})),
			FR(R({"BUG: KCSAN: data-race"}), R({"BUG: KCSAN: (.*)"}), "KCSAN: %[1]v"),
			FR(R({"BUG: KCSAN:"}), R({"BUG: KCSAN: (.*)"}), "KCSAN: %[1]v"),
			F(R({"BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}"}),
			  "KFENCE: %[1]v %[2]v in %[4]v",
			  S({PR("BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}"), P(pk::parse)})),
			F(R({"BUG: KFENCE: invalid free in {{FUNC}}"}), "KFENCE: invalid free in %[2]v",
			  S({PR("BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}"), P(pk::parse)})),
			F(R({"BUG: KFENCE: invalid (read|write) in {{FUNC}}"}), "KFENCE: invalid %[1]v in %[3]v",
			  S({PR("BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}"), P(pk::parse)})),
			F(R({"BUG: KFENCE: memory corruption in {{FUNC}}"}), "KFENCE: memory corruption in %[2]v",
			  S({PR("BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}"), P(pk::parse)})),
			F(R({"BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)"}),
			  "BUG: unable to handle kernel paging request in %[1]v", S_rip_trace()),
			F(R({"BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)"}),
			  "BUG: unable to handle kernel NULL pointer dereference in %[1]v", S_rip_trace()),
			FC(R({"BUG: (?:unable to handle kernel|Unable to handle kernel)"}),
			   "BUG: unable to handle kernel"),
			F(R({"BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)"}),
			  "BUG: %[1]v %[2]v in %[3]v", S_trace({"spin_", "_lock", "_unlock"})),
			F(R({"BUG: soft lockup"}), "BUG: soft lockup in %[1]v",
			  S_rip_trace({}, extractor::stall)),
			FR(R({"BUG: .*still has locks held!"}),
			   R({"BUG: .*still has locks held!", "^.*{{PC}} +{{FUNC}}"}),
			   "BUG: still has locks held in %[1]v"),
			F(R({"BUG: scheduling while atomic"}), "BUG: scheduling while atomic in %[1]v",
			  S_trace({"schedule"})),
			FR(R({"BUG: lock held when returning to user space"}),
			   R({"BUG: lock held when returning to user space",
			      "^.*leaving the kernel with locks still held", "^.*at: (?:{{PC}} +)?{{FUNC}}"}),
			   "BUG: lock held when returning to user space in %[1]v"),
			F(R({"BUG: bad unlock balance detected!"}), "BUG: bad unlock balance in %[1]v",
			  S({P(pk::pc_func), P(pk::call_trace), P(pk::parse)})),
			FR(R({"BUG: held lock freed!"}), R({"BUG: held lock freed!", "^.*{{PC}} +{{FUNC}}"}),
			   "BUG: held lock freed in %[1]v"),
			F(R({"BUG: Bad rss-counter state"}), "BUG: Bad rss-counter state"),
			F(R({"BUG: non-zero nr_ptes on freeing mm"}), "BUG: non-zero nr_ptes on freeing mm"),
			F(R({"BUG: non-zero nr_pmds on freeing mm"}), "BUG: non-zero nr_pmds on freeing mm"),
			FR(R({"BUG: Dentry .* still in use"}),
			   R({"BUG: Dentry .* still in use \\([0-9]+\\) \\[(unmount) of ([^\\]]+)\\]"}),
			   "BUG: Dentry still in use in %[1]v"),
			F(R({"BUG: Bad page (state|cache)"}), "BUG: Bad page %[1]v in %[2]v",
			  S({PR("page last allocated"), P(pk::parse)},
			    {"free_page", "put_page", "get_page", "update_page", "release_page",
			     "free_unref", "^folio", "^_folio", "^__folio", "^___folio",
			     "truncate_inode_pages", "page_frag_free", "alloc", "vmap", "page_owner"})),
			F(R({"BUG: Bad page map"}), "BUG: Bad page map"),
			F(R({"BUG: workqueue lockup"}), "BUG: workqueue lockup"),
			F(R({"BUG: sleeping function called from invalid context at (.*)"}),
			  "BUG: sleeping function called from invalid context in %[2]v", S_trace()),
			F(R({"BUG: using ([a-z_]+)\\(\\) in preemptible"}),
			  "BUG: using %[1]v() in preemptible code in %[2]v",
			  S_trace({"dump_stack", "preemption", "preempt", "debug_", "processor_id",
				   "this_cpu"})),
			FR(R({"BUG: workqueue leaked lock or atomic"}),
			   R({"BUG: workqueue leaked lock or atomic", "^.*last function: ([a-zA-Z0-9_]+)$"}),
			   "BUG: workqueue leaked lock or atomic in %[1]v"),
			F(R({"BUG: memory leak"}), "memory leak in %[1]v",
			  S({PR("backtrace(?: \\(crc [[:xdigit:]]*\\))?:"), P(pk::parse)},
			    {"kmemleak", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get",
			     "list_lru_init", "kasprintf", "kvasprintf", "pcpu_create", "strdup",
			     "strndup", "memdup"})),
			F(R({"BUG: .*stack guard page was hit at"}), "BUG: stack guard page was hit in %[1]v",
			  S_rip_trace({}, extractor::stall)),
			/* syzkaller names the arm form after the x86 lockdep WARNING. */
			F(R({"BUG: Invalid wait context"}), "WARNING: locking bug in %[1]v",
			  S_trace({"lock_sock", "release_sock"})),
			FC(R({"BUG:[[:space:]]*$"}), "BUG: corrupted"),
		}, SUP({"ODEBUG:", "Boot_DEBUG:", "xlog_status:", "DEBUG:",
			"BUG: no syscalls can create resource"})});

		v.push_back({"WARNING:", {
			F(R({"WARNING: .*lib/debugobjects\\.c.* (?:debug_print|debug_check|at)"}),
			  "WARNING: ODEBUG bug in %[1]v",
			  S_warn({"debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap",
				  "vfree", "__free_", "debug_check", "kobject_"})),
			F(R({"WARNING: .*mm/usercopy\\.c.* (?:usercopy_warn|at)"}),
			  "WARNING: bad usercopy in %[1]v", S_warn({"usercopy", "__check"})),
			F(R({"WARNING: .*lib/kobject\\.c.* (?:kobject_|at)"}),
			  "WARNING: kobject bug in %[1]v", S_warn({"kobject_"})),
			F(R({"WARNING: .*fs/proc/generic\\.c.* (?:proc_register|at)"}),
			  "WARNING: proc registration bug in %[1]v", S_warn({"proc_"})),
			F(R({"WARNING: .*lib/refcount\\.c.* (?:refcount_|at)"}),
			  "WARNING: refcount bug in %[1]v", S_warn({"refcount", "kobject_"})),
			F(R({"WARNING: .*kernel/locking/lockdep\\.c.*lock_"}),
			  "WARNING: locking bug in %[1]v", S_warn({"lock_sock", "release_sock"})),
			FR(R({"WARNING: .*still has locks held!"}),
			   R({"WARNING: .*still has locks held!", "^.*at: {{FUNC}}"}),
			   "WARNING: still has locks held in %[1]v"),
			F(R({"WARNING: Nested lock was not taken"}),
			  "WARNING: nested lock was not taken in %[1]v", S_warn()),
			FR(R({"WARNING: lock held when returning to user space"}),
			   R({"WARNING: lock held when returning to user space",
			      "^.*leaving the kernel with locks still held", "^.*at: (?:{{PC}} +)?{{FUNC}}"}),
			   "WARNING: lock held when returning to user space in %[1]v"),
			F(R({"WARNING: .*mm/.*\\.c.* k?.?malloc"}), "WARNING: kmalloc bug in %[1]v",
			  S_warn({"kmalloc", "krealloc", "slab", "kmem"})),
			F(R({"WARNING: .*mm/vmalloc.c.*__vmalloc_node"}),
			  "WARNING: zero-size vmalloc in %[1]v", S_warn()),
			F(R({"WARNING: .* usb_submit_urb"}), "WARNING in %[1]v/usb_submit_urb",
			  S_warn({"usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg",
				  "usb_interrupt_msg", "usb_control_msg"})),
			F(R({"WARNING: {{SRC}} at 0x\\d+, CPU#\\d+"}), "WARNING in %[2]v", S_warn()),
			F(R({"WARNING: .* at {{SRC}} {{FUNC}}"}), "WARNING in %[3]v", S_warn()),
			F(R({"WARNING: {{SRC}} at {{FUNC}}"}), "WARNING in %[3]v", S_warn()),
			F(R({"WARNING: \\[.*\\] {{SRC}} at {{FUNC}}.*"}), "WARNING in %[3]v", S_warn()),
			FR(R({"WARNING: possible circular locking dependency detected"}),
			   R({"WARNING: possible circular locking dependency detected",
			      "^.*is trying to acquire lock"}),
			   "possible deadlock in %[1]v",
			   S({P(pk::at_func), P(pk::at_func), P(pk::parse)}, deadlock_skip)),
			FR(R({"WARNING: possible irq lock inversion dependency detected"}),
			   R({"WARNING: possible irq lock inversion dependency detected",
			      "^.*just changed the state of lock", "^.*at: (?:{{PC}} +)?{{FUNC}}"}),
			   "possible deadlock in %[1]v"),
			F(R({"WARNING: .*-safe -> .*-unsafe lock order detected"}),
			  "possible deadlock in %[1]v",
			  S({PR("which became (?:.*) at:"), P(pk::parse)})),
			FR(R({"WARNING: possible recursive locking detected"}),
			   R({"WARNING: possible recursive locking detected", "^.*is trying to acquire lock",
			      "^.*at: (?:{{PC}} +)?{{FUNC}}"}),
			   "possible deadlock in %[1]v"),
			FR(R({"WARNING: inconsistent lock state"}),
			   R({"WARNING: inconsistent lock state", "^.*takes",
			      "^.*at: (?:{{PC}} +)?{{FUNC}}"}),
			   "inconsistent lock state in %[2]v", S_trace()),
			FR(R({"WARNING: suspicious RCU usage"}),
			   R({"WARNING: suspicious RCU usage", "^.*?{{SRC}}"}),
			   "WARNING: suspicious RCU usage in %[2]v", S_trace({"rcu", "kmem", "slab"})),
			F(R({"WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value"}),
			  "WARNING: kernel stack regs has bad '%[1]v' value"),
			F(R({"WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value"}),
			  "WARNING: kernel stack frame pointer has bad value"),
			F(R({"WARNING: bad unlock balance detected!"}), "WARNING: bad unlock balance in %[1]v",
			  S({P(pk::pc_func), P(pk::call_trace), P(pk::parse)})),
			FR(R({"WARNING: held lock freed!"}),
			   R({"WARNING: held lock freed!", "^.*at:(?: {{PC}})? +{{FUNC}}"}),
			   "WARNING: held lock freed in %[1]v"),
			F(R({"WARNING: kernel stack regs .* has bad 'bp' value"}),
			  "WARNING: kernel stack regs has bad value"),
			F(R({"WARNING: kernel stack frame pointer .* has bad value"}),
			  "WARNING: kernel stack regs has bad value"),
			FC(R({"WARNING:[[:space:]]*$"}), "WARNING: corrupted"),
		}, [] {
			auto s = SUP({
				"WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
				"WARNING: workqueue cpumask: online intersect > possible intersect",
				"WARNING: [Tt]he mand mount option",
				"WARNING: Unsupported flag value\\(s\\) of 0x%x in DT_FLAGS_1",
				"WARNING: Unprivileged eBPF is enabled with eIBRS",
				"WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size",
				"WARNING: See https.* for mitigation options.",
				"WARNING: kernel not compiled with CPU_SRSO",
				"EXT4-[Ff][Ss](?: \\(.*\\))?:",
				"XFS \\(\\w+\\): WARNING",
			});
			s.push_back(mk_re("warning: .* uses (deprecated v2 capabilities|wireless extensions)", true));
			return s;
		}()});

		v.push_back({"INFO:", {
			FR(R({"INFO: possible circular locking dependency detected"}),
			   R({"INFO: possible circular locking dependency detected \\]",
			      "^.*is trying to acquire lock", "^.*at: {{PC}} +{{FUNC}}"}),
			   "possible deadlock in %[1]v"),
			FR(R({"INFO: possible irq lock inversion dependency detected"}),
			   R({"INFO: possible irq lock inversion dependency detected \\]",
			      "^.*just changed the state of lock", "^.*at: {{PC}} +{{FUNC}}"}),
			   "possible deadlock in %[1]v"),
			FR(R({"INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected"}),
			   R({"INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \\]",
			      "^.*is trying to acquire", "^.*at: {{PC}} +{{FUNC}}"}),
			   "possible deadlock in %[1]v"),
			FR(R({"INFO: possible recursive locking detected"}),
			   R({"INFO: possible recursive locking detected \\]",
			      "^.*is trying to acquire lock", "^.*at: {{PC}} +{{FUNC}}"}),
			   "possible deadlock in %[1]v"),
			FR(R({"INFO: inconsistent lock state"}),
			   R({"INFO: inconsistent lock state \\]", "^.*takes", "^.*at: {{PC}} +{{FUNC}}"}),
			   "inconsistent lock state in %[1]v"),
			F(R({"INFO: rcu_(?:preempt|sched|bh) (?:self-)?detected(?: expedited)? stall"}),
			  "INFO: rcu detected stall in %[1]v",
			  stack_fmt{{PR("apic_timer_interrupt"), P(pk::rip), P(pk::parse)},
				    {PR("(?:apic_timer_interrupt|Exception stack|el1h_64_irq)"), P(pk::parse)},
				    compile_pats({"apic_timer_interrupt", "rcu"}), extractor::stall}),
			F(R({"INFO: trying to register non-static key"}),
			  "INFO: trying to register non-static key in %[1]v",
			  S_trace({"stack", "lock", "IRQ"})),
			FR(R({"INFO: suspicious RCU usage"}), R({"INFO: suspicious RCU usage", "^.*?{{SRC}}"}),
			   "INFO: suspicious RCU usage in %[2]v", S_trace({"rcu", "kmem", "slab"})),
			F(R({"INFO: task .* blocked for more than [0-9]+ seconds"}), "INFO: task hung in %[1]v",
			  S_trace({}, extractor::hang)),
			F(R({"INFO: task .* can't die for more than .* seconds"}),
			  "INFO: task can't die in %[1]v", S_trace({"schedule"})),
			FC(R({"INFO: (Freed|Allocated) in (.*)"}), "INFO: %[1]v in %[2]v"),
			FC(R({"INFO:[[:space:]]*$"}), "INFO: corrupted"),
		}, SUP({"INFO: lockdep is turned off", "INFO: Stall ended before state dump start",
			"INFO: NMI handler", "INFO: recovery required on readonly filesystem",
			"(handler|interrupt).*took too long", "INFO: sys_.* is not present in /proc/kallsyms",
			"INFO: no syscalls can create resource", "rmt_storage:INFO:", "_INFO:"})});

		v.push_back({"Unable to handle kernel", {
			F(R({"Unable to handle kernel (paging request|NULL pointer dereference|access to user memory)"}),
			  "BUG: unable to handle kernel %[1]v in %[2]v", S_rip_trace()),
		}, {}});
		v.push_back({"general protection fault", {
			F(R({"general protection fault.*:"}), "general protection fault in %[1]v", S_rip_trace()),
		}, SUP({"general protection fault .* error:\\d+ in "})});
		v.push_back({"stack segment: ", {
			F(R({"stack segment: "}), "stack segment fault in %[1]v", S_rip_trace()),
		}, {}});
		v.push_back({"Kernel panic", {
			FR(R({"Kernel panic - not syncing: stack-protector:"}),
			   R({"Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}"}),
			   "kernel panic: stack is corrupted in %[1]v"),
			FR(R({"Kernel panic - not syncing: stack-protector:"}),
			   R({"Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+"}),
			   "kernel panic: stack is corrupted in %[1]v", S_trace({"stack_chk"})),
			FR(R({"Kernel panic - not syncing: corrupted stack end"}),
			   R({"Kernel panic - not syncing: corrupted stack end detected inside scheduler"}),
			   "kernel panic: corrupted stack end in %[1]v",
			   S_trace({"schedule", "retint_kernel"}, extractor::stall)),
			F(R({"Kernel panic - not syncing: kernel stack overflow"}), "kernel stack overflow in %[1]v",
			  S_trace({"bad_stack"}, extractor::stall)),
			F(R({"Kernel panic - not syncing: Attempted to kill init!"}),
			  "kernel panic: Attempted to kill init!"),
			F(R({"Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+"}),
			  "kernel panic: Couldn't open N_TTY ldisc"),
			FC(R({"Kernel panic - not syncing: Fatal exception"}), "kernel panic: Fatal exception"),
			FC(R({"Kernel panic - not syncing: panic_on_warn set"}), "kernel panic: panic_on_warn set"),
			FC(R({"Kernel panic - not syncing: hung_task: blocked tasks"}),
			   "kernel panic: hung_task: blocked tasks"),
			F(R({"Kernel panic - not syncing: (.*)"}), "kernel panic: %[1]v"),
		}, {}});
		v.push_back({"PANIC: double fault", {
			F(R({"PANIC: double fault"}), "PANIC: double fault in %[1]v", S({P(pk::rip)})),
		}, {}});
		v.push_back({"rust_kernel: panicked", {}, {}});
		v.push_back({"kernel BUG", {
			F(R({"kernel BUG at mm/usercopy.c"}), "BUG: bad usercopy in %[1]v",
			  S_trace({"usercopy", "__check"})),
			F(R({"kernel BUG at lib/list_debug.c"}), "BUG: corrupted list in %[1]v", S_trace()),
			F(R({"kernel BUG at (.*)"}), "kernel BUG in %[2]v", S_rip_trace({"^skb_"})),
		}, {}});
		v.push_back({"Kernel BUG", {F(R({"Kernel BUG (.*)"}), "kernel BUG %[1]v")}, {}});
		v.push_back({"BUG kmalloc-", {
			F(R({"BUG kmalloc-.*: Object already free"}), "BUG: Object already free"),
		}, {}});
		v.push_back({"divide error:", {
			F(R({"divide error: "}), "divide error in %[1]v", S({P(pk::rip)})),
		}, {}});
		v.push_back({"divide_error:", {
			F(R({"divide_error: "}), "divide error in %[1]v", S({P(pk::rip)})),
		}, {}});
		v.push_back({"invalid opcode:", {
			F(R({"invalid opcode: "}), "invalid opcode in %[1]v", S({P(pk::rip)})),
		}, {}});
		v.push_back({"UBSAN:", {
			FR(R({"UBSAN:"}), R({"UBSAN: Undefined behaviour in"}),
			   "UBSAN: undefined-behaviour in %[1]v", S_trace({"ubsan", "overflow"})),
			F(R({"UBSAN: array-index-out-of-bounds in"}),
			  "UBSAN: array-index-out-of-bounds in %[1]v", S_trace({"ubsan", "overflow"})),
			FR(R({"UBSAN:"}), R({"UBSAN: (.*?) in"}), "UBSAN: %[1]v in %[2]v",
			   S_trace({"ubsan", "overflow"})),
		}, {}});
		v.push_back({"Booting the kernel.", {
			F(R({"^Booting the kernel"}), "unexpected kernel reboot"),
		}, SUP({"Parsing ELF|Decompressing Linux|Unknown parameter '"})});
		v.push_back({"unregister_netdevice: waiting for", {
			F(R({"unregister_netdevice: waiting for (?:.*) to become free"}),
			  "unregister_netdevice: waiting for DEV to become free"),
		}, {}});
		v.push_back({"VFS: Close: file count is 0", {
			F(R({"VFS: Close: file count is 0"}), "VFS: Close: file count is zero (use-after-free)"),
		}, {}});
		v.push_back({"VFS: Busy inodes after unmount", {
			F(R({"VFS: Busy inodes after unmount"}), "VFS: Busy inodes after unmount (use-after-free)"),
		}, {}});
		v.push_back({"Internal error:", {
			F(R({"Internal error:"}), "Internal error in %[1]v", S_rip_trace()),
		}, {}});
		v.push_back({"Unhandled fault:", {
			F(R({"Unhandled fault:"}), "Unhandled fault in %[1]v", S_rip_trace()),
		}, {}});
		v.push_back({"Alignment trap:", {
			F(R({"Alignment trap:"}), "Alignment trap in %[1]v", S_rip_trace()),
		}, {}});
		v.push_back({"trusty: panic", {}, {}});
		v.push_back({"fatal error:", {F(R({"fatal error:"}), "go runtime error")},
			     SUP({"ALSA", "fatal error: cannot create timer"})});
		v.push_back({"SYZFAIL:", {F(R({"SYZFAIL:(.*)"}), "SYZFAIL:%[1]v")}, {}});
		v.push_back({"SYZFATAL:", {F(R({"SYZFATAL:(.*)"}), "SYZFATAL:%[1]v")}, {}});
		v.push_back({"panic:", {
			F(R({"panic: Sentry detected .* stuck task"}), "panic: Sentry detected stuck tasks"),
			F(R({"panic:(.*)"}), "panic:%[1]v"),
		}, SUP({"_panic:", "xlog_status:", "ddb\\.onpanic:", "evtlog_status:"})});
		return v;
	}();
	return oopses;
}

bool match_oops(sv line, const oops &o)
{
	if (!has(line, o.header))
		return false;
	for (const auto &s : o.suppressions)
		if (search_re(s, line, nullptr, nullptr))
			return false;
	return true;
}

/* ---- guilty frame extraction --------------------------------------------- */

struct xframe {
	std::string canonical, raw;
};

/* Does the part's pattern match the line?  Captured frame names go to `caps`. */
bool match_part(const part &pt, sv l, caps_t *caps)
{
	caps->clear();
	std::string name;
	std::optional<std::string> opt;

	switch (pt.kind) {
	case pk::call_trace:
		return is_call_trace(l);
	case pk::rip:
	case pk::warn_start:
		if (!match_rip(l, pt.kind == pk::warn_start, &opt))
			return false;
		caps->push_back(opt);
		return true;
	case pk::at_func:
		if (!match_at_func(l, &name))
			return false;
		caps->push_back(name);
		return true;
	case pk::pc_func:
		if (!match_pc_func(l, &name))
			return false;
		caps->push_back(name);
		return true;
	case pk::re:
		return search_re(*pt.re, l, nullptr, caps);
	case pk::parse:
		break;
	}
	return false;
}

struct stack_walk {
	const stack_fmt &st;

	bool skipped(const std::string &f) const
	{
		return any_pat(common_skips(), f) || any_pat(st.skip, f);
	}

	void append(std::vector<std::string> &raw, const caps_t &caps) const
	{
		for (const auto &c : caps) {
			if (!c)
				continue;
			/* Only the first surviving frame can name the title. */
			if (st.ex == extractor::first && !raw.empty())
				return;
			std::string f = demangle(*c);
			if (!skipped(f))
				raw.push_back(f);
		}
	}

	xframe pick(const std::vector<std::string> &raw) const
	{
		if (raw.empty())
			return {};
		std::vector<std::string> stripped;
		for (const auto &f : raw)
			stripped.push_back(strip_frame_prefixes(f));
		if (st.ex == extractor::first)
			return {stripped[0], raw[0]};
		auto [f, idx] = st.ex == extractor::stall ? stall_extractor(stripped)
							  : hang_extractor(stripped);
		if (f.empty())
			return {};
		return {f, raw[idx]};
	}

	/* One pass over the parts; a part matches on the first line it can. */
	bool run(const std::vector<part> &parts, const std::vector<sv> &lines,
		 std::vector<xframe> *results) const
	{
		std::vector<std::string> raw;
		caps_t caps;
		size_t li = 0;
		bool ok = true;
		int stacks = 0;

		for (size_t pi = 0;; pi++) {
			if (pi == parts.size() || (parts[pi].kind == pk::parse && stacks > 0)) {
				xframe k = pick(raw);
				if (k.canonical.empty()) {
					k = {"corrupted", "corrupted"};
					ok = false;
				}
				results->push_back(k);
				raw.clear();
			}
			if (pi == parts.size())
				break;
			const part &pt = parts[pi];
			if (pt.kind == pk::parse) {
				stacks++;
				while (li < lines.size()) {
					sv ln = lines[li++];
					if (is_corrupted_line(ln)) {
						ok = false;
						break;
					}
					if (is_stack_start(ln))
						break;
					if (pi + 1 != parts.size() && match_part(parts[pi + 1], ln, &caps)) {
						append(raw, caps);
						pi++;
						break;
					}
					caps.clear();
					for (auto &f : match_frame(ln))
						caps.push_back(f);
					append(raw, caps);
				}
			} else {
				while (li < lines.size()) {
					sv ln = lines[li++];
					if (is_corrupted_line(ln)) {
						ok = false;
						break;
					}
					if (match_part(pt, ln, &caps)) {
						append(raw, caps);
						break;
					}
				}
			}
		}
		return ok;
	}
};

bool extract_stack(const stack_fmt &st, const std::vector<sv> &lines, std::vector<xframe> *out)
{
	stack_walk w{st};
	out->clear();
	bool ok = w.run(st.parts, lines, out);
	if (ok || st.parts2.empty())
		return ok;
	out->clear();
	return w.run(st.parts2, lines, out);
}

/* Go's fmt with explicit argument indexes, "%[N]v". */
std::string format_title(const std::string &fmt, const std::vector<std::string> &args)
{
	std::string out;
	for (size_t i = 0; i < fmt.size(); i++) {
		if (fmt[i] == '%' && at(fmt, i + 1, "[")) {
			size_t q = skip_digits(fmt, i + 2);
			if (q > i + 2 && at(fmt, q, "]v")) {
				size_t n = std::stoul(fmt.substr(i + 2, q - i - 2));
				out += n >= 1 && n <= args.size() ? args[n - 1] : "%!v(BADINDEX)";
				i = q + 1;
				continue;
			}
		}
		out += fmt[i];
	}
	return out;
}

/*
 * Pick the format whose title matches earliest in the report (the first
 * such format on a tie), then build its title from the captures and frames.
 */
std::string extract_description(const std::vector<sv> &lines, const oops &o)
{
	std::vector<size_t> off(lines.size() + 1, 0);
	for (size_t i = 0; i < lines.size(); i++)
		off[i + 1] = off[i] + lines[i].size() + 1;

	size_t start = off.back();
	std::string desc;
	for (const auto &f : o.formats) {
		auto m = find_multi(f.title, lines);
		if (!m)
			continue;
		size_t pos = off[m->line] + m->col;
		if (pos > start || (pos == start && !desc.empty()))
			continue;
		if (pos < start) {
			desc.clear();
			start = pos;
		}
		if (f.report) {
			m = find_multi(*f.report, lines);
			if (!m)
				continue;
		}
		std::vector<std::string> args = m->args;
		if (f.stack) {
			std::vector<sv> from(lines.begin() + m->line, lines.end());
			from[0] = from[0].substr(m->col);
			std::vector<xframe> frames;
			extract_stack(*f.stack, from, &frames);
			for (auto &x : frames)
				args.push_back(x.canonical);
		}
		desc = format_title(f.fmt, args);
	}
	if (desc.empty()) {
		/* Unknown shape: the header line itself names the report. */
		for (sv l : lines) {
			size_t p = l.find(o.header);
			if (p != npos)
				return std::string(l.substr(p));
		}
	}
	return desc;
}

/* ---- report boundaries --------------------------------------------------- */

struct console_line {
	sv raw;
	sv text;
	std::string ctx;
	bool questionable;
};

bool is_cpu_ctx(const std::string &ctx)
{
	return ctx.size() > 2 && ctx[0] == '[' && ctx[skip_spaces(ctx, 1)] == 'C';
}

/*
 * The report: from the oops line on, the lines of the same console context
 * (other CPUs too once an NMI backtrace starts), without questionable frames.
 * With no caller context the report stops where a second report starts.
 */
std::vector<sv> find_report(const std::vector<console_line> &cl, size_t start, size_t *report_end)
{
	const std::string &ctx = cl[start].ctx;
	size_t min_lines = has(cl[start].raw, "BUG: KMSAN:") ? 16 : 22;
	bool second = false, skip_text = false, cpu_trace = false;
	size_t text_lines = 0;
	std::vector<sv> report;

	*report_end = 0;
	for (size_t i = start; i < cl.size(); i++) {
		const console_line &c = cl[i];
		bool oops_line = i == start;

		if (!oops_line && !second) {
			for (const auto &o : linux_oopses()) {
				if (!match_oops(c.raw, o))
					continue;
				static const sv ignores[] = {
					"invalid opcode: 0000", "Kernel panic - not syncing",
					"unregister_netdevice: waiting for", "PANIC: double fault",
					"Internal error:",
				};
				bool ignored = false;
				for (sv ig : ignores)
					ignored = ignored || has(c.raw, ig);
				if (!ignored)
					second = true;
			}
			for (sv info : {sv("vmalloc: allocation failure:"),
					sv("FAULT_INJECTION: forcing a failure"),
					sv("FAULT_FLAG_ALLOW_RETRY missing")})
				if (has(c.raw, info))
					second = true;
		}
		if (!oops_line && (c.questionable ||
				   (c.ctx != ctx && (!cpu_trace || !is_cpu_ctx(c.ctx)))))
			continue;
		text_lines++;
		bool skip_line = skip_text;
		if (has(c.raw, "Disabling lock debugging due to kernel taint")) {
			skip_line = true;
		} else if (has(c.raw, "Sending NMI from CPU")) {
			cpu_trace = true;
		} else if ((has(c.raw, "Kernel panic - not syncing") ||
			    has(c.raw, "WARNING: possible circular locking dependency detected")) &&
			   text_lines > min_lines) {
			/* The panic_on_warn tail and follow-on deadlocks repeat the stack. */
			skip_text = true;
			skip_line = true;
		}
		if (!oops_line && skip_line)
			continue;
		report.push_back(c.text);
		if (!second || (!ctx.empty() && ctx != "console"))
			*report_end = report.size();
	}
	return report;
}

/* ---- title normalisation ------------------------------------------------- */

/* Go's ReplaceAllString; "$N" in `with` is capture N. */
std::string replace_all(const rx::prog &re, const std::string &s, sv with)
{
	std::string out;
	std::vector<int> m;
	rx::vm v(re);
	size_t pos = 0;
	while (pos <= s.size() && v.search(s, pos, &m)) {
		size_t a = m[0], b = m[1];
		out.append(s, pos, a - pos);
		for (size_t i = 0; i < with.size(); i++) {
			size_t n = 2 * (with[i] == '$' && i + 1 < with.size() && is_digit(with[i + 1]) ? with[i + 1] - '0' : 0);
			if (!n) {
				out += with[i];
				continue;
			}
			if (n + 1 < m.size() && m[n] >= 0)
				out.append(s, m[n], m[n + 1] - m[n]);
			i++;
		}
		if (b == a) {
			/* an empty match: keep the next byte and move on */
			if (b < s.size())
				out += s[b];
			b++;
		}
		pos = b;
	}
	if (pos < s.size())
		out.append(s, pos, std::string::npos);
	return out;
}

/* Volatile parts of titles (pids, addresses, line numbers) become tokens. */
std::string replace_dynamic(std::string t)
{
	static const std::pair<rx::prog, const char *> table[] = {
		{rx::compile("syz-executor\\.?[0-9]+((/|:)[0-9]+)?"), "syz-executor"},
		{rx::compile("syzkaller[0-9]+((/|:)[0-9]+)?"), "syzkaller"},
		{rx::compile("([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}"), "$1ADDR"},
		{rx::compile("([0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3})"), "IP"},
		{rx::compile("(\\.\\w+)(:[0-9]+)+"), "$1:LINE"},
		{rx::compile("([a-zA-Z][a-zA-Z0-9_.]+)\\+0x[0-9a-z]+/0x[0-9a-z]+"), "$1"},
		{rx::compile("CPU#[0-9]+"), "CPU"},
		{rx::compile("(\\W)(\\d+)(\\W|$)"), "$1NUM$3"},
		{rx::compile("(\\d+){7,}"), "NUM"},
	};
	for (const auto &[re, with] : table) {
		/* until nothing changes: matches may overlap ("0,1,2") */
		for (;;) {
			std::string n = replace_all(re, t, with);
			if (n == t)
				break;
			t = std::move(n);
		}
	}
	return t;
}

/* At most 120 bytes, printable ASCII, single spaces, trimmed. */
std::string sanitize_title(const std::string &t)
{
	std::string res;
	char prev = ' ';
	for (size_t i = 0; i < t.size() && i < 120; i++) {
		char ch = t[i];
		unsigned char u = static_cast<unsigned char>(ch);
		if (ch == '\t')
			ch = ' ';
		else if (u < 0x20 || u >= 0x7f)
			continue;
		if (ch == ' ' && prev == ' ')
			continue;
		res += ch;
		prev = ch;
	}
	while (!res.empty() && res.back() == ' ')
		res.pop_back();
	return res;
}

/* syzkaller's crash type, from the title's prefix. */
std::string title_type(const std::string &title)
{
	static const std::pair<const char *, std::vector<const char *>> table[] = {
		{"KFENCE-USE-AFTER-FREE-WRITE", {"KFENCE: use-after-free write"}},
		{"KFENCE-USE-AFTER-FREE-READ", {"KFENCE: use-after-free read", "KFENCE: use-after-free"}},
		{"KFENCE-WRITE", {"KFENCE: invalid write", "KFENCE: out-of-bounds write"}},
		{"KFENCE-READ", {"KFENCE: invalid read", "KFENCE: out-of-bounds read", "KFENCE: out-of-bounds"}},
		{"KFENCE-MEMORY-CORRUPTION", {"KFENCE: memory corruption"}},
		{"KFENCE-INVALID-FREE", {"KFENCE: invalid free"}},
		{"KMSAN-UNINIT-VALUE", {"KMSAN: uninit-value"}},
		{"KMSAN-USE-AFTER-FREE-READ", {"KMSAN: kernel-infoleak-after-free",
					       "KMSAN: kernel-usb-infoleak-after-free", "KMSAN: use-after-free"}},
		{"KMSAN-INFO-LEAK", {"KMSAN: kernel-infoleak", "KMSAN: kernel-usb-infoleak"}},
		{"KASAN-NULL-POINTER-DEREFERENCE-WRITE", {"KASAN: null-ptr-deref Write"}},
		{"KASAN-NULL-POINTER-DEREFERENCE-READ", {"KASAN: null-ptr-deref Read"}},
		{"NULL-POINTER-DEREFERENCE", {"BUG: unable to handle kernel NULL pointer dereference in"}},
		{"KASAN-WRITE", {"KASAN: global-out-of-bounds Write", "KASAN: out-of-bounds Write",
				 "KASAN: slab-out-of-bounds Write", "KASAN: stack-out-of-bounds Write",
				 "KASAN: user-memory-access Write", "KASAN: vmalloc-out-of-bounds Write",
				 "KASAN: wild-memory-access Write"}},
		{"KASAN-READ", {"KASAN: global-out-of-bounds Read", "KASAN: invalid-access Read",
				"KASAN: out-of-bounds Read", "KASAN: slab-out-of-bounds Read",
				"KASAN: slab-out-of-bounds", "KASAN: stack-out-of-bounds Read",
				"KASAN: stack-out-of-bounds", "KASAN: unknown-crash Read",
				"KASAN: user-memory-access Read", "KASAN: vmalloc-out-of-bounds Read",
				"KASAN: wild-memory-access Read", "KASAN: wild-memory-access"}},
		{"KASAN-INVALID-FREE", {"KASAN: double-free or invalid-free", "KASAN: invalid-free"}},
		{"KASAN-USE-AFTER-FREE-WRITE", {"KASAN: slab-use-after-free Write", "KASAN: use-after-free Write"}},
		{"KASAN-USE-AFTER-FREE-READ", {"KASAN: slab-use-after-free Read", "KASAN: use-after-free Read",
					       "KASAN: use-after-free"}},
		{"MEMORY_SAFETY_BUG", {"BUG: corrupted list", "BUG: unable to handle kernel paging request"}},
		{"REFCOUNT_WARNING", {"WARNING: refcount bug"}},
		{"MEMORY_SAFETY_UBSAN", {"UBSAN: array-index-out-of-bounds"}},
		{"KCSAN-DATARACE", {"KCSAN: data-race"}},
		{"KCSAN-ASSERT", {"KCSAN: assert: race in"}},
		{"LOCKDEP", {"BUG: bad unlock balance in", "BUG: held lock freed in", "BUG: rwlock",
			     "BUG: spinlock", "BUG: still has locks held in", "BUG: using",
			     "WARNING: bad unlock balance in", "WARNING: held lock freed in",
			     "WARNING: lock held", "WARNING: locking bug in",
			     "WARNING: nested lock was not taken in", "WARNING: still has locks held in",
			     "WARNING: suspicious RCU usage in", "inconsistent lock state in",
			     "possible deadlock in"}},
		{"ATOMIC_SLEEP", {"BUG: scheduling while atomic in",
				  "BUG: sleeping function called from invalid context in"}},
		{"LEAK", {"memory leak in"}},
		{"BUG", {"BUG: bad usercopy in", "kernel BUG"}},
		{"WARNING", {"WARNING in"}},
		{"", {"BUG: stack guard page was hit in", "WARNING: corrupted",
		      "WARNING: kernel stack frame pointer has bad value", "WARNING: kernel stack regs has bad"}},
		{"HANG", {"BUG: soft lockup in", "INFO: rcu detected stall in", "INFO: task can't die in",
			  "INFO: task hung in"}},
		{"DoS", {"Alignment trap in", "BUG: Object already free", "Internal error in",
			 "PANIC: double fault", "Unhandled fault in",
			 "VFS: Busy inodes after unmount (use-after-free)",
			 "VFS: Close: file count is zero (use-after-free)", "divide error in",
			 "general protection fault in", "go runtime error", "invalid opcode in",
			 "kernel panic:", "kernel stack overflow", "panic:", "rust_kernel panicked",
			 "stack segment fault in", "trusty:",
			 "unregister_netdevice: waiting for DEV to become free"}},
		{"REBOOT", {"unexpected kernel reboot"}},
		{"SYZ_FAILURE", {"SYZFAIL", "SYZFATAL:"}},
		{"WARNING", {"WARNING:"}},
		{"", {"BUG:", "INFO:"}},
		{"KASAN-UNKNOWN", {"KASAN:"}},
		{"KFENCE-UNKNOWN", {"KFENCE:"}},
		{"KMSAN-UNKNOWN", {"KMSAN:"}},
		{"UBSAN", {"UBSAN:"}},
		{"KCSAN-UNKNOWN", {"KCSAN:"}},
	};
	for (const auto &[type, prefixes] : table)
		for (const char *p : prefixes)
			if (title.compare(0, std::string(p).size(), p) == 0)
				return type;
	return "";
}

/* The indicative function: what follows the last " in " (reportFrameRe). */
std::string title_frame(const std::string &title)
{
	for (size_t p = title.rfind(" in "); p != std::string::npos; p = title.rfind(" in ", p - 1)) {
		size_t q = p + 4;
		if (q < title.size() && title[q] == '<') {
			size_t e = q + 1;
			while (e < title.size() && (is_ident(title[e]) || title[e] == ':' || title[e] == ' '))
				e++;
			if (e > q + 1 && e < title.size() && title[e] == '>')
				q = e + 1;
		}
		size_t e = q;
		while (e < title.size() && (is_ident(title[e]) || title[e] == ':'))
			e++;
		if (e > q)
			return title.substr(p + 4, e - p - 4);
		if (p == 0)
			break;	/* rfind(.., npos) would start over */
	}
	return "";
}

/* ---- the stack kctx keys on ---------------------------------------------- */

struct frame_rec {
	std::string name;
	std::string file;
};

/* "path/to/file.c:123" (maybe ":col" too); returns the path. */
std::string file_of(sv tok)
{
	size_t c = tok.find(':');
	if (c == npos || c == 0 || c + 1 >= tok.size() || !is_digit(tok[c + 1]))
		return "";
	sv path = tok.substr(0, c);
	if (path.find('.') == npos)
		return "";
	for (char ch : path)
		if (!is_ident(ch) && ch != '/' && ch != '.' && ch != '-')
			return "";
	while (at(path, 0, "./"))
		path.remove_prefix(2);
	return std::string(path);
}

/* The first "path:line" token after the frame itself. */
std::string frame_file(sv l, size_t from)
{
	size_t p = l.find(' ', from);
	while (p != npos) {
		p = skip_spaces(l, p);
		size_t e = l.find(' ', p);
		std::string f = file_of(l.substr(p, e == npos ? npos : e - p));
		if (!f.empty())
			return f;
		p = e;
	}
	return "";
}

/* A frame line, regular or symbolised-inline ("func path:line [inline]"). */
std::vector<frame_rec> parse_frame_line(sv l)
{
	size_t p = skip_spaces(l, 0);
	for (size_t s : after_pcs(l, p, false)) {
		std::string name;
		size_t e = match_func(l, s, &name);
		if (e != npos)
			return {{demangle(name), frame_file(l, e)}};
		e = s;
		while (e < l.size() && (is_ident(l[e]) || l[e] == '.'))
			e++;
		if (e > s && at(l, e, " ") && has(l.substr(e), " [inline]")) {
			std::string f = frame_file(l, e);
			if (!f.empty())
				return {{demangle(std::string(l.substr(s, e - s))), f}};
		}
	}
	std::vector<frame_rec> out;
	for (auto &n : match_frame(l))
		out.push_back({demangle(n), ""});
	return out;
}

/* Frames after the first "Call Trace:" up to the end of that trace. */
std::vector<frame_rec> call_trace_frames(const std::vector<sv> &report)
{
	std::vector<frame_rec> frames;
	size_t i = 0;
	while (i < report.size() && !is_call_trace(report[i]))
		i++;
	for (i++; i < report.size(); i++) {
		sv l = report[i];
		if (is_stack_start(l) || has(l, "</TASK>") || has(l, "---[ end trace"))
			break;
		bool oops_line = false;
		for (const auto &o : linux_oopses())
			oops_line = oops_line || match_oops(l, o);
		if (oops_line)
			break;
		if (has(l, "</IRQ>") || has(l, "</SOFTIRQ>") || has(l, "</NMI>"))
			frames.push_back({ "</IRQ>", "" });	/* the interrupted context starts below */
		for (auto &f : parse_frame_line(l))
			frames.push_back(std::move(f));
	}
	return frames;
}

} /* namespace */

TitleInfo extract_title(const std::string &text, const std::string &code_under_test)
{
	TitleInfo info;
	std::vector<console_line> cl;
	sv all(text);

	for (size_t p = 0; p < all.size();) {
		size_t e = all.find('\n', p);
		if (e == npos)
			e = all.size();
		sv raw = all.substr(p, e - p);
		if (!raw.empty() && raw.back() == '\r')
			raw.remove_suffix(1);
		console_line c{raw, raw, line_context(raw), false};
		c.text = strip_line_prefix(raw, c.ctx, &c.questionable);
		cl.push_back(std::move(c));
		p = e + 1;
	}

	const oops *found = nullptr;
	size_t start = 0;
	for (size_t i = 0; i < cl.size() && !found; i++) {
		for (const auto &o : linux_oopses()) {
			if (match_oops(cl[i].raw, o)) {
				found = &o;
				start = i;
				break;
			}
		}
	}
	if (!found)
		return info;

	size_t report_end;
	std::vector<sv> report = find_report(cl, start, &report_end);
	std::vector<sv> head(report.begin(), report.begin() + report_end);
	std::string title = extract_description(head, *found);
	if (title.empty())
		title = std::string(cl[start].raw);

	info.found = true;
	info.title = sanitize_title(replace_dynamic(title.substr(0, max_re_line)));
	info.type = title_type(info.title);
	info.guilty_func = title_frame(info.title);
	info.key = info.title;

	sv cut(code_under_test);
	while (at(cut, 0, "./"))
		cut.remove_prefix(2);
	std::vector<std::pair<std::string, std::string>> fr;
	for (auto &f : call_trace_frames(report)) {
		fr.emplace_back(f.name, std::string(f.file));
		if (f.name != "</IRQ>")
			info.frames.push_back(f.name);
	}
	info.key = dedup_key(info.title, fr, std::string(cut));
	return info;
}

std::string dedup_key(const std::string &title, const std::vector<std::pair<std::string, std::string>> &frames,
		      const std::string &code_under_test)
{
	std::vector<std::string> in;	/* frames in the code under test, innermost first */
	for (const auto &f : frames) {
		if (f.first == "</IRQ>")
			break;	/* below is the interrupted context: not this report's path */
		if (!code_under_test.empty() && f.second == code_under_test && (in.empty() || in.back() != f.first))
			in.push_back(f.first);
	}
	if (in.empty())
		return title;
	if (in.size() == 1)
		return title + " [" + in[0] + "]";
	if (in.size() == 2)
		return title + " [" + in[0] + " via " + in[1] + "]";
	return title + " [" + in[0] + " from " + in[1] + " via " + in.back() + "]";
}

} /* namespace kshim */
