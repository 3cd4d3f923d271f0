// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration knobs a user pins for a whole fuzzing run (kctx fuzz --set
 * KNOB=VALUE): one table, which the decoder applies to every input and
 * tools/kctx reads through `kctx-tool knobs`, so that a bad value is
 * refused before anything is built.
 */
#include "decoder.h"

#include <stdexcept>

namespace kctx {

static bool on_off(const std::string &v, bool *out)
{
	if (v != "on" && v != "off")
		return false;
	*out = v == "on";
	return true;
}

static bool number_in(const std::string &v, uint64_t lo, uint64_t hi, uint64_t *out)
{
	return parse_number(v, out) && *out >= lo && *out <= hi;
}

static const Knob knob_table[] = {
	{ "platform", [] { return kshim::platform_choices(); },
	  [](Program &p, const std::string &v) { return kshim::parse_platform(v, &p.mc.platform); } },
	{ "preempt", [] { return kshim::preempt_choices(); },
	  [](Program &p, const std::string &v) { return kshim::parse_preempt(v, &p.mc.preempt); } },
	{ "rcu", [] { return kshim::rcu_mode_choices(); },
	  [](Program &p, const std::string &v) { return kshim::parse_rcu_mode(v, &p.mc.rcu); } },
	{ "cpus", [] { return std::string("1-4"); },
	  [](Program &p, const std::string &v) {
		  uint64_t n;
		  if (!number_in(v, 1, 4, &n))
			  return false;
		  p.mc.ncpus = (unsigned)n;
		  return true;
	  } },
	{ "bbml2", [] { return std::string("on|off (arm64 platforms)"); },
	  [](Program &p, const std::string &v) { return on_off(v, &p.mc.cca_bbml2); } },
	{ "lockdep", [] { return std::string("on|off"); },
	  [](Program &p, const std::string &v) { return on_off(v, &p.mc.lockdep); } },
	{ "swiotlb", [] { return std::string("the swiotlb= parameter, e.g. 128,1,force"); },
	  [](Program &p, const std::string &v) {
		  p.sw.param = v;
		  return true;
	  } },
	{ "preemptions", [] { return std::string("0-255"); },
	  [](Program &p, const std::string &v) {
		  uint64_t n;
		  if (!number_in(v, 0, 255, &n))
			  return false;
		  p.mc.max_preemptions = (unsigned)n;
		  return true;
	  } },
	{ "fail_alloc_prob", [] { return std::string("0-100"); },
	  [](Program &p, const std::string &v) {
		  uint64_t n;
		  if (!number_in(v, 0, 100, &n))
			  return false;
		  p.mc.fail_alloc_prob = (unsigned)n;
		  return true;
	  } },
	{ "fail_setmem_prob", [] { return std::string("0-100"); },
	  [](Program &p, const std::string &v) {
		  uint64_t n;
		  if (!number_in(v, 0, 100, &n))
			  return false;
		  p.mc.fail_setmem_prob = (unsigned)n;
		  return true;
	  } },
	{ "mask", [] { return std::string("1-64 (device DMA mask bits)"); },
	  [](Program &p, const std::string &v) {
		  uint64_t n;
		  if (!number_in(v, 1, 64, &n))
			  return false;
		  for (DevDecl &d : p.devs)
			  d.spec.dma_mask = d.spec.coherent_dma_mask = n == 64 ? ~0ULL : (1ULL << n) - 1;
		  return true;
	  } },
};

const std::vector<const Knob *> &knobs()
{
	static const std::vector<const Knob *> all = [] {
		std::vector<const Knob *> v;
		for (const Knob &k : knob_table)
			v.push_back(&k);
		return v;
	}();
	return all;
}

static const Knob *find_knob(const std::string &name)
{
	for (const Knob *k : knobs())
		if (name == k->name)
			return k;
	return nullptr;
}

bool Pins::parse(const std::string &s, std::string *err)
{
	size_t start = 0;
	while (start < s.size()) {
		size_t comma = s.find(',', start);
		std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
		start = comma == std::string::npos ? s.size() : comma + 1;
		if (item.empty())
			continue;
		size_t eq = item.find('=');
		if (eq == std::string::npos && !kv.empty() && kv.back().first == "swiotlb") {
			/* swiotlb=128,1,force: its value has commas of its own */
			std::string v = kv.back().second + "," + item;
			Program probe;
			if (!find_knob("swiotlb")->set(probe, v)) {
				*err = "bad value '" + v + "' for --set swiotlb (expected " + find_knob("swiotlb")->values() + ")";
				return false;
			}
			kv.back().second = v;
			continue;
		}
		if (eq == std::string::npos) {
			*err = "expected KNOB=VALUE, got '" + item + "'";
			return false;
		}
		std::string k = item.substr(0, eq), v = item.substr(eq + 1);
		const Knob *knob = find_knob(k);
		if (!knob) {
			std::string known;
			for (const Knob *x : knobs())
				known += std::string(known.empty() ? "" : ", ") + x->name;
			*err = "unknown knob '" + k + "' (known: " + known + ")";
			return false;
		}
		Program probe;
		probe.devs.emplace_back();
		if (!knob->set(probe, v)) {
			*err = "bad value '" + v + "' for --set " + k + " (expected " + knob->values() + ")";
			return false;
		}
		kv.push_back({ k, v });
	}
	return true;
}

void Pins::apply(Program &p) const
{
	for (const auto &item : kv)
		if (!find_knob(item.first)->set(p, item.second))
			throw std::runtime_error("bad value '" + item.second + "' for --set " + item.first);
}

} /* namespace kctx */
