// SPDX-License-Identifier: GPL-2.0
/*
 * The minimiser: operation-level delta debugging of a crash or scenario
 * while its de-duplication key stays; a seed becomes the explicit choices
 * it took, and choices that do not matter become 0.  Candidates run in a
 * child process (isolate.cc).
 */
#include "runner.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace kctx::runner {

namespace fs = std::filesystem;

/*
 * Operation-level delta debugging: drop steps and operations while the key
 * stays.  The key is the headline's, or a given one the run reports
 * anywhere (a fuzz input is kept for each new key it reports, and the one
 * it was kept for need not come first).
 */
int cmd_minimize(const std::string &in, const std::string &outp, int seconds, const Pins &pins, std::string key)
{
	Program p = load_any(in, pins);
	Verdict first = run_isolated(p, p.choices.empty() && p.has_seed);
	std::string title = first.title;
	if (key.empty()) {
		key = first.key;
	} else if (const std::string *t = first.title_of(key)) {
		title = *t;
	} else {
		fprintf(stderr, "kctx: error: %s does not report \"%s\"\n", in.c_str(), key.c_str());
		return 2;
	}
	if (title.empty()) {
		fprintf(stderr, "kctx: error: %s reports nothing; there is nothing to minimise\n", in.c_str());
		return 2;
	}
	if (p.choices.empty() && p.has_seed) {
		/* a seed becomes the explicit choices it made, which can then shrink */
		Program c = p;
		c.has_seed = false;
		c.choices = first.choices;
		while (!c.choices.empty() && c.choices.back() == 0)
			c.choices.pop_back();
		if (run_isolated(c, false).title_of(key))
			p = c;
	}
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
	auto same = [&](const Program &c) { return run_isolated(c, false).title_of(key) != nullptr; };
	bool progress = true;
	while (progress && std::chrono::steady_clock::now() < deadline) {
		progress = false;
		for (size_t chunk = std::max<size_t>(1, p.steps.size() / 2); chunk >= 1; chunk /= 2) {
			for (size_t i = 0; i + chunk <= p.steps.size() && std::chrono::steady_clock::now() < deadline;) {
				Program c = p;
				c.steps.erase(c.steps.begin() + i, c.steps.begin() + i + chunk);
				if (same(c)) {
					p = c;
					progress = true;
				} else {
					i += chunk;
				}
			}
			if (chunk == 1)
				break;
		}
		for (size_t s = 0; s < p.steps.size(); s++) {
			if (p.steps[s].ops.size() < 2)
				continue;
			for (size_t i = 0; i < p.steps[s].ops.size() && p.steps[s].ops.size() > 1;) {
				Program c = p;
				c.steps[s].ops.erase(c.steps[s].ops.begin() + i);
				if (same(c)) {
					p = c;
					progress = true;
				} else {
					i++;
				}
			}
			if (p.steps[s].ops.size() == 1)
				p.steps[s].parallel = false;
		}
		/* fewer schedule choices (0 is the quiet default), then fewer decorations */
		while (!p.choices.empty() && std::chrono::steady_clock::now() < deadline) {
			Program c = p;
			c.choices.resize(c.choices.size() / 2);
			if (!same(c))
				break;
			p = c;
			progress = true;
		}
		for (size_t i = 0; i < p.choices.size() && std::chrono::steady_clock::now() < deadline; i++) {
			if (!p.choices[i])
				continue;
			Program c = p;
			c.choices[i] = 0;
			if (same(c)) {
				p = c;
				progress = true;
			}
		}
		while (!p.choices.empty() && p.choices.back() == 0)
			p.choices.pop_back();
		for (Step &st : p.steps)
			for (Op &op : st.ops)
				for (size_t d = 0; d < op.ctx.decor.size();) {
					Program c = p;
					Op &cop = c.steps[&st - &p.steps[0]].ops[&op - &st.ops[0]];
					cop.ctx.erase(d);
					if (same(c)) {
						op.ctx.erase(d);
						progress = true;
					} else {
						d++;
					}
				}
	}
	/* drop devices and buffers nothing uses */
	auto used = [&](const std::string &n) {
		for (const Step &st : p.steps)
			for (const Op &op : st.ops)
				if (op.dev == n || op.buf == n)
					return true;
		return false;
	};
	std::erase_if(p.devs, [&](const DevDecl &d) { return !used(d.spec.name); });
	std::erase_if(p.bufs, [&](const BufDecl &b) { return !used(b.name); });
	if (!same(p)) {
		fprintf(stderr, "kctx: warning: dropping unused declarations changed the result; keeping them\n");
		p = load_any(in, pins);
	}
	p.kernel = variant().kernel_version;
	p.expects.clear();
	p.expects.push_back(Expect{ Expect::report, title, 0 });
	p.comments.clear();
	p.comments.push_back(fmt::format("# minimised from {} by tools/kctx minimize", fs::path(in).filename().string()));
	p.comments.push_back("# title: " + title);
	p.comments.push_back("# key:   " + key);
	std::string text = print_scenario(p);
	if (outp.empty())
		fputs(text.c_str(), stdout);
	else
		std::ofstream(outp) << text;
	fprintf(stderr, "kctx: %s\n", title.c_str());
	return 0;
}

} /* namespace kctx::runner */
