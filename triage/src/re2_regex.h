/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Regular expressions for the title rules: RE2 with Go's regexp syntax, the
 * way syzkaller writes its rules.
 *
 * Patterns are compiled in Latin-1 mode, so a pattern sees bytes: binary or
 * invalid UTF-8 console output cannot make a match fail the way UTF-8 decoding
 * would, and '.' is any byte but '\n'.  Every rule is ASCII, so for ASCII
 * input this is Go's semantics exactly.
 *
 * A Regex compiles on first use (thread-safe): a process that classifies one
 * report compiles only the rules that report reaches.
 */
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace triage::detail {

using sv = std::string_view;

/*
 * syzkaller's compile(): the placeholders {{ADDR}}, {{PC}}, {{FUNC}}, {{SRC}}
 * and {{TASK}} become the regexps they stand for.
 */
std::string expand_placeholders(std::string pattern);

struct Match {
	size_t begin = 0, end = 0;
	/* Capture groups 1..n; nullopt for a group that took no part (Go's nil). */
	std::vector<std::optional<sv>> groups;
};

class Regex {
public:
	/* `pattern` in Go syntax, placeholders allowed. */
	explicit Regex(std::string pattern);
	~Regex();
	Regex(const Regex &) = delete;
	Regex &operator=(const Regex &) = delete;

	/* Go's re.Match / MatchString: a match anywhere in `text`. */
	bool search(sv text) const;
	/* Go's FindSubmatchIndex: the leftmost-first match with its groups. */
	std::optional<Match> find(sv text) const;

	const std::string &pattern() const { return pattern_; }
	const re2::RE2 &re2() const;

private:
	std::string pattern_;
	mutable std::once_flag once_;
	mutable std::unique_ptr<re2::RE2> re_;
};

/*
 * For syzkaller's matchesAny(): one alternation of the patterns, which
 * matches exactly when one of them would.
 */
std::string any_of(const std::vector<std::string> &patterns);

/* Go's ReplaceAllString; `rewrite` uses RE2's \1 for Go's ${1}. */
std::string replace_all(const Regex &re, std::string text, const char *rewrite);

} /* namespace triage::detail */
