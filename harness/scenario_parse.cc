// SPDX-License-Identifier: GPL-2.0
/*
 * The .kctx scenario format.  Line-oriented, for people: directives configure
 * the machine, "device" and "buffer" declare the DMA actors, operations run
 * in a context ("task0@cpu1 +irqs_off: map m0 dev0 b0"), "parallel { }"
 * groups operations that run at the same time, and "expect" lines state
 * the result.  Every error names file:line:column and what was expected.
 */
#include "scenario_parser.h"

#include <fstream>
#include <sstream>

namespace kctx {

std::vector<Tok> Parser::lex(const std::string &l)
{
	std::vector<Tok> out;
	size_t i = 0;
	while (i < l.size()) {
		if (l[i] == ' ' || l[i] == '\t' || l[i] == '\r') {
			i++;
			continue;
		}
		if (l[i] == '#')
			break;
		if (l[i] == '"') {
			size_t j = i + 1;
			std::string s;
			while (j < l.size() && l[j] != '"') {
				if (l[j] == '\\' && j + 1 < l.size())
					j++;
				s += l[j++];
			}
			if (j >= l.size())
				fail((int)i + 1, "unterminated string: expected a closing '\"'");
			out.push_back({ s, (int)i + 1, true });
			i = j + 1;
			continue;
		}
		size_t j = i;
		while (j < l.size() && l[j] != ' ' && l[j] != '\t' && l[j] != '\r' && l[j] != '#')
			j++;
		out.push_back({ l.substr(i, j - i), (int)i + 1, false });
		i = j;
	}
	return out;
}

uint64_t Parser::number(const Tok &t, const std::string &what)
{
	uint64_t v;
	if (!parse_number(t.s, &v))
		fail(t.col, fmt::format("expected {} (a number like 4096, 0x1000 or 64K), got '{}'", what, t.s));
	return v;
}

/* A DMA mask: a bit count ("32") or a value ("0xffffffff"). */
uint64_t Parser::mask(const Tok &t, const std::string &what)
{
	uint64_t v = number(t, what);
	if (t.s.rfind("0x", 0) == 0)
		return v;
	if (v > 64)
		fail(t.col, fmt::format("expected {} as a bit count up to 64 or a 0x value, got '{}'", what, t.s));
	return v == 64 ? ~0ULL : (v ? (1ULL << v) - 1 : 0);
}

void Parser::need(const std::vector<Tok> &t, size_t n, const std::string &what)
{
	if (t.size() <= n) {
		int col = t.empty() ? 1 : t.back().col + (int)t.back().s.size() + 1;
		fail(col, "expected " + what);
	}
}

bool Parser::onoff(const std::vector<Tok> &t, size_t i)
{
	need(t, i, "'on' or 'off'");
	if (t[i].s == "on")
		return true;
	if (t[i].s == "off")
		return false;
	fail(t[i].col, fmt::format("expected 'on' or 'off', got '{}'", t[i].s));
}

std::map<std::string, Tok> Parser::keyvals(const std::vector<Tok> &t, size_t from, std::vector<Tok> *pos,
					   const std::vector<std::string> &keys)
{
	std::map<std::string, Tok> kv;
	for (size_t i = from; i < t.size(); i++) {
		size_t eq = t[i].s.find('=');
		std::string k = eq == std::string::npos ? t[i].s : t[i].s.substr(0, eq);
		bool known = false;
		for (auto &key : keys)
			known |= key == k;
		if (eq == std::string::npos && !known) {
			if (pos)
				pos->push_back(t[i]);
			else
				fail(t[i].col, fmt::format("unexpected '{}'", t[i].s));
			continue;
		}
		if (!known) {
			std::string list;
			for (auto &key : keys)
				list += (list.empty() ? "" : ", ") + key;
			fail(t[i].col, fmt::format("unknown option '{}': expected one of {}", k, list));
		}
		if (kv.count(k))
			fail(t[i].col, fmt::format("option '{}' given twice", k));
		kv[k] = { eq == std::string::npos ? "" : t[i].s.substr(eq + 1), t[i].col + (int)k.size() + 1, false };
	}
	return kv;
}

Program Parser::run(const std::string &text)
{
	p_.file = file_;
	std::stringstream ss(text);
	std::string l;
	bool header = true;
	while (std::getline(ss, l)) {
		line_++;
		if (l.find('\0') != std::string::npos)
			fail(1, "expected text, found a NUL byte (is this a fuzz input? use 'tools/kctx decode')");
		size_t first = l.find_first_not_of(" \t\r");
		if (first != std::string::npos && l[first] == '#') {
			if (header)
				p_.comments.push_back(l.substr(first));
			continue;
		}
		std::vector<Tok> t = lex(l);
		if (t.empty())
			continue;
		header = false;
		if (t.size() == 2 && t[0].s == "parallel" && t[1].s == "{") {
			if (block_)
				fail(t[0].col, "parallel blocks do not nest");
			p_.steps.push_back(Step{ true, {} });
			block_ = &p_.steps.back();
			block_line_ = line_;
			continue;
		}
		if (t.size() == 1 && t[0].s == "}") {
			if (!block_)
				fail(t[0].col, "'}' without 'parallel {'");
			if (block_->ops.empty())
				fail(t[0].col, "expected at least one operation in the parallel block");
			block_ = nullptr;
			handles_.end_step();
			continue;
		}
		directive(t);
	}
	if (block_) {
		line_ = block_line_;
		fail(1, "expected '}' to close this parallel block");
	}
	/*
	 * swiotlb_exit() runs at boot only when x86's GART took over DMA
	 * (pci_iommu_init); devices then use the GART's DMA ops, which kctx
	 * does not model.  Only devices that never bounce keep the model
	 * faithful: trusted, 64-bit, not forced.
	 */
	if (p_.sw.exit_at_boot) {
		for (const DevDecl &d : p_.devs)
			if (d.spec.untrusted || d.spec.restricted || d.spec.dma_mask != ~0ULL) {
				line_ = d.line;
				fail(1, fmt::format("device '{}' would need the GART's DMA ops after swiotlb_exit, which kctx "
						    "does not model: with 'swiotlb_exit on' use trusted 64-bit devices",
						    d.spec.name));
			}
	}
	/* pci_swiotlb_detect() and arm64's mem_init() always force bouncing in a confidential guest */
	if (p_.sw.force_flag == 0 && p_.mc.cc_guest()) {
		line_ = noforce_line_;
		fail(noforce_col_, fmt::format("noforce: on {} the architecture always passes SWIOTLB_FORCE, so all "
					       "DMA is bounced through shared memory",
					       kshim::platform_name(p_.mc.platform)));
	}
	/* BBML2_NOABORT is an arm64 CPU feature */
	if (bbml2_line_ && p_.mc.arch() != kshim::Arch::arm64) {
		line_ = bbml2_line_;
		fail(1, fmt::format("bbml2: an arm64 CPU feature, and platform {} is {}", kshim::platform_name(p_.mc.platform),
				    kshim::arch_name(p_.mc.arch())));
	}
	/* no expectations is fine for 'run'; --check requires them */
	return p_;
}

Program parse_scenario(const std::string &text, const std::string &file)
{
	Parser p(file);
	return p.run(text);
}

Program load_scenario(const std::string &path)
{
	std::ifstream f(path, std::ios::binary);
	if (!f)
		throw ScenarioError(path + ":1:1: cannot read the file");
	std::stringstream ss;
	ss << f.rdbuf();
	return parse_scenario(ss.str(), path);
}

} /* namespace kctx */
