#include "urlscan/booster.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "kernel/kernel.hpp"

namespace urlscan {

bool Booster::valid() const noexcept {
  if (depth == 0 || depth > kMaxBoostDepth || leaf.empty() || leaf.size() % (1u << depth) ||
      feature.size() != trees() * depth || threshold.size() != feature.size() ||
      !std::isfinite(base))
    return false;
  for (std::uint8_t f : feature)
    if (f >= kBoostInputs) return false;
  for (float v : threshold)
    if (!std::isfinite(v)) return false;
  for (std::int16_t v : leaf)
    if (std::abs(static_cast<int>(v)) > kMaxLeaf) return false;
  std::array<std::vector<float>, kBoostInputs> per_input;
  for (std::size_t k = 0; k < feature.size(); ++k) per_input[feature[k]].push_back(threshold[k]);
  for (auto& v : per_input) {
    std::sort(v.begin(), v.end());
    if (static_cast<std::size_t>(std::unique(v.begin(), v.end()) - v.begin()) > kMaxCutsPerInput)
      return false;
  }
  return true;
}

bool Booster::index() {
  cuts.clear();
  cut_begin.assign(kBoostInputs + 1, 0);
  cut.clear();
  planes.clear();
  flush.clear();
  bin_cut.clear();
  bin_steps.clear();
  bin_log2 = 0;
  levels.clear();
  block_leaf.clear();
  if (!valid()) return false;
  for (std::size_t f = 0; f < kBoostInputs; ++f) {
    cut_begin[f] = static_cast<std::uint32_t>(cuts.size());
    const std::size_t first = cuts.size();
    for (std::size_t k = 0; k < feature.size(); ++k)
      if (feature[k] == f) cuts.push_back(threshold[k]);
    std::sort(cuts.begin() + static_cast<std::ptrdiff_t>(first), cuts.end());
    cuts.erase(std::unique(cuts.begin() + static_cast<std::ptrdiff_t>(first), cuts.end()),
               cuts.end());
  }
  cut_begin[kBoostInputs] = static_cast<std::uint32_t>(cuts.size());
  cut.resize(feature.size());
  for (std::size_t k = 0; k < feature.size(); ++k) {
    const auto lo = cuts.begin() + cut_begin[feature[k]],
               hi = cuts.begin() + cut_begin[feature[k] + 1];
    cut[k] = static_cast<std::uint8_t>(std::lower_bound(lo, hi, threshold[k]) - lo);
  }
  // Greedy runs of trees whose largest leaves (in size) add up to at most 32767: no 16-bit
  // partial sum within a run can overflow.
  flush.assign(trees(), 0);
  std::int32_t run = 0;
  for (std::size_t t = 0; t < trees(); ++t) {
    std::int32_t biggest = 0;
    for (std::size_t l = 0; l < (std::size_t{1} << depth); ++l)
      biggest = std::max<std::int32_t>(biggest, std::abs(leaf[(t << depth) + l]));
    if (t > 0 && run + biggest > 32767) {
      flush[t - 1] = 1;
      run = 0;
    }
    run += biggest;
  }
  if (!flush.empty()) flush.back() = 1;
  if (depth <= 6) {
    planes.assign(trees() * 128, 0);
    for (std::size_t t = 0; t < trees(); ++t)
      for (std::size_t l = 0; l < (std::size_t{1} << depth); ++l) {
        const auto v = static_cast<std::uint16_t>(leaf[(t << depth) + l]);
        planes[t * 128 + l] = static_cast<std::uint8_t>(v & 0xff);
        planes[t * 128 + 64 + l] = static_cast<std::uint8_t>(v >> 8);
      }
  }
  // One URL at a time (BoosterTables): rows of 2^bin_log2 > every input's cut count.
  bin_steps.assign(kBinRows, 0);
  for (std::size_t f = 0; f < kBoostInputs; ++f)
    while ((std::size_t{1} << bin_steps[f]) <= cut_begin[f + 1] - cut_begin[f]) ++bin_steps[f];
  bin_log2 = *std::max_element(bin_steps.begin(), bin_steps.end());
  const std::size_t row = std::size_t{1} << bin_log2;
  bin_cut.assign(kBinRows * row, std::numeric_limits<float>::quiet_NaN());
  for (std::size_t f = 0; f < kBoostInputs; ++f)
    std::copy(cuts.begin() + cut_begin[f], cuts.begin() + cut_begin[f + 1],
              bin_cut.begin() + static_cast<std::ptrdiff_t>(f * row));
  if (depth <= kTreeBlockMaxDepth) {
    const std::size_t blocks = (trees() + kTreeBlock - 1) / kTreeBlock;
    levels.assign(blocks * depth * kLevelBytes, 0);
    for (std::size_t t = 0; t < blocks * kTreeBlock; ++t)
      for (std::size_t l = 0; l < depth; ++l) {
        std::uint8_t* lv =
            levels.data() + (t / kTreeBlock * depth + l) * kLevelBytes + t % kTreeBlock;
        const std::size_t f = t < trees() ? feature[t * depth + l] : kBinRows;  // padding: bin 0
        lv[0] = f < 16 ? static_cast<std::uint8_t>(f) : 0x80;
        lv[kTreeBlock] = f >= 16 && f < kBinRows ? static_cast<std::uint8_t>(f) : 0x80;
        lv[2 * kTreeBlock] = t < trees() ? cut[t * depth + l] : 0;  // bin 0 > 0 never holds
      }
    block_leaf.assign((blocks * kTreeBlock << depth) + 2, 0);
    std::copy(leaf.begin(), leaf.end(), block_leaf.begin());
  }
  return true;
}

BoosterTables booster_tables(const Booster& b) noexcept {
  return {b.feature.data(),
          b.threshold.data(),
          b.leaf.data(),
          b.cuts.data(),
          b.cut_begin.data(),
          b.cut.data(),
          b.planes.data(),
          b.flush.data(),
          b.bin_cut.data(),
          b.bin_steps.data(),
          b.levels.data(),
          b.block_leaf.data(),
          static_cast<std::uint32_t>(b.trees()),
          b.depth,
          b.bin_log2};
}

float Booster::margin(const float* x, std::size_t stride) const noexcept {
  float acc = base;
  boost_reference(booster_tables(*this), x, stride, 1, &acc);
  return acc;
}

namespace {

// Per input: candidate thresholds (ascending, distinct quantiles of the training values) and
// each row's bin (the number of thresholds <= its value). A split "bin > b" is "x >= edge[b]".
struct Binned {
  std::vector<std::vector<float>> edges;  // per input
  std::vector<std::uint8_t> bin;          // input-major: bin[f * n + row]
};

Binned bin_inputs(const std::vector<float>& x, std::size_t n, int bins) {
  Binned b;
  b.edges.resize(kBoostInputs);
  b.bin.resize(kBoostInputs * n);
  tbb::parallel_for(std::size_t{0}, kBoostInputs, [&](std::size_t f) {
    std::vector<float> v(n);
    for (std::size_t r = 0; r < n; ++r) v[r] = x[r * kBoostInputs + f];
    std::vector<float> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    std::vector<float>& e = b.edges[f];
    for (int q = 1; q < bins; ++q) {
      const float t = sorted[std::min(n - 1, n * static_cast<std::size_t>(q) / bins)];
      // A threshold equal to the minimum separates nothing.
      if (t > sorted.front() && (e.empty() || t > e.back())) e.push_back(t);
    }
    for (std::size_t r = 0; r < n; ++r)
      b.bin[f * n + r] =
          static_cast<std::uint8_t>(std::upper_bound(e.begin(), e.end(), v[r]) - e.begin());
  });
  return b;
}

}  // namespace

Booster train_booster(const std::vector<float>& x, const std::vector<std::uint8_t>& y,
                      const std::vector<float>& weight, const BoostOptions& opt) {
  const std::size_t n = y.size();
  Booster m;
  if (n == 0 || x.size() != n * kBoostInputs || (!weight.empty() && weight.size() != n)) return m;
  const int depth = std::clamp(opt.depth, 1, static_cast<int>(kMaxBoostDepth));
  const int bins = std::clamp(opt.bins, 2, static_cast<int>(kMaxCutsPerInput) + 1);
  const Binned b = bin_inputs(x, n, bins);
  m.depth = static_cast<std::uint32_t>(depth);

  double pos = 0, total = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const double w = weight.empty() ? 1.0 : weight[r];
    pos += w * y[r];
    total += w;
  }
  const double prior = std::clamp(pos / std::max(total, 1e-12), 1e-6, 1 - 1e-6);
  m.base = static_cast<float>(std::log(prior / (1 - prior)));
  std::vector<double> score(n, m.base), g(n), h(n);
  std::vector<std::uint32_t> node(n);
  const double l2 = opt.l2;
  const std::size_t nb = static_cast<std::size_t>(bins);

