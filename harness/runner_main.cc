// SPDX-License-Identifier: GPL-2.0
/*
 * kctx-runner-<variant>: the in-process half of tools/kctx for one kernel
 * variant.  Runs scenarios and fuzz inputs, decodes and encodes inputs,
 * minimises, and extracts titles.  tools/kctx picks the variant and calls it.
 */
#include "decoder.h"
#include "executor.h"
#include "scenario.h"
#include "swiotlb_api.h"

#include <kshim/title.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

using namespace kctx;
using json = nlohmann::json;
namespace fs = std::filesystem;

static std::string read_file(const std::string &path, bool binary = false)
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

static json report_json(const kshim::Report &r)
{
	json frames = json::array();
	for (const kshim::Frame &f : r.frames) {
		if (f.marker)
			continue;
		json j = { { "func", f.func }, { "inline", f.inlined } };
		if (!f.file.empty()) {
			j["file"] = f.file;
			j["line"] = f.line;
		}
		frames.push_back(j);
	}
	return { { "kind", r.kind }, { "title", r.title }, { "key", r.key }, { "comm", r.comm }, { "pid", r.pid },
		 { "cpu", r.cpu }, { "preempt_count", fmt::format("{:#x}", r.preempt_count) },
		 { "irqs_disabled", r.irqs_disabled }, { "rcu_depth", r.rcu_depth }, { "held_locks", r.held_locks },
		 { "frames", frames }, { "injected", r.injected }, { "text", r.text } };
}

static bool starts(const std::string &s, const std::string &prefix)
{
	return s.compare(0, prefix.size(), prefix) == 0;
}

/* Expectations: the difference, one line each; empty when all hold. */
static std::vector<std::string> check_expectations(const Program &p, const RunResult &r)
{
	std::vector<std::string> diff;
	for (const Expect &e : p.expects) {
		std::string loc = fmt::format("{}:{}", p.file, e.line);
		switch (e.kind) {
		case Expect::clean:
			for (const kshim::Report &rep : r.reports)
				diff.push_back(fmt::format("{}: expected clean, got report \"{}\"", loc, rep.title));
			break;
		case Expect::report: {
			bool found = false;
			for (const kshim::Report &rep : r.reports)
				found |= starts(rep.title, e.text) || starts(rep.key, e.text);
			if (!found) {
				std::string got;
				for (const kshim::Report &rep : r.reports)
					got += fmt::format(" \"{}\"", rep.title);
				diff.push_back(fmt::format("{}: expected report \"{}\", got{}", loc, e.text,
							   got.empty() ? " no report" : got));
			}
			break;
		}
		case Expect::no_report:
			for (const kshim::Report &rep : r.reports)
				if (starts(rep.title, e.text) || starts(rep.key, e.text))
					diff.push_back(fmt::format("{}: expected no report \"{}\", got \"{}\"", loc, e.text,
								   rep.title));
			break;
		case Expect::frame: {
			bool found = false;
			for (const kshim::Report &rep : r.reports)
				for (const kshim::Frame &f : rep.frames)
					found |= f.func == e.text;
			if (!found)
				diff.push_back(fmt::format("{}: expected a report with frame {}, none has it", loc, e.text));
			break;
		}
		}
	}
	return diff;
}

static Program load_any(const std::string &path, const Pins &pins)
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

/* Everything a run shows: the same program must show it the same way every time. */
static std::string run_fingerprint(const RunResult &r)
{
	std::string s = r.console;
	for (const kshim::Report &rep : r.reports)
		s += rep.key + "\n" + rep.text;
	for (const std::string &l : r.trace)
		s += l + "\n";
	return s;
}

/*
 * A memory error ends the process inside ASan.  Its death callback still
 * names the error the way kctx names reports ("AddressSanitizer:
 * <what> in <function>") and checks the scenario's expectations against it,
 * so that a reproducer of a memory bug can say what it expects.
 */
static const Program *running;
static bool running_check, running_trace;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define KCTX_ASAN_DEATH 1
#endif
#endif

#ifdef KCTX_ASAN_DEATH
static std::string asan_title()
{
	std::string fn = kshim::function_at(__asan_get_report_pc());
	return fmt::format("AddressSanitizer: {} {} in {}", __asan_get_report_description(),
			   __asan_get_report_access_type() ? "Write" : "Read", fn);
}

