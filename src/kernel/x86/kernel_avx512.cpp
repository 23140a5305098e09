// Compiled with only the AVX-512 (F, BW, DQ, CD, VL) flags (see src/meson.build).
// GCC 12's AVX-512 headers start many intrinsics from _mm512_undefined_*(), which
// -Wmaybe-uninitialized reports as uninitialised use (a known false positive).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <limits>

#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"
#include "kernel/x86/boost_bytes.hpp"
#include "kernel/x86/byte_scan_sse2.hpp"
#include "kernel/x86/ngram_hash.hpp"

namespace urlscan::detail {
namespace {

struct Avx512 {
  static constexpr std::size_t lanes = 16;
  using T = __m512i;
  static T set1(std::uint32_t v) { return _mm512_set1_epi32(static_cast<int>(v)); }
  static T load(const char* p) {  // lane j: positions i+4j .. i+4j+3
    T v = _mm512_castsi128_si512(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    v = _mm512_inserti32x4(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 4)), 1);
    v = _mm512_inserti32x4(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8)), 2);
    return _mm512_inserti32x4(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 12)), 3);
  }
  static T pattern(const __m128i lane) { return _mm512_broadcast_i32x4(lane); }
  static T shuffle_lo(T b) {
    return _mm512_shuffle_epi8(b, pattern(_mm_setr_epi8(URLSCAN_LO_PATTERN)));
  }
  static T shuffle_hi(T b) {
    return _mm512_shuffle_epi8(b, pattern(_mm_setr_epi8(URLSCAN_HI_PATTERN)));
  }
  static T band(T a, T b) { return _mm512_and_si512(a, b); }
  static T bxor(T a, T b) { return _mm512_xor_si512(a, b); }
  static T add(T a, T b) { return _mm512_add_epi32(a, b); }
  static T mul(T a, T b) { return _mm512_mullo_epi32(a, b); }
  static T srl(T a, std::uint32_t s) {
    return _mm512_srl_epi32(a, _mm_cvtsi32_si128(static_cast<int>(s)));
  }
  static void store(std::uint32_t* o, T v) { _mm512_storeu_si512(o, v); }
};

// Two 8-lane gathers per step: on AMD Zen 4 a 16-lane gather measured slower than two 8-lane
// ones (bench/bench_kernels BM_GatherSum); exact int32 sums, as in every table.
std::int32_t gather_sum_ymm(const Weight* w, const std::uint32_t* idx, std::size_t n) {
  const auto* w32 = reinterpret_cast<const int*>(w);
  __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
  const __m256i three = _mm256_set1_epi32(3);
  std::size_t i = 0;
  auto step = [&](__m256i index) {  // the byte's aligned word, the byte to the top, back down
    const __m256i word = _mm256_i32gather_epi32(w32, _mm256_srli_epi32(index, 2), 4);
    const __m256i shift = _mm256_slli_epi32(_mm256_andnot_si256(index, three), 3);
    return _mm256_srai_epi32(_mm256_sllv_epi32(word, shift), 24);
  };
  for (; i + 16 <= n; i += 16) {
    acc0 =
        _mm256_add_epi32(acc0, step(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx + i))));
    acc1 = _mm256_add_epi32(
        acc1, step(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx + i + 8))));
  }
  for (; i + 8 <= n; i += 8)
    acc0 =
        _mm256_add_epi32(acc0, step(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx + i))));
  const __m256i acc = _mm256_add_epi32(acc0, acc1);
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  std::int32_t sum = _mm_cvtsi128_si32(s);
  for (; i < n; ++i) sum += w[idx[i]];
  return sum;
}

