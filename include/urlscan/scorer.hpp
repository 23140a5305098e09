// Scores URLs with a model: parse -> featurize -> kernel -> calibrated probability.
// Scoring is const; each thread brings its own Scratch.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/allowlist.hpp"
#include "urlscan/error.hpp"
#include "urlscan/features.hpp"
#include "urlscan/model.hpp"
#include "urlscan/rules.hpp"
#include "urlscan/url.hpp"

namespace urlscan {

struct Score {
  float probability = 0.0f;
  float raw = 0.0f;
  bool phishing = false;
  errc problem = errc::ok;  // set when the record was not a scorable URL (then probability = 0)
  std::string_view allowlisted;          // the allowlist entry that decided the verdict (then
                                         // probability 0 and the lowest raw score), if any
  std::array<std::uint16_t, 4> rules{};  // pre-filter rules that fired (RuleSet ids), first 4
  std::uint8_t n_rules = 0;
};

struct Contribution {
  std::string feature;  // human-readable name
  float weight;         // contribution to the raw score (positive = towards phishing)
};

class Scorer {
 public:
  struct Scratch {
    Url url;                // scoring without rules
    std::vector<Url> urls;  // with rules: the whole batch, for one pre-filter scan
    std::vector<const Url*> parsed;
    std::vector<std::vector<std::uint16_t>> hits;
    RuleSet::Scratch rules;
    FeatureVector idx;
    std::vector<float> raw;
  };

  // `allowlist` (default: the built-in one) decides hosts it lists; nullptr disables it.
  // `rules` (default: the built-in set) feed the model's rule features when its spec has them,
  // and the reasons (Score::rules) when the model has them or with_reasons(true).
  explicit Scorer(const Model& model, const Allowlist* allowlist = &Allowlist::builtin(),
                  const RuleSet* rules = &RuleSet::builtin()) noexcept;
  // Flags at probability >= p instead of the model's threshold.
  void set_threshold(float p) noexcept;
  Score score(std::string_view url, Scratch& s) const;
  // Scores many URLs; out.size() must equal urls.size().
  void score_batch(std::span<const std::string_view> urls, std::span<Score> out, Scratch& s) const;
  // Raw (uncalibrated) score of an already parsed URL with its rule hits.
  float raw_score(const Url& url, std::span<const std::uint16_t> hits, Scratch& s) const;
  const RuleSet* rules() const noexcept { return reasons_ ? rules_ : nullptr; }
  // Run the pre-filter for reasons even when the model has no rule features (one Hyperscan
  // scan per batch: about 10% of the scoring time).
  void with_reasons(bool on) noexcept { reasons_ = on || rule_features_; }
  // The `top` features that moved the score most, largest magnitude first.
  std::vector<Contribution> explain(std::string_view url, std::size_t top) const;
  float threshold() const noexcept { return threshold_; }
  const Model& model() const noexcept { return *model_; }
  const Featurizer& featurizer() const noexcept { return featurizer_; }

 private:
  const Model* model_;
  Featurizer featurizer_;
  const Allowlist* allowlist_;
  const RuleSet* rules_;
  bool rule_features_;          // the model's spec has the rule family
  bool reasons_;                // scan rules (for features or reasons)
  const KernelTable* kernels_;  // the active ISA's, fixed at construction
  float threshold_;
  float raw_threshold_;
};

}  // namespace urlscan
