/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: BUG() prints the kernel's "kernel BUG at" oops and ends the
 * running operation; WARN() prints the kernel's WARNING report and goes on.
 */
#ifndef _KSHIM_LINUX_BUG_H
#define _KSHIM_LINUX_BUG_H
#include <linux/compiler.h>

[[noreturn]] void __kshim_bug(const char *file, int line);
void __warn(const char *file, int line, void *caller, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "Once" flags register themselves so that every simulated boot starts clean. */
namespace kshim { void register_once(bool *flag); }

/* model */
#define BUG()	__kshim_bug(__FILE__, __LINE__)
#define BUG_ON(cond)	do { if (unlikely(cond)) BUG(); } while (0)

/*
 * kshim's models of kernel code name the kernel's file and line, which reports
 * print: WARN_ON_ONCE_AT("kernel/softirq.c", 386, in_hardirq()) is the kernel's
 * WARN_ON_ONCE(in_hardirq()) at kernel/softirq.c:386. The plain macros are the
 * same checks at kshim's own line.
 * caller nullptr: __warn() reports its own return address, inside the warning function.
 */
#define WARN_AT(file, line, cond, fmt, ...) ({				\
	bool __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		__warn(file, line, nullptr, fmt, ##__VA_ARGS__);	\
	unlikely(__ret_warn_on);					\
})
#define WARN_ON_AT(file, line, cond) WARN_AT(file, line, cond, nullptr)
#define WARN_ONCE_AT(file, line, cond, fmt, ...) ({			\
	static bool __warned;						\
	bool __ret_warn_once = !!(cond);				\
	if (unlikely(__ret_warn_once && !__warned)) {			\
		__warned = true;					\
		kshim::register_once(&__warned);			\
		__warn(file, line, nullptr, fmt, ##__VA_ARGS__);	\
	}								\
	unlikely(__ret_warn_once);					\
})
#define WARN_ON_ONCE_AT(file, line, cond) WARN_ONCE_AT(file, line, cond, nullptr)
#define BUG_ON_AT(file, line, cond)	do { if (unlikely(cond)) __kshim_bug(file, line); } while (0)

#define __WARN_printf(fmt, ...) \
	__warn(__FILE__, __LINE__, nullptr, fmt, ##__VA_ARGS__)
#define WARN(cond, fmt, ...) WARN_AT(__FILE__, __LINE__, cond, fmt, ##__VA_ARGS__)
#define WARN_ON(cond) WARN_ON_AT(__FILE__, __LINE__, cond)
#define WARN_ONCE(cond, fmt, ...) WARN_ONCE_AT(__FILE__, __LINE__, cond, fmt, ##__VA_ARGS__)
#define WARN_ON_ONCE(cond) WARN_ON_ONCE_AT(__FILE__, __LINE__, cond)
#define BUILD_BUG_ON(cond)	static_assert(!(cond), "BUILD_BUG_ON: " #cond)	/* dup */
#endif