// Trees on bytes (boost_bytes.hpp), 64 URLs per vector (AVX-512BW).
struct BoostAvx512 {
  using B = __m512i;
  using W = __m512i;
  using F = __m512;
  static constexpr std::size_t lanes = 64, few = 24;
  static B zero() { return _mm512_setzero_si512(); }
  static B load(const std::uint8_t* p) { return _mm512_load_si512(p); }
  static B loadu(const std::uint8_t* p) { return _mm512_loadu_si512(p); }
  static B bor(B a, B b) { return _mm512_or_si512(a, b); }
  static void store(std::uint8_t* p, B v) { _mm512_store_si512(p, v); }
  // The 32 bins by binary searches side by side: 16 inputs per vector, one gather per halving.
  static void bin_url(const BoosterTables& b, const float* x, std::size_t stride,
                      std::uint8_t* bins) {
    const __m128i log2 = _mm_cvtsi32_si128(static_cast<int>(b.bin_log2));
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i vstride = _mm512_set1_epi32(static_cast<int>(stride));
    const __m512 nan = _mm512_set1_ps(std::numeric_limits<float>::quiet_NaN());
    __m512 xv[2];
    W first[2], pos[2];
    for (int v = 0; v < 2; ++v) {
      const __m512i f = _mm512_add_epi32(lane, _mm512_set1_epi32(16 * v));
      // Rows past kBoostInputs are not in x: NaN there, binned 0.
      const __mmask16 has =
          _mm512_cmplt_epi32_mask(f, _mm512_set1_epi32(static_cast<int>(kBoostInputs)));
      xv[v] = _mm512_mask_i32gather_ps(nan, has, _mm512_mullo_epi32(f, vstride), x, 4);
      pos[v] = first[v] = _mm512_sll_epi32(f, log2);
    }
    for (int s = (1 << b.bin_log2) >> 1; s != 0; s >>= 1) {
      const __m512i step = _mm512_set1_epi32(s);
      for (int v = 0; v < 2; ++v) {
        const __m512 c = _mm512_i32gather_ps(pos[v], b.bin_cut + (s - 1), 4);
        pos[v] =
            _mm512_mask_add_epi32(pos[v], _mm512_cmp_ps_mask(c, xv[v], _CMP_LE_OQ), pos[v], step);
      }
    }
    for (int v = 0; v < 2; ++v)
      _mm_store_si128(reinterpret_cast<__m128i*>(bins + 16 * v),
                      _mm512_cvtepi32_epi8(_mm512_sub_epi32(pos[v], first[v])));
  }
  // The 64 trees' leaves, 16 per gather (the 32-bit word at each int16 leaf, its low half).
  static std::int32_t leaf_sum(const std::int16_t* leaf, std::uint32_t depth,
                               const std::uint8_t* idx) {
    const __m128i d = _mm_cvtsi32_si128(static_cast<int>(depth));
    __m512i base = _mm512_sll_epi32(
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), d);
    const __m512i next = _mm512_sll_epi32(_mm512_set1_epi32(16), d);
    const __m512i low = _mm512_set1_epi32(1);  // int16 pairs (1, 0): madd keeps the low half
    __m512i acc = _mm512_setzero_si512();
    for (std::size_t j = 0; j < kTreeBlock; j += 16, base = _mm512_add_epi32(base, next)) {
      const __m512i ix = _mm512_add_epi32(
          base, _mm512_cvtepu8_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(idx + j))));
      acc = _mm512_add_epi32(acc, _mm512_madd_epi16(_mm512_i32gather_epi32(ix, leaf, 2), low));
    }
    return _mm512_reduce_add_epi32(acc);
  }
  static B set1(std::uint8_t v) { return _mm512_set1_epi8(static_cast<char>(v)); }
  static B step(B idx, B bins, B cut) {
    const B twice = _mm512_add_epi8(idx, idx);
    return _mm512_mask_add_epi8(twice, _mm512_cmpgt_epi8_mask(bins, cut), twice,
                                _mm512_set1_epi8(1));
  }
  static B table(const std::uint8_t* p) {
    return _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static B shuffle(B t, B idx) { return _mm512_shuffle_epi8(t, idx); }
  static B select(B m, B a, B b) { return _mm512_mask_blend_epi8(_mm512_movepi8_mask(m), a, b); }
  static B bit4(B idx) { return _mm512_slli_epi16(idx, 3); }
  static B bit5(B idx) { return _mm512_slli_epi16(idx, 2); }
  static B unpacklo(B lo, B hi) { return _mm512_unpacklo_epi8(lo, hi); }
  static B unpackhi(B lo, B hi) { return _mm512_unpackhi_epi8(lo, hi); }
  static B add16(B a, B b) { return _mm512_add_epi16(a, b); }
  static void widen(B v, W& lo, W& hi) {
    lo = _mm512_add_epi32(lo, _mm512_cvtepi16_epi32(_mm512_castsi512_si256(v)));
    hi = _mm512_add_epi32(hi, _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(v, 1)));
  }
  static W zero32() { return _mm512_setzero_si512(); }
  static void store32(std::int32_t* p, W v) { _mm512_store_si512(p, v); }
  static F loadf(const float* p) { return _mm512_loadu_ps(p); }
  static F set1f(float v) { return _mm512_set1_ps(v); }
  static W count_ge(W cnt, F x, F c) {
    return _mm512_mask_add_epi32(cnt, _mm512_cmp_ps_mask(x, c, _CMP_GE_OQ), cnt,
                                 _mm512_set1_epi32(1));
  }
  static void store_bins(std::uint8_t* p, const W* c) {
    for (int k = 0; k < 4; ++k)
      _mm_store_si128(reinterpret_cast<__m128i*>(p + 16 * k), _mm512_cvtepi32_epi8(c[k]));
  }
};

}  // namespace

const KernelTable kernel_avx512{hash_ngrams_x86<Avx512>,       gather_sum_ymm,
                                sigmoid_simd<xsimd::avx512bw>, boost_bytes<BoostAvx512>,
                                printable_prefix_sse2,         scan_path_sse2};

}  // namespace urlscan::detail
