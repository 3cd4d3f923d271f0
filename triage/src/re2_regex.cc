// SPDX-License-Identifier: GPL-2.0
/*
 * The RE2 side of the title rules: placeholder expansion as syzkaller's
 * compile() does it, lazy compilation, and Go-style match results.
 */
#include "re2_regex.h"

#include <re2/re2.h>

#include <algorithm>
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

namespace {

bool is_meta(char c)
{
	return sv("\\.+*?()|[]{}^$").find(c) != sv::npos;
}

bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* An escaped punctuation character ("\(", "\<") stands for itself. */
bool is_escaped_literal(sv re, size_t i)
{
	return re[i] == '\\' && i + 1 < re.size() && !is_alnum(re[i + 1]) &&
	       static_cast<unsigned char>(re[i + 1]) < 0x80;
}

/* The end of the class or group that starts at re[i]; npos if unbalanced. */
size_t skip_class(sv re, size_t i)
{
	size_t j = i + 1;
	if (j < re.size() && re[j] == '^')
		j++;
	if (j < re.size() && re[j] == ']')
		j++;	/* "]" first is a member */
	while (j < re.size() && re[j] != ']')
		j += re[j] == '\\' ? 2 : 1;
	return j < re.size() ? j + 1 : sv::npos;
}

size_t skip_group(sv re, size_t i)
{
	int depth = 0;
	for (size_t j = i; j < re.size(); j++) {
		if (re[j] == '\\') {
			j++;
		} else if (re[j] == '[') {
			j = skip_class(re, j);
			if (j == sv::npos)
				return sv::npos;
			j--;
		} else if (re[j] == '(') {
			depth++;
		} else if (re[j] == ')' && --depth == 0) {
			return j + 1;
		}
	}
	return sv::npos;
}

/* Split at the '|'s outside groups and classes. */
std::vector<sv> top_level_branches(sv re)
{
	std::vector<sv> out;
	size_t from = 0;
	for (size_t i = 0; i < re.size();) {
		size_t next = i + 1;
		if (re[i] == '\\')
			next = i + 2;
		else if (re[i] == '[')
			next = skip_class(re, i);
		else if (re[i] == '(')
			next = skip_group(re, i);
		else if (re[i] == '|') {
			out.push_back(re.substr(from, i - from));
			from = i + 1;
		}
		if (next == sv::npos)
			return { re };	/* not understood: one branch */
		i = next;
	}
	out.push_back(re.substr(from));
	return out;
}

/* A group's body as literal alternatives ("a|b\.c"), or nothing. */
std::optional<std::vector<std::string>> literal_alternatives(sv body)
{
	if (body.substr(0, 2) == "?:")
		body.remove_prefix(2);
	std::vector<std::string> alts(1);
	for (size_t i = 0; i < body.size(); i++) {
		if (is_escaped_literal(body, i))
			alts.back() += body[++i];
		else if (body[i] == '|')
			alts.emplace_back();
		else if (is_meta(body[i]))
			return std::nullopt;
		else
			alts.back() += body[i];
	}
	for (const std::string &a : alts)
		if (a.empty())
			return std::nullopt;
	return alts;
}

/*
 * Scan the top level of a pattern for what every match must contain.  A run
 * of literal characters there is in every match (unless a quantifier makes
 * its last character optional), and a group of literal alternatives puts one
 * of them in every match.  What the scan does not understand (flags, a '|' at
 * the top level, exotic escapes) it leaves out, which only costs speed.
 */
Regex::Needs analyze(sv re)
{
	Regex::Needs n;
	for (size_t p = re.find("(?"); p != sv::npos; p = re.find("(?", p + 1))
		if (p + 2 >= re.size() || re[p + 2] != ':')
			return {};	/* flags such as (?i) change what a literal matches */
	if (top_level_branches(re).size() != 1)
		return {};

	std::string run;
	bool at_start = true, plain = true;
	auto end_run = [&] {
		if (!run.empty()) {
			if (at_start)
				n.leading = run;
			n.all.push_back(run);
			run.clear();
		}
		at_start = false;
	};
	auto is_quantifier = [&](size_t i) {
		return i < re.size() && (re[i] == '*' || re[i] == '?' || re[i] == '+' || re[i] == '{');
	};
	/* past a quantifier at i (and its lazy '?') */
	auto skip_quantifier = [&](size_t i) {
		if (re[i] == '{') {
			size_t e = re.find('}', i);
			i = e == sv::npos ? re.size() : e + 1;
		} else {
			i++;
		}
		if (i < re.size() && re[i] == '?')
			i++;
		return i;
	};

	size_t i = 0;
	while (i < re.size()) {
		char c = re[i];
		char lit = 0;
		size_t next = i + 1;
		if (is_escaped_literal(re, i)) {
			lit = re[i + 1];
			next = i + 2;
		} else if (c == '\\') {
			if (i + 1 >= re.size() || sv("dDwWsSnt").find(re[i + 1]) == sv::npos)
				return {};	/* \x41, \p{..}, \Q..\E: not worth understanding */
			next = i + 2;
		} else if (c == '[') {
			next = skip_class(re, i);
		} else if (c == '(') {
			next = skip_group(re, i);
			if (next != sv::npos && !is_quantifier(next) && next - i >= 2) {
				auto alts = literal_alternatives(re.substr(i + 1, next - i - 2));
				if (alts)
					n.any.push_back(std::move(*alts));
			}
		} else if (c == ')' || c == '|' || c == '*' || c == '+' || c == '?' || c == '{') {
			return {};	/* a quantifier with nothing to quantify: leave it to RE2 */
		} else if (c != '.' && c != '^' && c != '$') {
			lit = c;
		}
		if (next == sv::npos)
			return {};
		if (!lit) {
			plain = false;
			end_run();
			i = is_quantifier(next) ? skip_quantifier(next) : next;
			continue;
		}
		if (!is_quantifier(next)) {
			run += lit;
			i = next;
			continue;
		}
		plain = false;
		if (re[next] == '+')
			run += lit;	/* at least once, but what follows need not be adjacent */
		end_run();
		i = skip_quantifier(next);
	}
	end_run();
	n.pure = plain && n.all.size() == 1 && n.leading == n.all[0];
	return n;
}

} /* namespace */

