// Compiled with only the AVX2 (+FMA) flags (see src/meson.build).
#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"
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

}  // namespace

const KernelTable kernel_avx2{hash_ngrams_x86<Avx2>, gather_sum_simd<xsimd::avx2>,
                              sigmoid_simd<xsimd::avx2>};

}  // namespace urlscan::detail
