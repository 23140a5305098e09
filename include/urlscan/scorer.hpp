// Scores URLs with a model: parse -> featurize -> kernel -> calibrated probability.
// Scoring is const; each thread brings its own Scratch.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/domain_list.hpp"
#include "urlscan/error.hpp"
#include "urlscan/export.hpp"
#include "urlscan/features.hpp"
#include "urlscan/model.hpp"
#include "urlscan/rules.hpp"
#include "urlscan/url.hpp"

namespace urlscan {

class Featurizer;    // src/features/featurizer.hpp
struct KernelTable;  // src/kernel/kernel.hpp

struct Score {
  float probability = 0.0f;
  float raw = 0.0f;
  bool phishing = false;
  errc problem = errc::ok;  // set when the record was not a scorable URL (then probability = 0)
  // Decisive rules, which set the verdict and say so: the allowlist entry (probability 0, the
  // lowest raw score), the blocklist entry or a decisive RuleSet rule (probability 1, the
  // highest raw score). The blocklist wins over the allowlist, the allowlist over rules.
  std::string_view allowlisted;
  std::string_view blocklisted;
  // The allowlist's platform page layout ("@" line) the URL follows, when no list or decisive
  // rule decided: the URL names no publisher, so the model's score is kept under the flag line
  // (lowered smoothly: raw -> t - softplus(t - raw) for the raw threshold t, so a low score stays
  // as it was and the order among such pages is kept). Empty with decisive rules off, and at a
  // threshold of 0 or 1 (no line to keep under).
  std::string_view platform_page;
  bool decided_by_rule = false;          // rules[0] is decisive
  std::array<std::uint16_t, 4> rules{};  // rules that fired (RuleSet ids; decisive ones first)
  std::uint8_t n_rules = 0;
};

// One reason in two pieces, written without building a string: the reason is prefix + text.
struct ReasonText {
  std::string_view prefix;
  std::string_view text;
};

struct Contribution {
  std::string feature;  // human-readable name
  float weight;         // contribution to the raw score (positive = towards phishing)
};

// Whole results keyed by the record's full text, for Scratches to share (any number of threads
// at once): a record seen before, byte for byte, gets the Score it got then without being
// scored again. Exact: keys are compared in full (a hash collision is a miss) and entries are
// kept per Scorer and per setting (set_threshold, set_decisive_rules). About `bytes` of memory
// (rounded down to a power of two, at least 64 KB, plus an eighth for its index), taken as it
// fills; the oldest records make room for new ones. Records over 2 KB are not cached.
class URLSCAN_API ResultCache {
 public:
  explicit ResultCache(std::size_t bytes);
  ~ResultCache();
  ResultCache(const ResultCache&) = delete;
  ResultCache& operator=(const ResultCache&) = delete;

 private:
  friend class Scorer;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class URLSCAN_API Scorer {
 public:
  // One thread's buffers and per-host caches (the featurizer's and the rules'), reused from
  // call to call; any Scorer may use it. Opaque (src/score/scorer.cpp): its insides are the
  // featurizer's and the matcher's own types. A scoring call reaches them through one pointer.
  class URLSCAN_API Scratch {
   public:
    // `host_cache_entries`: each host cache's size in entries (about 100 bytes each), taken
    // when the cache is first used: a scanner's few threads keep the default; a server with a
    // thread per connection, less. `results`: a result cache (none by default), which the
    // Scratches of many threads may share.
    explicit Scratch(std::size_t host_cache_entries = kHostCacheDefaultEntries,
                     std::shared_ptr<ResultCache> results = nullptr);
    ~Scratch();
    Scratch(Scratch&&) noexcept;
    Scratch& operator=(Scratch&&) noexcept;
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

   private:
    friend class Scorer;
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };

  // `book` (default: the built-in rules) decides what its lists and decisive rules decide, and
  // its rules feed the reasons (Score::rules) and the model's rule features when its spec has
  // them. nullptr: the model alone.
  explicit Scorer(const Model& model, const RuleBook* book = &RuleBook::builtin()) noexcept;
  // Each part on its own; any may be nullptr.
  Scorer(const Model& model, const DomainList* allowlist, const RuleSet* rules,
         const DomainList* blocklist) noexcept;
  // A Scorer keeps a pointer to its model: a temporary one (`Scorer s(load_model());`) would
  // dangle after the statement, so that does not compile. Keep the Model alive beside it.
  explicit Scorer(Model&&, const RuleBook* = nullptr) = delete;
  Scorer(Model&&, const DomainList*, const RuleSet*, const DomainList*) = delete;
  // Flags at probability >= p instead of the model's threshold.
  void set_threshold(float p) noexcept;
  Score score(std::string_view url, Scratch& s) const;
  // Scores many URLs; out.size() must equal urls.size().
  void score_batch(std::span<const std::string_view> urls, std::span<Score> out, Scratch& s) const;
  const RuleSet* rules() const noexcept { return rules_; }
  // Off: rules give reasons and features but decide nothing (the trainer calibrates the model's
  // own scores this way). On by default.
  void set_decisive_rules(bool on) noexcept;
  // Why: the deciding list entry, else the rules that fired (decisive ones first), in words.
  // Empty for an unscorable record (its Score::problem says why).
  std::vector<std::string> reasons(const Score& s) const;
  // The same reasons as pieces (no allocation: printers write them per record); returns how many
  // of `out` it filled (a Score holds at most 4).
  std::size_t reason_texts(const Score& s, std::span<ReasonText, 4> out) const noexcept;
  // The `top` features that moved the linear score most, largest magnitude first. With boosted
  // trees, one more entry at the end: their adjustment (final raw score less the linear one),
  // named with both scores; it is not ranked among the weights (other units).
  std::vector<Contribution> explain(std::string_view url, std::size_t top) const;
  float threshold() const noexcept { return threshold_; }
  // The per-host caches of a Scratch: the featurizer's and the rules' (exact results: a hit
  // gives what computing would have), for reporting hit rates.
  static HostCacheCounts feature_cache_counts(const Scratch& s) noexcept;
  static HostCacheCounts rule_cache_counts(const Scratch& s) noexcept;
  // Its lookups in its result cache (all zero without one): this Scratch's own, whoever else
  // shares the cache.
  static HostCacheCounts result_cache_counts(const Scratch& s) noexcept;
  const Model& model() const noexcept { return *model_; }

 private:
  // The linear score of a parsed URL; with `shape`, also writes its shape values there.
  float linear_score(const Url& url, std::span<const std::uint16_t> hits, Scratch::Impl& s,
                     float* shape, std::size_t stride) const;
  // Lowers a platform content page's score under the flag line (Score::platform_page says how).
  void under_flag_line(Score& s, const Calibration& c) const noexcept;
  // score_batch without the result cache.
  void score_fresh(std::span<const std::string_view> urls, std::span<Score> out,
                   Scratch::Impl& s) const;
  const Model* model_;
  // Shared by copies of this Scorer (it is immutable); a pointer keeps its type internal, at
  // one load per featurizer call.
  std::shared_ptr<const Featurizer> featurizer_;
  const DomainList* allowlist_;
  const RuleSet* rules_;
  const DomainList* blocklist_;
  bool rule_features_;  // the model's spec has the rule family
  bool decisive_ = true;
  const KernelTable* kernels_;  // the active ISA's, fixed at construction
  float threshold_;
  float raw_threshold_;
  // Keys this Scorer's entries in a Scratch's caches; a setting that changes results takes a
  // new one.
  std::uint64_t generation_;
};

}  // namespace urlscan