bool Regex::Needs::met_by(sv text) const
{
	for (const std::string &s : all)
		if (text.find(s) == sv::npos)
			return false;
	for (const auto &alts : any) {
		bool found = false;
		for (const std::string &s : alts)
			found = found || text.find(s) != sv::npos;
		if (!found)
			return false;
	}
	return true;
}

Regex::Regex(std::string pattern) : source_(std::move(pattern))
{
}

void Regex::prepare() const
{
	std::call_once(prepared_, [this] {
		pattern_ = expand_placeholders(source_);
		needs_ = analyze(pattern_);
	});
}

const Regex::Needs &Regex::needs() const
{
	prepare();
	return needs_;
}

const std::string &Regex::pattern() const
{
	prepare();
	return pattern_;
}

Regex::~Regex() = default;

const re2::RE2 &Regex::re2() const
{
	prepare();
	std::call_once(compiled_, [this] {
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
	const Needs &n = needs();
	if (!n.met_by(text))
		return false;
	if (n.pure)
		return true;
	return re2::RE2::PartialMatch(piece(text), re2());
}

std::optional<Match> Regex::find(sv text) const
{
	const Needs &nd = needs();
	if (!nd.met_by(text))
		return std::nullopt;
	size_t lit = nd.leading.empty() ? 0 : text.find(nd.leading);
	if (nd.pure)
		return Match{ lit, lit + nd.leading.size(), {} };
	const re2::RE2 &re = re2();
	int n = 1 + re.NumberOfCapturingGroups();
	std::vector<re2::StringPiece> sub(n);
	/* every match starts with the literal: none starts before it */
	if (!re.Match(piece(text), lit, text.size(), re2::RE2::UNANCHORED, sub.data(), n))
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

PatternList::PatternList(std::vector<const char *> patterns) : sources_(std::move(patterns))
{
}

void PatternList::prepare() const
{
	std::call_once(prepared_, [this] { sort_out(); });
}

void PatternList::sort_out() const
{
	std::string rest;
	std::vector<sv> branches;
	for (const char *p : sources_)
		for (sv b : top_level_branches(p))
			branches.push_back(b);
	for (sv p : branches) {
		sv body(p);
		bool head = !body.empty() && body.front() == '^';
		if (head)
			body.remove_prefix(1);
		bool tail = !body.empty() && body.back() == '$';
		if (tail)
			body.remove_suffix(1);
		bool literal = !body.empty() && std::none_of(body.begin(), body.end(), is_meta);
		if (!literal) {
			auto re = std::make_unique<Regex>(std::string(p));
			if (re->has_needs())
				prefixed_.push_back(std::move(re));
			else
				rest += std::string(rest.empty() ? "(?:" : "|(?:") + std::string(p) + ")";
		} else if (head && tail) {
			whole_.emplace_back(body);
		} else if (head) {
			heads_.emplace_back(body);
		} else if (tail) {
			tails_.emplace_back(body);
		} else {
			floating_.emplace_back(body);
		}
	}
	/* Long lists are searched by first byte; short ones need no index. */
	if (floating_.size() > 8) {
		std::stable_sort(floating_.begin(), floating_.end(), [](const std::string &a, const std::string &b) {
			return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
		});
		first_.assign(257, 0);
		for (const std::string &f : floating_)
			first_[static_cast<unsigned char>(f[0]) + 1]++;
		for (size_t b = 1; b < first_.size(); b++)
			first_[b] += first_[b - 1];
	}
	if (!rest.empty())
		rest_ = std::make_unique<Regex>(rest);
}

bool PatternList::search(sv text) const
{
	prepare();
	for (const std::string &w : whole_)
		if (text == w)
			return true;
	for (const std::string &h : heads_)
		if (text.substr(0, h.size()) == h)
			return true;
	for (const std::string &t : tails_)
		if (text.size() >= t.size() && text.substr(text.size() - t.size()) == t)
			return true;
	if (first_.empty()) {
		for (const std::string &f : floating_)
			if (text.find(f) != sv::npos)
				return true;
	} else {
		for (size_t i = 0; i < text.size(); i++) {
			unsigned char b = static_cast<unsigned char>(text[i]);
			for (size_t k = first_[b]; k < first_[b + 1]; k++)
				if (text.substr(i, floating_[k].size()) == floating_[k])
					return true;
		}
	}
	for (const auto &re : prefixed_)
		if (re->search(text))
			return true;
	return rest_ && rest_->search(text);
}

std::vector<const Regex *> PatternList::regexes() const
{
	prepare();
	std::vector<const Regex *> v;
	for (const auto &re : prefixed_)
		v.push_back(re.get());
	if (rest_)
		v.push_back(rest_.get());
	return v;
}

bool Regex::may_match(sv text) const
{
	return needs().met_by(text);
}

std::string replace_all(const Regex &re, std::string text, const char *rewrite)
{
	if (!re.may_match(text))
		return text;
	re2::RE2::GlobalReplace(&text, re.re2(), rewrite);
	return text;
}

} /* namespace triage::detail */
