// score_labeled: a labelled set through the scorer in parallel chunks, with the unscored-record
// policy of labeled_scores.hpp applied in one place.
#include "urlscan/labeled_scores.hpp"

#include <tbb/parallel_for.h>

namespace urlscan {

namespace {

// URLs per task: large enough that the rule pre-filter scans a long batch at once.
constexpr std::size_t kChunk = 4096;

}  // namespace

BinaryMetrics LabeledScores::metrics(float raw_threshold) const {
  return compute_metrics(probability, label, raw_threshold, raw);
}

LabeledScores score_labeled(const Scorer& scorer, std::span<const std::string_view> urls,
                            std::span<const std::uint8_t> labels) {
  const std::size_t n = urls.size();
  LabeledScores out;
  out.label.assign(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(n));
  out.probability.resize(n);
  out.raw.resize(n);
  out.flagged.resize(n);
  std::vector<Score> scores(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kChunk),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      Scorer::Scratch s;
                      scorer.score_batch(urls.subspan(r.begin(), r.size()),
                                         std::span(scores).subspan(r.begin(), r.size()), s);
                    });
  for (std::size_t i = 0; i < n; ++i) {
    const Score& s = scores[i];
    const bool scored = s.problem == errc::ok;
    out.probability[i] = scored ? s.probability : 0.0f;
    out.raw[i] = scored ? s.raw : kUnscoredRaw;
    out.flagged[i] = scored && s.phishing;
    out.unscored += !scored;
  }
  return out;
}

LabeledScores score_labeled(const Scorer& scorer, const LabeledSet& set) {
  std::vector<std::string_view> urls;
  std::vector<std::uint8_t> labels;
  urls.reserve(set.rows.size());
  labels.reserve(set.rows.size());
  for (const LabeledUrl& row : set.rows) {
    urls.push_back(row.url);
    labels.push_back(row.label);
  }
  return score_labeled(scorer, urls, labels);
}

}  // namespace urlscan
