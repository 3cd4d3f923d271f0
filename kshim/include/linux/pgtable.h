/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: page protections, as values only.  kctx has no page tables: what a
 * mapping's protection says about encryption is kept per page by
 * set_memory_*(), so the protection helpers pass the value through.
 */
#ifndef _KSHIM_LINUX_PGTABLE_H
#define _KSHIM_LINUX_PGTABLE_H
typedef struct {
	unsigned long pgprot;
} pgprot_t;
#define __pgprot(x)		((pgprot_t){ (x) })
#define pgprot_val(x)		((x).pgprot)
#define PAGE_KERNEL		__pgprot(0x163)
#define pgprot_decrypted(p)	(p)
#define pgprot_encrypted(p)	(p)
#define pgprot_dmacoherent(p)	(p)
#define pgprot_noncached(p)	(p)
#define pgprot_writecombine(p)	(p)
#endif
