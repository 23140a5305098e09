// The statistics of `urlscan experiment`: pure functions on counts, no I/O. Each one names the
// textbook method it implements, so a reader can check it against the source (the unit tests
// hold published reference values).
#pragma once

#include <cstdint>

namespace urlscan::experiment {

// Standard normal distribution function Phi(z).
double normal_cdf(double z);
// Its inverse Phi^-1(p), 0 < p < 1 (Wichura's algorithm AS 241, about 1e-16 relative error).
double normal_quantile(double p);

struct Interval {
  double lo = 0, hi = 0;
};

// Wilson's score interval for a proportion of `successes` in `n` trials at `confidence`
// (e.g. 0.95). Unlike the Wald interval it stays inside [0, 1] and keeps its coverage near
// 0 and 1 and for small n (Newcombe 1998, Statistics in Medicine 17:857). n == 0 gives [0, 1].
Interval wilson_interval(std::uint64_t successes, std::uint64_t n, double confidence);

// Comparison of two independent proportions: B (x_b of n_b) against A (x_a of n_a).
struct TwoProportions {
  double p_a = 0, p_b = 0;
  double difference = 0;   // p_b - p_a
  Interval difference_ci;  // Newcombe's hybrid score interval (his method 10) from Wilson's
  double z = 0;            // pooled two-proportion z statistic, positive when B is higher
  double p_value = 1;      // two-sided, from z
};
// Needs n_a > 0 and n_b > 0 (throws std::invalid_argument otherwise).
TwoProportions compare_proportions(std::uint64_t x_a, std::uint64_t n_a, std::uint64_t x_b,
                                   std::uint64_t n_b, double confidence);

// Answers needed in EACH of two equal groups for a two-sided test at level `alpha` to detect
// an absolute difference `mde` from the base rate `p_base` with probability `power` (normal
// approximation without continuity correction: Fleiss, Levin & Paik 2003, eq. 4.14; the same
// formula as R's power.prop.test). Rounded up. p_base + mde must stay in (0, 1): when it does
// not, the difference is taken downwards.
std::uint64_t sample_size_per_group(double p_base, double mde, double alpha, double power);

}  // namespace urlscan::experiment
