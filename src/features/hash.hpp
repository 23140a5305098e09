// The hashing primitives of the featurizer, inline so its hot loop keeps them in registers:
// fixed constants, loads, and token_hash (part of the model format).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace urlscan::detail {

constexpr std::uint64_t kMul1 = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t kMul2 = 0xd6e8feb86659fd93ULL;

inline std::uint64_t fmix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // little-endian hosts only (checked in meson.build)
}

inline unsigned char lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? c | 0x20 : c;
}

constexpr std::array<std::uint64_t, 9> kMask = {0,
                                                0xff,
                                                0xffff,
                                                0xffffff,
                                                0xffffffff,
                                                0xffffffffffULL,
                                                0xffffffffffffULL,
                                                0xffffffffffffffULL,
                                                ~0ULL};

inline std::uint64_t load32(const unsigned char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// 64x64 -> 128-bit multiply, halves folded.
inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

// The hash of a token that is not a padded short one (domains, long labels and words, query
// keys; part of the model format): wyhash's construction, reads only inside the token (loads
// overlap for odd sizes), one 128-bit multiply per 16 bytes plus two. hash_bytes' chain of
// finalisers (one per 8 bytes) was 6% of the scoring time.
inline std::uint64_t token_hash(std::uint64_t seed, std::string_view s) {
  constexpr std::uint64_t kS0 = 0xa0761d6478bd642fULL, kS1 = 0xe7037ed1a0b428dbULL;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 4) {
      const std::size_t d = (n >> 3) << 2;  // 0 or 4: the second read of each half
      a = load32(p) << 32 | load32(p + d);
      b = load32(p + n - 4) << 32 | load32(p + n - 4 - d);
    } else if (n > 0) {
      a = std::uint64_t{p[0]} << 16 | std::uint64_t{p[n >> 1]} << 8 | p[n - 1];
    }
  } else {
    std::size_t i = n;
    const unsigned char* q = p;
    for (; i > 16; i -= 16, q += 16)
      seed = mum(load64(reinterpret_cast<const char*>(q)) ^ kS0,
                 load64(reinterpret_cast<const char*>(q) + 8) ^ seed);
    a = load64(reinterpret_cast<const char*>(p) + n - 16);
    b = load64(reinterpret_cast<const char*>(p) + n - 8);
  }
  return mum(kS0 ^ n, mum(a ^ kS1, b ^ seed));
}

}  // namespace urlscan::detail
