// fit_linear: members trained in parallel, averaged, the best validation epoch quantised.
#include "train/linear.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "train/calibration.hpp"
#include "urlscan/metrics.hpp"

namespace urlscan::detail {

LinearModel fit_linear(const FeatureMatrix& X, const std::vector<std::uint8_t>& labels,
                       const std::vector<std::uint32_t>& rows, const FeatureMatrix& V,
                       const std::vector<std::uint8_t>& val_y, const TrainOptions& opt,
                       bool report_progress) {
  const std::size_t T = opt.spec.table_size();
  const int K = std::max(1, opt.members);
  struct Member {
    std::vector<float> w, g2;
    double bias = 0, bias_g2 = 1e-6;  // NOLINT
    std::vector<std::uint32_t> order;
    std::mt19937_64 rng;
    double loss = 0;
  };
  std::vector<Member> members(K);
  for (int k = 0; k < K; ++k) {
    Member& m = members[k];
    m.w.assign(T, 0.0f);
    m.g2.assign(T, opt.adagrad_init);
    m.order = rows;
    m.rng.seed(opt.seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(k));
  }
  auto run_epoch = [&](Member& m) {
    for (std::size_t i = m.order.size(); i > 1; --i) {  // Fisher-Yates with a fixed generator
      std::size_t j = m.rng() % i;
      std::swap(m.order[i - 1], m.order[j]);
    }
    m.loss = 0;
    for (std::uint32_t r : m.order) {
      const std::uint32_t* f = X.index.data() + X.offset[r];
      const std::size_t nf = X.offset[r + 1] - X.offset[r];
      const float x = row_scale(opt.spec, nf);
      double dot = 0;
      for (std::size_t k = 0; k < nf; ++k) dot += m.w[f[k]];
      const double z = m.bias + x * dot;
      const double p = sigmoid(z), y = labels[r];
      m.loss -= y ? std::log(std::max(p, 1e-12)) : std::log(std::max(1 - p, 1e-12));
      const float g = static_cast<float>(p - y);
      const float gx = g * x;
      for (std::size_t k = 0; k < nf; ++k) {
        float& gg = m.g2[f[k]];
        const float gk = gx + opt.l2 * m.w[f[k]];
        gg += gk * gk;
        m.w[f[k]] -= opt.learning_rate * gk / std::sqrt(gg);
      }
      m.bias_g2 += g * g;
      m.bias -= opt.learning_rate * g / std::sqrt(m.bias_g2);
    }
  };

  const std::size_t nval = val_y.size();
  std::vector<float> avg(T), best_w;
  double best_bias = 0, best_auc = -1;
  int best_epoch = 0;
  std::vector<float> vz(nval);
  for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
    tbb::parallel_for(0, K, [&](int k) { run_epoch(members[k]); });
    double bias = 0, loss = 0;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, T, 1 << 16),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i < r.end(); ++i) {
                          float s = 0;
                          for (int k = 0; k < K; ++k) s += members[k].w[i];
                          avg[i] = s / static_cast<float>(K);
                        }
                      });
    for (int k = 0; k < K; ++k) {
      bias += members[k].bias / K;
      loss += members[k].loss / K;
    }
    tbb::parallel_for(std::size_t{0}, nval, [&](std::size_t i) {
      double dot = 0;
      for (std::uint64_t k = V.offset[i]; k < V.offset[i + 1]; ++k) dot += avg[V.index[k]];
      vz[i] = static_cast<float>(bias + row_scale(opt.spec, V.offset[i + 1] - V.offset[i]) * dot);
    });
    const double auc = roc_auc(vz, val_y);
    if (report_progress && opt.progress) {
      std::vector<float> vp(vz.size());
      for (std::size_t i = 0; i < vz.size(); ++i) vp[i] = static_cast<float>(sigmoid(vz[i]));
      opt.progress(epoch, loss / rows.size(), compute_metrics(vp, val_y, 0.5f));
    }
    if (auc > best_auc) {
      best_auc = auc;
      best_w = avg;
      best_bias = bias;
      best_epoch = epoch;
    }
  }
  members.clear();

  LinearModel lm;
  float max_abs = 0;
  for (float v : best_w) max_abs = std::max(max_abs, std::fabs(v));
  // The largest weight maps to kMaxWeight (clipping the top 0.01% instead lost 0.2 points of
  // val F1); the fold models are quantised the same way, so the trees learn from the scores
  // the scorer computes.
  lm.scale = max_abs > 0 ? max_abs / static_cast<float>(kMaxWeight) : 1.0f;
  lm.weights.resize(T);
  for (std::size_t i = 0; i < T; ++i)
    lm.weights[i] = static_cast<Weight>(
        std::clamp<long>(std::lround(best_w[i] / lm.scale), -kMaxWeight, kMaxWeight));
  lm.bias = static_cast<float>(best_bias);
  lm.best_epoch = best_epoch;
  return lm;
}

}  // namespace urlscan::detail
