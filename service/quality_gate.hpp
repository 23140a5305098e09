// The quality gate a model must pass before it answers: the built-in known-URL lists (popular
// legitimate pages, phishing-style URLs) and, optionally, a labelled file with a minimum AUC.
#pragma once

#include <string>

#include "urlscan/scorer.hpp"

namespace urlscan::service {

// The default thresholds are the gate's own: a front end sets only what its user chose.
struct GateOptions {
  static constexpr double kMaxLegitimateFlagged = 0.02, kMinPhishingFlagged = 0.90;
  double max_legitimate_flagged = kMaxLegitimateFlagged;  // share of the known legitimate URLs
  double min_phishing_flagged = kMinPhishingFlagged;      // share of the known phishing URLs
  std::string eval_file;                                  // label<TAB>url; empty = none
  double min_auc = 0;
};

struct GateResult {
  bool passed = false;
  std::string report;  // one line: the figures, and what failed
};

GateResult run_quality_gate(const Scorer& scorer, const GateOptions& options);

}  // namespace urlscan::service
