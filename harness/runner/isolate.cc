// SPDX-License-Identifier: GPL-2.0
/*
 * A run in a child process: a candidate of the minimiser, or one of the
 * runs --repeat compares, may end in an ASan report, and that must be a
 * verdict, not the end of the runner.
 */
#include "runner.h"

#include "reports.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kctx::runner {

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
 * The minimiser's runs go in a child process: a candidate may end in a
 * memory error, and that must be a verdict, not the end of the minimiser.
 * The child sends back the headline report's title and key
 * (RunResult::headline), the choices the run took (so a seeded program can
 * become an explicit choice list), every key the run reported, and the
 * reports' text (--repeat compares it).
 */
static int result_fd = -1;
static RecordingChoices *recording;

static void send_result(const std::string &title, const std::string &key, const std::vector<kshim::Report> &reps)
{
	std::string hex;
	for (uint8_t b : recording ? recording->bytes : std::vector<uint8_t>())
		hex += fmt::format("{:02x}", b);
	std::string msg = title + "\n" + key + "\n" + hex + "\n";
	std::string text;
	for (const kshim::Report &rep : reps) {
		if (!rep.injected)
			msg += rep.title + "\t" + rep.key + "\n";
		text += rep.key + "\n" + rep.text;
	}
	msg += "--\n" + text;
	for (size_t at = 0; at < msg.size();) {
		ssize_t n = write(result_fd, msg.data() + at, msg.size() - at);
		if (n <= 0)
			_exit(3);
		at += (size_t)n;
	}
}

static void send_run(const std::vector<kshim::Report> &reps)
{
	RunResult r;
	r.reports = reps;
	const kshim::Report *h = r.headline();
	send_result(h ? h->title : "", h ? h->key : "", reps);
}

/* kshim's KASAN report is the last of the run's */
static void kasan_in_child()
{
	std::vector<kshim::Report> reps = kshim::reports();
	name_reports(reps, variant().under_test);
	send_run(reps);
	_exit(0);
}

#ifdef KCTX_ASAN_DEATH
static void asan_death_in_child()
{
	if (__asan_report_present()) {
		send_run(reports_at_asan_death());
	}
	_exit(0);
}
#endif

Verdict run_isolated(const Program &p, bool record)
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
		kshim::hold_sanitizer_output();	/* its own: the parent's buffer is not for a child to write */
#ifdef KCTX_ASAN_DEATH
		__asan_set_death_callback(asan_death_in_child);
#endif
		kshim::set_kasan_handler(kasan_in_child);
		ProgramChoices pc(p);
		RecordingChoices rec(pc.get());
		recording = record ? &rec : nullptr;
		RunOptions o;
		o.print = false;
		if (record)
			o.choices = &rec;
		RunResult r = execute(p, o);
		send_run(r.reports);
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
	for (std::string line; std::getline(in, line) && line != "--";)
		if (size_t tab = line.find('\t'); tab != std::string::npos)
			v.all.emplace_back(line.substr(0, tab), line.substr(tab + 1));
	std::stringstream rest;
	rest << in.rdbuf();
	v.text = rest.str();
	return v;
}

} /* namespace kctx::runner */