static void asan_death()
{
	if (!running || !__asan_report_present())
		return;
	std::string title = asan_title();
	if (running_trace) {
		printf("--- decision trace (%s) ---\n", running->file.c_str());
		for (const std::string &l : kshim::trace_lines())
			printf("%s\n", l.c_str());
		fflush(stdout);
	}
	fprintf(stderr, "kctx: %s: report: %s\n", running->file.c_str(), title.c_str());
	if (!running_check)
		_exit(1);
	bool ok = true;
	for (const Expect &e : running->expects) {
		bool hit = starts(title, e.text);
		if ((e.kind == Expect::report && !hit) || (e.kind == Expect::no_report && hit) || e.kind == Expect::clean) {
			printf("%s:%d: expectation not met: the run ended in \"%s\"\n", running->file.c_str(), e.line,
			       title.c_str());
			ok = false;
		}
	}
	if (ok)
		fprintf(stderr, "kctx: %s: expectations met\n", running->file.c_str());
	fflush(stdout);
	fflush(stderr);
	_exit(ok ? 0 : 1);
}
#endif

/* Records the values a choice source hands out, as bytes ByteChoices replays. */
class RecordingChoices : public kshim::ChoiceSource {
public:
	explicit RecordingChoices(kshim::ChoiceSource *inner) : inner_(inner) {}
	uint32_t next(uint32_t n) override
	{
		uint32_t v = inner_->next(n);
		if (n <= 1)
			return v;
		if (n > 256)
			bytes.push_back((uint8_t)(v >> 8));
		bytes.push_back((uint8_t)v);
		return v;
	}
	std::vector<uint8_t> bytes;
private:
	kshim::ChoiceSource *inner_;
};

/*
 * The minimiser's runs go in a child process: a candidate may end in an ASan
 * report, and that must be a verdict, not the end of the minimiser.  The
 * child sends back the headline report's title and key (RunResult::headline),
 * and the choices the run took (so a seeded program can become an explicit
 * choice list).
 */
static int result_fd = -1;
static RecordingChoices *recording;

static void send_result(const std::string &title, const std::string &key)
{
	std::string hex;
	for (uint8_t b : recording ? recording->bytes : std::vector<uint8_t>())
		hex += fmt::format("{:02x}", b);
	std::string msg = title + "\n" + key + "\n" + hex + "\n";
	if (write(result_fd, msg.data(), msg.size()) != (ssize_t)msg.size())
		_exit(3);
}

#ifdef KCTX_ASAN_DEATH
static void asan_death_in_child()
{
	if (__asan_report_present()) {
		std::string t = asan_title();
		send_result(t, t);
	}
	_exit(0);
}
#endif

struct Verdict {
	std::string title, key;
	std::vector<uint8_t> choices;	/* as taken, when recording */
};

static Verdict run_isolated(const Program &p, bool record)
{
	int fds[2];
	if (pipe(fds))
		throw ScenarioError("pipe: " + std::string(strerror(errno)));
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		throw ScenarioError("fork: " + std::string(strerror(errno)));
	if (pid == 0) {
		close(fds[0]);
		result_fd = fds[1];
		int null = open("/dev/null", O_WRONLY);	/* candidates' reports are not the minimiser's output */
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
#ifdef KCTX_ASAN_DEATH
		__asan_set_death_callback(asan_death_in_child);
#endif
		ProgramChoices pc(p);
		RecordingChoices rec(pc.get());
		recording = record ? &rec : nullptr;
		RunOptions o;
		o.print = false;
		if (record)
			o.choices = &rec;
		RunResult r = execute(p, o);
		const kshim::Report *h = r.headline();
		send_result(h ? h->title : "", h ? h->key : "");
		_exit(0);
	}
	close(fds[1]);
	std::string buf;
	char tmp[4096];
	ssize_t n;
	while ((n = read(fds[0], tmp, sizeof(tmp))) > 0)
		buf.append(tmp, (size_t)n);
	close(fds[0]);
	int st = 0;
	waitpid(pid, &st, 0);
	Verdict v;
	std::istringstream in(buf);
	std::string hex;
	if (!std::getline(in, v.title) || !std::getline(in, v.key) || !std::getline(in, hex))
		return Verdict{};	/* the child died some other way: not the same result */
	for (size_t i = 0; i + 1 < hex.size(); i += 2)
		v.choices.push_back((uint8_t)std::stoul(hex.substr(i, 2), nullptr, 16));
	return v;
}

