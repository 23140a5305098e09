// The checkasm-style harness: every kernel, for every ISA this CPU has, against the scalar
// reference on random, adversarial and real inputs. The benchmark side is bench/bench_kernels.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "urlscan/booster.hpp"
#include "urlscan/cpu.hpp"
#include "urlscan/features.hpp"
#include "urlscan/kernel.hpp"

namespace urlscan {
namespace {

std::vector<Isa> simd_isas() {
  std::vector<Isa> v;
  for (Isa i : {Isa::sse42, Isa::avx2, Isa::avx512})
    if (isa_supported(i)) v.push_back(i);
  return v;
}

class KernelTest : public ::testing::TestWithParam<Isa> {};

TEST_P(KernelTest, GatherSumMatchesScalarExactly) {
  const KernelTable& ref = kernels_for(Isa::scalar);
  const KernelTable& k = kernels_for(GetParam());
  std::mt19937_64 rng(42);
  for (std::uint32_t bits : {10u, 16u, 21u}) {
    const std::size_t T = std::size_t{1} << bits;
    std::vector<Weight> w(T);
    for (auto& v : w) v = static_cast<Weight>(rng());
    // Adversarial weights: extremes at both ends of the table, each byte lane of a word.
    w[0] = -128;
    w[1] = 127;
    w[2] = -1;
    w[3] = 1;
    w[T - 1] = 127;
    w[T - 2] = -128;
    for (std::size_t n : {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 100, 257, 1000, 5000}) {
      std::vector<std::uint32_t> idx(n);
      for (auto& i : idx) i = static_cast<std::uint32_t>(rng() % T);
      const std::uint32_t fixed[] = {
          0, 1, 2, 3, static_cast<std::uint32_t>(T - 1), static_cast<std::uint32_t>(T - 2)};
      for (std::size_t j = 0; j < n && j < std::size(fixed); ++j) idx[j] = fixed[j];
      ASSERT_EQ(k.gather_sum(w.data(), idx.data(), n), ref.gather_sum(w.data(), idx.data(), n))
          << "isa " << isa_name(GetParam()) << " bits " << bits << " n " << n;
    }
    // All-extreme input: the largest magnitudes repeated.
    std::vector<std::uint32_t> same(4096, static_cast<std::uint32_t>(0));
    ASSERT_EQ(k.gather_sum(w.data(), same.data(), same.size()), -128 * 4096);
  }
}

TEST_P(KernelTest, GatherSumOnRealFeatures) {
  const KernelTable& ref = kernels_for(Isa::scalar);
  const KernelTable& k = kernels_for(GetParam());
  FeatureSpec spec;
  std::vector<Weight> w(spec.table_size());
  std::mt19937 rng(7);
  for (auto& v : w) v = static_cast<Weight>(rng());
  Featurizer fz(spec);
  Url u;
  FeatureVector idx;
  for (const char* s : {"http://paypal.com.verify.example/webscr?cmd=_login", "example.org",
                        "http://3232235521/x", "http://xn--pypal-4ve.com/", "a"}) {
    parse_url(s, u);
    fz.featurize(u, idx);
    EXPECT_EQ(k.gather_sum(w.data(), idx.data(), idx.size()),
              ref.gather_sum(w.data(), idx.data(), idx.size()))
        << s;
  }
}

TEST_P(KernelTest, HashNgramsMatchesScalarExactly) {
  const KernelTable& ref = kernels_for(Isa::scalar);
  const KernelTable& k = kernels_for(GetParam());
  std::mt19937_64 rng(11);
  NgramSeeds seeds;
  for (int n = 0; n < 9; ++n) {
    seeds.lo[n] = static_cast<std::uint32_t>(rng());
    seeds.hi[n] = static_cast<std::uint32_t>(rng());
  }
  std::vector<char> bytes(300 + 64, 0);
  std::vector<std::uint32_t> a(300 * 8 + 64), b(300 * 8 + 64);
  for (std::size_t size : {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 255, 300}) {
    for (int trial = 0; trial < 3; ++trial) {
      for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<char>(trial == 2 ? 0xff : rng());  // random, then all-ones
      std::fill(bytes.begin() + size, bytes.end(), 0);
      for (int lo = 1; lo <= 8; ++lo)
        for (int hi = lo; hi <= 8; ++hi)
          for (std::uint32_t shift : {11u, 16u, 22u}) {
            const std::size_t na =
                ref.hash_ngrams(bytes.data(), size, lo, hi, seeds, shift, a.data());
            const std::size_t nb =
                k.hash_ngrams(bytes.data(), size, lo, hi, seeds, shift, b.data());
            ASSERT_EQ(na, nb) << "size " << size << " n " << lo << "-" << hi;
            for (std::size_t i = 0; i < na; ++i)
              ASSERT_EQ(a[i], b[i]) << isa_name(GetParam()) << " size " << size << " n " << lo
                                    << "-" << hi << " at " << i;
          }
    }
  }
}

TEST_P(KernelTest, SigmoidMatchesScalar) {
  const KernelTable& ref = kernels_for(Isa::scalar);
  const KernelTable& k = kernels_for(GetParam());
  std::vector<float> z;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> d(-40.0f, 40.0f);
  for (int i = 0; i < 1003; ++i) z.push_back(d(rng));
  for (float v : {0.0f, -0.0f, 1e-30f, -88.0f, 88.0f, 1e6f, -1e6f}) z.push_back(v);
  std::vector<float> a(z.size()), b(z.size());
  for (float scale : {1.0f, 0.37f}) {
    ref.sigmoid(z.data(), a.data(), z.size(), scale, -0.5f);
    k.sigmoid(z.data(), b.data(), z.size(), scale, -0.5f);
    for (std::size_t i = 0; i < z.size(); ++i) {
      ASSERT_TRUE(std::isfinite(b[i])) << "z=" << z[i];
      ASSERT_NEAR(a[i], b[i], 2e-6f) << "isa " << isa_name(GetParam()) << " z=" << z[i];
    }
  }
}

// Random oblivious trees over random inputs (with values equal to thresholds, where >= and >
// differ, and NaN and infinities), every batch size around the SIMD blocks: the sums must equal
// the scalar ones bit for bit. Leaves at +-kMaxLeaf in every tree too: the 16-bit partial sums
// must not overflow.
TEST_P(KernelTest, BoostMatchesScalarExactly) {
  const KernelTable& ref = kernels_for(Isa::scalar);
  const KernelTable& k = kernels_for(GetParam());
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> val(-8.0f, 8.0f);
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(), -0.0f};
  for (int extreme : {0, 1, -1})
    for (std::uint32_t depth : {1u, 3u, 5u, 6u, 8u}) {
      Booster bo;
      bo.depth = depth;
      const std::uint32_t trees = 37;
      bo.feature.resize(trees * depth);
      bo.threshold.resize(trees * depth);
      bo.leaf.resize(std::size_t{trees} << depth);
      for (auto& f : bo.feature) f = static_cast<std::uint8_t>(rng() % kBoostInputs);
      for (auto& t : bo.threshold) t = std::round(val(rng));
      for (auto& l : bo.leaf)
        l = extreme ? static_cast<std::int16_t>(extreme * kMaxLeaf)
                    : static_cast<std::int16_t>(static_cast<int>(rng() % (2 * kMaxLeaf + 1)) -
                                                kMaxLeaf);
      ASSERT_TRUE(bo.index());
      const BoosterTables b = bo.tables();
      for (std::size_t n :
           {0, 1, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 256, 1000}) {
        const std::size_t stride = n + 5;
        std::vector<float> x(kBoostInputs * stride);
        for (auto& v : x) v = rng() % 4 ? val(rng) : std::round(val(rng));
        for (std::size_t j = 0; j < x.size(); j += 7) x[j] = specials[j % 4];
        std::vector<float> a(n), c(n);
        for (std::size_t i = 0; i < n; ++i) a[i] = c[i] = val(rng);
        ref.boost(b, x.data(), stride, n, a.data());
        k.boost(b, x.data(), stride, n, c.data());
        for (std::size_t i = 0; i < n; ++i)
          ASSERT_EQ(a[i], c[i]) << "isa " << isa_name(GetParam()) << " depth " << depth << " n "
                                << n << " at " << i << " extreme " << extreme;
      }
    }
}

INSTANTIATE_TEST_SUITE_P(AllIsas, KernelTest, ::testing::ValuesIn(simd_isas()),
                         [](const auto& param_info) {
                           std::string n(isa_name(param_info.param));
                           std::erase(n, '.');
                           return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(KernelTest);

TEST(Dispatch, ParseAndForce) {
  Isa isa;
  EXPECT_EQ(parse_isa("avx2", isa), errc::ok);
  EXPECT_EQ(isa, Isa::avx2);
  EXPECT_EQ(parse_isa("sse4.2", isa), errc::ok);
  EXPECT_EQ(isa, Isa::sse42);
  EXPECT_EQ(parse_isa("neon9000", isa), errc::bad_isa_name);
  EXPECT_EQ(force_isa(Isa::scalar), errc::ok);
  EXPECT_EQ(active_isa(), Isa::scalar);
  EXPECT_EQ(force_isa(best_isa()), errc::ok);
  EXPECT_EQ(active_isa(), best_isa());
}

TEST(Dispatch, EveryIsaThisCpuHasIsTested) {
  // The harness must cover the lower ISAs too: on an AVX-512 machine all three run.
  if (isa_supported(Isa::avx512)) {
    EXPECT_TRUE(isa_supported(Isa::avx2));
    EXPECT_TRUE(isa_supported(Isa::sse42));
  }
  std::printf("ISAs under test: scalar");
  for (Isa i : simd_isas()) std::printf(" %s", std::string(isa_name(i)).c_str());
  std::printf("\n");
}

}  // namespace
}  // namespace urlscan
