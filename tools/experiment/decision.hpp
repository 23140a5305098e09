// The decisions of `urlscan experiment`: which variant of the page to keep, and whether a
// canary version may replace the stable one. Pure functions of the measured figures (no I/O),
// so the rules can be read and tested in one place; deploy/EXPERIMENT.md explains them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stats.hpp"

namespace urlscan::experiment {

// What Prometheus says about one variant (or version) over the window.
struct Measured {
  std::string name;
  std::uint64_t yes = 0, no = 0;  // feedback answers (unused by the canary decision)
  double requests = 0;            // HTTP requests served, probes and scrapes not counted
  double errors = 0;              // of which 5xx
  double p99_seconds = 0;         // p99 inference time; NaN when nothing was scored
  double error_ratio() const;     // errors / requests; NaN without requests
};

// Guardrail margins: how much worse than the baseline a variant may be.
struct Guardrails {
  double max_error_increase = 0.01;  // 5xx ratio: at most baseline + 1 percentage point
  double max_latency_ratio = 1.5;    // p99: at most 1.5 x the baseline's ...
  double latency_slack_s = 0.005;    // ... unless within 5 ms of it (histogram resolution)
};

struct GuardrailCheck {
  bool ok = true;
  std::string detail;  // one line per guardrail, for the report
};
GuardrailCheck check_guardrails(const Measured& baseline, const Measured& other,
                                const Guardrails& g);

enum class Decision { promote, keep, keep_continue };

struct ExperimentSettings {
  std::string baseline = "binary";
  double mde = 0.05;  // minimum detectable absolute difference in the Yes ratio
  double alpha = 0.05, power = 0.80, confidence = 0.95;
  Guardrails guardrails;
};

struct Comparison {
  std::string variant;  // the challenger (compared with the baseline)
  TwoProportions test;
  double alpha = 0.05;  // after the Bonferroni split between challengers
  std::uint64_t planned = 0;
  bool sample_reached = false;
  GuardrailCheck guardrails;
};

struct ExperimentReport {
  std::vector<Measured> variants;  // baseline first
  std::vector<Interval> yes_ci;    // Wilson, per variant, same order
  std::vector<Comparison> comparisons;
  Decision decision = Decision::keep_continue;
  std::string chosen;  // the promoted variant, or the baseline
  std::string reason;
};

// Throws std::invalid_argument when the baseline is not among `variants`.
ExperimentReport decide_experiment(std::vector<Measured> variants, const ExperimentSettings& s);

struct CanarySettings {
  double min_requests = 100;  // fewer canary requests than this: not enough to judge
  Guardrails guardrails;
};
struct CanaryReport {
  Measured stable, canary;
  GuardrailCheck guardrails;
  Decision decision = Decision::keep_continue;  // promote, keep (= roll back), or continue
  std::string reason;
};
CanaryReport decide_canary(const Measured& stable, const Measured& canary, const CanarySettings& s);

}  // namespace urlscan::experiment
