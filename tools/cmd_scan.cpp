// `urlscan [OPTIONS] [FILE...]`: one output record per input record, in input order.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "option_table.hpp"
#include "output/report_file.hpp"
#include "scan_command.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::cli {
namespace {

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
  ScanCommand c = parse_scan_command(args);
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
