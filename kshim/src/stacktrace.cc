// SPDX-License-Identifier: GPL-2.0
/*
 * Stack traces: a frame-pointer walk bounded by the running fiber's stack,
 * symbolized with libbacktrace (from gcc) so that kernel frames come out as
 * "func+0xoff/0xsize kernel/dma/swiotlb.c:LINE", inlined frames as
 * "func kernel/dma/swiotlb.c:LINE [inline]".  Frames of kshim's internals (C++
 * namespaces, the standard library) are dropped: a trace shows only the
 * kernel-named functions, as the kernel's own traces do.
 */
#include "sched.h"
#include "stacktrace.h"
#include "printk.h"

#include <asm/page.h>

#include <backtrace.h>
#include <cxxabi.h>
#include <dlfcn.h>

#include <cstring>
#include <map>
#include <unordered_map>

extern "C" char _end[];

namespace kshim {

static backtrace_state *bt_state;
static std::unordered_map<uintptr_t, std::vector<Frame>> sym_cache;
static std::map<const void *, unsigned> other_ids;
static uintptr_t image_base;

static void bt_error(void *, const char *, int)
{
}

static backtrace_state *state()
{
	if (!bt_state)
		bt_state = backtrace_create_state(nullptr, 0, bt_error, nullptr);
	return bt_state;
}

static void stack_bounds(uintptr_t *lo, uintptr_t *hi)
{
	task_struct *t = sim.current;
	if (t && t != host_task && t->fiber.stack) {
		*lo = (uintptr_t)t->fiber.stack;
		*hi = *lo + t->fiber.size;
		return;
	}
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	*lo = here - 4096;
	*hi = here + (8 << 20);
}

/* The return addresses of the frames from fp up, after the first skip, appended to t. */
static void walk_frames(RawTrace &t, void **fp, unsigned skip)
{
	uintptr_t lo, hi;
	stack_bounds(&lo, &hi);
	while (fp && (uintptr_t)fp >= lo && (uintptr_t)fp + 16 <= hi && t.n < 64) {
		void *ret = fp[1];
		if (!ret)
			break;
		if (skip)
			skip--;
		else
			t.pcs[t.n++] = ret;
		void **next = (void **)fp[0];
		if (next <= fp)
			break;
		fp = next;
	}
}

noinline void capture_stack(RawTrace &t, unsigned skip)
{
	t.n = 0;
	walk_frames(t, (void **)__builtin_frame_address(0), skip);
}

void capture_stack_at(RawTrace &t, void *pc, void *fp)
{
	t.n = 0;
	t.pcs[t.n++] = pc;
	walk_frames(t, (void **)fp, 0);
	/* fp may be the frame of a function called at pc (ASan's report function): its return address is pc */
	if (t.n > 1 && t.pcs[1] == pc) {
		for (unsigned i = 2; i < t.n; i++)
			t.pcs[i - 1] = t.pcs[i];
		t.n--;
	}
}

/* "_ZL16swiotlb_dyn_freeP8rcu_head" -> "swiotlb_dyn_free"; "" for internals. */
static std::string kernel_name(const char *sym)
{
	if (!sym)
		return "";
	std::string s = sym;
	int status = 0;
	char *dem = abi::__cxa_demangle(sym, nullptr, nullptr, &status);
	if (status == 0 && dem) {
		s = dem;
		free(dem);
	}
	size_t paren = s.find('(');
	if (paren != std::string::npos)
		s.erase(paren);
	if (s.find("::") != std::string::npos || s.find('<') != std::string::npos || s.find(' ') != std::string::npos)
		return "";
	return s;
}

/* The kernel files compiled into this binary (the port's), kernel-relative. */
static std::vector<std::string> kernel_files;

void set_kernel_sources(const std::vector<std::string> &files)
{
	/* Reports point into the cache: a cache for other sources retires instead of going away. */
	static std::vector<std::unordered_map<uintptr_t, std::vector<Frame>>> retired;
	if (files == kernel_files)
		return;
	kernel_files = files;
	if (!sym_cache.empty())
		retired.push_back(std::move(sym_cache));
	sym_cache.clear();
}

static const char *kernel_file(const char *path)
{
	if (!path)
		return nullptr;
	size_t n = strlen(path);
	for (const std::string &fs : kernel_files) {
		const char *f = fs.c_str();
		size_t m = fs.size();
		if (n >= m && !strcmp(path + n - m, f) && (n == m || path[n - m - 1] == '/'))
			return f;
	}
	return nullptr;
}

struct PcInfo {
	std::vector<Frame> frames;
};

static int pcinfo_cb(void *data, uintptr_t, const char *filename, int lineno, const char *function)
{
	PcInfo *pi = (PcInfo *)data;
	Frame f;
	f.func = kernel_name(function);
	const char *kf = kernel_file(filename);
	if (kf) {
		f.file = kf;
		f.line = lineno;
	}
	f.inlined = true;	/* fixed up for the outermost frame below */
	pi->frames.push_back(f);
	return 0;
}

struct SymInfo {
	const char *name = nullptr;
	uintptr_t val = 0, size = 0;
};

static void syminfo_cb(void *data, uintptr_t, const char *symname, uintptr_t symval, uintptr_t symsize)
{
	SymInfo *si = (SymInfo *)data;
	si->name = symname;
	si->val = symval;
	si->size = symsize;
}

/* All frames (outermost last) for one return address, cached. */
static const std::vector<Frame> &frames_for(void *ret)
{
	uintptr_t pc = (uintptr_t)ret;
	auto it = sym_cache.find(pc);
	if (it != sym_cache.end())
		return it->second;
	PcInfo pi;
	backtrace_pcinfo(state(), pc - 1, pcinfo_cb, bt_error, &pi);
	SymInfo si;
	backtrace_syminfo(state(), pc - 1, syminfo_cb, bt_error, &si);
	std::vector<Frame> out;
	std::string outer = kernel_name(si.name);
	if (pi.frames.empty())
		pi.frames.push_back(Frame());
	Frame &last = pi.frames.back();
	last.inlined = false;
	last.func = outer.empty() ? last.func : outer;
	if (si.name && kernel_name(si.name).empty())
		last.func = "";	/* an internal function: drop it, and what it inlined */
	last.off = si.val ? pc - si.val : 0;
	last.size = si.size;
	for (Frame &f : pi.frames) {
		if (f.func.empty() || (f.inlined && f.file.empty()))
			continue;	/* internal, or an inlined helper outside the kernel files */
		if (f.inlined && last.func.empty())
			continue;
		out.push_back(f);
	}
	return sym_cache.emplace(pc, std::move(out)).first->second;
}

/* The bottom of a stack: the fiber entries, the boot path, or the host's main(). */
static bool bottom_frame(const std::string &f)
{
	return f == "ret_from_fork_asm" || f == "entry_SYSCALL_64_after_hwframe" || f == "secondary_startup_64" ||
	       f == "start_kernel" || f == "do_one_initcall" || f == "really_probe" || f == "kctx_end_of_run" ||
	       f == "main";
}

/* The cache's own frames: a repeated report costs no copies (sym_cache's nodes never move). */
std::vector<const Frame *> symbolize(const RawTrace &t)
{
	std::vector<const Frame *> out;
	out.reserve(t.n);
	for (unsigned i = 0; i < t.n; i++) {
		for (const Frame &f : frames_for(t.pcs[i])) {
			if (f.func == "main")
				return out;
			out.push_back(&f);
			if (bottom_frame(f.func))
				return out;
		}
	}
	return out;
}

std::string function_at(const void *pc)
{
	return symbol_name((void *)pc);
}

/* Reports format every frame of their traces: no temporaries here. */
void append_frame(std::string &out, const Frame &f)
{
	char num[64];
	out += f.func;
	if (!f.inlined)
		out.append(num, (size_t)snprintf(num, sizeof(num), "+0x%llx/0x%llx", (unsigned long long)f.off,
						 (unsigned long long)f.size));
	if (!f.file.empty()) {
		out += ' ';
		out += f.file;
		out.append(num, (size_t)snprintf(num, sizeof(num), ":%u", f.line));
	}
	if (f.inlined)
		out += " [inline]";
}

std::string format_frame(const Frame &f)
{
	std::string s;
	append_frame(s, f);
	return s;
}

std::string symbolize_ip(void *ip)
{
	if (!ip)
		return "0x0";
	/* an acquire site is a return address; a function pointer is an exact address */
	const std::vector<Frame> &fr = frames_for(ip);
	if (!fr.empty())
		return format_frame(fr.back());
	SymInfo si;
	backtrace_syminfo(state(), (uintptr_t)ip, syminfo_cb, bt_error, &si);
	std::string n = si.name ? kernel_name(si.name) : "";
	if (n.empty() && si.name) {
		int status = 0;
		char *dem = abi::__cxa_demangle(si.name, nullptr, nullptr, &status);
		n = status == 0 && dem ? dem : si.name;
		free(dem);
		size_t paren = n.find('(');
		if (paren != std::string::npos)
			n.erase(paren);
	}
	if (n.empty())
		return fake_address(ip);
	return strf("%s+0x%llx/0x%llx", n.c_str(), (unsigned long long)((uintptr_t)ip - si.val),
		    (unsigned long long)si.size);
}

/* %ps: the function name alone. */
std::string symbol_name(void *ip)
{
	std::string s = symbolize_ip(ip);
	size_t cut = s.find_first_of("+ ");
	return cut == std::string::npos ? s : s.substr(0, cut);
}

/* A variable of the binary, as %pS names it ("io_tlb_default_mem+0x10/0x140"); "" if p is not in one. */
std::string symbolize_variable(const void *p)
{
	SymInfo si;
	backtrace_syminfo(state(), (uintptr_t)p, syminfo_cb, bt_error, &si);
	if (!si.name || !si.size || (uintptr_t)p >= si.val + si.size)
		return "";
	std::string n = si.name;
	int status = 0;
	char *dem = abi::__cxa_demangle(si.name, nullptr, nullptr, &status);
	if (status == 0 && dem)
		n = dem;
	free(dem);
	return strf("%s+0x%llx/0x%llx", n.c_str(), (unsigned long long)((uintptr_t)p - si.val),
		    (unsigned long long)si.size);
}

/* A stable, kernel-looking address: replays print the same text. */
std::string fake_address(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	if (!a)
		return "0000000000000000";
	if (a >= KSHIM_PAGE_OFFSET && a < KSHIM_PAGE_OFFSET + KSHIM_MAX_PHYS)
		return strf("%016llx", 0xffff888000000000ULL + (a - KSHIM_PAGE_OFFSET));
	if (a >= KSHIM_VMALLOC_START && a < KSHIM_VMALLOC_END)
		return strf("%016llx", 0xffffc90000000000ULL + (a - KSHIM_VMALLOC_START));
	if (a >= KSHIM_VMEMMAP_START && a < KSHIM_PAGE_OFFSET)
		return strf("%016llx", 0xffffea0000000000ULL + (a - KSHIM_VMEMMAP_START));
	if (!image_base) {
		Dl_info info;
		if (dladdr((void *)&fake_address, &info))
			image_base = (uintptr_t)info.dli_fbase;
	}
	if (a >= image_base && a < (uintptr_t)_end)
		return strf("%016llx", 0xffffffff81000000ULL + (a - image_base));
	auto it = other_ids.find(p);
	if (it == other_ids.end())
		it = other_ids.emplace(p, (unsigned)other_ids.size()).first;
	return strf("%016llx", 0xffff888100000000ULL + it->second * 0x40ULL);
}

void stacktrace_reset()
{
	other_ids.clear();
}

void save_track(Track &t)
{
	task_struct *c = cur() ? cur() : host_task;
	t.pid = c->pid;
	capture_stack(t.trace, 0);
}

/* filter_irq_stacks(): a stack saved in an interrupt ends at the interrupt's entry. */
static std::vector<const Frame *> saved_frames(const RawTrace &t)
{
	std::vector<const Frame *> frames = symbolize(t);
	for (size_t i = 0; i < frames.size(); i++)
		if (frames[i]->func == "asm_sysvec_apic_timer_interrupt" || frames[i]->func == "asm_common_interrupt" ||
		    frames[i]->func == "do_softirq") {
			frames.resize(i + 1);
			break;
		}
	return frames;
}

/* print_track() and stack_depot_print(): no <IRQ>/<TASK> markers. */
std::string track_text(const std::string &what, const Track &t, bool by_task)
{
	if (t.pid < 0)
		return "";
	std::string s = by_task ? strf("%s by task %d:\n", what.c_str(), t.pid) : what + ":\n";
	for (const Frame *f : saved_frames(t.trace)) {
		s += ' ';
		append_frame(s, *f);
		s += '\n';
	}
	s += '\n';
	return s;
}

} /* namespace kshim */
