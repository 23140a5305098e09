// Compiled with only the AVX2 (+FMA) flags (see src/meson.build).
#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"
#include "kernel/x86/boost_x86.hpp"
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

struct BoostAvx2 {
  using V = __m256;
  using I = __m256i;
  static constexpr std::size_t lanes = 8;
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static V set1(float v) { return _mm256_set1_ps(v); }
  static I zero() { return _mm256_setzero_si256(); }
  static I step(I idx, V x, V th) {  // the compare mask is -1 where x >= th
    return _mm256_sub_epi32(_mm256_add_epi32(idx, idx),
                            _mm256_castps_si256(_mm256_cmp_ps(x, th, _CMP_GE_OQ)));
  }
  // 8 permutes (one per group of 8 leaves, by the low 3 bits), then a blend tree on bits 3-5
  // (blendv reads each lane's sign bit: the wanted bit shifted to the top).
  static V lookup(const float* leaf, I idx) {
    V g[8];
    for (int k = 0; k < 8; ++k) g[k] = _mm256_permutevar8x32_ps(_mm256_loadu_ps(leaf + 8 * k), idx);
    const V b3 = _mm256_castsi256_ps(_mm256_slli_epi32(idx, 28));
    const V b4 = _mm256_castsi256_ps(_mm256_slli_epi32(idx, 27));
    const V b5 = _mm256_castsi256_ps(_mm256_slli_epi32(idx, 26));
    for (int k = 0; k < 4; ++k) g[k] = _mm256_blendv_ps(g[2 * k], g[2 * k + 1], b3);
    for (int k = 0; k < 2; ++k) g[k] = _mm256_blendv_ps(g[2 * k], g[2 * k + 1], b4);
    return _mm256_blendv_ps(g[0], g[1], b5);
  }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
};

}  // namespace

const KernelTable kernel_avx2{hash_ngrams_x86<Avx2>, gather_sum_simd<xsimd::avx2>,
                              sigmoid_simd<xsimd::avx2>, boost_x86<BoostAvx2, xsimd::avx2>};

}  // namespace urlscan::detail
