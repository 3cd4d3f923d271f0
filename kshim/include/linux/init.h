/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sections do not matter in user space; early parameters and initcalls
 * register themselves so that the harness can run them at "boot".
 */
#ifndef _KSHIM_LINUX_INIT_H
#define _KSHIM_LINUX_INIT_H
#include <linux/compiler.h>
#define __init
#define __initdata
#define __initconst
#define __exit
#define __refdata
#define __meminit
#define __ref

namespace kshim {
struct early_param_reg { early_param_reg(const char *name, int (*fn)(char *)); };
struct initcall_reg { initcall_reg(const char *level, int (*fn)(void)); };
int run_early_param(const char *name, const char *value);
int run_initcalls(const char *level);
}
#define __kshim_cat2(a, b) a##b
#define __kshim_cat(a, b) __kshim_cat2(a, b)
/* model */
#define early_param(str, fn) \
	static kshim::early_param_reg __kshim_cat(__early_param_, __LINE__)(str, fn)
#define __setup(str, fn) early_param(str, fn)
#define __define_initcall(fn, level) \
	static kshim::initcall_reg __kshim_cat(__initcall_, __LINE__)(level, fn)
#define core_initcall(fn)	__define_initcall(fn, "core")
#define postcore_initcall(fn)	__define_initcall(fn, "postcore")
#define arch_initcall(fn)	__define_initcall(fn, "arch")
#define subsys_initcall(fn)	__define_initcall(fn, "subsys")
#define fs_initcall(fn)		__define_initcall(fn, "fs")
#define device_initcall(fn)	__define_initcall(fn, "device")
#define late_initcall(fn)	__define_initcall(fn, "late")
#endif
