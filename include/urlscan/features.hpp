// What a model's features are: the featurizer's parameters (FeatureSpec, stored in the model
// file), the feature families and the URL shape's names, and the hash (part of the format:
// golden vectors in tests pin it; changing it bumps the model format version). The featurizer
// itself is internal (src/features/featurizer.hpp): Scorer, training and evaluation call it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "urlscan/export.hpp"

namespace urlscan {

// The longest part a model may ask n-grams of (FeatureSpec::max_part_len; the featurizer's
// buffers are sized for it).
inline constexpr std::size_t kMaxPartLen = 1024;

struct URLSCAN_API FeatureSpec {
  std::uint32_t hash_bits = 20;  // table size 2^hash_bits (models/MODEL.md: 18-21 measured)
  std::uint8_t host_ngram_min = 1, host_ngram_max = 5;
  std::uint8_t path_ngram_min = 3, path_ngram_max = 5;
  std::uint8_t query_ngram_min = 3, query_ngram_max = 5;
  std::uint16_t max_part_len = 256;  // n-grams cover at most this many bytes of a part
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  bool normalize = false;  // scale each URL's features by 1/sqrt(count)
  // Bit f set: FeatureFamily f is left out. Default: shape pairs, scheme and rule features,
  // each measured not to help (models/MODEL.md).
  std::uint32_t disabled = 7u << 10;

  bool valid() const noexcept;
  std::uint32_t table_size() const noexcept { return 1u << hash_bits; }
  bool uses(int family) const noexcept { return !(disabled >> family & 1u); }
};

// Feature namespaces: each family of features hashes with its own seed.
enum class FeatureFamily : std::uint8_t {
  host_ngram,
  path_ngram,
  query_ngram,
  host_label,
  tld,
  domain,
  path_token,
  extension,
  query_key,
  lexical,
  shape_pair,
  scheme,
  rule,
  count_
};
[[nodiscard]] URLSCAN_API std::string_view family_name(FeatureFamily f) noexcept;

// The numeric shape of a URL (lengths and counts, unhashed), the input of the model's boosted
// trees beside the linear score: trees find the interactions (a long path on a bare IP host,
// a "www." host with a deep path) that a sum of weights cannot. Part of the model format.
inline constexpr std::size_t kShapeCount = 31;
// The shape's name ("path depth"), for explanations and tests; i < kShapeCount.
[[nodiscard]] URLSCAN_API std::string_view shape_name(std::size_t i) noexcept;

// 64-bit hash of bytes (part of the model format).
[[nodiscard]] URLSCAN_API std::uint64_t hash_bytes(std::uint64_t seed,
                                                   std::string_view bytes) noexcept;

}  // namespace urlscan
