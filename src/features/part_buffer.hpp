// What the featurizer's steps (featurizer_steps.hpp) work on: a URL part's padded lower-case
// copy, and the small helpers the steps share. Internal to src/features/.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstring>
#include <string_view>

#include "kernel/kernel.hpp"
#include "urlscan/features.hpp"

namespace urlscan::detail {

inline constexpr std::size_t kPairedShapes = 8;  // n-gram windows load 8 bytes from any position

// A lower-cased copy of a URL part (at most kMaxPartLen bytes) with boundary markers and
// kKernelPadding bytes of zero padding: the kernels read that far past it, and windows past the
// end are masked (a short token's hash loads 8 bytes from its start).
struct PartBuffer {
  std::array<char, kMaxPartLen + 2 + kKernelPadding> bytes;
  std::size_t size = 0;
  void fill(std::string_view s, std::size_t cap, bool markers) {
    const std::size_t n = std::min({s.size(), cap, kMaxPartLen});
    std::size_t o = 0;
    if (markers) bytes[o++] = '<';
    // Branchless ASCII lower-casing, so the compiler vectorises the copy.
    for (std::size_t i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      bytes[o + i] = static_cast<char>(c | (static_cast<unsigned char>(c - 'A') < 26u ? 0x20 : 0));
    }
    o += n;
    if (markers) bytes[o++] = '>';
    size = o;
    static_assert(sizeof(bytes) >= kMaxPartLen + 2 + kKernelPadding);
    std::memset(bytes.data() + o, 0, kKernelPadding);
  }
};

// The number of significant bits (0 for 0): one instruction, where a shift loop ran per bit.
inline int log2_bucket(std::size_t v) {
  return static_cast<int>(std::bit_width(v));
}

inline std::string_view strip_www(std::string_view host) {
  // "www.", "www2.", "ww1." carry no information about the site.
  if (host.size() > 4 && host[0] == 'w' && host[1] == 'w') {
    std::size_t i = 2;
    if (i < host.size() && host[i] == 'w') ++i;
    while (i < host.size() && host[i] >= '0' && host[i] <= '9') ++i;
    if (i < host.size() && host[i] == '.' && i + 1 < host.size()) return host.substr(i + 1);
  }
  return host;
}

}  // namespace urlscan::detail
