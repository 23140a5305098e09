// `urlscan [OPTIONS] [FILE...]`: one output record per input record, in input order.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "output/report_file.hpp"
#include "scan_pipeline.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::cli {
namespace {

struct ScanCommand {
  ScanOptions scan;
  ModelOptions model;
  double threshold = -1;
  double max_error_ratio = -1;  // -1: fail only when every record is an error
  bool summary = false;
  bool exit_zero = false;  // --exit-zero: exit 0 when something was flagged (errors still 2)
  std::string output;      // --output FILE; empty = stdout
  int progress = -1;       // -1: auto (stderr is a terminal and input is a file)
};

// Option groups whose members exclude each other.
constexpr std::string_view kInput = "one input format", kOutput = "one output format",
                           kProgress = "progress on or off";

ScanCommand parse_scan_args(Args& args) {
  ScanCommand c;
  ScanOptions& o = c.scan;
  OptionGroups seen;
  auto name = [](std::string_view a) { return a.substr(0, a.find('=')); };
  while (!args.empty()) {
    const std::string_view a = args.next();
    if (c.model.take(args, a)) continue;
    if (a.starts_with("--")) {
      // Every option once; the groups' members exclude each other.
      const std::string_view n = name(a);
      const bool input =
          n == "--column" || n == "--field" || n == "--access-log" || n == "--extract";
      const bool output = n == "--json" || n == "--csv";
      seen.take(n, input ? kInput : output ? kOutput : n.ends_with("progress") ? kProgress : "");
    }
    if (Args::is(a, "--threshold"))
      c.threshold = parse_double(args.value(a, "--threshold"), "--threshold", 0, 1);
    else if (a == "--json")
      o.print.format = OutputFormat::json;
    else if (a == "--csv")
      o.print.format = OutputFormat::csv;
    else if (a == "--only-flagged")
      o.print.only_flagged = true;
    else if (a == "--explain")
      o.print.explain = true;
    else if (a == "--count")
      o.print.totals_only = true;
    else if (a == "--summary")
      c.summary = true;
    else if (a == "--progress")
      c.progress = 1;
    else if (a == "--no-progress")
      c.progress = 0;
    else if (Args::is(a, "--threads"))
      o.threads = static_cast<int>(parse_long(args.value(a, "--threads"), "--threads", 1, 1024));
    else if (Args::is(a, "--max-line"))
      o.max_line = parse_long(args.value(a, "--max-line"), "--max-line", 16, 16L << 20);
    else if (Args::is(a, "--max-error-ratio"))
      c.max_error_ratio =
          parse_double(args.value(a, "--max-error-ratio"), "--max-error-ratio", 0, 1);
    else if (Args::is(a, "--column")) {
      o.input.format = InputFormat::tsv;
      o.input.column = static_cast<int>(parse_long(args.value(a, "--column"), "--column", 1, 1000));
    } else if (Args::is(a, "--field")) {
      o.input.format = InputFormat::jsonl;
      o.input.field = args.value(a, "--field");
      if (o.input.field.empty()) throw Error("--field needs a dotted path such as request.url");
    } else if (Args::is(a, "--host-field")) {
      o.input.host_field = args.value(a, "--host-field");
      if (o.input.host_field.empty())
        throw Error("--host-field needs a dotted path such as request.host");
    } else if (Args::is(a, "--referer-field")) {
      o.input.referer_field = args.value(a, "--referer-field");
      if (o.input.referer_field.empty())
        throw Error("--referer-field needs a dotted path such as request.headers.Referer.0");
    } else if (a == "--access-log")
      o.input.format = InputFormat::access_log;
    else if (a == "--extract")
      o.input.format = InputFormat::extract;
    else if (a == "--exit-zero")
      c.exit_zero = true;
    else if (Args::is(a, "--output"))
      c.output = args.value(a, "--output");
    else if (Args::is(a, "--shard"))
      o.shard = parse_shard(args.value(a, "--shard"));
    else if (Args::is(a, "--log-host")) {
      o.input.log_host = args.value(a, "--log-host");
      if (o.input.log_host.empty() || o.input.log_host.find_first_of("/ \t?#") != std::string::npos)
        throw Error("--log-host needs a host name such as www.example.com, got '" +
                    o.input.log_host + "'");
    } else if (a.starts_with("-") && a != "-")  // "-" alone is stdin
      throw Error("unknown option '" + std::string(a) + "'");
    else
      o.files.emplace_back(a);
  }
  seen.require("--log-host", "--access-log");
  seen.require("--host-field", "--field");
  seen.require("--referer-field", "--field");
  for (std::string_view per_record : {"--only-flagged", "--explain"})
    if (o.print.totals_only && seen.has(per_record))
      throw Error("--count prints totals only: " + std::string(per_record) + " has no effect");
  return c;
}

// True (after saying so on stderr) when too many records were errors to call the scan done: by
// default only when all were, e.g. a log format the reader does not know, which would
// otherwise pass for a clean log.
bool too_many_errors(const ScanTotals& t, double max_ratio) {
  if (t.records == 0 || t.errors == 0) return false;
  const double ratio = static_cast<double>(t.errors) / static_cast<double>(t.records);
  if (max_ratio < 0 ? t.errors < t.records : ratio <= max_ratio) return false;
  std::fprintf(
      stderr, "urlscan: %llu of %llu records are errors (%.1f%%%s); first: %s line %llu: %s\n",
      static_cast<unsigned long long>(t.errors), static_cast<unsigned long long>(t.records),
      100.0 * ratio, max_ratio < 0 ? ", nothing could be scanned" : ", over --max-error-ratio",
      t.first_error_source.c_str(), static_cast<unsigned long long>(t.first_error_line),
      t.first_error.c_str());
  return true;
}

}  // namespace

int run_scan(int argc, char** argv, int first) {
  Args args(argc, argv, first);
  ScanCommand c = parse_scan_args(args);
  ScanOptions& o = c.scan;
  if (o.files.empty()) o.files.emplace_back("-");
  o.print.with_source = o.input.format != InputFormat::lines && o.input.format != InputFormat::tsv;
  o.progress = c.progress == 1 || (c.progress == -1 && isatty(STDERR_FILENO) && o.files[0] != "-");
  Model storage;
  const Model& model = load_model(c.model.model_path, storage);
  RuleBook rules;
  Scorer scorer(model, load_rules(c.model.rule_dirs, c.model.no_rules, rules));
  if (c.threshold >= 0) scorer.set_threshold(static_cast<float>(c.threshold));
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as a write error: end quietly

  ReportFile report(c.output);
  const ScanTotals t = run_scan_pipeline(scorer, o, report.stream());
  if (c.summary)
    std::fprintf(
        stderr, "urlscan: %llu records, %llu flagged (%.2f%%), %llu errors, %.3f s, %.0f URLs/s\n",
        static_cast<unsigned long long>(t.records), static_cast<unsigned long long>(t.flagged),
        t.records ? 100.0 * t.flagged / t.records : 0.0, static_cast<unsigned long long>(t.errors),
        t.seconds, t.seconds > 0 ? t.records / t.seconds : 0.0);
  // A scan of nothing but errors is complete (its report is committed) but no success.
  const bool failed = too_many_errors(t, c.max_error_ratio);
  if (t.read_failed || !report.commit()) return kExitError;  // a partial report stays FILE.part
  if (failed) return kExitError;
  return t.flagged && !c.exit_zero ? kExitFlagged : kExitClean;
}

}  // namespace urlscan::cli
