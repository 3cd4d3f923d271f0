// SPDX-License-Identifier: GPL-2.0
/*
 * kshim fault injection, after failslab/fail_page_alloc: fail-nth ("fail the
 * next N") and probability modes.  Like the kernel's defaults, probability
 * mode leaves alone allocations that may sleep (ignore-gfp-wait) and order-0
 * page allocations (min-order 1); fail-nth fails whatever comes next, as
 * the kernel's fail-nth does.  __GFP_NOFAIL is never failed.  Probability
 * mode starts when the system runs: boot and device probe are not the code
 * under test.
 */
#include "sched.h"
#include "fault.h"

#include <linux/gfp.h>
#include <linux/printk.h>

namespace kshim {

static unsigned fail_allocs, fail_setmems, skip_allocs, skip_setmems;

void fault_reset()
{
	fail_allocs = fail_setmems = skip_allocs = skip_setmems = 0;
}

void fail_next_allocs(unsigned n, unsigned skip)
{
	fail_allocs = n;
	skip_allocs = skip;
}

void fail_next_setmem(unsigned n, unsigned skip)
{
	fail_setmems = n;
	skip_setmems = skip;
}

/* fail-nth: count down the calls to let pass, then the calls to fail. */
static bool nth(unsigned &skip, unsigned &fail)
{
	if (!fail)
		return false;
	if (skip) {
		skip--;
		return false;
	}
	fail--;
	return true;
}

static void forcing(const char *name)
{
	printk(KERN_NOTICE "FAULT_INJECTION: forcing a failure.\nname %s, interval 1, probability 0, space 0, times 1\n",
	       name);
}

/* order < 0: a slab allocation (failslab); otherwise a page allocation. */
bool should_fail_alloc(gfp_t gfp, size_t size, int order)
{
	(void)size;
	if (gfp & __GFP_NOFAIL)
		return false;
	if (nth(skip_allocs, fail_allocs)) {
		forcing(order >= 0 ? "fail_page_alloc" : "failslab");
		return true;
	}
	if (gfpflags_allow_blocking(gfp) || order == 0)
		return false;	/* ignore-gfp-wait, and fail_page_alloc's min-order of 1 */
	if (sim.booting)
		return false;	/* like syzkaller: random failures start once the system runs */
	if (choose_percent(Choice::fail_alloc, sim.cfg.fail_alloc_prob)) {
		forcing("failslab");
		return true;
	}
	return false;
}

bool should_fail_setmem()
{
	if (nth(skip_setmems, fail_setmems))
		return true;
	if (sim.booting)
		return false;
	return choose_percent(Choice::fail_setmem, sim.cfg.fail_setmem_prob);
}

} /* namespace kshim */
