// SPDX-License-Identifier: GPL-2.0
/*
 * kctx-title: the syzkaller title and kctx key of a kernel report, and the
 * scenarios that expect it.
 *
 *   kctx-title [FILE|-] [--json] [--files F1,F2] [--match DIR]
 *   kctx-title --bench FILE [N]
 *
 * Exit 0 with a report, 2 with none or on bad usage (one "kctx: error:" line).
 */
#include <triage/triage.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const char usage[] =
	"usage: kctx-title [FILE|-] [--json] [--files F1,F2] [--match DIR]\n"
	"       kctx-title --bench FILE [N]\n"
	"\n"
	"Prints the syzkaller title and the kctx de-duplication key of the first kernel\n"
	"report in FILE (or standard input).\n"
	"\n"
	"  --json         one JSON object: title, key, type, frames\n"
	"  --files F1,F2  the kernel files under test, for the key (default kernel/dma/swiotlb.c)\n"
	"  --match DIR    also list the .kctx scenarios under DIR that expect this report\n"
	"  --bench FILE N classify FILE N times (default 1000) and print the time per report\n";

[[noreturn]] void die(const std::string &msg)
{
	std::fprintf(stderr, "kctx: error: %s\n", msg.c_str());
	std::exit(2);
}

bool read_input(const std::string &name, std::string *out)
{
	if (name == "-") {
		std::ostringstream ss;
		ss << std::cin.rdbuf();
		*out = ss.str();
		return !std::cin.bad();
	}
	std::ifstream in(name, std::ios::binary);
	if (!in)
		return false;
	out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
	return !in.bad();
}

std::vector<std::string> split_commas(const std::string &s)
{
	std::vector<std::string> out;
	size_t p = 0;
	for (;;) {
		size_t e = s.find(',', p);
		std::string item = s.substr(p, e == std::string::npos ? std::string::npos : e - p);
		if (!item.empty())
			out.push_back(item);
		if (e == std::string::npos)
			break;
		p = e + 1;
	}
	return out;
}

/*
 * A scenario line in tokens, the way scenarios are read: blanks separate,
 * '#' outside quotes starts a comment, "..." is one token with \" and \\
 * escapes.  False for an unterminated string.
 */
bool scenario_tokens(const std::string &l, std::vector<std::string> *out)
{
	out->clear();
	size_t i = 0;
	while (i < l.size()) {
		char c = l[i];
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '#')
			break;
		if (c == '"') {
			std::string s;
			size_t j = i + 1;
			while (j < l.size() && l[j] != '"') {
				if (l[j] == '\\' && j + 1 < l.size())
					j++;
				s += l[j++];
			}
			if (j >= l.size())
				return false;
			out->push_back(s);
			i = j + 1;
			continue;
		}
		size_t j = i;
		while (j < l.size() && l[j] != ' ' && l[j] != '\t' && l[j] != '\r' && l[j] != '#')
			j++;
		out->push_back(l.substr(i, j - i));
		i = j;
	}
	return true;
}

bool starts_with(const std::string &s, const std::string &prefix)
{
	return s.compare(0, prefix.size(), prefix) == 0;
}

/* The scenarios under `dir` with an `expect report "TEXT"` the title or key starts with. */
std::vector<std::string> matching_scenarios(const std::string &dir, const triage::Title &t)
{
	std::vector<std::string> files;
	std::error_code ec;
	for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
	     !ec && it != end; it.increment(ec))
		if (it->path().extension() == ".kctx")
			files.push_back(it->path().string());
	std::sort(files.begin(), files.end());

	std::vector<std::string> out;
	for (const std::string &f : files) {
		std::ifstream in(f, std::ios::binary);
		std::string line;
		std::vector<std::string> tok;
		while (std::getline(in, line)) {
			if (!scenario_tokens(line, &tok) || tok.size() != 3 || tok[0] != "expect" || tok[1] != "report")
				continue;
			if (starts_with(t.title, tok[2]) || starts_with(t.key, tok[2])) {
				out.push_back(f);
				break;
			}
		}
	}
	return out;
}

int bench(const std::string &file, long n, const std::vector<std::string> &files)
{
	std::string text;
	if (!read_input(file, &text))
		die(file + ": cannot read");
	volatile size_t sink = triage::classify(text, files).key.size();	/* the rules compile on first use */
	auto t0 = std::chrono::steady_clock::now();
	for (long i = 0; i < n; i++)
		sink = sink + triage::classify(text, files).key.size();
	double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
	nlohmann::ordered_json j = { { "us_per_report", std::round(us / double(n) * 100) / 100 }, { "reports", n } };
	std::printf("%s\n", j.dump().c_str());
	return 0;
}

} /* namespace */

int main(int argc, char **argv)
{
	std::vector<std::string> args(argv + 1, argv + argc);
	std::string input, match_dir, bench_file;
	long bench_n = 1000;
	bool json = false, have_input = false, have_bench = false;
	std::vector<std::string> files = { "kernel/dma/swiotlb.c" };

	for (size_t i = 0; i < args.size(); i++) {
		std::string a = args[i];
		std::string value;
		bool inline_value = false;
		if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
			value = a.substr(a.find('=') + 1);
			a = a.substr(0, a.find('='));
			inline_value = true;
		}
		auto take = [&](const char *what) {
			if (inline_value)
				return value;
			if (i + 1 >= args.size())
				die(a + " needs " + what);
			return args[++i];
		};
		if (a == "-h" || a == "--help") {
			std::fputs(usage, stdout);
			return 0;
		} else if (a == "--json" && !inline_value) {
			json = true;
		} else if (a == "--files") {
			files = split_commas(take("a comma-separated list of files"));
		} else if (a == "--match") {
			match_dir = take("a directory");
			if (!fs::is_directory(match_dir))
				die(match_dir + ": not a directory");
		} else if (a == "--bench") {
			bench_file = take("a report file");
			have_bench = true;
			if (!inline_value && i + 1 < args.size() && !args[i + 1].empty() &&
			    args[i + 1].find_first_not_of("0123456789") == std::string::npos) {
				bench_n = std::strtol(args[++i].c_str(), nullptr, 10);
			}
			if (bench_n < 1 || bench_n > 100000000)
				die("--bench: N must be between 1 and 100000000");
		} else if (a.size() > 1 && a[0] == '-') {
			die("unknown option '" + args[i] + "' (try --help)");
		} else if (have_input) {
			die("one report file at a time, got '" + input + "' and '" + a + "'");
		} else {
			input = a;
			have_input = true;
		}
	}
	if (have_bench) {
		if (have_input || json || !match_dir.empty())
			die("--bench takes no other input or output option");
		return bench(bench_file, bench_n, files);
	}
	if (!have_input)
		input = "-";

	std::string text;
	if (!read_input(input, &text))
		die(input + ": cannot read");
	triage::Title t = triage::classify(text, files);
	if (!t.found)
		die(input + ": no kernel report found");
	std::vector<std::string> matches;
	if (!match_dir.empty())
		matches = matching_scenarios(match_dir, t);

	if (json) {
		nlohmann::ordered_json j = { { "title", t.title }, { "key", t.key }, { "type", t.type }, { "frames", t.frames } };
		if (!match_dir.empty())
			j["matches"] = matches;
		/* Titles and frame names are ASCII; a scenario's path may not be UTF-8. */
		std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
	} else {
		std::printf("title: %s\nkey:   %s\n", t.title.c_str(), t.key.c_str());
		for (const std::string &m : matches)
			std::printf("match: %s\n", m.c_str());
	}
	return 0;
}
