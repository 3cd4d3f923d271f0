// SPDX-License-Identifier: GPL-2.0
/*
 * kshim devices and the DMA helpers around swiotlb: struct device set-up
 * (device_initialize() calls swiotlb_dev_init(), as the driver core does),
 * dma-direct's out-of-line helpers, restricted DMA pools (reserved memory),
 * debugfs files with readable counters, the swiotlb trace point, and the
 * device side of DMA for the data oracles.
 */
#include "sched.h"
#include "device.h"
#include "mem.h"
#include "printk.h"

#include <linux/bug.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/memblock.h>
#include <linux/of_fdt.h>
#include <linux/of_reserved_mem.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <trace/events/swiotlb.h>

#include <cstdarg>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>


/*
 * stub: kshim's own unit tests link no port, and this weak definition lets
 * their devices exist without swiotlb; any program with a port links the
 * real one (kernel/dma/swiotlb.c), which wins.
 */
__attribute__((weak)) void swiotlb_dev_init(struct device *dev)
{
	(void)dev;
}

namespace kshim {

struct DebugfsFile {
	std::string path;
	unsigned long *ulong = nullptr;
	void *data = nullptr;
	const kshim_debugfs_attr *attr = nullptr;
};

static std::vector<std::unique_ptr<device>> devs;
static std::vector<device *> dev_list;
static std::vector<std::unique_ptr<reserved_mem>> rmems;
static std::deque<std::string> rmem_names;	/* reserved_mem.name points here: a deque never moves them */
static std::vector<DebugfsFile> debugfs_files;
static std::vector<std::unique_ptr<std::string>> dentries;
static unsigned long trace_bounced_hits;
static reservedmem_of_init_fn rmem_setup_fn;
static const reserved_mem_ops *rmem_setup_ops;

void devres_reset();

void devices_reset()
{
	devres_reset();
	devs.clear();
	dev_list.clear();
	rmems.clear();
	rmem_names.clear();
	debugfs_files.clear();
	dentries.clear();
	trace_bounced_hits = 0;
}

reservedmem_reg::reservedmem_reg(const char *compat, reservedmem_of_init_fn fn)
{
	(void)compat;
	rmem_setup_fn = fn;
}

reservedmem_reg::reservedmem_reg(const char *compat, const struct reserved_mem_ops *ops)
{
	(void)compat;
	rmem_setup_ops = ops;
}

const std::vector<device *> &devices()
{
	return dev_list;
}

/* A restricted-dma-pool reserved-memory node, set up the way of_reserved_mem does. */
static reserved_mem *create_rmem(const DevSpec &spec)
{
	auto rm = std::make_unique<reserved_mem>();
	rmem_names.push_back(spec.name + "-restricted");
	rm->name = rmem_names.back().c_str();
	rm->fdt_node = 0;
	rm->size = ALIGN(spec.restricted_size, PAGE_SIZE);
	void *va = memblock_alloc_low(rm->size, PAGE_SIZE);
	if (!va)
		return nullptr;
	rm->base = __pa(va);
	set_owner(pfn_to_page(rm->base >> PAGE_SHIFT), rm->size >> PAGE_SHIFT, PageOwner::reserved);
	int ret = -ENODEV;
	if (rmem_setup_ops) {
		/* the ops style (7.2 on): the OF core, not node_init, attaches the ops */
		ret = rmem_setup_ops->node_init(0, rm.get());
		if (!ret)
			rm->ops = rmem_setup_ops;
	} else if (rmem_setup_fn) {
		ret = rmem_setup_fn(rm.get());
	}
	if (ret)
		return nullptr;
	rmems.push_back(std::move(rm));
	return rmems.back().get();
}

device *create_device(const DevSpec &spec)
{
	auto d = std::make_unique<device>();
	memset((void *)d.get(), 0, sizeof(device));
	snprintf(d->kshim_name, sizeof(d->kshim_name), "%s", spec.name.c_str());
	d->init_name = d->kshim_name;
	d->kshim_dma_mask = spec.dma_mask;
	d->dma_mask = &d->kshim_dma_mask;
	d->coherent_dma_mask = spec.coherent_dma_mask;
	d->bus_dma_limit = spec.bus_dma_limit;
	d->kshim_dma_parms.min_align_mask = spec.min_align_mask;
	d->kshim_dma_parms.segment_boundary_mask = spec.seg_boundary;
	d->kshim_dma_parms.max_segment_size = 65536;
	d->dma_parms = &d->kshim_dma_parms;
	d->dma_coherent = spec.coherent;
	d->kshim_untrusted = spec.untrusted;
	device_initialize(d.get());
	if (spec.restricted) {
		reserved_mem *rm = create_rmem(spec);
		if (rm && rm->ops && rm->ops->device_init(rm, d.get()) == 0)
			d->kshim_rmem = rm;
	}
	dev_list.push_back(d.get());
	devs.push_back(std::move(d));
	return dev_list.back();
}

/* The device's view of memory: a DMA address must be RAM it may reach. */
static bool dma_check(device *dev, uint64_t dma, size_t len, const char *dir, uint64_t *phys)
{
	*phys = dma_to_phys(dev, dma);
	if (!phys_valid(*phys, len)) {
		harness_bug(strf("DMA outside RAM in %s", dir),
			    strf("device %s: DMA %s of %zu bytes at dma 0x%llx: no RAM there\n", dev_name(dev), dir,
				 len, (unsigned long long)dma));
		return false;
	}
	/*
	 * On an SME host an IOMMU (behind which untrusted devices sit) maps
	 * encrypted pages with the C-bit set, so such a device reaches private
	 * memory; a guest's private memory is out of every device's reach.
	 */
	bool iommu_cbit = sim.cfg.platform == Platform::x86_sme && dev->kshim_untrusted;
	if (force_dma_unencrypted(dev) && !iommu_cbit) {
		for (uint64_t p = *phys & PAGE_MASK; p < *phys + len; p += PAGE_SIZE) {
			if (!pfn_to_page(p >> PAGE_SHIFT)->decrypted) {
				harness_bug(strf("DMA into private memory in %s", dir),
					    strf("device %s: DMA %s at dma 0x%llx reaches pfn:%05llx, which is private "
						 "(encrypted); this device can only reach shared memory\n",
						 dev_name(dev), dir, (unsigned long long)dma,
						 (unsigned long long)(p >> PAGE_SHIFT)));
				return false;
			}
		}
	}
	return true;
}

bool device_dma_write(device *dev, uint64_t dma, const void *src, size_t len)
{
	uint64_t phys;
	if (!dma_check(dev, dma, len, "write", &phys))
		return false;
	memcpy(phys_to_linear(phys), src, len);
	return true;
}

const void *device_dma_view(device *dev, uint64_t dma, size_t len)
{
	uint64_t phys;
	if (!dma_check(dev, dma, len, "read", &phys))
		return nullptr;
	return phys_to_linear(phys);
}

bool device_dma_read(device *dev, uint64_t dma, void *dst, size_t len)
{
	const void *src = device_dma_view(dev, dma, len);
	if (!src)
		return false;
	memcpy(dst, src, len);
	return true;
}

int debugfs_write(const std::string &path, unsigned long val)
{
	for (const DebugfsFile &f : debugfs_files) {
		if (f.path != path)
			continue;
		if (f.ulong) {
			*f.ulong = val;
			return 0;
		}
		return f.attr && f.attr->set ? f.attr->set(f.data, val) : -EACCES;
	}
	return -ENOENT;
}

std::vector<std::string> debugfs_paths()
{
	std::vector<std::string> v;
	for (const DebugfsFile &f : debugfs_files)
		v.push_back(f.path);
	return v;
}

unsigned long debugfs_read(const std::string &path, bool *ok)
{
	for (const DebugfsFile &f : debugfs_files) {
		if (f.path != path)
			continue;
		*ok = true;
		if (f.ulong)
			return *f.ulong;
		u64 v = 0;
		if (f.attr && f.attr->get)
			f.attr->get(f.data, &v);
		return v;
	}
	*ok = false;
	return 0;
}

unsigned long trace_swiotlb_bounced_hits()
{
	return trace_bounced_hits;
}

} /* namespace kshim */

