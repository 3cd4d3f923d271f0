// SPDX-License-Identifier: GPL-2.0
/*
 * kshim printk: the simulated console, the kernel's %p format extensions,
 * WARN()/BUG(), and the "once" flags that must reset with every boot.
 */
#include "sched.h"
#include "context.h"
#include "watchdog.h"
#include "printk.h"
#include "report.h"
#include "stacktrace.h"

#include <linux/bug.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include <algorithm>
#include <cstdio>
#include <cctype>
#include <cstring>

namespace kshim {

static std::string console_buf;
static bool console_on = true;
static std::vector<bool *> once_flags;
static bool at_line_start = true;

void printk_reset()
{
	console_buf.clear();
	at_line_start = true;
	for (bool *f : once_flags)
		*f = false;
	once_flags.clear();
}

void register_once(bool *flag)
{
	once_flags.push_back(flag);
}

bool printk_once_site(bool *flag)
{
	if (*flag)
		return false;
	*flag = true;
	once_flags.push_back(flag);
	return true;
}

const std::string &console()
{
	return console_buf;
}

void set_console(bool on)
{
	console_on = on;
}

bool console_enabled()
{
	return console_on;
}

void console_write(const std::string &s)
{
	if (!console_enabled())
		return;
	console_buf += s;
	if (console_buf.size() > (1 << 20))
		console_buf.erase(0, console_buf.size() - (1 << 19));
}

/* vsnprintf appended to out, through a stack buffer when it fits */
static void vappendf(std::string &out, const char *fmt, va_list ap)
{
	char buf[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf)) {
		size_t at = out.size();
		out.resize(at + n + 1);
		vsnprintf(&out[at], n + 1, fmt, again);
		out.resize(at + n);
	} else if (n > 0) {
		out.append(buf, n);
	}
	va_end(again);
}

static void appendf(std::string &out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappendf(out, fmt, ap);
	va_end(ap);
}

std::string strf(const char *fmt, ...)
{
	std::string s;
	va_list ap;
	va_start(ap, fmt);
	vappendf(s, fmt, ap);
	va_end(ap);
	return s;
}

/* printf with the kernel's pointer extensions (lib/vsprintf.c): %pa, %pad, %pS, %ps, %px, %pK. */
std::string kvformat(const char *fmt, va_list ap)
{
	std::string out;
	out.reserve(128);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			const char *q = strchrnul(p, '%');	/* literal text in one append */
			out.append(p, q - p);
			p = q - 1;
			continue;
		}
		if (p[1] == '%') {
			out += '%';
			p++;
			continue;
		}
		const char *start = p++;
		while (*p && strchr("-+ #0", *p))
			p++;
		int star_w = 0, star_p = 0;
		if (*p == '*') {
			star_w = va_arg(ap, int);
			p++;
		}
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '.') {
			p++;
			if (*p == '*') {
				star_p = va_arg(ap, int);
				p++;
			}
			while (*p >= '0' && *p <= '9')
				p++;
		}
		int lng = 0;
		bool size_t_mod = false;
		while (*p && strchr("hlzLjt", *p)) {
			if (*p == 'l')
				lng++;
			if (*p == 'z' || *p == 't' || *p == 'j')
				size_t_mod = true;
			p++;
		}
		char conv = *p;
		if (!conv)
			break;
		if (conv == 'p') {
			void *ptr = va_arg(ap, void *);
			char ext = p[1];
			if (ext == 'a') {
				p++;
				if (p[1] == 'd' || p[1] == 'p')
					p++;
				out += strf("0x%016llx", ptr ? *(unsigned long long *)ptr : 0ULL);
			} else if (ext == 'S' || ext == 's' || ext == 'B') {
				p++;
				std::string sym = symbolize_ip(ptr);
				if (ext == 's') {
					size_t plus = sym.find('+');
					if (plus != std::string::npos)
						sym.erase(plus);
				}
				out += sym;
			} else if (ext == 'G') {
				p += 2;
				out += strf("%#x", ptr ? *(unsigned *)ptr : 0);
			} else if (ext == 'x' || ext == 'K') {
				p++;
				out += fake_address(ptr);
			} else {
				out += fake_address(ptr);
			}
			continue;
		}
		/* Rebuild the conversion with '*' resolved and a uniform length modifier. */
		char f[48];
		size_t n = 0;
		bool seen_star = false;
		for (const char *c = start; c < p && n < sizeof(f) - 16; c++) {
			if (*c == '*') {
				/* room for the suffix appended below stays free; a longer spec is cut */
				int w = snprintf(f + n, sizeof(f) - 16 - n, "%d", seen_star ? star_p : star_w);
				n = std::min(n + (size_t)std::max(w, 0), sizeof(f) - 17);
				seen_star = true;
			} else if (!strchr("hlzLjt", *c)) {
				f[n++] = *c;
			}
		}
		f[n] = 0;
		if (strchr("diouxXc", conv)) {
			long long v;
			if (lng >= 2)
				v = va_arg(ap, long long);
			else if (lng == 1 || size_t_mod)
				v = va_arg(ap, long);
			else
				v = va_arg(ap, int);
			if (conv == 'c') {
				strcat(f, "c");
				appendf(out, f, (int)v);
			} else {
				char suffix[4] = { 'l', 'l', conv, 0 };
				strcat(f, suffix);
				appendf(out, f, v);
			}
		} else if (conv == 's') {
			const char *str = va_arg(ap, const char *);
			strcat(f, "s");
			appendf(out, f, str ? str : "(null)");
		} else if (strchr("eEfgG", conv)) {
			double v = va_arg(ap, double);
			char suffix[2] = { conv, 0 };
			strcat(f, suffix);
			appendf(out, f, v);
		} else {
			out.append(start, p + 1 - start);
		}
	}
	return out;
}

} /* namespace kshim */

