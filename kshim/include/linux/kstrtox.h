/* SPDX-License-Identifier: GPL-2.0 */
/* dup: simple_strtoul (lib/vsprintf.c semantics: base 0 auto-detects) */
#ifndef _KSHIM_LINUX_KSTRTOX_H
#define _KSHIM_LINUX_KSTRTOX_H
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
unsigned long long memparse(const char *ptr, char **retptr);	/* dup: lib/cmdline.c */
#endif
