// The versioned model file: magic, format version, section table, featurizer spec, calibration,
// metadata (training-data fingerprint, metrics), int8 weights, optional boosted trees, CRC-32
// checksum. Loading checks
// every size before use and refuses wrong, truncated, corrupted or newer files with a message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/booster.hpp"
#include "urlscan/error.hpp"
#include "urlscan/export.hpp"
#include "urlscan/features.hpp"

namespace urlscan {

// A linear-stage weight: int8 in units of Calibration::weight_scale (model format 4). With the
// trees after the linear stage, int8 loses nothing measurable against int16 (val site-weighted
// F1 0.9577 vs 0.9579, test AUC 0.99590 vs 0.99585, seed 1) and halves the table (2^20 buckets:
// 1 MiB, within a core's L2 here), which the scorer gathers from at random.
using Weight = std::int8_t;
inline constexpr int kMaxWeight = 127;  // training quantises to [-127, 127]

// 2: boosted trees (older readers would ignore them); 3: integer tree leaves (kLeafUnit);
// 4: an empty path is featurized as "/" (the same URL; format-3 models learnt the difference);
//    int8 linear weights (Weight).
inline constexpr std::uint32_t kModelFormatVersion = 5;

struct Calibration {
  float weight_scale = 1.0f;  // weight = int8 * weight_scale
  float bias = 0.0f;          // linear score = bias + weight_scale * sum(weights); the raw score
                              // is the booster's margin over it and the shape, or it (no trees)
  float platt_a = 1.0f;       // probability = sigmoid(platt_a * raw + platt_b)
  float platt_b = 0.0f;
  float threshold = 0.5f;      // on the probability (what users see and set)
  float raw_threshold = 0.0f;  // the same decision on the raw score: phishing when raw >= it
};

// The raw-score threshold equivalent to probability `p` under `c` (monotone inverse).
[[nodiscard]] URLSCAN_API float raw_threshold_for(const Calibration& c, float p) noexcept;

// What a model file holds, in owned form (the trainer fills it; tests build small ones).
struct ModelContents {
  FeatureSpec spec;
  Calibration calibration;
  std::string metadata_json;    // free-form JSON object: fingerprint, hyperparameters, metrics
  std::vector<Weight> weights;  // spec.table_size() entries
  Booster booster;              // empty: the linear score is the raw score
};

// Serialises `m` (deterministically) into the file format.
[[nodiscard]] URLSCAN_API std::string serialize_model(const ModelContents& m);

class URLSCAN_API Model {
 public:
  Model() = default;
  // Maps `path` read-only and validates it; a failure's message() names the file and the fault.
  static Status load_file(const std::string& path, Model& out);
  // Validates bytes in memory; with `copy` false they must outlive the model (embedded data).
  static Status load_memory(const void* data, std::size_t size, Model& out, bool copy);
  // The model built into the binary.
  static const Model& builtin();

  bool loaded() const noexcept { return weights_ != nullptr; }
  const FeatureSpec& spec() const noexcept { return spec_; }
  const Calibration& calibration() const noexcept { return calib_; }
  const Weight* weights() const noexcept { return weights_; }
  std::size_t num_weights() const noexcept { return num_weights_; }
  const Booster& booster() const noexcept { return booster_; }
  std::string_view metadata_json() const noexcept { return metadata_; }
  // Short identity: "<name>-<checksum>", e.g. "urlscan-lr-3fa2c1d0" (linear alone) or
  // "urlscan-gbt-3fa2c1d0" (with boosted trees).
  const std::string& id() const noexcept { return id_; }
  std::uint32_t checksum() const noexcept { return checksum_; }
  std::size_t file_size() const noexcept { return size_; }

 private:
  std::shared_ptr<const void> storage_;  // keeps the mapping or copy alive
  const Weight* weights_ = nullptr;
  std::size_t num_weights_ = 0;
  std::size_t size_ = 0;
  FeatureSpec spec_;
  Calibration calib_;
  Booster booster_;  // a copy (tens of KB): the kernel wants its own aligned vectors
  std::string_view metadata_;
  std::string id_;
  std::uint32_t checksum_ = 0;
};

}  // namespace urlscan
