// SPDX-License-Identifier: GPL-2.0
/*
 * kshim platform profiles: cc_platform_has(), force_dma_unencrypted(),
 * sme_me_mask and set_memory_{en,de}crypted().
 *
 * The attribute changes follow the real call chains, because those decide
 * where a kernel sleeps and what a report's title is:
 *  - x86 (SME host, SEV and TDX guests), arch/x86/mm/pat/set_memory.c as in
 *    6.12.117: __set_memory_enc_dec() takes mem_enc_lock with
 *    down_read_trylock() (never sleeps), then __set_memory_enc_pgtable()
 *    calls vm_unmap_aliases(), which takes a mutex (sleeps), and the CPA
 *    code may split a large page with a GFP_KERNEL allocation.
 *  - arm64 CCA realms, arch/arm64/mm/pageattr.c as in 7.2: the change goes
 *    through __change_memory_common() and update_range_prot() to
 *    split_kernel_leaf_mapping(), which takes a mutex only when the linear
 *    map relies on BBML2_NOABORT (the cca_bbml2 knob); the RSI calls
 *    themselves do not sleep.
 * Each page keeps its own encryption state.
 */
#include "sched.h"
#include "fault.h"
#include "mem.h"
#include "printk.h"
#include "report.h"
#include "set_memory.h"
#include "stacktrace.h"

#include <linux/bug.h>
#include <linux/cc_platform.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/mem_encrypt.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/set_memory.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>

/* model: the C-bit and the locks of the CPA and page-table code */
u64 sme_me_mask;

static DECLARE_RWSEM(mem_enc_lock);
static DEFINE_MUTEX(vmap_purge_lock);
static DEFINE_MUTEX(pgtable_split_lock);

namespace kshim {

static unsigned setmem_calls;

void platform_reset()
{
	Platform p = sim.cfg.platform;
	sme_me_mask = (p == Platform::x86_sme || p == Platform::x86_sev) ? 1ULL << sim.cfg.sme_cbit : 0;
	mem_enc_lock.count = 0;
	mem_enc_lock.owner = nullptr;
	vmap_purge_lock.owner = nullptr;
	pgtable_split_lock.owner = nullptr;
	setmem_calls = 0;
}

static bool x86_profile()
{
	Platform p = sim.cfg.platform;
	return p == Platform::x86_sme || p == Platform::x86_sev || p == Platform::x86_tdx;
}

/* Which pages does a kernel virtual address range cover? Direct map or remap alias. */
static bool range_pfn(unsigned long addr, unsigned long *pfn)
{
	if (virt_addr_valid((void *)addr)) {
		*pfn = (addr - KSHIM_PAGE_OFFSET) >> PAGE_SHIFT;
		return true;
	}
	bool ok;
	uint64_t phys = alias_to_phys(addr, &ok);
	*pfn = phys >> PAGE_SHIFT;
	return ok;
}

static void set_state(unsigned long addr, int numpages, bool enc)
{
	for (int i = 0; i < numpages; i++) {
		unsigned long pfn;
		if (range_pfn(addr + (unsigned long)i * PAGE_SIZE, &pfn) && bank_of_pfn(pfn)) {
			mark_pages_changed(pfn, 1);
			pfn_to_page(pfn)->decrypted = !enc;
		}
	}
	if (sim.trace_on) {
		unsigned long pfn = 0;
		bool ok = range_pfn(addr, &pfn);
		trace_note(strf("cpu%u %s/%d: set_memory_%scrypted(pfn %s%lx, %d pages)", cur()->cpu, cur()->comm,
				cur()->pid, enc ? "en" : "de", ok ? "" : "?", pfn, numpages));
	}
}

} /* namespace kshim */

using namespace kshim;

/*
 * model: the platform profiles, and the attribute changes along the real call
 * chains, which take their locks, may sleep and can be failed
 */
bool cc_platform_has(enum cc_attr attr)
{
	switch (sim.cfg.platform) {
	case Platform::none:
	case Platform::arm64:
		return false;
	case Platform::x86_sme:
		return attr == CC_ATTR_MEM_ENCRYPT || attr == CC_ATTR_HOST_MEM_ENCRYPT;
	case Platform::x86_sev:
		return attr == CC_ATTR_MEM_ENCRYPT || attr == CC_ATTR_GUEST_MEM_ENCRYPT ||
		       attr == CC_ATTR_GUEST_STATE_ENCRYPT || attr == CC_ATTR_GUEST_SEV_SNP;
	case Platform::x86_tdx:
		return attr == CC_ATTR_MEM_ENCRYPT || attr == CC_ATTR_GUEST_MEM_ENCRYPT ||
		       attr == CC_ATTR_GUEST_UNROLL_STRING_IO;
	case Platform::arm64_cca:
		return attr == CC_ATTR_MEM_ENCRYPT;
	}
	return false;
}

