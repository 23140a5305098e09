// The linear half of the model: AdaGrad on hashed features, averaged members, int8 weights.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/feature_matrix.hpp"
#include "urlscan/model.hpp"
#include "urlscan/train.hpp"

namespace urlscan::detail {

// A linear model as the scorer uses it: int8 weights, their scale and the bias.
struct LinearModel {
  std::vector<Weight> weights;
  float scale = 1.0f;
  float bias = 0.0f;
  int best_epoch = 0;
  float score(const FeatureMatrix& X, std::size_t r, const FeatureSpec& spec) const {
    std::int32_t sum = 0;
    for (std::uint64_t k = X.offset[r]; k < X.offset[r + 1]; ++k) sum += weights[X.index[k]];
    return bias + scale * row_scale(spec, X.offset[r + 1] - X.offset[r]) * static_cast<float>(sum);
  }
};

// AdaGrad on the logistic loss over the examples `rows` of X. Each member sees the data in its
// own seeded order; members train in parallel (one thread each, so every member is
// bit-reproducible) and their weights are averaged in member order: an average of linear models
// is one linear model, with less variance than any member. The epoch with the best validation
// AUC of the average is kept, then quantised to int8 (the kernel sums integers exactly).
LinearModel fit_linear(const FeatureMatrix& X, const std::vector<std::uint8_t>& labels,
                       const std::vector<std::uint32_t>& rows, const FeatureMatrix& V,
                       const std::vector<std::uint8_t>& val_y, const TrainOptions& opt,
                       bool report_progress);

}  // namespace urlscan::detail
