// Compiled with only the AVX-512 (F, BW, DQ, CD, VL) flags (see src/meson.build).
#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"
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

}  // namespace

const KernelTable kernel_avx512{hash_ngrams_x86<Avx512>, gather_sum_simd<xsimd::avx512bw>,
                                sigmoid_simd<xsimd::avx512bw>};

}  // namespace urlscan::detail
