// `urlscan eval FILE`: metrics of a model on a labelled TSV file, overall and per slice.
#include <cmath>
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "urlscan/json_text.hpp"
#include "urlscan/labeled_scores.hpp"
#include "urlscan/metrics.hpp"
#include "urlscan/scorer.hpp"
#include "urlscan/train.hpp"

namespace urlscan::cli {
namespace {

std::string fmt(double v, const char* f = "%.4f") {
  if (!std::isfinite(v)) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string text_report(const BinaryMetrics& m, float threshold) {
  std::string r;
  r += "n " + std::to_string(m.n) + " (phishing " + std::to_string(m.positives) + ", legitimate " +
       std::to_string(m.negatives) + "), threshold " + fmt(threshold) + "\n";
  r += "accuracy  " + fmt(m.accuracy) + "\nprecision " + fmt(m.precision) + "\nrecall    " +
       fmt(m.recall) + "\nf1        " + fmt(m.f1) + "\nroc_auc   " + fmt(m.roc_auc, "%.5f") +
       "\nlog_loss  " + fmt(m.log_loss) + "\nfpr       " + fmt(m.fpr) + "\ntpr@fpr=1%   " +
       fmt(m.tpr_at_fpr_1) + "\ntpr@fpr=0.1% " + fmt(m.tpr_at_fpr_01) + "\n";
  r += "confusion: tp " + std::to_string(m.tp) + "  fp " + std::to_string(m.fp) + "  tn " +
       std::to_string(m.tn) + "  fn " + std::to_string(m.fn) + "\n";
  return r;
}

}  // namespace

int run_eval(int argc, char** argv, int first) {
  std::string file, output;
  ModelOptions mo;
  bool json = false, slices = true;
  Args args(argc, argv, first);
  OptionGroups seen;  // every option once (--rules is repeatable)
  while (!args.empty()) {
    std::string_view a = args.next();
    if (mo.take(args, a)) continue;
    if (a.starts_with("--")) seen.take(a.substr(0, a.find('=')), "");
    if (Args::is(a, "--output"))
      output = args.value(a, "--output");
    else if (a == "--json")
      json = true;
    else if (a == "--no-slices")
      slices = false;
    else if (a.starts_with("--"))
      throw Error("unknown eval option '" + std::string(a) + "'");
    else if (file.empty())
      file = a;
    else
      throw Error("eval takes one FILE");
  }
  if (file.empty()) throw Error("eval needs a labelled TSV FILE (label<TAB>url)");
  std::unique_ptr<OutputFile> report_file;  // checked before the work
  if (!output.empty()) report_file = std::make_unique<OutputFile>(output);
  Model storage;
  const Model& model = load_model(mo.model_path, storage);
  LabeledSet data;
  if (Status s = read_labeled_tsv(file, data); !s) throw DataError(std::string(s.message()));
  if (data.skipped_lines)
    std::fprintf(stderr, "urlscan: skipped %zu malformed lines; first: %s\n", data.skipped_lines,
                 data.first_skipped.c_str());

  RuleBook rules;
  const Scorer scorer(model, load_rules(mo.rule_dirs, mo.no_rules, rules));
  // One path and one unscored-record policy for every labelled set (labeled_scores.hpp).
  const LabeledScores scored = score_labeled(scorer, data);
  const std::size_t unscorable = scored.unscored;
  const float thr = scorer.threshold();
  const float raw_thr = model.calibration().raw_threshold;
  const BinaryMetrics m = scored.metrics(raw_thr);
  std::vector<std::string_view> urls;
  urls.reserve(data.rows.size());
  for (const LabeledUrl& row : data.rows) urls.push_back(row.url);
  std::vector<Slice> sl;
  if (slices) sl = compute_slices(urls, scored.probability, scored.label, raw_thr, scored.raw);

  std::string report;
  if (json) {
    // The metrics' members (metrics_json), then the run's own.
    JsonWriter w(report);
    w.begin_object()
        .members_of(metrics_json(m))
        .key("threshold")
        .number(thr, "%.6f")
        .key("unscorable")
        .unsigned_integer(unscorable)
        .key("model")
        .string(model.id());
    if (slices) {
      w.key("slices").begin_array();
      for (const Slice& s : sl)
        w.begin_object()
            .key("dimension")
            .string(s.dimension)
            .key("value")
            .string(s.value)
            .key("metrics")
            .raw(metrics_json(s.metrics))
            .end_object();
      w.end_array();
    }
    w.end_object();
    report += '\n';
  } else {
    report = "model " + model.id() + "\n" + text_report(m, thr);
    if (unscorable) report += "unscorable records (scored 0): " + std::to_string(unscorable) + "\n";
    if (slices) {
      char line[200];
      std::snprintf(line, sizeof line, "\n%-16s %-16s %8s %8s %8s %8s %8s %8s\n", "slice", "value",
                    "n", "phish", "acc", "f1", "auc", "fpr");
      report += line;
      for (const Slice& s : sl) {
        std::snprintf(line, sizeof line, "%-16s %-16s %8zu %8zu %8s %8s %8s %8s\n",
                      s.dimension.c_str(), s.value.c_str(), s.metrics.n, s.metrics.positives,
                      fmt(s.metrics.accuracy).c_str(), fmt(s.metrics.f1).c_str(),
                      fmt(s.metrics.roc_auc).c_str(), fmt(s.metrics.fpr).c_str());
        report += line;
      }
    }
  }
  if (output.empty()) {
    std::fputs(report.c_str(), stdout);
  } else {
    report_file->commit(report);
  }
  return kExitClean;
}

}  // namespace urlscan::cli
