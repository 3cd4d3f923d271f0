// SPDX-License-Identifier: GPL-2.0
/*
 * The RE2 side of the title rules: placeholder expansion as syzkaller's
 * compile() does it, lazy compilation, and Go-style match results.
 */
#include "re2_regex.h"

#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace triage::detail {

std::string expand_placeholders(std::string re)
{
	/* pkg/report/report.go, compile() */
	static const std::pair<sv, sv> table[] = {
		{ "{{ADDR}}", "0x[0-9a-f]+" },
		{ "{{PC}}", "\\[\\<?(?:0x)?[0-9a-f]+\\>?\\]" },
		{ "{{FUNC}}", "([a-zA-Z0-9_]+)(?:\\.|\\+)" },
		{ "{{SRC}}", "([a-zA-Z0-9-_/.]+\\.[a-z]+:[0-9]+)" },
		{ "{{TASK}}", "[\\s\\S]{0,100}?" },
	};
	for (const auto &[name, with] : table)
		for (size_t p = re.find(name); p != std::string::npos; p = re.find(name, p + with.size()))
			re.replace(p, name.size(), with);
	return re;
}

Regex::Regex(std::string pattern) : pattern_(expand_placeholders(std::move(pattern)))
{
}

Regex::~Regex() = default;

const re2::RE2 &Regex::re2() const
{
	std::call_once(once_, [this] {
		re2::RE2::Options o;
		o.set_encoding(re2::RE2::Options::EncodingLatin1);
		o.set_log_errors(false);
		re_ = std::make_unique<re2::RE2>(pattern_, o);
		if (!re_->ok()) {
			/* The rules are constants: this is a bug in the table. */
			std::fprintf(stderr, "triage: bad rule /%s/: %s\n", pattern_.c_str(), re_->error().c_str());
			std::abort();
		}
	});
	return *re_;
}

static re2::StringPiece piece(sv s)
{
	return re2::StringPiece(s.data(), s.size());
}

bool Regex::search(sv text) const
{
	return re2::RE2::PartialMatch(piece(text), re2());
}

std::optional<Match> Regex::find(sv text) const
{
	const re2::RE2 &re = re2();
	int n = 1 + re.NumberOfCapturingGroups();
	std::vector<re2::StringPiece> sub(n);
	if (!re.Match(piece(text), 0, text.size(), re2::RE2::UNANCHORED, sub.data(), n))
		return std::nullopt;
	Match m;
	m.begin = sub[0].data() - text.data();
	m.end = m.begin + sub[0].size();
	for (int i = 1; i < n; i++) {
		if (sub[i].data() == nullptr)
			m.groups.push_back(std::nullopt);
		else
			m.groups.push_back(sv(sub[i].data(), sub[i].size()));
	}
	return m;
}

std::string any_of(const std::vector<std::string> &patterns)
{
	std::string all;
	for (const std::string &p : patterns) {
		if (!all.empty())
			all += '|';
		all += "(?:" + expand_placeholders(p) + ")";
	}
	/* No pattern: a class no byte is in, so nothing matches. */
	return all.empty() ? "[^\\x00-\\xff]" : all;
}

std::string replace_all(const Regex &re, std::string text, const char *rewrite)
{
	re2::RE2::GlobalReplace(&text, re.re2(), rewrite);
	return text;
}

} /* namespace triage::detail */
