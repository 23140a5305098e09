// Compiled with only the SSE4.2 flags (see src/meson.build).
#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"
#include "kernel/x86/boost_bytes.hpp"
#include "kernel/x86/byte_scan_sse2.hpp"
#include "kernel/x86/ngram_hash.hpp"

namespace urlscan::detail {
namespace {

struct Sse {
  static constexpr std::size_t lanes = 4;
  using T = __m128i;
  static T set1(std::uint32_t v) { return _mm_set1_epi32(static_cast<int>(v)); }
  static T load(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static T shuffle_lo(T b) { return _mm_shuffle_epi8(b, _mm_setr_epi8(URLSCAN_LO_PATTERN)); }
  static T shuffle_hi(T b) { return _mm_shuffle_epi8(b, _mm_setr_epi8(URLSCAN_HI_PATTERN)); }
  static T band(T a, T b) { return _mm_and_si128(a, b); }
  static T bxor(T a, T b) { return _mm_xor_si128(a, b); }
  static T add(T a, T b) { return _mm_add_epi32(a, b); }
  static T mul(T a, T b) { return _mm_mullo_epi32(a, b); }
  static T srl(T a, std::uint32_t s) {
    return _mm_srl_epi32(a, _mm_cvtsi32_si128(static_cast<int>(s)));
  }
  static void store(std::uint32_t* o, T v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v); }
};

// Trees on bytes (boost_bytes.hpp), 16 URLs per vector.
struct BoostSse {
  using B = __m128i;
  using W = __m128i;
  using F = __m128;
  static constexpr std::size_t lanes = 16, few = 8;
  static B zero() { return _mm_setzero_si128(); }
  static B load(const std::uint8_t* p) { return _mm_load_si128(reinterpret_cast<const B*>(p)); }
  static B loadu(const std::uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const B*>(p)); }
  static B bor(B a, B b) { return _mm_or_si128(a, b); }
  static void store(std::uint8_t* p, B v) { _mm_store_si128(reinterpret_cast<B*>(p), v); }
  // No gathers: the scalar binary searches and a load per leaf.
  static void bin_url(const BoosterTables& b, const float* x, std::size_t stride,
                      std::uint8_t* bins) {
    kernel_bin_url(b, x, stride, bins);
  }
  static std::int32_t leaf_sum(const std::int16_t* leaf, std::uint32_t depth,
                               const std::uint8_t* idx) {
    std::int32_t s = 0;
    for (std::size_t j = 0; j < kTreeBlock; ++j) s += leaf[(j << depth) + idx[j]];
    return s;
  }
  static B set1(std::uint8_t v) { return _mm_set1_epi8(static_cast<char>(v)); }
  static B step(B idx, B bins, B cut) {
    return _mm_sub_epi8(_mm_add_epi8(idx, idx), _mm_cmpgt_epi8(bins, cut));
  }
  static B table(const std::uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const B*>(p)); }
  static B shuffle(B t, B idx) { return _mm_shuffle_epi8(t, idx); }
  static B select(B m, B a, B b) { return _mm_blendv_epi8(a, b, m); }
  static B bit4(B idx) { return _mm_slli_epi16(idx, 3); }
  static B bit5(B idx) { return _mm_slli_epi16(idx, 2); }
  static B unpacklo(B lo, B hi) { return _mm_unpacklo_epi8(lo, hi); }
  static B unpackhi(B lo, B hi) { return _mm_unpackhi_epi8(lo, hi); }
  static B add16(B a, B b) { return _mm_add_epi16(a, b); }
  static void widen(B v, W& lo, W& hi) {
    lo = _mm_add_epi32(lo, _mm_cvtepi16_epi32(v));
    hi = _mm_add_epi32(hi, _mm_cvtepi16_epi32(_mm_srli_si128(v, 8)));
  }
  static W zero32() { return _mm_setzero_si128(); }
  static void store32(std::int32_t* p, W v) { _mm_store_si128(reinterpret_cast<W*>(p), v); }
  static F loadf(const float* p) { return _mm_loadu_ps(p); }
  static F set1f(float v) { return _mm_set1_ps(v); }
  static W count_ge(W cnt, F x, F c) {
    return _mm_sub_epi32(cnt, _mm_castps_si128(_mm_cmpge_ps(x, c)));
  }
  static void store_bins(std::uint8_t* p, const W* c) {
    _mm_store_si128(reinterpret_cast<B*>(p),
                    _mm_packus_epi16(_mm_packs_epi32(c[0], c[1]), _mm_packs_epi32(c[2], c[3])));
  }
};

}  // namespace

const KernelTable kernel_sse42{hash_ngrams_x86<Sse>,        gather_sum_simd<xsimd::sse4_2>,
                               sigmoid_simd<xsimd::sse4_2>, boost_bytes<BoostSse>,
                               printable_prefix_sse2,       scan_path_sse2};

}  // namespace urlscan::detail
