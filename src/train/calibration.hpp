// Calibration on the validation set: Platt scaling and the threshold pick.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace urlscan::detail {

double sigmoid(double z);
// Platt scaling: fit a, b minimising the log-loss of sigmoid(a * raw + b) on the validation
// set, by Newton's method with backtracking on standardised scores (plain Newton diverges when
// the scores start saturated).
void fit_platt(const std::vector<float>& raw, const std::vector<std::uint8_t>& y,
               const std::vector<double>& w, float& a, float& b);
// The score threshold with the best weighted F1 on the validation set among those whose weighted
// false-positive rate is at most `max_fpr` (the highest score, if none is).
float pick_threshold(const std::vector<float>& p, const std::vector<std::uint8_t>& y,
                     const std::vector<double>& w, double max_fpr);

}  // namespace urlscan::detail
