// Compiled with only the SSE4.2 flags (see src/meson.build).
#include "kernel/kernel_decl.hpp"
#include "kernel/kernel_simd.hpp"
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

}  // namespace

const KernelTable kernel_sse42{hash_ngrams_x86<Sse>, gather_sum_simd<xsimd::sse4_2>,
                               sigmoid_simd<xsimd::sse4_2>,
                              boost_simd<xsimd::sse4_2>};

}  // namespace urlscan::detail