static int cmd_run(const std::vector<std::string> &files, bool as_json, bool trace, bool check, int64_t seed,
		   const Pins &pins, bool inputs, int repeat)
{
#ifdef KCTX_ASAN_DEATH
	__asan_set_death_callback(asan_death);
#endif
	running_check = check;
	running_trace = trace;
	int status = 0;
	bool check_failed = false;
	json out = json::array();
	std::vector<Program> progs;
	for (const std::string &f : files)
		progs.push_back(inputs ? load_any(f, pins) : load_scenario(f));
	if (seed >= 0) {
		for (Program &p : progs) {	/* --seed replaces the programs' own choices */
			p.has_seed = true;
			p.seed = (uint64_t)seed;
			p.choices.clear();
		}
	}
#ifdef KCTX_ASAN_DEATH
	/*
	 * A memory error ends the process, so the in-process repeats below never
	 * see it twice: first the runs go, one per child, and must end alike
	 * (the first report and every choice taken).
	 */
	if (repeat > 1) {
		for (Program &p : progs) {
			Verdict first = run_isolated(p, true);
			for (int i = 1; i < repeat; i++) {
				Verdict again = run_isolated(p, true);
				if (again.title != first.title || again.key != first.key || again.choices != first.choices) {
					printf("%s: not deterministic: run 1 ended in \"%s\" after %zu choices, run %d in \"%s\" after %zu\n",
					       p.file.c_str(), first.title.c_str(), first.choices.size(), i + 1,
					       again.title.c_str(), again.choices.size());
					return 1;
				}
			}
		}
	}
#endif
	for (Program &p : progs) {
		RunOptions o;
		o.trace = trace || repeat > 1;
		o.print = !as_json;
		running = &p;
		RunResult r = execute(p, o);
		std::vector<std::string> diff;
		for (int i = 1; i < repeat; i++) {
			RunOptions q = o;
			q.print = false;
			std::string a = run_fingerprint(r), b = run_fingerprint(execute(p, q));
			if (a != b) {
				/* name the first line that differs: that is where to look */
				std::istringstream sa(a), sb(b);
				std::string la, lb;
				while (std::getline(sa, la) && std::getline(sb, lb) && la == lb)
					;
				diff.push_back(fmt::format("{}:1: run {} of {} differs from the first: not deterministic "
							   "(first: \"{}\", then: \"{}\")", p.file, i + 1, repeat, la, lb));
				break;
			}
		}
		if (!trace)
			r.trace.clear();
		for (const std::string &n : r.notes)
			fprintf(stderr, "kctx: %s\n", n.c_str());
		if (trace && !as_json) {
			printf("--- decision trace (%s) ---\n", p.file.c_str());
			for (const std::string &l : r.trace)
				printf("%s\n", l.c_str());
		}
		if (!r.reports.empty())
			status = std::max(status, 1);
		if (check) {
			if (p.expects.empty())
				diff.push_back(p.file + ":1: the scenario states no expectation");
			for (const std::string &d : check_expectations(p, r))
				diff.push_back(d);
		}
		if (as_json) {
			json j = { { "file", p.file }, { "kernel", variant().kernel_version }, { "oops", r.oops },
				   { "hung", r.hung }, { "notes", r.notes } };
			json reps = json::array();
			for (const kshim::Report &rep : r.reports)
				reps.push_back(report_json(rep));
			j["reports"] = reps;
			if (check || repeat > 1)
				j["check"] = { { "ok", diff.empty() }, { "diff", diff } };
			if (trace)
				j["trace"] = r.trace;
			out.push_back(j);
		} else {
			for (const kshim::Report &rep : r.reports)
				fprintf(stderr, "kctx: %s: report: %s\n", p.file.c_str(), rep.title.c_str());
			for (const std::string &d : diff)
				printf("%s\n", d.c_str());
			if (check && diff.empty())
				fprintf(stderr, "kctx: %s: expectations met\n", p.file.c_str());
		}
		check_failed |= !diff.empty();
	}
	/* with --check (or --repeat) the status says whether every file met its expectations */
	if (check || repeat > 1)
		status = check_failed ? 1 : 0;
	if (as_json)
		printf("%s\n", out.dump(1).c_str());
	return status;
}

