#include "decision.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace urlscan::experiment {

namespace {

std::string fmt(const char* format, double a, double b, double c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

}  // namespace

double Measured::error_ratio() const {
  return requests > 0 ? errors / requests : std::numeric_limits<double>::quiet_NaN();
}

GuardrailCheck check_guardrails(const Measured& base, const Measured& other, const Guardrails& g) {
  GuardrailCheck c;
  const double eb = base.error_ratio(), eo = other.error_ratio();
  if (std::isnan(eo)) {
    c.ok = false;
    c.detail = other.name + ": no requests measured, the 5xx guardrail cannot be checked";
  } else {
    const double limit = (std::isnan(eb) ? 0 : eb) + g.max_error_increase;
    const bool bad = eo > limit;
    c.ok = !bad;
    c.detail = other.name +
               fmt(": 5xx ratio %.4f vs %.4f (limit %.4f) ", eo, std::isnan(eb) ? 0.0 : eb, limit) +
               (bad ? "BREACHED" : "ok");
  }
  const double pb = base.p99_seconds, po = other.p99_seconds;
  if (std::isnan(po) || std::isnan(pb)) {
    c.detail += "; p99 inference not measured for " + (std::isnan(po) ? other.name : base.name);
  } else {
    const double limit = std::max(pb * g.max_latency_ratio, pb + g.latency_slack_s);
    const bool bad = po > limit;
    if (bad) c.ok = false;
    c.detail += fmt("; p99 inference %.6f s vs %.6f s (limit %.6f s) ", po, pb, limit) +
                (bad ? "BREACHED" : "ok");
  }
  return c;
}

ExperimentReport decide_experiment(std::vector<Measured> variants, const ExperimentSettings& s) {
  const auto base_it = std::find_if(variants.begin(), variants.end(),
                                    [&](const Measured& m) { return m.name == s.baseline; });
  if (base_it == variants.end())
    throw std::invalid_argument("baseline variant '" + s.baseline + "' has no series");
  std::rotate(variants.begin(), base_it, base_it + 1);  // baseline first, others in order
  ExperimentReport r;
  r.variants = variants;
  for (const Measured& m : variants)
    r.yes_ci.push_back(wilson_interval(m.yes, m.yes + m.no, s.confidence));
  r.chosen = s.baseline;
  const Measured& base = variants.front();
  const std::uint64_t n_base = base.yes + base.no;
  if (variants.size() < 2) {
    r.reason = "only the baseline has series: no experiment running";
    return r;
  }
  // Bonferroni: with k challengers each is tested at alpha / k, so the chance of promoting a
  // variant that is not better stays at alpha overall.
  const double alpha = s.alpha / static_cast<double>(variants.size() - 1);
  // The planned sample comes from the baseline's observed rate (0.5, the largest variance,
  // until it has answers), clamped away from 0 and 1.
  const double p_base =
      n_base ? std::clamp(static_cast<double>(base.yes) / n_base, 0.01, 0.99) : 0.5;
  const std::uint64_t planned = sample_size_per_group(p_base, s.mde, alpha, s.power);
  bool all_reached = true, all_guarded = true;
  for (std::size_t i = 1; i < variants.size(); ++i) {
    const Measured& v = variants[i];
    Comparison c;
    c.variant = v.name;
    c.alpha = alpha;
    c.planned = planned;
    const std::uint64_t n = v.yes + v.no;
    if (n_base > 0 && n > 0) c.test = compare_proportions(base.yes, n_base, v.yes, n, s.confidence);
    c.sample_reached = n_base >= planned && n >= planned;
    c.guardrails = check_guardrails(base, v, s.guardrails);
    all_reached = all_reached && c.sample_reached;
    all_guarded = all_guarded && c.guardrails.ok;
    r.comparisons.push_back(c);
  }
  // Fixed horizon: nothing is decided before every group has its planned answers, so looking
  // at the figures early cannot inflate the false-promotion rate.
  if (!all_reached) {
    r.reason =
        "the planned sample of " + std::to_string(planned) + " answers per variant is not reached";
    return r;
  }
  if (!all_guarded) {
    r.reason = "a guardrail is breached: investigate before deciding";
    return r;
  }
  const Comparison* best = nullptr;
  for (const Comparison& c : r.comparisons)
    if (c.test.p_value < c.alpha && c.test.difference > 0 &&
        (!best || c.test.difference > best->test.difference))
      best = &c;
  if (best) {
    r.decision = Decision::promote;
    r.chosen = best->variant;
    r.reason = best->variant + "'s Yes ratio is significantly higher than " + s.baseline + "'s";
  } else {
    r.decision = Decision::keep;
    r.reason = "no variant is significantly better than " + s.baseline;
  }
  return r;
}

CanaryReport decide_canary(const Measured& stable, const Measured& canary,
                           const CanarySettings& s) {
  CanaryReport r;
  r.stable = stable;
  r.canary = canary;
  r.guardrails = check_guardrails(stable, canary, s.guardrails);
  if (canary.requests < s.min_requests) {
    r.reason = fmt("the canary served %.0f requests, fewer than the %.0f needed to judge it",
                   canary.requests, s.min_requests, 0);
    return r;
  }
  if (!r.guardrails.ok) {
    r.decision = Decision::keep;
    r.reason = "the canary is worse than the stable version: roll back";
  } else {
    r.decision = Decision::promote;
    r.reason = "the canary is within the guardrails of the stable version";
  }
  return r;
}

}  // namespace urlscan::experiment
