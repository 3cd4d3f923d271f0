// SPDX-License-Identifier: GPL-2.0
/*
 * The boot path of a run: the kernel's boot-time calls into swiotlb, made
 * from functions named as the kernel's callers are, then device probe and
 * the program's buffers.
 */
#include <algorithm>

#include "run.h"
#include "swiotlb_api.h"

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

using namespace kctx;

/*
 * Boot, in the kernel's order and under the kernel's function names, so that
 * a report from boot-time swiotlb code has the kernel's trace:
 * start_kernel -> mm_core_init -> mem_init -> swiotlb_init (x86 and arm64
 * both call it from mem_init), then arch_cpu_finalize_init ->
 * mem_encrypt_init -> swiotlb_update_mem_attributes.  Devices and buffers
 * are set up by "probe": that is not the code under test.
 */
static const kctx::Program *boot_prog;

noinline void mem_init(void)
{
	using namespace kctx;
	const SwiotlbCfg &sw = boot_prog->sw;
	kshim::Platform pf = boot_prog->mc.platform;
	bool cc_guest = pf == kshim::Platform::x86_sev || pf == kshim::Platform::x86_tdx ||
			pf == kshim::Platform::arm64_cca;
	/* what pci_swiotlb_detect() / arm64 mem_init() pass */
	bool force = sw.force_flag >= 0 ? sw.force_flag : cc_guest;
	swiotlb_boot(true, force, sw.any_flag, true);
}

/*
 * The kmalloc caches come after mem_init(): on arm64 their alignment is the
 * cache line unless swiotlb is allocated by then to bounce what is smaller
 * (__kmalloc_minalign()).  x86 never bounces kmalloc() buffers.
 */
noinline void kmem_cache_init(void)
{
	bool arm64 = boot_prog->mc.arch() == kshim::Arch::arm64;
	kshim_set_kmalloc_minalign(arm64 && !swiotlb_view(nullptr).allocated ? 64 : 8);
}

noinline void mm_core_init(void)
{
	if (boot_prog->sw.init == kctx::SwInit::early)
		mem_init();
	kmem_cache_init();
}

noinline void mem_encrypt_init(void)
{
	if (boot_prog->mc.mem_encrypt() && boot_prog->sw.init == kctx::SwInit::early)
		swiotlb_arch_mem_encrypt_init();
}

noinline void arch_cpu_finalize_init(void)
{
	mem_encrypt_init();
}

/*
 * x86's mem_encrypt_setup_arch(): a CC guest bounces all DMA, so it sizes
 * swiotlb at 6% of memory, clamped to [64M, 1G].  swiotlb_adjust_size()
 * keeps a size given with swiotlb=.  arm64 has no such call.
 */
noinline void mem_encrypt_setup_arch(void)
{
	const kshim::MachineConfig &mc = boot_prog->mc;
	if (mc.platform != kshim::Platform::x86_sev && mc.platform != kshim::Platform::x86_tdx)
		return;
	uint64_t total = mc.dma_size + mc.dma32_size + mc.normal_size;	/* memblock_phys_mem_size() */
	uint64_t size = std::clamp<uint64_t>(total * 6 / 100, 64ull << 20, 1ull << 30);
	swiotlb_setup_arch_size(size);
}

noinline void setup_arch(void)
{
	const kctx::Program &p = *boot_prog;
	if (!p.sw.param.empty())
		kshim::run_early_param("swiotlb", p.sw.param.c_str());	/* parse_early_param() */
	/* the atomic pools' size is always on kctx's command line (the scenario's atomic_pool, 128K by default) */
	kshim::run_early_param("coherent_pool", std::to_string(p.mc.atomic_pool_size).c_str());
	mem_encrypt_setup_arch();
}

noinline void start_kernel(void)
{
	setup_arch();
	mm_core_init();
	kshim::boot_enable_irqs();
	arch_cpu_finalize_init();
	kshim::boot_finish();
}

/* x86's rootfs initcall: an IOMMU that turned swiotlb off tears the default pool down. */
noinline void pci_iommu_init(void)
{
	swiotlb_teardown();
}

/* swiotlb_init_late() callers are initcalls (e.g. the Xen and IOMMU fallbacks). */
noinline void do_one_initcall(void)
{
	const kctx::SwiotlbCfg &sw = boot_prog->sw;
	if (sw.exit_at_boot)
		pci_iommu_init();
	if (sw.init == kctx::SwInit::late)
		swiotlb_late_init(sw.late_size, sw.late_gfp | GFP_KERNEL);
	if (!sw.dynamic)
		swiotlb_pin_pool();
}

/*
 * Device probe: a restricted pool is attached here (rmem_swiotlb_device_init),
 * and the driver sets its masks, as drivers do, through mapping.c.
 */
noinline struct device *really_probe(const kshim::DevSpec &spec)
{
	struct device *dev = kshim::create_device(spec);
	if (kctx_dma_set_masks(dev, spec.dma_mask, spec.coherent_dma_mask))
		printk(KERN_WARNING "%s: dma_set_mask: this platform does not support the device's masks\n",
		       spec.name.c_str());
	return dev;
}

namespace kctx {

void setup_machine(const Program &p)
{
	boot_prog = &p;
	start_kernel();
	do_one_initcall();
	for (const DevDecl &d : p.devs)
		R->devs[d.spec.name] = really_probe(d.spec);
	for (const BufDecl &b : p.bufs) {
		auto bs = std::make_unique<BufState>();
		bs->name = b.name;
		bs->size = b.size;
		bs->order = get_order(b.offset + b.size);
		bs->page = alloc_pages(GFP_KERNEL | zone_gfp(b.zone) | __GFP_ZERO, bs->order);
		if (!bs->page)
			continue;
		bs->phys = page_to_phys(bs->page) + b.offset;
		bs->va = (char *)page_address(bs->page) + b.offset;
		R->bufs[b.name] = std::move(bs);
	}
	R->scratch = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
	kshim::system_running();
	boot_prog = nullptr;
}


} /* namespace kctx */
