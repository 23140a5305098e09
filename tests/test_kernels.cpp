// The checkasm-style harness: every kernel, for every ISA this CPU has, against the scalar
// reference on random, adversarial and real inputs. The benchmark side is bench/bench_kernels.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "kernel/kernel.hpp"
#include "status_assert.hpp"
#include "urlscan/booster.hpp"
#include "urlscan/cpu.hpp"
#include "urlscan/features.hpp"
#include "urlscan/url.hpp"

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

// A value's probability is the same bits wherever it sits in a batch (in the vector body or the
// tail): the result cache scores its misses as a batch of their own, so a repeat's probability
// must not depend on its neighbours.
TEST_P(KernelTest, SigmoidDoesNotDependOnThePositionInTheBatch) {
  const KernelTable& k = kernels_for(GetParam());
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> d(-20.0f, 20.0f);
  std::vector<float> z(37);
  for (float& v : z) v = d(rng);
  std::vector<float> whole(z.size());
  k.sigmoid(z.data(), whole.data(), z.size(), 0.37f, -0.5f);
  for (std::size_t lo = 0; lo < z.size(); ++lo)
    for (std::size_t n = 1; lo + n <= z.size(); ++n) {
      std::vector<float> part(n);
      k.sigmoid(z.data() + lo, part.data(), n, 0.37f, -0.5f);
      for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(std::bit_cast<std::uint32_t>(part[i]),
                  std::bit_cast<std::uint32_t>(whole[lo + i]))
            << "isa " << isa_name(GetParam()) << " at " << lo + i << " in [" << lo << ", " << lo + n
            << ")";
    }
}

// Random oblivious trees over random inputs (with values equal to thresholds, where >= and >
// differ, and NaN and infinities), every batch size around the SIMD blocks: the sums must equal
// the scalar ones bit for bit. Leaves at +-kMaxLeaf in every tree too: the 16-bit partial sums
// must not overflow.
TEST_P(KernelTest, BoostMatchesScalarExactly) {
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
      const BoosterTables b = booster_tables(bo);
      for (std::size_t n :
           {0, 1, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 256, 1000}) {
        const std::size_t stride = n + 5;
        std::vector<float> x(kBoostInputs * stride);
        for (auto& v : x) v = rng() % 4 ? val(rng) : std::round(val(rng));
        for (std::size_t j = 0; j < x.size(); j += 7) x[j] = specials[j % 4];
        std::vector<float> a(n), c(n);
        for (std::size_t i = 0; i < n; ++i) a[i] = c[i] = val(rng);
        boost_reference(b, x.data(), stride, n, a.data());
        k.boost(b, x.data(), stride, n, c.data());
        for (std::size_t i = 0; i < n; ++i)
          ASSERT_EQ(a[i], c[i]) << "isa " << isa_name(GetParam()) << " depth " << depth << " n "
                                << n << " at " << i << " extreme " << extreme;
      }
    }
}

