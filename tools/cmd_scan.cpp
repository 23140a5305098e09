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

int run_scan(int argc, char** argv, int first) {
  ScanOptions o;
  ModelOptions mo;
  double threshold = -1;
  bool summary = false;
  bool exit_zero = false;  // --exit-zero: exit 0 when something was flagged (errors still 2)
  std::string output;      // --output FILE; empty = stdout
  int progress = -1;       // -1: auto (stderr is a terminal and the input size is known)
  Args args(argc, argv, first);
  while (!args.empty()) {
    std::string_view a = args.next();
    if (mo.take(args, a)) continue;
    if (Args::is(a, "--threshold"))
      threshold = parse_double(args.value(a, "--threshold"), "--threshold", 0, 1);
    else if (a == "--json")
      o.print.format = OutputFormat::json;
    else if (a == "--csv")
      o.print.format = OutputFormat::csv;
    else if (a == "--only-flagged")
      o.print.only_flagged = true;
    else if (a == "--explain")
      o.print.explain = true;
    else if (a == "--count")
      o.count_only = true;
    else if (a == "--summary")
      summary = true;
    else if (a == "--progress")
      progress = 1;
    else if (a == "--no-progress")
      progress = 0;
    else if (Args::is(a, "--threads"))
      o.threads = static_cast<int>(parse_long(args.value(a, "--threads"), "--threads", 1, 1024));
    else if (Args::is(a, "--max-line"))
      o.max_line = parse_long(args.value(a, "--max-line"), "--max-line", 16, 16L << 20);
    else if (Args::is(a, "--column")) {
      o.input.format = InputFormat::tsv;
      o.input.column = static_cast<int>(parse_long(args.value(a, "--column"), "--column", 1, 1000));
    } else if (Args::is(a, "--field")) {
      o.input.format = InputFormat::jsonl;
      o.input.field = args.value(a, "--field");
      if (o.input.field.empty()) throw Error("--field needs a dotted path such as request.url");
    } else if (a == "--access-log")
      o.input.format = InputFormat::access_log;
    else if (a == "--extract")
      o.input.format = InputFormat::extract;
    else if (a == "--exit-zero")
      exit_zero = true;
    else if (Args::is(a, "--output"))
      output = args.value(a, "--output");
    else if (Args::is(a, "--shard"))
      o.shard = parse_shard(args.value(a, "--shard"));
    else if (Args::is(a, "--log-host"))
      o.input.log_host = args.value(a, "--log-host");
    else if (a.starts_with("-") && a != "-")  // "-" alone is stdin
      throw Error("unknown option '" + std::string(a) + "'");
    else
      o.files.emplace_back(a);
  }
  if (o.files.empty()) o.files.emplace_back("-");
  o.print.with_source = o.input.format != InputFormat::lines && o.input.format != InputFormat::tsv;
  o.progress = progress == 1 || (progress == -1 && isatty(STDERR_FILENO) && o.files.size() >= 1 &&
                                 o.files[0] != "-");
  Model storage;
  const Model& model = load_model(mo.model_path, storage);
  RuleBook rules;
  Scorer scorer(model, load_rules(mo.rule_dirs, mo.no_rules, rules));
  if (threshold >= 0) scorer.set_threshold(static_cast<float>(threshold));
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as a write error: end quietly

  ReportFile report(output);
  const ScanTotals t = run_scan_pipeline(scorer, o, report.stream());
  if (o.count_only && !t.write_failed)
    std::fprintf(report.stream(), "records\t%llu\nflagged\t%llu\nerrors\t%llu\n",
                 static_cast<unsigned long long>(t.records),
                 static_cast<unsigned long long>(t.flagged),
                 static_cast<unsigned long long>(t.errors));
  if (summary)
    std::fprintf(
        stderr, "urlscan: %llu records, %llu flagged (%.2f%%), %llu errors, %.3f s, %.0f URLs/s\n",
        static_cast<unsigned long long>(t.records), static_cast<unsigned long long>(t.flagged),
        t.records ? 100.0 * t.flagged / t.records : 0.0, static_cast<unsigned long long>(t.errors),
        t.seconds, t.seconds > 0 ? t.records / t.seconds : 0.0);
  if (t.read_failed || !report.commit()) return kExitError;  // a partial report stays FILE.part
  return t.flagged && !exit_zero ? kExitFlagged : kExitClean;
}

}  // namespace urlscan::cli