/* arch/x86/mm/mem_encrypt.c; arm64: every device of a realm. */
bool force_dma_unencrypted(struct device *dev)
{
	switch (sim.cfg.platform) {
	case Platform::none:
	case Platform::arm64:
		return false;
	case Platform::arm64_cca:
		return true;
	default:
		break;
	}
	if (cc_platform_has(CC_ATTR_GUEST_MEM_ENCRYPT))
		return true;
	if (cc_platform_has(CC_ATTR_HOST_MEM_ENCRYPT)) {
		u64 dma_enc_mask = DMA_BIT_MASK(__builtin_ctzll(sme_me_mask));
		u64 dma_dev_mask = min_not_zero(dev->coherent_dma_mask, dev->bus_dma_limit);
		if (dma_dev_mask <= dma_enc_mask)
			return true;
	}
	return false;
}

/* ---- x86 ------------------------------------------------------------------------------------- */

noinline void vm_unmap_aliases(void)
{
	mutex_lock(&vmap_purge_lock);
	/* no lazily freed vmap areas to purge in the simulation */
	mutex_unlock(&vmap_purge_lock);
}

noinline static struct page *split_large_page(void)
{
	/* The CPA code splits a large mapping with a GFP_KERNEL page-table page. */
	return alloc_pages(GFP_KERNEL, 0);
}

noinline static int __change_page_attr_set_clr(unsigned long addr, int numpages, bool enc)
{
	/* AMD's hooks never fail, so an injected failure there is the CPA code's page table */
	if (sim.cfg.platform != Platform::x86_tdx && should_fail_setmem())
		return -ENOMEM;
	if (choose(Choice::split_page, 2)) {
		struct page *pt = split_large_page();
		if (!pt)
			return -ENOMEM;
		__free_pages(pt, 0);	/* the simulated page tables need no storage */
	}
	set_state(addr, numpages, enc);
	return 0;
}

/* tlb_single_page_flush_ceiling's default: above it the CPA code flushes whole TLBs */
static constexpr int kTlbSinglePageFlushCeiling = 33;

static void __cpa_flush_tlb(void *)
{
	/* the simulated TLBs cache nothing */
}

/* model: arch/x86/mm/tlb.c */
noinline static void flush_tlb_all(void)
{
	on_each_cpu(__cpa_flush_tlb, nullptr, 1);
}

/* model: the IPIs that flush other CPUs' TLBs need interrupts on (set_memory.c:404 in 6.12.117) */
noinline static void cpa_flush(int numpages)
{
	BUG_ON_AT("arch/x86/mm/pat/set_memory.c", 404, irqs_disabled());
	if (numpages > kTlbSinglePageFlushCeiling)
		flush_tlb_all();
	else
		on_each_cpu(__cpa_flush_tlb, nullptr, 1);
}

/*
 * x86_platform.guest's hooks.  AMD (SME host, SEV guest; mem_encrypt_amd.c)
 * flushes before every change and its status-change hooks never fail.  TDX
 * (coco/tdx/tdx.c) flushes before making memory shared only, and asks the
 * host to convert (MapGPA), which may refuse: to private in prepare, before
 * the page tables change, to shared in finish, after.  An injected failure
 * on TDX is that refusal.
 */
static bool enc_tlb_flush_required(bool enc)
{
	return sim.cfg.platform != Platform::x86_tdx || !enc;
}

static int enc_status_change_prepare(bool enc)
{
	return sim.cfg.platform == Platform::x86_tdx && enc && should_fail_setmem() ? -EIO : 0;
}

static int enc_status_change_finish(bool enc)
{
	return sim.cfg.platform == Platform::x86_tdx && !enc && should_fail_setmem() ? -EIO : 0;
}

