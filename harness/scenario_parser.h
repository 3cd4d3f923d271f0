/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario parser's insides, shared by its three files:
 * scenario_parse.cc (lines, tokens, the program's structure),
 * scenario_header.cc (directives: the machine, devices, buffers,
 * expectations) and scenario_ops.cc (contexts and operations).
 */
#pragma once

#include "handles.h"
#include "scenario.h"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

namespace kctx {

struct Tok {
	std::string s;
	int col;
	bool quoted;
};

class Parser {
public:
	Parser(const std::string &file) : file_(file) {}
	Program run(const std::string &text);

private:
	/* Messages quote the input: bytes that are not printable ASCII are written \xNN. */
	[[noreturn]] void fail(int col, const std::string &msg)
	{
		std::string safe;
		for (unsigned char c : msg)
			safe += c >= 0x20 && c < 0x7f ? std::string(1, (char)c) : fmt::format("\\x{:02x}", c);
		throw ScenarioError(fmt::format("{}:{}:{}: {}", file_, line_, col, safe));
	}
	std::vector<Tok> lex(const std::string &l);
	void directive(const std::vector<Tok> &t);
	/* A bare word (a version, a path, a parameter): it must print back unquoted. */
	const std::string &word(const Tok &t, const std::string &what)
	{
		bool ok = !t.s.empty();
		for (char c : t.s)
			ok &= !isspace((unsigned char)c) && c != '"' && c != '#' && c != '\\';
		if (!ok)
			fail(t.col, fmt::format("expected {} without spaces, quotes or '#', got '{}'", what, t.s));
		return t.s;
	}
	/* Names of devices, buffers, mappings and locks: identifiers, so that they print back as they read. */
	const std::string &name_of(const Tok &t, const std::string &what)
	{
		bool ok = !t.quoted && !t.s.empty();
		for (char c : t.s)
			ok &= isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
		if (!ok)
			fail(t.col, fmt::format("expected {} (letters, digits, '_', '-', '.'), got '{}'", what, t.s));
		return t.s;
	}
	Op operation(std::vector<Tok> t);
	static std::vector<std::string> keys_of(const OpInfo &info);
	void argument(Op &op, Arg a, const Tok &v);
	Ctx context(const Tok &t);
	uint64_t number(const Tok &t, const std::string &what);
	uint64_t ranged(const Tok &t, const std::string &what, uint64_t min, uint64_t max)
	{
		uint64_t n = number(t, what);
		if (n < min || n > max)
			fail(t.col, fmt::format("expected {} from {} to {}, got '{}'", what, min, max, t.s));
		return n;
	}
	uint64_t mask(const Tok &t, const std::string &what);
	bool onoff(const std::vector<Tok> &t, size_t i);
	void need(const std::vector<Tok> &t, size_t n, const std::string &what);
	std::map<std::string, Tok> keyvals(const std::vector<Tok> &t, size_t from, std::vector<Tok> *pos,
					   const std::vector<std::string> &keys);

	std::string file_;
	int line_ = 0;
	Program p_;
	Handles handles_;	/* which mappings exist at the current line */
	Step *block_ = nullptr;
	int block_line_ = 0;
	int noforce_line_ = 0, noforce_col_ = 0;
	int bbml2_line_ = 0;
};

} /* namespace kctx */