using namespace kshim;

/* model: the driver core's part in swiotlb's device set-up */
void device_initialize(struct device *dev)
{
	swiotlb_dev_init(dev);
}

/*
 * stub: kctx models no CPU caches (x86 is coherent); the data oracles read
 * memory itself, so there is nothing to write back or invalidate.
 */
void arch_sync_dma_for_device(phys_addr_t paddr, size_t size, enum dma_data_direction dir)
{
	(void)paddr;
	(void)size;
	(void)dir;
}

void arch_sync_dma_for_cpu(phys_addr_t paddr, size_t size, enum dma_data_direction dir)
{
	(void)paddr;
	(void)size;
	(void)dir;
}

/* stub: kctx's restricted pools have none of the properties swiotlb asks for (reusable, no-map, ...) */
const void *of_get_flat_dt_prop(unsigned long node, const char *name, int *size)
{
	(void)node;
	(void)name;
	if (size)
		*size = 0;
	return nullptr;
}

/* model: the harness reads the hits back (trace_swiotlb_bounced_hits), and so do the debugfs files */
void trace_swiotlb_bounced(struct device *dev, dma_addr_t dev_addr, size_t size)
{
	(void)dev;
	(void)dev_addr;
	(void)size;
	trace_bounced_hits++;
}

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	std::string base = parent ? *(std::string *)parent + "/" : "";
	dentries.push_back(std::make_unique<std::string>(base + name));
	return (struct dentry *)dentries.back().get();
}

