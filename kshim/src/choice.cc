// SPDX-License-Identifier: GPL-2.0
/*
 * The choice stream: every nondeterministic decision in kshim goes through
 * choose().  Replaying the same stream replays the same run, byte for byte.
 */
#include "sched.h"
#include "printk.h"

namespace kshim {

static std::vector<std::string> trace_buf;

const char *choice_name(Choice c)
{
	switch (c) {
	case Choice::sched: return "sched";
	case Choice::pick_cpu: return "pick_cpu";
	case Choice::pick_task: return "pick_task";
	case Choice::softirq_defer: return "softirq_defer";
	case Choice::fail_alloc: return "fail_alloc";
	case Choice::fail_setmem: return "fail_setmem";
	case Choice::split_page: return "split_page";
	}
	return "?";
}

bool ChoiceSource::percent(unsigned pct)
{
	return pct && next(100) < pct;
}

uint32_t ByteChoices::next(uint32_t n)
{
	if (n <= 1)
		return 0;
	if (pos_ >= size_)
		return 0;
	uint32_t v = data_[pos_++];
	if (n > 256 && pos_ < size_)
		v = (v << 8) | data_[pos_++];
	return v % n;
}

uint32_t SeededChoices::next(uint32_t n)
{
	/* splitmix64 */
	uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return n <= 1 ? 0 : (uint32_t)(z % n);
}

uint32_t choose(Choice kind, uint32_t n)
{
	if (n <= 1 || !sim.choices)
		return 0;
	uint32_t v = sim.choices->next(n);
	if (sim.trace_on && v)
		trace_note(strf("choice %s: %u of %u", choice_name(kind), v, n));
	return v;
}

bool choose_percent(Choice kind, unsigned pct)
{
	if (!pct || !sim.choices)
		return false;
	bool r = sim.choices->percent(pct);
	if (sim.trace_on && r)
		trace_note(strf("choice %s: yes (%u%%)", choice_name(kind), pct));
	return r;
}

void trace_enable(bool on)
{
	sim.trace_on = on;
	trace_buf.clear();
}

void trace_note(const std::string &line)
{
	if (sim.trace_on)
		trace_buf.push_back(strf("[%llu] ", sim.steps) + line);
}

const std::vector<std::string> &trace_lines()
{
	return trace_buf;
}

} /* namespace kshim */
