// The scalar reference for every kernel: plain C++, the definition the SIMD versions must match.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "kernel/kernel_decl.hpp"

namespace urlscan::detail {
namespace {

std::int32_t gather_sum_scalar(const Weight* w, const std::uint32_t* idx, std::size_t n) {
  std::int32_t s = 0;
  for (std::size_t i = 0; i < n; ++i) s += w[idx[i]];
  return s;
}

void sigmoid_scalar(const float* z, float* p, std::size_t n, float a, float b) {
  for (std::size_t i = 0; i < n; ++i) p[i] = 1.0f / (1.0f + std::exp(-(a * z[i] + b)));
}

// The bin walk (BoosterTables): each input binned once per URL, then a byte compare per level,
// the levels unrolled (a depth of its own per instantiation: ~5 instructions a level, the loop
// over levels cost 9).
template <std::uint32_t D>
std::int32_t walk_bins(const BoosterTables& b, const std::uint8_t* bins) {
  std::int32_t sum = 0;
  const std::uint8_t* feat = b.feature;
  const std::uint8_t* cut = b.cut;
  const std::int16_t* leaf = b.leaf;
  for (std::uint32_t t = 0; t < b.trees; ++t, feat += D, cut += D, leaf += std::size_t{1} << D) {
    std::uint32_t idx = 0;
    for (std::uint32_t l = 0; l < D; ++l) idx = idx << 1 | (bins[feat[l]] > cut[l] ? 1u : 0u);
    sum += leaf[idx];
  }
  return sum;
}

template <std::uint32_t... D>
std::int32_t walk_bins_at(const BoosterTables& b, const std::uint8_t* bins,
                          std::integer_sequence<std::uint32_t, D...>) {
  std::int32_t sum = 0;
  (void)((b.depth == D + 1 ? (sum = walk_bins<D + 1>(b, bins), true) : false) || ...);
  return sum;
}

void boost_bins(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                float* out) {
  std::uint8_t bins[kBinRows];
  for (std::size_t i = 0; i < n; ++i) {
    kernel_bin_url(b, x + i, stride, bins);
    const std::int32_t sum =
        walk_bins_at(b, bins, std::make_integer_sequence<std::uint32_t, kMaxBoostDepth>{});
    out[i] += kLeafUnit * static_cast<float>(sum);
  }
}

std::size_t hash_ngrams_scalar(const char* p, std::size_t size, int lo, int hi, const NgramSeeds& s,
                               std::uint32_t shift, std::uint32_t* out) {
  std::size_t k = 0;
  for (int n = lo; n <= hi; ++n) {
    if (static_cast<std::size_t>(n) > size) break;
    const std::uint64_t mask = n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
    for (std::size_t i = 0; i + n <= size; ++i) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      w &= mask;
      const std::uint32_t a = static_cast<std::uint32_t>(w),
                          b = static_cast<std::uint32_t>(w >> 32);
      std::uint32_t h = (a ^ s.lo[n]) * kNgramK1 + (b ^ s.hi[n]) * kNgramK2;
      h = (h ^ (h >> 15)) * kNgramK3;
      out[k++] = h >> shift;
    }
  }
  return k;
}

std::size_t printable_prefix_scalar(const char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c >= 0x7f) return i;
  }
  return n;
}

bool is_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

void scan_path_scalar(const char* path, std::size_t size, PathScan& r) {
  r = PathScan{};
  const auto* p = reinterpret_cast<const unsigned char*>(path);
  const std::size_t n = std::min(size, kMaxPathScan);
  for (std::size_t w = 0; w <= std::min(n / 64 + 1, r.word.size() - 1); ++w) r.word[w] = 0;
  unsigned char prev = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = p[i];
    r.upper += c >= 'A' && c <= 'Z';
    r.slashes += c == '/';
    r.escapes += c == '%';
    r.double_slash |= c == '/' && prev == '/';
    prev = c;
    r.digits += c >= '0' && c <= '9';
    r.dots += c == '.';
    r.hyphens += c == '-';
    r.underscores += c == '_';
    if (is_word_byte(c)) r.word[i / 64] |= 1ULL << (i % 64);
  }
  r.last = n ? p[n - 1] : 0;
}

}  // namespace

void kernel_bin_url(const BoosterTables& b, const float* x, std::size_t stride,
                    std::uint8_t* bins) {
  const std::size_t row = std::size_t{1} << b.bin_log2;
  for (std::size_t f = 0; f < kBoostInputs; ++f) {
    const float v = x[f * stride];
    const float* c = b.bin_cut + f * row;
    std::uint32_t pos = 0;
    for (std::uint32_t s = (1u << b.bin_steps[f]) >> 1; s != 0; s >>= 1)
      pos += c[pos + s - 1] <= v ? s : 0;  // false for NaN x (and for the NaN tail)
    bins[f] = static_cast<std::uint8_t>(pos);
  }
  for (std::size_t f = kBoostInputs; f < kBinRows; ++f) bins[f] = 0;
}

void kernel_boost_tail(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                       float* out) {
  boost_bins(b, x, stride, n, out);
}

const KernelTable kernel_scalar{hash_ngrams_scalar, gather_sum_scalar,       sigmoid_scalar,
                                boost_bins,         printable_prefix_scalar, scan_path_scalar};

}  // namespace urlscan::detail

namespace urlscan {

void boost_reference(const BoosterTables& b, const float* x, std::size_t stride, std::size_t n,
                     float* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    std::int32_t sum = 0;
    for (std::uint32_t t = 0; t < b.trees; ++t) {
      std::uint32_t idx = 0;
      for (std::uint32_t l = 0; l < b.depth; ++l) {
        const std::size_t k = std::size_t{t} * b.depth + l;
        idx = idx << 1 | (x[b.feature[k] * stride + i] >= b.threshold[k] ? 1u : 0u);
      }
      sum += b.leaf[(std::size_t{t} << b.depth) + idx];
    }
    out[i] += kLeafUnit * static_cast<float>(sum);
  }
}

}  // namespace urlscan
