// Scoring a labelled set: the one path that training (calibration and the threshold),
// `urlscan eval` and the service's quality gate take, through Scorer::score_batch (check ->
// parse -> rules -> featurize -> kernel), with one policy for a record that cannot be scored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "urlscan/export.hpp"
#include "urlscan/metrics.hpp"
#include "urlscan/scorer.hpp"
#include "urlscan/train.hpp"

namespace urlscan {

// The unscored-record policy. A record the scorer cannot score (Score::problem set: it failed
// check_record, or no host could be parsed) keeps its place and its label, is counted in
// LabeledScores::unscored, is predicted legitimate (probability 0, never flagged) and ranks
// below every scored record: its raw score is kUnscoredRaw. Metrics therefore count it as a
// miss when it is phishing, and it can never become a false positive.
inline constexpr float kUnscoredRaw = -std::numeric_limits<float>::infinity();

// Row i of every vector belongs to the set's row i.
struct LabeledScores {
  std::vector<float> probability;     // calibrated; 0 for an unscored record
  std::vector<float> raw;             // the ranking score; kUnscoredRaw for an unscored record
  std::vector<std::uint8_t> label;    // 1 = phishing
  std::vector<std::uint8_t> flagged;  // the scorer's verdict (0 for an unscored record)
  std::size_t unscored = 0;
  std::size_t size() const noexcept { return label.size(); }
  // compute_metrics at the raw-score threshold, ranked by the raw score.
  [[nodiscard]] URLSCAN_API BinaryMetrics metrics(float raw_threshold) const;
};

// Scores urls[i] (label labels[i]; labels.size() must equal urls.size()) with `scorer`, in
// parallel; the result does not depend on the number of threads.
[[nodiscard]] URLSCAN_API LabeledScores score_labeled(const Scorer& scorer,
                                                      std::span<const std::string_view> urls,
                                                      std::span<const std::uint8_t> labels);
[[nodiscard]] URLSCAN_API LabeledScores score_labeled(const Scorer& scorer, const LabeledSet& set);

}  // namespace urlscan
