#include "stats.hpp"

#include <cmath>
#include <stdexcept>

namespace urlscan::experiment {

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("normal_quantile: p must be in (0, 1)");
  // Wichura, M. J. (1988) Algorithm AS 241, Applied Statistics 37:477-484 (PPND16).
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) *
                    r +
                45921.953931549871457) *
                   r +
               13731.693765509461125) *
                  r +
              1971.5909503065514427) *
                 r +
             133.14166789178437745) *
                r +
            3.387132872796366608) /
           (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) *
                    r +
                21213.794301586595867) *
                   r +
               5394.1960214247511077) *
                  r +
              687.1870074920579083) *
                 r +
             42.313330701600911252) *
                r +
            1.0);
  }
  double r = q < 0 ? p : 1 - p;
  r = std::sqrt(-std::log(r));
  double x;
  if (r <= 5) {
    r -= 1.6;
    x = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r +
              0.24178072517745061177) *
                 r +
             1.27045825245236838258) *
                r +
            3.64784832476320460504) *
               r +
           5.7694972214606914055) *
              r +
          4.6303378461565452959) *
             r +
         1.42343711074968357734) /
        (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r +
              0.0151986665636164571966) *
                 r +
             0.14810397642748007459) *
                r +
            0.68976733498510000455) *
               r +
           1.6763848301838038494) *
              r +
          2.05319162663775882187) *
             r +
         1.0);
  } else {
    r -= 5;
    x = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r +
              0.0012426609473880784386) *
                 r +
             0.026532189526576123093) *
                r +
            0.29656057182850489123) *
               r +
           1.7848265399172913358) *
              r +
          5.4637849111641143699) *
             r +
         6.6579046435011037772) /
        (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r +
              1.8463183175100546818e-5) *
                 r +
             7.868691311456132591e-4) *
                r +
            0.0148753612908506148525) *
               r +
           0.13692988092273580531) *
              r +
          0.59983220655588793769) *
             r +
         1.0);
  }
  return q < 0 ? -x : x;
}

Interval wilson_interval(std::uint64_t successes, std::uint64_t n, double confidence) {
  if (n == 0) return {0, 1};
  if (successes > n) throw std::invalid_argument("wilson_interval: successes > n");
  const double z = normal_quantile(0.5 + confidence / 2);
  const double nn = static_cast<double>(n), p = static_cast<double>(successes) / nn;
  const double z2 = z * z, denom = 1 + z2 / nn;
  const double centre = (p + z2 / (2 * nn)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
  // Exactly 0 and 1 at the ends (the formula gives them up to rounding).
  return {successes == 0 ? 0.0 : centre - half, successes == n ? 1.0 : centre + half};
}

TwoProportions compare_proportions(std::uint64_t x_a, std::uint64_t n_a, std::uint64_t x_b,
                                   std::uint64_t n_b, double confidence) {
  if (n_a == 0 || n_b == 0)
    throw std::invalid_argument("compare_proportions: both groups need answers");
  TwoProportions t;
  const double na = static_cast<double>(n_a), nb = static_cast<double>(n_b);
  t.p_a = static_cast<double>(x_a) / na;
  t.p_b = static_cast<double>(x_b) / nb;
  t.difference = t.p_b - t.p_a;
  // Newcombe (1998), Statistics in Medicine 17:873, method 10: each side from the groups'
  // Wilson limits.
  const Interval a = wilson_interval(x_a, n_a, confidence);
  const Interval b = wilson_interval(x_b, n_b, confidence);
  t.difference_ci.lo = t.difference - std::hypot(t.p_b - b.lo, a.hi - t.p_a);
  t.difference_ci.hi = t.difference + std::hypot(b.hi - t.p_b, t.p_a - a.lo);
  const double pooled = static_cast<double>(x_a + x_b) / (na + nb);
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  if (se > 0) {
    t.z = t.difference / se;
    t.p_value = 2 * normal_cdf(-std::fabs(t.z));
  }  // all answers alike in both groups: no evidence of a difference (z 0, p 1)
  return t;
}

std::uint64_t sample_size_per_group(double p_base, double mde, double alpha, double power) {
  if (!(p_base > 0 && p_base < 1)) throw std::invalid_argument("base rate must be in (0, 1)");
  if (!(mde > 0 && mde < 1)) throw std::invalid_argument("mde must be in (0, 1)");
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1))
    throw std::invalid_argument("alpha and power must be in (0, 1)");
  double p1 = p_base, p2 = p_base + mde;
  if (p2 >= 1) p2 = p_base - mde;
  if (p2 <= 0) throw std::invalid_argument("mde too large for the base rate");
  const double z_a = normal_quantile(1 - alpha / 2), z_b = normal_quantile(power);
  const double pbar = (p1 + p2) / 2;
  const double root =
      z_a * std::sqrt(2 * pbar * (1 - pbar)) + z_b * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return static_cast<std::uint64_t>(std::ceil(root * root / (mde * mde)));
}

}  // namespace urlscan::experiment