// One URL and a few at a time (the SIMD kernels' trees side by side, boost_trees, and the
// scalar table's bin walk) on every ISA, the scalar one too, against the float walk: every depth,
// tree counts around the 64-tree blocks, an input with the most cuts an input may have (127: the
// widest binary search), values on a cut, one float below and above it, below the lowest and
// above the highest cut, +-inf, NaN and +-0.0 (a -0.0 threshold too).
TEST(Boost, FewUrlsOnEveryIsaMatchTheReference) {
  std::vector<Isa> isas = simd_isas();
  isas.insert(isas.begin(), Isa::scalar);
  std::mt19937 rng(23);
  const float inf = std::numeric_limits<float>::infinity();
  std::uint32_t widest = 0;  // the longest binary search met (7 halvings: 127 cuts)
  for (std::uint32_t depth = 1; depth <= kMaxBoostDepth; ++depth)
    for (std::uint32_t trees : {1u, 63u, 64u, 65u, 130u}) {
      // Each input's candidate thresholds: input 0 127 of them, the others up to 40, some none.
      std::vector<std::vector<float>> grid(kBoostInputs);
      for (std::size_t f = 0; f < kBoostInputs; ++f) {
        const std::size_t g = f == 0 ? 127 : rng() % 41;
        for (std::size_t j = 0; j < g; ++j) {
          const float v = (static_cast<float>(j) - static_cast<float>(g / 2)) * 0.75f;
          grid[f].push_back(v == 0.0f && rng() % 2 ? -0.0f : v);
        }
      }
      Booster bo;
      bo.depth = depth;
      for (std::uint32_t k = 0; k < trees * depth; ++k) {
        std::size_t f = rng() % 2 ? 0 : rng() % kBoostInputs;
        while (grid[f].empty()) f = rng() % kBoostInputs;
        bo.feature.push_back(static_cast<std::uint8_t>(f));
        bo.threshold.push_back(grid[f][rng() % grid[f].size()]);
      }
      for (std::size_t l = 0; l < (std::size_t{trees} << depth); ++l)
        bo.leaf.push_back(rng() % 8 == 0
                              ? kMaxLeaf
                              : static_cast<std::int16_t>(
                                    static_cast<int>(rng() % (2 * kMaxLeaf + 1)) - kMaxLeaf));
      ASSERT_TRUE(bo.index()) << "depth " << depth << " trees " << trees;
      const BoosterTables b = booster_tables(bo);
      widest = std::max(widest, b.bin_log2);
      for (std::size_t n : {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13,
                            14, 15, 16, 17, 23, 24, 25, 31, 32, 33, 64, 65, 129}) {
        const std::size_t stride = n + 3;
        std::vector<float> x(kBoostInputs * stride);
        for (std::size_t f = 0; f < kBoostInputs; ++f)
          for (std::size_t i = 0; i < n; ++i) {
            const std::vector<float>& c = grid[f];
            const float on = c.empty() ? 0.0f : c[rng() % c.size()];
            const float pick[] = {on,
                                  std::nextafter(on, -inf),
                                  std::nextafter(on, inf),
                                  c.empty() ? -1.0f : c.front() - 1.0f,
                                  c.empty() ? 1.0f : c.back() + 1.0f,
                                  inf,
                                  -inf,
                                  std::numeric_limits<float>::quiet_NaN(),
                                  -0.0f,
                                  0.0f,
                                  std::uniform_real_distribution<float>(-60.0f, 60.0f)(rng)};
            x[f * stride + i] = pick[rng() % std::size(pick)];
          }
        std::vector<float> want(n);
        for (auto& v : want) v = static_cast<float>(rng() % 1000) / 64.0f;
        const std::vector<float> start = want;
        boost_reference(b, x.data(), stride, n, want.data());
        for (Isa isa : isas) {
          std::vector<float> got = start;
          kernels_for(isa).boost(b, x.data(), stride, n, got.data());
          for (std::size_t i = 0; i < n; ++i)
            ASSERT_EQ(std::bit_cast<std::uint32_t>(want[i]), std::bit_cast<std::uint32_t>(got[i]))
                << "isa " << isa_name(isa) << " depth " << depth << " trees " << trees << " n " << n
                << " at " << i;
        }
      }
    }
  EXPECT_EQ(widest, 7u);
}

// The buffer contract at the largest part a model may ask for (kMaxPartLen plus the two
// markers): inputs in heap blocks of exactly size + kKernelPadding bytes (ASan reports a read
// past them), outputs canary-filled past the room the contract gives (as dav1d's checkasm
// does): a write past that room changes a canary, in any build.
TEST_P(KernelTest, HashNgramsStaysInsideItsBuffers) {
  const KernelTable& ref = kernels_for(Isa::scalar);
  const KernelTable& k = kernels_for(GetParam());
  std::mt19937_64 rng(5);
  NgramSeeds seeds{};
  for (int n = 0; n < 9; ++n) {
    seeds.lo[n] = static_cast<std::uint32_t>(rng());
    seeds.hi[n] = static_cast<std::uint32_t>(rng());
  }
  constexpr std::uint32_t kCanary = 0xa5a5a5a5u;
  constexpr std::size_t kCanaries = 64;
  for (std::size_t size : {kMaxPartLen + 2, kMaxPartLen + 1, std::size_t{1000}, std::size_t{257},
                           std::size_t{63}, std::size_t{17}, std::size_t{1}}) {
    auto in = std::make_unique<char[]>(size + kKernelPadding);
    for (std::size_t i = 0; i < size + kKernelPadding; ++i) in[i] = static_cast<char>(rng());
    for (auto [lo, hi] : {std::pair{1, 5}, {3, 5}, {1, 8}, {8, 8}}) {
      const std::size_t room = static_cast<std::size_t>(hi - lo + 1) * size + kKernelOutSlack;
      for (const KernelTable* t : {&ref, &k}) {
        std::vector<std::uint32_t> out(room + kCanaries, kCanary);
        const std::size_t got = t->hash_ngrams(in.get(), size, lo, hi, seeds, 12, out.data());
        ASSERT_LE(got, room - kKernelOutSlack);
        for (std::size_t i = room; i < out.size(); ++i)
          ASSERT_EQ(out[i], kCanary) << "size " << size << " n " << lo << "-" << hi << ": wrote "
                                     << i - room << " entries past its room";
      }
      std::vector<std::uint32_t> a(room), b(room);
      const std::size_t na = ref.hash_ngrams(in.get(), size, lo, hi, seeds, 12, a.data());
      ASSERT_EQ(na, k.hash_ngrams(in.get(), size, lo, hi, seeds, 12, b.data()));
      a.resize(na);
      b.resize(na);
      ASSERT_EQ(a, b) << "size " << size << " n " << lo << "-" << hi;
    }
  }
}

