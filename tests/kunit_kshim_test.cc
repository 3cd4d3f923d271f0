// SPDX-License-Identifier: GPL-2.0
/*
 * A KUnit suite of kctx's own, written as a kernel suite is, for kshim's
 * context primitives: that the preempt_count a lock or section adds is the
 * kernel's, that rcu_work runs its work in process context after a grace
 * period, and that the KUnit layer's managed memory and test devices behave
 * as the kernel's do.  tools/kctx kunit runs kernel suites the same way;
 * this one shows the layer is not tied to swiotlb's.  ctest runs it
 * (kunit.kshim) and checks its KTAP.
 */
#include <kunit/device.h>
#include <kunit/test.h>

#include <linux/bottom_half.h>
#include <linux/io.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

static DEFINE_SPINLOCK(kshim_test_lock);

/* spin_lock_irqsave(): one level of preemption off and interrupts off, both undone on unlock */
static void kshim_test_spin_lock_irqsave(struct kunit *test)
{
	unsigned long flags;
	int before = preempt_count();

	spin_lock_irqsave(&kshim_test_lock, flags);
	KUNIT_EXPECT_EQ(test, preempt_count(), before + 1);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	KUNIT_EXPECT_TRUE(test, in_atomic());
	KUNIT_EXPECT_FALSE(test, preemptible());
	spin_unlock_irqrestore(&kshim_test_lock, flags);
	KUNIT_EXPECT_EQ(test, preempt_count(), before);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
}

/* local_bh_disable() adds SOFTIRQ_DISABLE_OFFSET (0x200): in softirq, but not serving one */
static void kshim_test_bh_disable(struct kunit *test)
{
	local_bh_disable();
	KUNIT_EXPECT_EQ(test, softirq_count(), 0x200);
	KUNIT_EXPECT_TRUE(test, in_softirq());
	KUNIT_EXPECT_FALSE(test, in_serving_softirq());
	KUNIT_EXPECT_TRUE(test, in_task());
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, softirq_count(), 0);
}

struct kshim_test_rwork {
	struct rcu_work rwork;
	int ran;
	int preempt_count;
	bool in_task;
};

static void kshim_test_rwork_fn(struct work_struct *work)
{
	struct kshim_test_rwork *w = container_of(to_rcu_work(work), struct kshim_test_rwork, rwork);

	w->ran++;
	w->preempt_count = preempt_count();
	w->in_task = in_task();
}

/* queue_rcu_work(): after a grace period, the work runs in a kworker at preempt_count 0 */
static void kshim_test_rcu_work(struct kunit *test)
{
	struct kshim_test_rwork *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, w);
	INIT_RCU_WORK(&w->rwork, kshim_test_rwork_fn);
	KUNIT_EXPECT_TRUE(test, queue_rcu_work(system_wq, &w->rwork));
	flush_rcu_work(&w->rwork);
	KUNIT_EXPECT_EQ(test, w->ran, 1);
	KUNIT_EXPECT_EQ(test, w->preempt_count, 0);
	KUNIT_EXPECT_TRUE(test, w->in_task);
}

/* kunit_kzalloc(): zeroed memory with a physical address; kunit_kfree() takes it back early */
static void kshim_test_kunit_alloc(struct kunit *test)
{
	unsigned char *p = kunit_kzalloc(test, 64, GFP_KERNEL);
	int i, sum = 0;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	for (i = 0; i < 64; i++)
		sum += p[i];
	KUNIT_EXPECT_EQ(test, sum, 0);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(virt_to_phys(p)), (void *)p);
	kunit_kfree(test, p);
}

static int kshim_test_probed;

static int kshim_test_probe(struct device *dev)
{
	kshim_test_probed++;
	dev->dma_parms = devm_kzalloc(dev, sizeof(*dev->dma_parms), GFP_KERNEL);
	return dev->dma_parms ? 0 : -ENOMEM;
}

/* a test device binds to the suite's driver: its probe runs, and its devm memory is the device's */
static void kshim_test_device_probe(struct kunit *test)
{
	struct device_driver *drv = kunit_driver_create(test, "kshim_test_driver");
	struct device *dev;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, drv);
	drv->probe = kshim_test_probe;
	kshim_test_probed = 0;
	dev = kunit_device_register_with_driver(test, "kshim_test_dev", drv);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_EXPECT_EQ(test, kshim_test_probed, 1);
	KUNIT_EXPECT_PTR_EQ(test, (void *)dev->driver, (void *)drv);
	KUNIT_EXPECT_NOT_NULL(test, dev->dma_parms);
	KUNIT_EXPECT_STREQ(test, dev_name(dev), "kshim_test_device_probe.kshim_test_dev");
	kunit_device_unregister(test, dev);
}

static struct {
	unsigned long value;
	unsigned char pad[PAGE_SIZE];
} kshim_test_image_data __page_aligned_bss;

/* a page-aligned static is in the kernel image: its physical address aliases it in the direct map */
static void kshim_test_kernel_image(struct kunit *test)
{
	phys_addr_t phys = virt_to_phys(&kshim_test_image_data.value);
	unsigned long *alias = (unsigned long *)phys_to_virt(phys);

	KUNIT_EXPECT_NE(test, (void *)alias, (void *)&kshim_test_image_data.value);
	/* every run boots a fresh image: what an earlier run (schedule) wrote is gone */
	KUNIT_EXPECT_EQ(test, kshim_test_image_data.value, 0UL);
	kshim_test_image_data.value = 0x600d;
	KUNIT_EXPECT_EQ(test, *alias, 0x600dUL);
	*alias = 0xbad;
	KUNIT_EXPECT_EQ(test, kshim_test_image_data.value, 0xbadUL);
}

static struct kunit_case kshim_test_cases[] = {
	KUNIT_CASE(kshim_test_spin_lock_irqsave),
	KUNIT_CASE(kshim_test_bh_disable),
	KUNIT_CASE(kshim_test_rcu_work),
	KUNIT_CASE(kshim_test_kunit_alloc),
	KUNIT_CASE(kshim_test_device_probe),
	KUNIT_CASE(kshim_test_kernel_image),
	{}
};

static struct kunit_suite kshim_test_suite = {
	.name = "kshim",
	.test_cases = kshim_test_cases,
};

kunit_test_suites(&kshim_test_suite);