void debugfs_create_ulong(const char *name, umode_t mode, struct dentry *parent, unsigned long *value)
{
	(void)mode;
	DebugfsFile f;
	f.path = (parent ? *(std::string *)parent + "/" : "") + name;
	f.ulong = value;
	debugfs_files.push_back(f);
}

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent, void *data,
				   const struct kshim_debugfs_attr *fops)
{
	(void)mode;
	DebugfsFile f;
	f.path = (parent ? *(std::string *)parent + "/" : "") + name;
	f.data = data;
	f.attr = fops;
	debugfs_files.push_back(f);
	return nullptr;
}

/* stub: swiotlb removes no debugfs file; the files go with the boot */
void debugfs_remove(struct dentry *dentry)
{
	(void)dentry;
}

const char *__kshim_dev_driver_string(const struct device *dev)
{
	(void)dev;
	return "kctx";
}

/* model */
void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	std::string msg = kvformat(fmt, ap);
	va_end(ap);
	printk("%s%s %s: %s", level, "kctx", dev_name(dev), msg.c_str());
}

/* ---- devres (drivers/base/devres.c) -------------------------------------------------------- */

namespace kshim {
struct Devres {
	dr_release_t release;
	struct device *dev;
	size_t size;
	alignas(16) unsigned char data[];
};
static Devres *devres_of(void *res)
{
	return (Devres *)((unsigned char *)res - offsetof(Devres, data));
}
/* each device's resources, newest last; released newest first, as the driver core does */
static std::map<struct device *, std::vector<Devres *>> devres_lists;
} /* namespace kshim */

/* model: a resource and its release function; the data is zeroed (devres_alloc() passes __GFP_ZERO) */
void *devres_alloc(dr_release_t release, size_t size, gfp_t gfp)
{
	Devres *dr = (Devres *)kmalloc(sizeof(Devres) + size, gfp | __GFP_ZERO);
	if (!dr)
		return NULL;
	dr->release = release;
	dr->dev = NULL;
	dr->size = size;
	return dr->data;
}

/* model */
void devres_free(void *res)
{
	if (res)
		kfree(devres_of(res));
}

/* model */
void devres_add(struct device *dev, void *res)
{
	Devres *dr = devres_of(res);
	dr->dev = dev;
	devres_lists[dev].push_back(dr);
}

static Devres *devres_take(struct device *dev, dr_release_t release, dr_match_t match, void *match_data)
{
	auto it = devres_lists.find(dev);
	if (it == devres_lists.end())
		return NULL;
	auto &l = it->second;
	for (auto r = l.rbegin(); r != l.rend(); ++r) {
		Devres *dr = *r;
		if (dr->release == release && (!match || match(dev, dr->data, match_data))) {
			l.erase(std::next(r).base());
			return dr;
		}
	}
	return NULL;
}

/* model: find, unlink and free, without releasing */
int devres_destroy(struct device *dev, dr_release_t release, dr_match_t match, void *match_data)
{
	Devres *dr = devres_take(dev, release, match, match_data);
	if (!dr)
		return -ENOENT;
	kfree(dr);
	return 0;
}

/* model: find, unlink, release and free */
int devres_release(struct device *dev, dr_release_t release, dr_match_t match, void *match_data)
{
	Devres *dr = devres_take(dev, release, match, match_data);
	if (!dr)
		return -ENOENT;
	dr->release(dev, dr->data);
	kfree(dr);
	return 0;
}