static int cmd_decode(const std::string &in, const std::string &outp, const Pins &pins)
{
	std::string data = read_file(in, true);
	Program p = decode_input((const uint8_t *)data.data(), data.size(), pins);
	p.kernel = variant().kernel_version;
	p.comments.push_back(fmt::format("# decoded from {} by tools/kctx decode", fs::path(in).filename().string()));
	std::string text = print_scenario(p);
	if (outp.empty())
		fputs(text.c_str(), stdout);
	else
		std::ofstream(outp) << text;
	return 0;
}

static int cmd_encode(const std::string &in, const std::string &outp)
{
	Program p = load_scenario(in);
	std::vector<uint8_t> b = encode_program(p);
	std::ofstream f(outp, std::ios::binary);
	f.write((const char *)b.data(), (std::streamsize)b.size());
	return f ? 0 : 2;
}

static std::string first_title(const Program &p, std::string *key)
{
	Verdict v = run_isolated(p, false);
	if (key)
		*key = v.key;
	return v.title;
}

/* Operation-level delta debugging: drop steps and operations while the first key stays. */
static int cmd_minimize(const std::string &in, const std::string &outp, int seconds, const Pins &pins)
{
	Program p = load_any(in, pins);
	Verdict first = run_isolated(p, p.choices.empty() && p.has_seed);
	std::string key = first.key, title = first.title;
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
		if (run_isolated(c, false).key == key)
			p = c;
	}
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
	auto same = [&](const Program &c) {
		std::string k;
		return !first_title(c, &k).empty() && k == key;
	};
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

static int cmd_title(const std::string &in, const std::string &match_dir)
{
	std::string text;
	if (in == "-") {
		std::stringstream ss;
		ss << std::cin.rdbuf();
		text = ss.str();
	} else {
		text = read_file(in);
	}
	kshim::TitleInfo ti = kshim::extract_title(text);
	if (!ti.found) {
		fprintf(stderr, "kctx: error: %s: no kernel report found\n", in.c_str());
		return 2;
	}
	printf("title: %s\nkey:   %s\n", ti.title.c_str(), ti.key.c_str());
	if (!match_dir.empty()) {
		std::error_code ec;
		for (auto &e : fs::recursive_directory_iterator(match_dir, ec)) {
			if (e.path().extension() != ".kctx")
				continue;
			try {
				Program p = load_scenario(e.path().string());
				for (const Expect &x : p.expects)
					if (x.kind == Expect::report && (starts(ti.title, x.text) || starts(ti.key, x.text)))
						printf("match: %s\n", e.path().string().c_str());
			} catch (const ScenarioError &) {
			}
		}
	}
	return 0;
}

/* One replayed input, one JSON line: what dedup and the series tool read. */
static void print_replay_line(const std::string &file, bool oops, const json &reports)
{
	json j = { { "file", file }, { "oops", oops }, { "reports", reports } };
	printf("%s\n", j.dump().c_str());
	fflush(stdout);
}

static json replay_report(const std::string &title, const std::string &key, const std::string &kind, bool injected)
{
	return { { "title", title }, { "key", key }, { "kind", kind }, { "injected", injected } };
}

#ifdef KCTX_ASAN_DEATH
/* A memory error ends the replay: the dying input's line still goes out, so the caller goes on after it. */
static const std::string *replaying;

static void asan_death_in_replay()
{
	if (replaying && __asan_report_present()) {
		std::string t = asan_title();
		print_replay_line(*replaying, false, json::array({ replay_report(t, t, "asan", false) }));
	}
}
#endif

/* Replay fuzz inputs (or scenarios), one line each. */
static int cmd_replay(const std::vector<std::string> &files, const Pins &pins)
{
#ifdef KCTX_ASAN_DEATH
	__asan_set_death_callback(asan_death_in_replay);
#endif
	for (const std::string &f : files) {
#ifdef KCTX_ASAN_DEATH
		replaying = &f;
#endif
		Program p = load_any(f, pins);
		RunOptions o;
		o.print = false;
		RunResult r = execute(p, o);
		json reps = json::array();
		for (const kshim::Report &rep : r.reports)
			reps.push_back(replay_report(rep.title, rep.key, rep.kind, rep.injected));
		print_replay_line(f, r.oops, reps);
	}
	return 0;
}

