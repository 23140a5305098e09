// Binary-classification metrics and slices, shared by `urlscan eval`, training and tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/export.hpp"

namespace urlscan {

struct BinaryMetrics {
  std::size_t n = 0, positives = 0, negatives = 0;
  std::size_t tp = 0, fp = 0, tn = 0, fn = 0;
  double accuracy = 0, precision = 0, recall = 0, f1 = 0, fpr = 0;
  double roc_auc = 0, log_loss = 0;
  double tpr_at_fpr_1 = 0, tpr_at_fpr_01 = 0;  // TPR at FPR <= 1% and <= 0.1%
  bool has_positives() const noexcept { return positives > 0; }
  bool has_negatives() const noexcept { return negatives > 0; }
};

// Log-loss from `prob`; decisions (rank >= threshold) and ranking metrics (AUC, TPR at FPR) from
// `rank` when given -- the raw score, a monotone function of the probability that does not
// saturate in float -- else from `prob`.
[[nodiscard]] URLSCAN_API BinaryMetrics compute_metrics(std::span<const float> prob,
                                                        std::span<const std::uint8_t> label,
                                                        float threshold,
                                                        std::span<const float> rank = {});

// ROC-AUC with ties counted half (Mann-Whitney U). NaN when a class is missing.
[[nodiscard]] URLSCAN_API double roc_auc(std::span<const float> score,
                                         std::span<const std::uint8_t> label);

// Largest TPR reachable while FPR <= max_fpr (thresholds between distinct scores only).
[[nodiscard]] URLSCAN_API double tpr_at_fpr(std::span<const float> score,
                                            std::span<const std::uint8_t> label, double max_fpr);

// The metrics as one JSON object; keys undefined for a one-class set are omitted.
[[nodiscard]] URLSCAN_API std::string metrics_json(const BinaryMetrics& m);

struct Slice {
  std::string dimension;  // e.g. "scheme"
  std::string value;      // e.g. "https"
  BinaryMetrics metrics;
};

// Metrics per scheme, IP-literal host, URL-length bucket, TLD group, query presence and
// subdomain depth.
[[nodiscard]] URLSCAN_API std::vector<Slice> compute_slices(std::span<const std::string_view> urls,
                                                            std::span<const float> prob,
                                                            std::span<const std::uint8_t> label,
                                                            float threshold,
                                                            std::span<const float> rank = {});

}  // namespace urlscan
