// Compiled with only the AVX2 (+FMA) flags (see src/meson.build).
#include <limits>

#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"
#include "kernel/x86/boost_bytes.hpp"
#include "kernel/x86/byte_scan_sse2.hpp"
#include "kernel/x86/ngram_hash.hpp"

namespace urlscan::detail {
namespace {

struct Avx2 {
  static constexpr std::size_t lanes = 8;
  using T = __m256i;
  static T set1(std::uint32_t v) { return _mm256_set1_epi32(static_cast<int>(v)); }
  static T load(const char* p) {  // lane 0: positions i..i+3, lane 1: i+4..i+7
    return _mm256_loadu2_m128i(reinterpret_cast<const __m128i*>(p + 4),
                               reinterpret_cast<const __m128i*>(p));
  }
  static T shuffle_lo(T b) {
    return _mm256_shuffle_epi8(b, _mm256_setr_epi8(URLSCAN_LO_PATTERN, URLSCAN_LO_PATTERN));
  }
  static T shuffle_hi(T b) {
    return _mm256_shuffle_epi8(b, _mm256_setr_epi8(URLSCAN_HI_PATTERN, URLSCAN_HI_PATTERN));
  }
  static T band(T a, T b) { return _mm256_and_si256(a, b); }
  static T bxor(T a, T b) { return _mm256_xor_si256(a, b); }
  static T add(T a, T b) { return _mm256_add_epi32(a, b); }
  static T mul(T a, T b) { return _mm256_mullo_epi32(a, b); }
  static T srl(T a, std::uint32_t s) {
    return _mm256_srl_epi32(a, _mm_cvtsi32_si128(static_cast<int>(s)));
  }
  static void store(std::uint32_t* o, T v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(o), v);
  }
};

// Trees on bytes (boost_bytes.hpp), 32 URLs per vector.
struct BoostAvx2 {
  using B = __m256i;
  using W = __m256i;
  using F = __m256;
  static constexpr std::size_t lanes = 32, few = 16;
  static B zero() { return _mm256_setzero_si256(); }
  static B load(const std::uint8_t* p) { return _mm256_load_si256(reinterpret_cast<const B*>(p)); }
  static B loadu(const std::uint8_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const B*>(p));
  }
  static B bor(B a, B b) { return _mm256_or_si256(a, b); }
  static void store(std::uint8_t* p, B v) { _mm256_store_si256(reinterpret_cast<B*>(p), v); }
  // The 32 bins by binary searches side by side: 8 inputs per vector, one gather per halving.
  static void bin_url(const BoosterTables& b, const float* x, std::size_t stride,
                      std::uint8_t* bins) {
    const __m128i log2 = _mm_cvtsi32_si128(static_cast<int>(b.bin_log2));
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i inputs = _mm256_set1_epi32(static_cast<int>(kBoostInputs));
    const __m256i vstride = _mm256_set1_epi32(static_cast<int>(stride));
    const __m256 nan = _mm256_set1_ps(std::numeric_limits<float>::quiet_NaN());
    __m256 xv[4];
    W first[4], pos[4];
    for (int v = 0; v < 4; ++v) {
      const __m256i f = _mm256_add_epi32(lane, _mm256_set1_epi32(8 * v));
      // Rows past kBoostInputs are not in x: NaN there, binned 0.
      const __m256 has = _mm256_castsi256_ps(_mm256_cmpgt_epi32(inputs, f));
      xv[v] = _mm256_mask_i32gather_ps(nan, x, _mm256_mullo_epi32(f, vstride), has, 4);
      pos[v] = first[v] = _mm256_sll_epi32(f, log2);
    }
    for (int s = (1 << b.bin_log2) >> 1; s != 0; s >>= 1) {
      const __m256i step = _mm256_set1_epi32(s);
      for (int v = 0; v < 4; ++v) {
        const __m256 c = _mm256_i32gather_ps(b.bin_cut + (s - 1), pos[v], 4);
        const __m256i le = _mm256_castps_si256(_mm256_cmp_ps(c, xv[v], _CMP_LE_OQ));
        pos[v] = _mm256_add_epi32(pos[v], _mm256_and_si256(le, step));
      }
    }
    for (int v = 0; v < 4; ++v) pos[v] = _mm256_sub_epi32(pos[v], first[v]);
    store_bins(bins, pos);
  }
  // The 64 trees' leaves, 8 per gather (the 32-bit word at each int16 leaf, its low half).
  static std::int32_t leaf_sum(const std::int16_t* leaf, std::uint32_t depth,
                               const std::uint8_t* idx) {
    const __m128i d = _mm_cvtsi32_si128(static_cast<int>(depth));
    __m256i base = _mm256_sll_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), d);
    const __m256i next = _mm256_sll_epi32(_mm256_set1_epi32(8), d);
    const __m256i low = _mm256_set1_epi32(1);  // int16 pairs (1, 0): madd keeps the low half
    const auto* w = reinterpret_cast<const int*>(leaf);
    __m256i acc[2] = {_mm256_setzero_si256(), _mm256_setzero_si256()};
    for (std::size_t j = 0; j < kTreeBlock; j += 8, base = _mm256_add_epi32(base, next)) {
      const __m256i ix = _mm256_add_epi32(
          base, _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(idx + j))));
      acc[j / 8 % 2] = _mm256_add_epi32(acc[j / 8 % 2],
                                        _mm256_madd_epi16(_mm256_i32gather_epi32(w, ix, 2), low));
    }
    const __m256i a = _mm256_add_epi32(acc[0], acc[1]);
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    return _mm_cvtsi128_si32(s);
  }
  static B set1(std::uint8_t v) { return _mm256_set1_epi8(static_cast<char>(v)); }
  static B step(B idx, B bins, B cut) {  // the compare is -1 where bins > cut
    return _mm256_sub_epi8(_mm256_add_epi8(idx, idx), _mm256_cmpgt_epi8(bins, cut));
  }
  static B table(const std::uint8_t* p) {
    return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static B shuffle(B t, B idx) { return _mm256_shuffle_epi8(t, idx); }
  static B select(B m, B a, B b) { return _mm256_blendv_epi8(a, b, m); }
  static B bit4(B idx) { return _mm256_slli_epi16(idx, 3); }
  static B bit5(B idx) { return _mm256_slli_epi16(idx, 2); }
  static B unpacklo(B lo, B hi) { return _mm256_unpacklo_epi8(lo, hi); }
  static B unpackhi(B lo, B hi) { return _mm256_unpackhi_epi8(lo, hi); }
  static B add16(B a, B b) { return _mm256_add_epi16(a, b); }
  static void widen(B v, W& lo, W& hi) {
    lo = _mm256_add_epi32(lo, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(v)));
    hi = _mm256_add_epi32(hi, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(v, 1)));
  }
  static W zero32() { return _mm256_setzero_si256(); }
  static void store32(std::int32_t* p, W v) { _mm256_store_si256(reinterpret_cast<W*>(p), v); }
  static F loadf(const float* p) { return _mm256_loadu_ps(p); }
  static F set1f(float v) { return _mm256_set1_ps(v); }
  static W count_ge(W cnt, F x, F c) {
    return _mm256_sub_epi32(cnt, _mm256_castps_si256(_mm256_cmp_ps(x, c, _CMP_GE_OQ)));
  }
  static void store_bins(std::uint8_t* p, const W* c) {
    // Packs interleave the 128-bit lanes; the permute puts the URLs back in order.
    const B b8 =
        _mm256_packus_epi16(_mm256_packs_epi32(c[0], c[1]), _mm256_packs_epi32(c[2], c[3]));
    _mm256_store_si256(reinterpret_cast<B*>(p),
                       _mm256_permutevar8x32_epi32(b8, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
  }
};

}  // namespace

const KernelTable kernel_avx2{hash_ngrams_x86<Avx2>,     gather_sum_simd<xsimd::avx2>,
                              sigmoid_simd<xsimd::avx2>, boost_bytes<BoostAvx2>,
                              printable_prefix_sse2,     scan_path_sse2};

}  // namespace urlscan::detail