static int cmd_bench(const std::vector<std::string> &files, int seconds, const Pins &pins)
{
	std::vector<Program> progs;
	for (const std::string &f : files)
		progs.push_back(load_any(f, pins));
	if (progs.empty()) {
		fprintf(stderr, "kctx: error: bench needs inputs\n");
		return 2;
	}
	auto t0 = std::chrono::steady_clock::now();
	auto end = t0 + std::chrono::seconds(seconds);
	unsigned long runs = 0;
	double worst_ms = 0;
	while (std::chrono::steady_clock::now() < end) {
		for (const Program &p : progs) {
			auto a = std::chrono::steady_clock::now();
			RunOptions o;
			o.print = false;
			execute(p, o);
			double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
			worst_ms = std::max(worst_ms, ms);
			runs++;
		}
	}
	double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	json j = { { "runs", runs }, { "seconds", secs }, { "exec_per_sec", runs / secs }, { "worst_ms", worst_ms } };
	printf("%s\n", j.dump().c_str());
	return 0;
}

int main(int argc, char **argv)
{
	CLI::App app{ "kctx runner for one kernel variant (use tools/kctx)" };
	app.require_subcommand(1);
	std::vector<std::string> files;
	std::string out, match, set;
	bool as_json = false, trace = false, check = false, inputs = false;
	int64_t seed = -1;
	int seconds = 60;

	auto *run = app.add_subcommand("run", "run scenario files");
	run->add_option("files", files, "scenario files")->required();
	run->add_flag("--json", as_json);
	run->add_flag("--trace", trace);
	run->add_flag("--check", check);
	run->add_flag("--inputs", inputs, "also accept fuzz inputs");
	run->add_option("--seed", seed);
	run->add_option("--set", set);
	int repeat = 1;
	run->add_option("--repeat", repeat, "run each file N times and require identical results")
		->check(CLI::Range(1, 100));
	auto *decode = app.add_subcommand("decode", "fuzz input -> scenario");
	decode->add_option("file", files)->required();
	decode->add_option("-o,--output", out);
	decode->add_option("--set", set);
	auto *encode = app.add_subcommand("encode", "scenario -> fuzz input");
	encode->add_option("file", files)->required();
	encode->add_option("-o,--output", out)->required();
	auto *minimize = app.add_subcommand("minimize", "shrink a crash or scenario");
	minimize->add_option("file", files)->required();
	minimize->add_option("-o,--output", out);
	minimize->add_option("--time", seconds);
	minimize->add_option("--set", set);
	auto *title = app.add_subcommand("title", "title and key of a kernel report");
	title->add_option("file", files);
	title->add_option("--match", match);
	auto *replay = app.add_subcommand("replay", "replay inputs, one JSON line each");
	replay->add_option("files", files)->required();
	replay->add_option("--set", set);
	auto *bench = app.add_subcommand("bench", "replay inputs in a loop and measure");
	bench->add_option("files", files)->required();
	bench->add_option("--time", seconds);
	bench->add_option("--set", set);
	auto *info = app.add_subcommand("info", "print the variant");
	info->add_option("--set", set);

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		int rc = app.exit(e);
		return rc ? 2 : 0;
	}
	Pins pins;
	std::string err;
	if (!set.empty() && !pins.parse(set, &err)) {
		fprintf(stderr, "kctx: error: --set: %s\n", err.c_str());
		return 2;
	}
	try {
		if (*run)
			return cmd_run(files, as_json, trace, check, seed, pins, inputs, repeat);
		if (*decode)
			return cmd_decode(files[0], out, pins);
		if (*encode)
			return cmd_encode(files[0], out);
		if (*minimize)
			return cmd_minimize(files[0], out, seconds, pins);
		if (*title)
			return cmd_title(files.empty() ? "-" : files[0], match);
		if (*replay)
			return cmd_replay(files, pins);
		if (*bench)
			return cmd_bench(files, seconds, pins);
		if (*info) {
			const Variant &v = variant();
			json j = { { "kernel", v.kernel_version }, { "swiotlb_force_flag", v.has_force_flag },
				   { "rcu_work_free", v.rcu_work_free }, { "cc_shared", v.cc_shared } };
			printf("%s\n", j.dump().c_str());
			return 0;
		}
	} catch (const ScenarioError &e) {
		fprintf(stderr, "kctx: error: %s\n", e.what());
		return 2;
	} catch (const std::exception &e) {
		fprintf(stderr, "kctx: error: %s\n", e.what());
		return 2;
	}
	return 0;
}