/* model: the order of 6.12.117's __set_memory_enc_pgtable(), whose lines the reports name */
noinline static int __set_memory_enc_pgtable(unsigned long addr, int numpages, bool enc)
{
	if (WARN_ONCE_AT("arch/x86/mm/pat/set_memory.c", 2194, addr & ~PAGE_MASK, "misaligned address: %#lx\n", addr))
		addr &= PAGE_MASK;
	vm_unmap_aliases();
	if (enc_tlb_flush_required(enc))
		cpa_flush(numpages);
	int ret = enc_status_change_prepare(enc);
	if (ret)
		goto vmm_fail;
	ret = __change_page_attr_set_clr(addr, numpages, enc);
	cpa_flush(numpages);
	if (ret)
		return ret;
	ret = enc_status_change_finish(enc);
	if (ret)
		goto vmm_fail;
	return 0;
vmm_fail:
	InjectedFailure injected;
	WARN_ONCE_AT("arch/x86/mm/pat/set_memory.c", 2239, 1,
		     "CPA VMM failure to convert memory (addr=%s, numpages=%d) to %s: %d\n",
		     fake_address((void *)addr).c_str(), numpages, enc ? "private" : "shared", ret);
	return ret;
}

noinline static int __set_memory_enc_dec(unsigned long addr, int numpages, bool enc)
{
	int ret = 0;

	if (cc_platform_has(CC_ATTR_MEM_ENCRYPT)) {
		if (!down_read_trylock(&mem_enc_lock))
			return -EBUSY;
		ret = __set_memory_enc_pgtable(addr, numpages, enc);
		up_read(&mem_enc_lock);
	}
	return ret;
}

/* ---- arm64 realms ------------------------------------------------------------------------------------ */

/*
 * 6.12 has no realm support, so the warnings below name their lines in 7.2.13,
 * the kernel this model follows: arch/arm64/mm/pageattr.c and mem_encrypt.c.
 */

noinline static int split_kernel_leaf_mapping(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	if (!sim.cfg.cca_bbml2)
		return 0;	/* the linear map is pte-mapped already: nothing to split, no lock */
	mutex_lock(&pgtable_split_lock);
	mutex_unlock(&pgtable_split_lock);
	return 0;
}

noinline static int update_range_prot(unsigned long start, unsigned long size)
{
	int ret = split_kernel_leaf_mapping(start, start + size);
	if (WARN_ON_ONCE_AT("arch/arm64/mm/pageattr.c", 115, ret))
		return ret;
	return 0;
}

noinline static int __change_memory_common(unsigned long start, unsigned long size)
{
	return update_range_prot(start, size);
}

noinline static int realm_set_memory_enc_dec(unsigned long addr, int numpages, bool encrypt)
{
	if (!virt_addr_valid((void *)addr))
		return -EINVAL;	/* !__is_lm_address(): only the linear map can change */
	int ret = __change_memory_common(addr, PAGE_SIZE * numpages);
	if (ret)
		return ret;
	if (should_fail_setmem())
		ret = -ENOMEM;	/* the RMM refused the RIPAS change */
	else
		set_state(addr, numpages, encrypt);
	if (ret)
		return ret;
	return __change_memory_common(addr, PAGE_SIZE * numpages);
}

noinline static int realm_set_memory_encrypted(unsigned long addr, int numpages)
{
	int ret = realm_set_memory_enc_dec(addr, numpages, true);
	InjectedFailure injected;	/* the only failures here are injected ones */
	WARN_AT("arch/arm64/mm/pageattr.c", 332, ret, "Failed to encrypt memory, %d pages will be leaked", numpages);
	return ret;
}

noinline static int realm_set_memory_decrypted(unsigned long addr, int numpages)
{
	int ret = realm_set_memory_enc_dec(addr, numpages, false);
	InjectedFailure injected;	/* the only failures here are injected ones */
	WARN_AT("arch/arm64/mm/pageattr.c", 342, ret, "Failed to decrypt memory, %d pages will be leaked", numpages);
	return ret;
}

/* ---- entry points --------------------------------------------------------------------------------------- */

noinline int set_memory_encrypted(unsigned long addr, int numpages)
{
	setmem_calls++;
	if (sim.cfg.platform == Platform::arm64_cca) {
		if (WARN_ON_AT("arch/arm64/mm/mem_encrypt.c", 36, !PAGE_ALIGNED(addr)))
			return 0;
		return realm_set_memory_encrypted(addr, numpages);
	}
	if (!x86_profile())
		return 0;
	return __set_memory_enc_dec(addr, numpages, true);
}

noinline int set_memory_decrypted(unsigned long addr, int numpages)
{
	setmem_calls++;
	if (sim.cfg.platform == Platform::arm64_cca) {
		if (WARN_ON_AT("arch/arm64/mm/mem_encrypt.c", 45, !PAGE_ALIGNED(addr)))
			return 0;
		return realm_set_memory_decrypted(addr, numpages);
	}
	if (!x86_profile())
		return 0;
	return __set_memory_enc_dec(addr, numpages, false);
}