// Bytes that decide the record checks and the path scan: the ends of the printable range,
// controls, DEL, non-ASCII, and every byte the path scan counts.
const unsigned char kEdgeBytes[] = {0x00, 0x09, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xbf, 0xc3,
                                    0xff, '/',  '%',  '.',  '-',  '_',  'A',  'Z',  'a',
                                    'z',  '0',  '9',  '@',  '[',  '`',  '{',  ':'};

TEST_P(KernelTest, PrintablePrefixMatchesScalar) {
  const KernelTable& ref = kernels_for(Isa::scalar);
  const KernelTable& k = kernels_for(GetParam());
  std::mt19937 rng(9);
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 70; ++n) sizes.push_back(n);
  sizes.insert(sizes.end(), {127, 128, 1000, 65536});
  for (std::size_t n : sizes) {
    auto in = std::make_unique<char[]>(n + 1);  // exact: the kernel reads only inside p[0, n)
    for (int trial = 0; trial < 40; ++trial) {
      for (std::size_t i = 0; i < n; ++i) in[i] = static_cast<char>(0x20 + rng() % 95);
      if (trial > 0 && n > 0) {  // one or two bytes outside the range, anywhere
        in[rng() % n] = static_cast<char>(kEdgeBytes[rng() % std::size(kEdgeBytes)]);
        if (trial % 3 == 0) in[rng() % n] = static_cast<char>(rng());
      }
      ASSERT_EQ(k.printable_prefix(in.get(), n), ref.printable_prefix(in.get(), n))
          << isa_name(GetParam()) << " n " << n << " trial " << trial;
    }
  }
  const char all[] = "abc\x7f";
  EXPECT_EQ(ref.printable_prefix(all, 4), 3u);
  EXPECT_EQ(k.printable_prefix(all, 3), 3u);
}

TEST_P(KernelTest, ScanPathMatchesScalar) {
  const KernelTable& ref = kernels_for(Isa::scalar);
  const KernelTable& k = kernels_for(GetParam());
  std::mt19937 rng(13);
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 200; ++n) sizes.push_back(n);
  sizes.insert(sizes.end(), {255, 256, 511, 1008, 1009, 1023, 1024, 1025, 1500});
  for (std::size_t n : sizes) {
    auto in = std::make_unique<char[]>(n + 1);
    for (int trial = 0; trial < 6; ++trial) {
      for (std::size_t i = 0; i < n; ++i)
        in[i] = static_cast<char>(trial == 5  ? '/'
                                  : trial % 2 ? rng()
                                              : kEdgeBytes[rng() % std::size(kEdgeBytes)]);
      PathScan a, b;
      a.word.fill(0x5555555555555555ULL);  // what was there before must not matter
      b.word.fill(0xaaaaaaaaaaaaaaaaULL);
      ref.scan_path(in.get(), n, a);
      k.scan_path(in.get(), n, b);
      const std::string at = std::string(isa_name(GetParam())) + " n " + std::to_string(n) +
                             " trial " + std::to_string(trial);
      EXPECT_EQ(a.upper, b.upper) << at;
      EXPECT_EQ(a.slashes, b.slashes) << at;
      EXPECT_EQ(a.escapes, b.escapes) << at;
      EXPECT_EQ(a.digits, b.digits) << at;
      EXPECT_EQ(a.dots, b.dots) << at;
      EXPECT_EQ(a.hyphens, b.hyphens) << at;
      EXPECT_EQ(a.underscores, b.underscores) << at;
      EXPECT_EQ(a.double_slash, b.double_slash) << at;
      EXPECT_EQ(a.last, b.last) << at;
      const std::size_t m = std::min(n, kMaxPathScan);
      for (std::size_t w = 0; w <= std::min(m / 64 + 1, a.word.size() - 1); ++w)
        ASSERT_EQ(a.word[w], b.word[w]) << at << " word " << w;
    }
  }
  // The reference itself, on a known path.
  PathScan r;
  ref.scan_path("/A//b-c_d.e%2F", 14, r);
  EXPECT_EQ(r.upper, 2);  // A, F
  EXPECT_EQ(r.slashes, 3);
  EXPECT_TRUE(r.double_slash);
  EXPECT_EQ(r.escapes, 1);
  EXPECT_EQ(r.dots, 1);
  EXPECT_EQ(r.hyphens, 1);
  EXPECT_EQ(r.underscores, 1);
  EXPECT_EQ(r.digits, 1);
  EXPECT_EQ(r.next(0, true, 14), 1u);
}

