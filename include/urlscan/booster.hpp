// The model's second stage: boosted oblivious decision trees over the linear score and the URL's
// shape (features.hpp). In an oblivious tree every node of a level asks the same question, so a
// tree is `depth` comparisons and one table lookup, evaluated for many URLs at once in SIMD
// (KernelTable::boost). Measured against the linear model alone in models/MODEL.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "urlscan/features.hpp"
#include "urlscan/kernel.hpp"

namespace urlscan {

// Booster inputs per URL: the linear model's raw score, then the kShapeCount shape values.
inline constexpr std::size_t kBoostInputs = 1 + kShapeCount;
inline constexpr std::uint32_t kMaxBoostDepth = 10;

struct Booster {
  std::uint32_t depth = 0;
  float base = 0.0f;                  // the score before any tree
  std::vector<std::uint8_t> feature;  // trees * depth input numbers (< kBoostInputs)
  std::vector<float> threshold;       // trees * depth: bit 1 when input >= threshold
  std::vector<float> leaf;            // trees << depth

  bool empty() const noexcept { return leaf.empty(); }
  std::size_t trees() const noexcept { return depth ? leaf.size() >> depth : 0; }
  BoosterTables tables() const noexcept {
    return {feature.data(), threshold.data(), leaf.data(), static_cast<std::uint32_t>(trees()),
            depth};
  }
  // Structurally sound: sizes agree, inputs in range, every number finite.
  bool valid() const noexcept;
  // base + every tree's leaf for one URL's inputs (x[f * stride]); the scalar reference.
  float margin(const float* x, std::size_t stride = 1) const noexcept;
};

struct BoostOptions {
  int trees = 200;
  int depth = 6;
  float learning_rate = 0.1f;
  float l2 = 1.0f;  // on leaf values (Newton step denominators)
  int bins = 64;    // candidate thresholds per input: quantiles of the training values
  // Weight of the added legitimate homepages (TrainOptions::augment_homepages) in the trees.
  float homepage_weight = 0.1f;  // measured on val and the known lists (models/MODEL.md)
};

// Gradient boosting (Newton steps) on the logistic loss. `x` is row-major, n rows of
// kBoostInputs values; `y` the labels; `weight` each row's weight (empty: all 1). Deterministic:
// the result does not depend on the number of threads.
Booster train_booster(const std::vector<float>& x, const std::vector<std::uint8_t>& y,
                      const std::vector<float>& weight, const BoostOptions& opt);

}  // namespace urlscan
