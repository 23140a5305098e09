// The model's second stage: boosted oblivious decision trees over the linear score and the URL's
// shape (features.hpp). In an oblivious tree every node of a level asks the same question, so a
// tree is `depth` comparisons and one table lookup, evaluated for many URLs at once in SIMD
// (KernelTable::boost). Measured against the linear model alone in models/MODEL.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "urlscan/export.hpp"
#include "urlscan/features.hpp"

namespace urlscan {

// Leaves are integers in units of kLeafUnit (a power of two: the scaled sum is exact), at most
// kMaxLeaf in size (4.0 logits). Integer sums are exact in any order, so every ISA agrees bit
// for bit; the SIMD kernels add trees in 16-bit lanes and widen to 32 bits after the trees
// marked in `flush` (runs of trees whose largest leaves add up to at most 32767).
inline constexpr float kLeafUnit = 1.0f / 8192;
inline constexpr std::int16_t kMaxLeaf = 32767;
// Distinct thresholds per input at most (the kernels compare signed bytes); training makes
// fewer than BoostOptions::bins.
inline constexpr std::size_t kMaxCutsPerInput = 127;

struct BoosterTables;  // src/kernel/kernel.hpp: the tables as the kernels read them

// Booster inputs per URL: the linear model's raw score, then the kShapeCount shape values.
inline constexpr std::size_t kBoostInputs = 1 + kShapeCount;
inline constexpr std::uint32_t kMaxBoostDepth = 10;
struct URLSCAN_API Booster {
  std::uint32_t depth = 0;
  float base = 0.0f;                  // the score before any tree
  std::vector<std::uint8_t> feature;  // trees * depth input numbers (< kBoostInputs)
  std::vector<float> threshold;       // trees * depth: bit 1 when input >= threshold
  std::vector<std::int16_t> leaf;     // trees << depth, in kLeafUnit

  bool empty() const noexcept { return leaf.empty(); }
  std::size_t trees() const noexcept { return depth ? leaf.size() >> depth : 0; }
  // Builds the derived tables; false (and the booster unusable) when valid() is false.
  [[nodiscard]] bool index();
  // Structurally sound: sizes agree, inputs in range, every threshold finite, leaves within
  // +-kMaxLeaf, at most kMaxCutsPerInput distinct thresholds per input.
  bool valid() const noexcept;
  // base + every tree's leaf for one URL's inputs (x[f * stride]); the scalar reference.
  float margin(const float* x, std::size_t stride = 1) const noexcept;

 private:
  friend BoosterTables booster_tables(const Booster& b) noexcept;
  // Derived by index() from the above, for the kernels: each input's distinct thresholds
  // ascending (cuts[cut_begin[f] .. cut_begin[f + 1])), each split's threshold as a number
  // among its input's (x >= threshold is "more than that many of the input's cuts are <= x"),
  // the leaves as byte planes (per tree the low bytes of leaves 0..63, then the high bytes;
  // zero past 2^depth), for 16-entry table lookups, and where 16-bit sums are widened. For
  // scoring one URL at a time (the trees side by side): each input's cuts in a row of
  // 2^bin_log2 floats, NaN after them, for a binary search of bin_steps[f] steps; per block of
  // 64 trees and level, the levels' inputs and cuts as bytes; the leaves of the trees padded
  // to whole blocks (see BoosterTables).
  std::vector<float> cuts;
  std::vector<std::uint32_t> cut_begin;
  std::vector<std::uint8_t> cut;
  std::vector<std::uint8_t> planes;
  std::vector<std::uint8_t> flush;
  std::vector<float> bin_cut;
  std::vector<std::uint8_t> bin_steps;
  std::uint32_t bin_log2 = 0;
  std::vector<std::uint8_t> levels;
  std::vector<std::int16_t> block_leaf;
};

struct BoostOptions {
  int trees = 200;
  int depth = 6;
  // Picked on validation (site-weighted F1 within the 1% FPR limit, seeds 1-2, with
  // models/data/software_pages.tsv): 0.1 0.9529, 0.15 0.9550, 0.2 0.9564, 0.3 0.9525.
  float learning_rate = 0.2f;
  float l2 = 1.0f;  // on leaf values (Newton step denominators)
  int bins = 64;    // candidate thresholds per input: quantiles of the training values
  // Weight of the added legitimate homepages (TrainOptions::augment_homepages) in the trees.
  float homepage_weight = 0.1f;  // measured on val and the known lists (models/MODEL.md)
};

// Gradient boosting (Newton steps) on the logistic loss; each tree's leaves are rounded to
// kLeafUnit before the next tree is fitted, so later trees correct the rounding. `x` is row-major,
// n rows of kBoostInputs values; `y` the labels; `weight` each row's weight (empty: all 1).
// Deterministic: the result does not depend on the number of threads. The result is indexed
// (Booster::index).
[[nodiscard]] URLSCAN_API Booster train_booster(const std::vector<float>& x,
                                                const std::vector<std::uint8_t>& y,
                                                const std::vector<float>& weight,
                                                const BoostOptions& opt);

}  // namespace urlscan
