/* SPDX-License-Identifier: GPL-2.0 */
/* The simulated console and the kernel's printf (printk.cc). */
#pragma once

#include <cstdarg>
#include <string>

namespace kshim {

void printk_reset();
std::string kvformat(const char *fmt, va_list ap);	/* printf with the kernel's %p extensions */
void console_write(const std::string &s);
bool console_enabled();	/* kept (set_console) */
std::string strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

} /* namespace kshim */
