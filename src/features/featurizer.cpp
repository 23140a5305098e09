// The featurizer: a parsed URL (and its rule hits) to hashed feature indices and shape values: the
// entry points and run(), which calls the steps of featurizer_steps.hpp.
#include "features/featurizer.hpp"

#include <algorithm>

#include "features/featurizer_steps.hpp"
#include "features/hash.hpp"
#include "kernel/kernel.hpp"
#include "urlscan/features.hpp"

namespace urlscan {

Featurizer::Featurizer(const FeatureSpec& spec) noexcept : spec_(spec), kernels_(&kernels()) {
  shift_ = 64 - spec_.hash_bits;
  for (int f = 0; f < static_cast<int>(FeatureFamily::count_); ++f)
    for (int n = 0; n < 8; ++n) {
      char tag[2] = {static_cast<char>('a' + f), static_cast<char>('0' + n)};
      family_seed_[f][n] = hash_bytes(spec_.seed, std::string_view(tag, 2));
      if (f < 3) {
        ngram_seeds_[f].lo[n + 1] = static_cast<std::uint32_t>(family_seed_[f][n]);
        ngram_seeds_[f].hi[n + 1] = static_cast<std::uint32_t>(family_seed_[f][n] >> 32);
      }
    }
}

void Featurizer::featurize(const Url& url, FeatureVector& out,
                           std::span<const std::uint16_t> rule_hits, const RuleSet* rules,
                           float* shape, std::size_t stride) const {
  run<false>(url, out, nullptr, rule_hits, rules, shape, stride);
}

void Featurizer::describe(const Url& url, FeatureVector& out, std::vector<std::string>& names,
                          std::span<const std::uint16_t> rule_hits, const RuleSet* rules) const {
  names.clear();
  run<true>(url, out, &names, rule_hits, rules, nullptr, 1);
}

namespace {

// An empty path is "/" (RFC 3986 6.2.3: "http://x.org" and "http://x.org/" are one resource).
// In train.tsv every URL without a path is phishing (481, no legitimate one: the feeds list
// bare hosts), so a literal empty path taught the model "no slash = phishing" and flagged
// real homepages written without the slash (https://fftw.org 0.98, https://fftw.org/ 0.06).
std::string_view path_of(const Url& url) {
  return url.path.empty() ? std::string_view("/") : std::string_view(url.path);
}

// Worst-case feature counts: each part's n-grams at most 8 per byte (n in 1..8) plus the
// kernel's kKernelOutSlack; labels, TLD and domains; the rest's words, keys and shapes.
std::size_t host_bound(const Url& url, std::size_t cap) {
  return kKernelOutSlack + (std::min(url.host.size(), cap) + 2) * 8 + 16 + 3;
}
std::size_t rest_bound(const Url& url, std::size_t cap, std::size_t hits) {
  return 2 * kKernelOutSlack + std::min(path_of(url).size(), cap) * 8 +
         std::min(url.query.size(), cap / 2) * 8 + 1 + 32 + 1 + 16 + 24 +
         kPairedShapes * kPairedShapes + 2 * hits + 1;
}

}  // namespace

template <bool Named>
void Featurizer::run(const Url& url, FeatureVector& out, std::vector<std::string>* names,
                     std::span<const std::uint16_t> rule_hits, const RuleSet* rules, float* shape,
                     std::size_t stride) const {
  const std::string_view url_path = path_of(url);
  out.resize(host_bound(url, spec_.max_part_len) +
             rest_bound(url, spec_.max_part_len, rule_hits.size()));
  Steps<Named> st{*this, out.data(), names};
  const std::string_view host = strip_www(url.host);
  PartBuffer host_buf, path_buf;
  HostPart hp;
  st.host_ngrams(host, host_buf);
  st.path_query_ngrams(url, url_path, path_buf);
  st.rule_features(rule_hits, rules);
  st.scheme(url);
  st.host_labels(url, host, host_buf, hp);
  st.path_query_shapes(url, url_path, path_buf, hp, shape, stride);
  out.resize(static_cast<std::size_t>(st.o - out.data()));
}

void Featurizer::featurize_host(const Url& url, FeatureVector& out, HostPart& host) const {
  out.resize(host_bound(url, spec_.max_part_len));
  Steps<false> st{*this, out.data(), nullptr};
  const std::string_view h = strip_www(url.host);
  PartBuffer host_buf;
  st.host_ngrams(h, host_buf);
  st.host_labels(url, h, host_buf, host);
  out.resize(static_cast<std::size_t>(st.o - out.data()));
}

void Featurizer::featurize_rest(const Url& url, const HostPart& host, FeatureVector& out,
                                std::span<const std::uint16_t> rule_hits, const RuleSet* rules,
                                float* shape, std::size_t stride) const {
  const std::string_view url_path = path_of(url);
  out.resize(rest_bound(url, spec_.max_part_len, rule_hits.size()));
  Steps<false> st{*this, out.data(), nullptr};
  PartBuffer path_buf;
  st.path_query_ngrams(url, url_path, path_buf);
  st.rule_features(rule_hits, rules);
  st.scheme(url);
  st.path_query_shapes(url, url_path, path_buf, host, shape, stride);
  out.resize(static_cast<std::size_t>(st.o - out.data()));
}

}  // namespace urlscan