using namespace kshim;

/* model: the simulated console, and WARN()/BUG() in the kernel's report layout */
int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *f = fmt;
	bool cont = false;
	if (f[0] == '\001' && f[1]) {
		cont = f[1] == 'c';
		f += 2;
	}
	std::string s = kvformat(f, ap);
	va_end(ap);
	if (!cont && !at_line_start)
		console_write("\n");
	console_write(s);
	at_line_start = !s.empty() && s.back() == '\n';
	return (int)s.size();
}

void print_hex_dump(const char *level, const char *prefix, int type, int rowsize, int groupsize, const void *buf,
		    size_t len, bool ascii)
{
	(void)level;
	(void)type;
	(void)groupsize;
	(void)ascii;
	const unsigned char *b = (const unsigned char *)buf;
	for (size_t i = 0; i < len; i += rowsize) {
		std::string line = prefix;
		for (size_t j = i; j < len && j < i + rowsize; j++)
			line += strf(" %02x", b[j]);
		console_write(line + "\n");
	}
}

noinline void __warn(const char *file, int line, void *caller, const char *fmt, ...)
{
	task_struct *t = cur();
	ReportBuilder rb;
	rb.kind = "WARNING";
	rb.cut_here = "------------[ cut here ]------------";
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		std::string msg = kvformat(fmt, ap);
		va_end(ap);
		if (!msg.empty() && msg.back() != '\n')
			msg += '\n';
		rb.cut_here += "\n" + msg.substr(0, msg.size() - 1);
	}
	if (!caller)
		caller = __builtin_return_address(0);
	rb.header = strf("WARNING: CPU: %u PID: %d at %s:%d %s", t->cpu, t->pid, file, line,
			 symbolize_ip(caller).c_str());
	rb.body = "Modules linked in:\n";
	emit_report(rb);
}

[[noreturn]] noinline void __kshim_bug(const char *file, int line)
{
	ReportBuilder rb;
	rb.kind = "BUG";
	rb.cut_here = "------------[ cut here ]------------";
	rb.header = strf("kernel BUG at %s:%d!", file, line);
	/* arch/x86/kernel/dumpstack.c's __die_header(): the model word follows CONFIG_PREEMPTION */
	const char *model = rt() ? " PREEMPT_RT" : preempt_rcu() ? " PREEMPT" : "";
	rb.body = strf("Oops: invalid opcode: 0000 [#1]%s SMP KASAN NOPTI\n", model);
	/*
	 * oops_end() panics in an interrupt, and make_task_dead() when the
	 * victim is an idle task: the machine stops, nothing more runs.
	 */
	task_struct *t = cur();
	const char *panic = in_interrupt() ? "Fatal exception in interrupt" :
			    is_idle_task(t) ? "Attempted to kill the idle task!" : nullptr;
	if (panic)
		rb.tail = strf("Kernel panic - not syncing: %s\n", panic);
	emit_report(rb);
	if (panic)
		halt_run();
	throw OpAbort();
}

/* dup: lib/vsprintf.c's simple_strtoul(): base 0 detects 0x and 0 prefixes; no overflow check */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long v = 0;
	if (!base) {
		base = 10;
		if (cp[0] == '0') {
			base = 8;
			if ((cp[1] == 'x' || cp[1] == 'X') && isxdigit((unsigned char)cp[2])) {
				base = 16;
				cp += 2;
			}
		}
	} else if (base == 16 && cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X')) {
		cp += 2;
	}
	for (;; cp++) {
		unsigned d;
		if (*cp >= '0' && *cp <= '9')
			d = *cp - '0';
		else if (*cp >= 'a' && *cp <= 'f')
			d = *cp - 'a' + 10;
		else if (*cp >= 'A' && *cp <= 'F')
			d = *cp - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (endp)
		*endp = (char *)cp;
	return v;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return simple_strtoull(cp, endp, base);
}

/* dup: lib/cmdline.c's memparse(): a number with an optional K, M, G, T, P or E suffix */
unsigned long long memparse(const char *ptr, char **retptr)
{
	char *end;
	unsigned long long v = simple_strtoull(ptr, &end, 0);
	unsigned shift = 0;
	switch (*end) {
	case 'E': case 'e': shift += 10; [[fallthrough]];
	case 'P': case 'p': shift += 10; [[fallthrough]];
	case 'T': case 't': shift += 10; [[fallthrough]];
	case 'G': case 'g': shift += 10; [[fallthrough]];
	case 'M': case 'm': shift += 10; [[fallthrough]];
	case 'K': case 'k':
		shift += 10;
		end++;
		break;
	default:
		break;
	}
	if (retptr)
		*retptr = end;
	return v << shift;
}
