#include "quality_gate.hpp"

#include <cstdio>
#include <string_view>
#include <vector>

#include "assets.hpp"
#include "text_lines.hpp"
#include "urlscan/labeled_scores.hpp"
#include "urlscan/metrics.hpp"
#include "urlscan/train.hpp"

namespace urlscan::service {

namespace {

// The list's URLs: its lines but comments and blank ones.
std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::string_view line : frontend::text_lines(text))
    if (!line.empty() && line.front() != '#') out.push_back(line);
  return out;
}

// The share of a known list's URLs the scorer flags (labelled-set scoring: an unscored URL is
// never flagged).
double flagged_share(const Scorer& scorer, std::string_view list, std::uint8_t label) {
  const auto urls = lines(list);
  if (urls.empty()) return 0;
  const std::vector<std::uint8_t> labels(urls.size(), label);
  const LabeledScores scored = score_labeled(scorer, urls, labels);
  std::size_t flagged = 0;
  for (std::uint8_t f : scored.flagged) flagged += f;
  return static_cast<double>(flagged) / static_cast<double>(urls.size());
}

}  // namespace

GateResult run_quality_gate(const Scorer& scorer, const GateOptions& o) {
  GateResult r;
  const double legit = flagged_share(scorer, asset("known_legitimate"), 0);
  const double phish = flagged_share(scorer, asset("known_phishing"), 1);
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "known legitimate flagged %.2f%% (max %.2f%%), known phishing flagged %.2f%% "
                "(min %.2f%%)",
                100 * legit, 100 * o.max_legitimate_flagged, 100 * phish,
                100 * o.min_phishing_flagged);
  r.report = buf;
  r.passed = legit <= o.max_legitimate_flagged && phish >= o.min_phishing_flagged;
  if (!o.eval_file.empty()) {
    LabeledSet data;
    if (Status s = read_labeled_tsv(o.eval_file, data); !s) {
      r.report += "; eval file: " + std::string(s.message());
      r.passed = false;
      return r;
    }
    // Ranked by the raw score, unscored records lowest (labeled_scores.hpp).
    const LabeledScores scored = score_labeled(scorer, data);
    const double auc = roc_auc(scored.raw, scored.label);
    std::snprintf(buf, sizeof buf, "; AUC %.4f on %s (min %.4f)", auc, o.eval_file.c_str(),
                  o.min_auc);
    r.report += buf;
    r.passed = r.passed && auc >= o.min_auc;
  }
  if (!r.passed) r.report = "quality gate failed: " + r.report;
  return r;
}

}  // namespace urlscan::service
