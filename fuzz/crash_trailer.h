/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a fuzz target prints after a kernel-format report, for machines:
 * the ClusterFuzz trailer (so that ClusterFuzz's stack analyzer names the
 * crash by kctx's title and key), and the list of known reports a
 * continuous job does not stop for.  docs/clusterfuzz.md explains both.
 */
#pragma once

#include <kshim/kshim.h>

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace kctx {

/* The frames a key names, innermost first: "T [a from b via c]" -> {a, b, c}; none without a bracket. */
std::vector<std::string> key_frames(const std::string &key);

/*
 * The lines ClusterFuzz's analyzer reads, after the report: its crash type
 * is the title, its crash state the key's frames, its security flag yes for
 * a memory error (KASAN) and no for every other report.
 */
std::string crash_trailer(const kshim::Report &r);

/*
 * Known reports: one key per line, '#' comments.  A report is known when
 * its whole key equals a line: a title alone names only the reports whose
 * key is that title (no frame of the file under test), so that a scenario
 * expecting a title does not hide new paths that end in the same place.
 * A "trace: F G ..." line names a known bug by its path instead: a context
 * bug (not a memory error) whose trace passes through all of F, G, ... is
 * known, whatever detector saw it (tools/known-keys writes these from the
 * scenarios' expect frame lines).
 */
class Suppressions {
public:
	/* false with *err set when the file cannot be read */
	bool load(const std::string &path, std::string *err);
	bool empty() const { return known_.empty(); }
	size_t size() const { return known_.size(); }
	const std::string &source() const { return source_; }
	bool known(const kshim::Report &r) const;
	/* count r; the first of its key prints one line on stderr */
	void count(const kshim::Report &r);
	/* one line per suppressed key with its count, on stderr */
	void print_counts() const;

private:
	std::set<std::string> known_;
	/* "trace: F G ..." lines: functions that together mark a known bug's path */
	std::vector<std::vector<std::string>> traces_;
	std::map<std::string, unsigned long> counts_;
	std::string source_;
};

} /* namespace kctx */
