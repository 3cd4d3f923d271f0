/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the direct-map translations; __phys_addr() (asm/page.h) makes DEBUG_VIRTUAL's check */
#ifndef _KSHIM_ASM_IO_H
#define _KSHIM_ASM_IO_H
#include <asm/page.h>
phys_addr_t virt_to_phys(volatile void *address);
void *phys_to_virt(phys_addr_t address);
#endif
