// The one featurizer: training, evaluation, the CLI and the service all call it (through Scorer
// and train_model), so training and scoring cannot disagree. Internal: the public API keeps
// FeatureSpec and the names (urlscan/features.hpp); Scorer holds a Featurizer by pointer.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "urlscan/features.hpp"
#include "urlscan/rules.hpp"
#include "urlscan/url.hpp"

namespace urlscan {

// Seeds of one n-gram family: for each n in 1..8, the XOR seeds of the low and high 4 bytes.
struct NgramSeeds {
  std::uint32_t lo[9];
  std::uint32_t hi[9];
};

struct KernelTable;  // src/kernel/kernel.hpp

// std::allocator that leaves new elements uninitialised: the featurizer sizes its output for
// the worst case on every call, and zero-filling that every time cost more than the hashing.
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
};

// Feature indices of one URL (bucket numbers; repeats allowed).
using FeatureVector = std::vector<std::uint32_t, UninitAllocator<std::uint32_t>>;

// Every URL's feature vector is scaled to unit length (1/sqrt(count), as TF-IDF rows are), so
// long URLs do not dominate by sheer feature count. Part of the model format.
inline float row_scale(const FeatureSpec& spec, std::size_t count) noexcept {
  if (!spec.normalize) return 1.0f;
  return count ? 1.0f / __builtin_sqrtf(static_cast<float>(count)) : 0.0f;
}

class Featurizer {
 public:
  explicit Featurizer(const FeatureSpec& spec) noexcept;
  // Appends the feature indices (bucket numbers < table_size, repeats allowed) of `url` to `out`
  // after clearing it. Parse problems become features too (an unparsable URL still scores).
  // `rule_hits`/`rules`: the URL's pre-filter hits (RuleSet::match) and their rule set.
  // `shape` (optional): the kShapeCount shape values, written at shape[k * stride].
  void featurize(const Url& url, FeatureVector& out, std::span<const std::uint16_t> rule_hits = {},
                 const RuleSet* rules = nullptr, float* shape = nullptr,
                 std::size_t stride = 1) const;
  // Same, with a human-readable name for each feature (slow path, for explanations and tests).
  void describe(const Url& url, FeatureVector& out, std::vector<std::string>& names,
                std::span<const std::uint16_t> rule_hits = {},
                const RuleSet* rules = nullptr) const;
  const FeatureSpec& spec() const noexcept { return spec_; }

  // featurize() in two parts, for a cache of per-host work (Scorer keeps one per thread): the
  // features of the host alone (its n-grams, labels, TLD and domain) with the host's shape
  // values, and everything else. Together they emit the same indices as featurize().
  struct HostPart {
    int labels = 0, digits = 0, hyphens = 0;
    std::size_t longest_label = 0, tld_length = 0;
    std::size_t size = 0;  // without a "www." prefix
    float entropy = 0.0f;
    int psl_private = 0, psl_depth = 0, reg_label = 0;  // detail::host_suffix()
    int name_lm = 256;
  };
  void featurize_host(const Url& url, FeatureVector& out, HostPart& host) const;
  void featurize_rest(const Url& url, const HostPart& host, FeatureVector& out,
                      std::span<const std::uint16_t> rule_hits, const RuleSet* rules, float* shape,
                      std::size_t stride) const;

 private:
  template <bool Named>
  struct Steps;  // featurizer.cpp: one member per group of features
  template <bool Named>
  void run(const Url& url, FeatureVector& out, std::vector<std::string>* names,
           std::span<const std::uint16_t> rule_hits, const RuleSet* rules, float* shape,
           std::size_t stride) const;
  FeatureSpec spec_;
  std::uint64_t family_seed_[static_cast<int>(FeatureFamily::count_)][8];
  NgramSeeds ngram_seeds_[3] = {};  // host, path, query n-gram families
  const KernelTable* kernels_;      // the active ISA's, fixed at construction
  std::uint32_t shift_;
};

}  // namespace urlscan
