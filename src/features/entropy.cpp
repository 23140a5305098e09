// Shannon entropy of a host, counted without a logarithm per character.
#include "features/entropy.hpp"

#include <array>
#include <cmath>
#include <cstdint>

namespace urlscan::detail {

namespace {
// c * log2(c) for small counts, so entropy needs no logarithm per character.
const std::array<float, 1025> kCLogC = [] {
  std::array<float, 1025> t{};
  for (std::size_t c = 2; c < t.size(); ++c)
    t[c] = static_cast<float>(c * std::log2(static_cast<double>(c)));
  return t;
}();
}  // namespace

// Shannon entropy (bits per character) of at most 1024 bytes:
// H = log2(n) - sum(c log2 c) / n over the byte counts c.
float entropy(std::string_view s) {
  s = s.substr(0, 255);  // byte counters: hosts are at most 253 bytes
  if (s.empty()) return 0;
  // Zero between calls: each count is cleared below after its one use. A fresh `= {}` array
  // compiled to rep stos, whose start-up cost as much as the counting.
  thread_local std::array<std::uint8_t, 256> zeroed{};
  std::uint8_t* const count = zeroed.data();  // one TLS address computation, not one per byte
  for (unsigned char c : s) ++count[c];
  // Each distinct byte once: its count is cleared after use. Four sums, so the float additions
  // are four short dependency chains instead of one long one.
  float sum4[4] = {0, 0, 0, 0};
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0;
  for (; i + 4 <= s.size(); i += 4)
    for (std::size_t k = 0; k < 4; ++k) {
      sum4[k] += kCLogC[count[b[i + k]]];
      count[b[i + k]] = 0;
    }
  for (; i < s.size(); ++i) {
    sum4[0] += kCLogC[count[b[i]]];
    count[b[i]] = 0;
  }
  const float sum = (sum4[0] + sum4[1]) + (sum4[2] + sum4[3]);
  const float n = static_cast<float>(s.size());
  return kCLogC[s.size()] / n - sum / n;
}

}  // namespace urlscan::detail
