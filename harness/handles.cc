// SPDX-License-Identifier: GPL-2.0
/* Static mapping lifetimes (handles.h). */
#include "handles.h"

#include <fmt/format.h>

#include <algorithm>

namespace kctx {

std::string Handles::check(const Op &op) const
{
	const HandleSpec &h = op.info().handle;
	if (h.use == HandleUse::none)
		return "";
	if (h.use != HandleUse::uses) {
		auto s = step_names_.find(op.name);
		if (s != step_names_.end())
			return fmt::format("line {} of this parallel block makes or ends '{}' too: one operation of a "
					   "block may do that to a name", s->second, op.name);
	}
	auto it = live_.find(op.name);
	if (h.use == HandleUse::makes) {
		if (it == live_.end())
			return "";
		return fmt::format("'{}' is mapped already (by {} on line {}): end that mapping first, or use another "
				   "name", op.name, op_name(it->second.by), it->second.line);
	}
	if (it == live_.end()) {
		auto e = ended_.find(op.name);
		if (e != ended_.end())
			return fmt::format("'{}' was unmapped on line {}: {} has no mapping to work on", op.name, e->second,
					   op_name(op.code));
		return fmt::format("no mapping '{}': no earlier operation makes it", op.name);
	}
	if (!h.allows(it->second.kind))
		return fmt::format("'{}' was made by {} (line {}), which {} does not take", op.name,
				   op_name(it->second.by), it->second.line, op_name(op.code));
	return "";
}

void Handles::add(const Op &op)
{
	const HandleSpec &h = op.info().handle;
	if (h.use == HandleUse::makes)
		next_[op.name] = Made{ (MapKind)h.kinds, op.code, op.line };
	else if (h.use == HandleUse::ends)
		next_.erase(op.name);
	if (h.use == HandleUse::makes || h.use == HandleUse::ends)
		step_names_[op.name] = op.line;
}

void Handles::end_step()
{
	for (const auto &[name, line] : step_names_) {
		if (next_.count(name))
			ended_.erase(name);
		else
			ended_[name] = line;
	}
	live_ = next_;
	step_names_.clear();
}

void drop_bad_handles(Program &p)
{
	Handles h;
	for (Step &s : p.steps) {
		std::erase_if(s.ops, [&](const Op &op) {
			if (!h.check(op).empty())
				return true;
			h.add(op);
			return false;
		});
		h.end_step();
	}
	std::erase_if(p.steps, [](const Step &s) { return s.ops.empty(); });
	for (Step &s : p.steps)
		s.parallel &= s.ops.size() > 1;
}

} /* namespace kctx */