/* model: what device_del() does with them */
void devres_release_all(struct device *dev)
{
	auto it = devres_lists.find(dev);
	if (it == devres_lists.end())
		return;
	std::vector<Devres *> l = std::move(it->second);
	devres_lists.erase(it);
	for (auto r = l.rbegin(); r != l.rend(); ++r) {
		(*r)->release(dev, (*r)->data);
		kfree(*r);
	}
}

/* ---- managed allocations (drivers/base/devres.c) ------------------------------------------------- */

/* model: the allocation is the resource's own data, as in the kernel; freeing it is the release */
static void devm_kmalloc_release(struct device *dev, void *res)
{
	(void)dev;
	(void)res;
}

struct __kshim_void_ptr devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	if (unlikely(!size))
		return { nullptr };	/* the kernel's ZERO_SIZE_PTR; kshim's kmalloc has none */
	void *res = devres_alloc(devm_kmalloc_release, size, gfp);
	if (!res)
		return { nullptr };
	devres_add(dev, res);
	return { res };
}

static int devm_kmalloc_match(struct device *dev, void *res, void *data)
{
	(void)dev;
	return res == data;
}

/* model: a managed allocation freed before the driver unbinds; a pointer that is not one is a WARN */
void devm_kfree(struct device *dev, const void *p)
{
	if (unlikely(!p))
		return;
	WARN_ON_AT("drivers/base/devres.c", 1077, devres_destroy(dev, devm_kmalloc_release, devm_kmalloc_match, (void *)p));
}

namespace kshim {
struct PagesDr {
	unsigned long addr;
	unsigned int order;
};
} /* namespace kshim */

/* model: the release and match of devm_get_free_pages()'s resource */
static void devm_pages_release(struct device *dev, void *res)
{
	(void)dev;
	kshim::PagesDr *d = (kshim::PagesDr *)res;
	free_pages(d->addr, d->order);
}

static int devm_pages_match(struct device *dev, void *res, void *data)
{
	(void)dev;
	return ((kshim::PagesDr *)res)->addr == (unsigned long)data;
}

/* model: __get_free_pages() released when the driver unbinds */
unsigned long devm_get_free_pages(struct device *dev, gfp_t gfp_mask, unsigned int order)
{
	unsigned long addr = __get_free_pages(gfp_mask, order);
	if (unlikely(!addr))
		return 0;
	kshim::PagesDr *d = (kshim::PagesDr *)devres_alloc(devm_pages_release, sizeof(*d), GFP_KERNEL);
	if (unlikely(!d)) {
		free_pages(addr, order);
		return 0;
	}
	d->addr = addr;
	d->order = order;
	devres_add(dev, d);
	return addr;
}

/* model: the pages freed before the driver unbinds */
void devm_free_pages(struct device *dev, unsigned long addr)
{
	WARN_ON_AT("drivers/base/devres.c", 1173, devres_release(dev, devm_pages_release, devm_pages_match, (void *)addr));
}

namespace kshim {
void devres_reset()
{
	devres_lists.clear();	/* the simulated memory they lived in is gone */
}
} /* namespace kshim */

/* ---- hooks no modelled architecture or device has ---------------------------------------------- */

/*
 * Their WARN_ON_ONCE()s and BUG()s are kshim's own, not the kernel's, and keep
 * kshim's file and line: they catch a call that the modelled machines never make.
 */

/* stub: only dma_map_ops devices reach ops_helpers.c; kctx has none (get_dma_ops() is NULL) */
struct page *dma_common_alloc_pages(struct device *dev, size_t size, dma_addr_t *dma_handle,
				    enum dma_data_direction dir, gfp_t gfp)
{
	WARN_ON_ONCE(1);
	return NULL;
}
void dma_common_free_pages(struct device *dev, size_t size, struct page *vaddr, dma_addr_t dma_handle,
			   enum dma_data_direction dir)
{
	WARN_ON_ONCE(1);
}

/* stub: x86 and arm64 select none of these hooks; the DMA layer calls them only under IS_ENABLED() of them */
void *arch_dma_alloc(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp, unsigned long attrs)
{
	BUG();
}
void arch_dma_free(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_addr, unsigned long attrs)
{
	BUG();
}
void *arch_dma_set_uncached(void *addr, size_t size)
{
	BUG();
}
void arch_dma_clear_uncached(void *addr, size_t size)
{
	BUG();
}
