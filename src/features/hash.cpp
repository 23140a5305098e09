// hash_bytes: the 64-bit hash of the feature seeds, the rule digests and the site splits.
#include "features/hash.hpp"

#include <cstring>

#include "urlscan/features.hpp"

namespace urlscan {

using detail::fmix64;
using detail::kMul1;
using detail::kMul2;
using detail::load64;

std::uint64_t hash_bytes(std::uint64_t seed, std::string_view bytes) noexcept {
  if (bytes.size() <= 8) {  // short tokens: one load, one finaliser
    std::uint64_t w = 0;
    if (!bytes.empty()) std::memcpy(&w, bytes.data(), bytes.size());  // data() may be null
    return fmix64(seed ^ w ^ (static_cast<std::uint64_t>(bytes.size()) << 59) ^ kMul2);
  }
  std::uint64_t h = seed ^ (bytes.size() * kMul1);
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  while (n >= 8) {
    h = fmix64(h ^ load64(p)) + kMul2;
    p += 8;
    n -= 8;
  }
  if (n) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = fmix64(h ^ w ^ (static_cast<std::uint64_t>(n) << 59)) + kMul2;
  }
  return fmix64(h);
}

}  // namespace urlscan
