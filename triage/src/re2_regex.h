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
 * report compiles only the rules that report reaches.  Most rules contain
 * literals ("BUG: KASAN:", "(spinlock|rwlock)"), and text without them cannot
 * match: such a rule is neither compiled nor run on it, and a rule that is
 * nothing but a literal never needs RE2 at all.
 */
#pragma once

#include <cstdint>
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
	/* False when `text` cannot match: it lacks what every match contains. */
	bool may_match(sv text) const;
	bool has_needs() const { return !needs().all.empty() || !needs().any.empty(); }

	/* What every match contains, found by a scan of the pattern. */
	struct Needs {
		std::string leading;			/* every match starts with this */
		bool pure = false;			/* and the pattern is just that */
		std::vector<std::string> all;		/* every match contains each of these */
		std::vector<std::vector<std::string>> any;	/* and one of each of these */
		bool met_by(sv text) const;
	};
	const Needs &needs() const;

	/* The pattern with its placeholders expanded. */
	const std::string &pattern() const;
	const re2::RE2 &re2() const;

private:
	/* Expansion and the scan, like compilation, wait for the first use. */
	void prepare() const;

	std::string source_;
	mutable std::once_flag prepared_, compiled_;
	mutable std::string pattern_;
	mutable Needs needs_;
	mutable std::unique_ptr<re2::RE2> re_;
};

/*
 * syzkaller's matchesAny() over a list of patterns, and its skip lists (which
 * extractStackFrame joins with "|", the same thing).  Each pattern's
 * alternatives count as patterns of their own.  A plain literal, perhaps
 * anchored by ^ or $, is compared as one; a pattern that contains literals is
 * a Regex of its own, which text without them never compiles or runs; the
 * rest form one alternation.  The skip list of linux.go has some 240
 * patterns, nearly all literals: as one regexp it costs more to compile than
 * a whole report costs to classify.
 */
class PatternList {
public:
	/* The patterns must outlive the list (the table's literals do). */
	explicit PatternList(std::vector<const char *> patterns);
	bool search(sv text) const;

	/* The regexps behind the list, for tests. */
	std::vector<const Regex *> regexes() const;

private:
	void prepare() const;	/* sorts the patterns out on first use */
	void sort_out() const;

	std::vector<const char *> sources_;
	mutable std::once_flag prepared_;
	mutable std::vector<std::string> floating_;	/* anywhere, sorted by their first byte */
	mutable std::vector<uint16_t> first_;		/* floating_[first_[b]...first_[b + 1]] start with b */
	mutable std::vector<std::string> heads_, tails_, whole_;	/* ^lit, lit$, ^lit$ */
	mutable std::vector<std::unique_ptr<Regex>> prefixed_;	/* patterns that contain literals */
	mutable std::unique_ptr<Regex> rest_;		/* the others, as one alternation */
};

/* Go's ReplaceAllString; `rewrite` uses RE2's \1 for Go's ${1}. */
std::string replace_all(const Regex &re, std::string text, const char *rewrite);

} /* namespace triage::detail */
