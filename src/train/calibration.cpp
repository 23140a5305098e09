// Platt scaling by Newton's method and the best-F1 threshold within a false-positive limit.
#include "train/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace urlscan::detail {

double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

namespace {

double platt_loss(const std::vector<double>& z, const std::vector<std::uint8_t>& y,
                  const std::vector<double>& w, double a, double b) {
  double l = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double t = a * z[i] + b;
    // log(1 + e^t) - y t, computed without overflow.
    l += w[i] * ((t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t))) - y[i] * t);
  }
  return l;
}

}  // namespace

void fit_platt(const std::vector<float>& raw, const std::vector<std::uint8_t>& y,
               const std::vector<double>& w, float& a, float& b) {
  double mean = 0, var = 0;
  for (float v : raw) mean += v;
  mean /= raw.size();
  for (float v : raw) var += (v - mean) * (v - mean);
  const double sd = std::max(std::sqrt(var / raw.size()), 1e-9);
  std::vector<double> z(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) z[i] = (raw[i] - mean) / sd;
  double A = 1, B = 0, loss = platt_loss(z, y, w, A, B);
  for (int it = 0; it < 100; ++it) {
    double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double p = sigmoid(A * z[i] + B), d = w[i] * (p - y[i]), h = w[i] * p * (1 - p);
      ga += d * z[i];
      gb += d;
      haa += h * z[i] * z[i];
      hab += h * z[i];
      hbb += h;
    }
    const double det = haa * hbb - hab * hab;
    double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    if (!std::isfinite(da) || !std::isfinite(db)) break;
    double step = 1, next = loss;
    while (step > 1e-6) {
      next = platt_loss(z, y, w, A - step * da, B - step * db);
      if (next <= loss) break;
      step /= 2;
    }
    if (step <= 1e-6) break;
    A -= step * da;
    B -= step * db;
    const bool done = loss - next < 1e-10 * std::max(1.0, loss);
    loss = next;
    if (done) break;
  }
  a = static_cast<float>(A / sd);
  b = static_cast<float>(B - A * mean / sd);
}

float pick_threshold(const std::vector<float>& p, const std::vector<std::uint8_t>& y,
                     const std::vector<double>& w, double max_fpr) {
  std::vector<std::size_t> o(p.size());
  for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
  std::stable_sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  double pos = 0, neg = 0;
  for (std::size_t i = 0; i < y.size(); ++i) (y[i] ? pos : neg) += w[i];
  double best = -1, tp = 0, fp = 0;
  float thr = o.empty() ? 0.5f : p[o.front()];
  for (std::size_t k = 0; k < o.size(); ++k) {
    (y[o[k]] ? tp : fp) += w[o[k]];
    if (k + 1 < o.size() && p[o[k + 1]] == p[o[k]]) continue;
    if (neg > 0 && fp / neg > max_fpr) break;  // fp only grows from here
    const double f1 = 2.0 * tp / (2.0 * tp + fp + (pos - tp));
    if (f1 > best) {
      best = f1;
      thr = p[o[k]];
    }
  }
  return thr;
}

}  // namespace urlscan::detail