INSTANTIATE_TEST_SUITE_P(AllIsas, KernelTest, ::testing::ValuesIn(simd_isas()),
                         [](const auto& param_info) {
                           std::string n(isa_name(param_info.param));
                           std::erase(n, '.');
                           return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(KernelTest);

// A model may ask for n-grams over parts of kMaxPartLen bytes (FeatureSpec::valid accepts it, and
// a model file is input: the service loads one on /admin/reload). Featurizing the longest parts
// with every ISA must stay inside the featurizer's buffers (the ASan build runs this) and give
// the scalar reference's indices (describe() hashes n-grams with the scalar kernel).
TEST(Featurizer, LargestAcceptedSpecOnEveryIsa) {
  FeatureSpec spec;
  spec.max_part_len = kMaxPartLen;
  spec.host_ngram_min = 1;
  spec.host_ngram_max = 8;
  spec.path_ngram_min = 1;
  spec.path_ngram_max = 8;
  spec.query_ngram_min = 1;
  spec.query_ngram_max = 8;
  ASSERT_TRUE(spec.valid());
  std::string host;
  while (host.size() < 1500) host += "abcdefghij-klmnopqrst.";
  host += "com";
  std::string path = "/";
  while (path.size() < 3000) path += "Seg_Ment-%41.B//c0d3/";
  std::string query = "?";
  while (query.size() < 3000) query += "k=v&Key2=Val%202;";
  const std::vector<std::string> urls = {"http://" + host + path + query,
                                         "http://" + host.substr(0, kMaxPartLen) + "/x",
                                         "http://" + host.substr(0, kMaxPartLen - 1) + path,
                                         "http://a.com" + path.substr(0, kMaxPartLen) + query};
  const Isa before = active_isa();
  std::vector<Isa> isas = {Isa::scalar};
  for (Isa i : simd_isas()) isas.push_back(i);
  for (Isa isa : isas) {
    ASSERT_TRUE(Succeeded(force_isa(isa)));
    const Featurizer fz(spec);
    for (const std::string& s : urls) {
      Url u;
      parse_url(s, u);
      FeatureVector fast, named;
      std::vector<std::string> names;
      fz.featurize(u, fast);
      fz.describe(u, named, names);
      ASSERT_GT(fast.size(), 4 * kMaxPartLen);
      ASSERT_EQ(std::vector<std::uint32_t>(fast.begin(), fast.end()),
                std::vector<std::uint32_t>(named.begin(), named.end()))
          << isa_name(isa) << " " << s.size() << " bytes";
    }
  }
  ASSERT_TRUE(Succeeded(force_isa(before)));
}

TEST(Dispatch, ParseAndForce) {
  Isa isa;
  EXPECT_TRUE(Succeeded(parse_isa("avx2", isa)));
  EXPECT_EQ(isa, Isa::avx2);
  EXPECT_TRUE(Succeeded(parse_isa("sse4.2", isa)));
  EXPECT_EQ(isa, Isa::sse42);
  const Status unknown = parse_isa("neon9000", isa);
  EXPECT_EQ(unknown.code(), errc::bad_isa_name);
  EXPECT_EQ(unknown.message(), "unknown instruction set (use scalar, sse4.2, avx2 or avx512)");
  EXPECT_TRUE(Succeeded(force_isa(Isa::scalar)));
  EXPECT_EQ(active_isa(), Isa::scalar);
  EXPECT_TRUE(Succeeded(force_isa(best_isa())));
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
