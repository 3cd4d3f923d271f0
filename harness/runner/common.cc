// SPDX-License-Identifier: GPL-2.0
/*
 * What the runner's commands share: reading inputs (a scenario or a fuzz
 * input, told apart by their bytes), reports as JSON, and the title of an
 * ASan report that ends the process.
 */
#include "runner.h"
#include "reports.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace kctx::runner {

std::string read_file(const std::string &path, bool binary)
{
	std::ifstream f(path, binary ? std::ios::binary : std::ios::in);
	if (!f)
		throw ScenarioError(path + ":1:1: cannot read the file");
	std::stringstream ss;
	ss << f.rdbuf();
	return ss.str();
}

static bool is_text_scenario(const std::string &data)
{
	if (data.find('\0') != std::string::npos)
		return false;
	for (unsigned char c : data)
		if (c < 9 || (c > 13 && c < 32) || c > 126)
			return false;
	return true;
}

json report_json(const kshim::Report &r)
{
	json frames = json::array();
	for (const kshim::Frame *f : r.frames) {
		if (f->marker)
			continue;
		json j = { { "func", f->func }, { "inline", f->inlined } };
		if (!f->file.empty()) {
			j["file"] = f->file;
			j["line"] = f->line;
		}
		frames.push_back(j);
	}
	return { { "kind", r.kind }, { "title", r.title }, { "key", r.key }, { "comm", r.comm }, { "pid", r.pid },
		 { "cpu", r.cpu }, { "preempt_count", fmt::format("{:#x}", r.preempt_count) },
		 { "irqs_disabled", r.irqs_disabled }, { "rcu_depth", r.rcu_depth }, { "held_locks", r.held_locks },
		 { "frames", frames }, { "injected", r.injected }, { "text", r.text } };
}

bool starts(const std::string &s, const std::string &prefix)
{
	return s.compare(0, prefix.size(), prefix) == 0;
}


Program load_any(const std::string &path, const Pins &pins)
{
	std::string data = read_file(path, true);
	if (is_text_scenario(data) && (path.size() > 5 && path.substr(path.size() - 5) == ".kctx"))
		return parse_scenario(data, path);
	if (is_text_scenario(data) && data.find('\n') != std::string::npos) {
		try {
			return parse_scenario(data, path);
		} catch (const ScenarioError &) {
		}
	}
	Program p = decode_input((const uint8_t *)data.data(), data.size(), pins);
	p.file = path;
	return p;
}


#ifdef KCTX_ASAN_DEATH
std::string asan_title()
{
	std::string fn = kshim::function_at(__asan_get_report_pc());
	return fmt::format("AddressSanitizer: {} {} in {}", __asan_get_report_description(),
			   __asan_get_report_access_type() ? "Write" : "Read", fn);
}

std::vector<kshim::Report> reports_at_asan_death()
{
	std::vector<kshim::Report> reps = kshim::reports();
	name_reports(reps, variant().under_test);
	kshim::Report a;
	a.kind = "asan";
	a.title = a.key = asan_title();
	reps.push_back(a);
	return reps;
}
#endif

} /* namespace kctx::runner */