  struct Best {
    double gain = -1;
    std::size_t bin = 0;
  };
  std::vector<Best> best(kBoostInputs);
  for (int t = 0; t < opt.trees; ++t) {
    for (std::size_t r = 0; r < n; ++r) {
      const double p = 1.0 / (1.0 + std::exp(-score[r]));
      const double w = weight.empty() ? 1.0 : weight[r];
      g[r] = w * (p - y[r]);
      h[r] = w * std::max(p * (1 - p), 1e-12);
    }
    std::fill(node.begin(), node.end(), 0u);
    for (int level = 0; level < depth; ++level) {
      const std::size_t nodes = std::size_t{1} << level;
      // Each input's best threshold, in parallel: one (node, bin) histogram per input, so the
      // sums do not depend on the thread count.
      tbb::parallel_for(std::size_t{0}, kBoostInputs, [&](std::size_t f) {
        const std::size_t ne = b.edges[f].size();
        best[f] = Best{};
        if (ne == 0) return;
        std::vector<double> G(nodes * nb, 0.0), H(nodes * nb, 0.0);
        const std::uint8_t* bf = b.bin.data() + f * n;
        for (std::size_t r = 0; r < n; ++r) {
          const std::size_t k = node[r] * nb + bf[r];
          G[k] += g[r];
          H[k] += h[r];
        }
        std::vector<double> gl(nodes, 0.0), hl(nodes, 0.0), gt(nodes, 0.0), ht(nodes, 0.0);
        for (std::size_t d = 0; d < nodes; ++d)
          for (std::size_t k = 0; k <= ne; ++k) {
            gt[d] += G[d * nb + k];
            ht[d] += H[d * nb + k];
          }
        for (std::size_t k = 0; k < ne; ++k) {  // split: bin <= k left, bin > k right
          double gain = 0;
          for (std::size_t d = 0; d < nodes; ++d) {
            gl[d] += G[d * nb + k];
            hl[d] += H[d * nb + k];
            const double gr = gt[d] - gl[d], hr = ht[d] - hl[d];
            gain += gl[d] * gl[d] / (hl[d] + l2) + gr * gr / (hr + l2);
          }
          if (gain > best[f].gain) best[f] = Best{gain, k};
        }
      });
      std::size_t bf = kBoostInputs;
      for (std::size_t f = 0; f < kBoostInputs; ++f)
        if (best[f].gain >= 0 && (bf == kBoostInputs || best[f].gain > best[bf].gain)) bf = f;
      if (bf == kBoostInputs) bf = 0;  // nothing splits: a level that sends every row left
      const std::size_t split = best[bf].gain >= 0 ? best[bf].bin : 0;
      const bool usable = best[bf].gain >= 0;
      m.feature.push_back(static_cast<std::uint8_t>(bf));
      m.threshold.push_back(usable ? b.edges[bf][split] : std::numeric_limits<float>::max());
      const std::uint8_t* col = b.bin.data() + bf * n;
      for (std::size_t r = 0; r < n; ++r)
        node[r] = node[r] << 1 | (usable && col[r] > split ? 1u : 0u);
    }
    const std::size_t leaves = std::size_t{1} << depth;
    std::vector<double> G(leaves, 0.0), H(leaves, 0.0);
    for (std::size_t r = 0; r < n; ++r) {
      G[node[r]] += g[r];
      H[node[r]] += h[r];
    }
    const std::size_t first = m.leaf.size();
    for (std::size_t k = 0; k < leaves; ++k) {
      // Rounded to the unit the kernels sum in; the next tree sees (and corrects) the rounding.
      const double v = -opt.learning_rate * G[k] / (H[k] + l2) / kLeafUnit;
      m.leaf.push_back(
          static_cast<std::int16_t>(std::clamp<double>(std::nearbyint(v), -kMaxLeaf, kMaxLeaf)));
    }
    for (std::size_t r = 0; r < n; ++r) score[r] += kLeafUnit * m.leaf[first + node[r]];
  }
  (void)m.index();  // valid by construction (leaves clamped, cuts binned); tests check valid()
  return m;
}

}  // namespace urlscan
