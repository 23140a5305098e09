// The boosted oblivious trees on their own: they learn what a linear score cannot, the same way
// on any number of threads, and their scalar margin agrees with the SIMD kernel.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <random>
#include <vector>

#include "kernel/kernel.hpp"
#include "urlscan/booster.hpp"
#include "urlscan/metrics.hpp"

namespace urlscan {
namespace {

// Label = (input 3 > 0) XOR (input 5 > 0), 5% flipped: no weighted sum of the inputs ranks it
// better than chance; two levels of a tree do.
struct Xor {
  std::vector<float> x;
  std::vector<std::uint8_t> y;
};
Xor make_xor(std::uint64_t seed, std::size_t n) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> d(0.0f, 1.0f);
  Xor s;
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t f = 0; f < kBoostInputs; ++f) s.x.push_back(d(rng));
    const bool label = (s.x[r * kBoostInputs + 3] > 0) != (s.x[r * kBoostInputs + 5] > 0);
    s.y.push_back(static_cast<std::uint8_t>(label != (rng() % 20 == 0)));
  }
  return s;
}

TEST(Booster, LearnsAnInteraction) {
  const Xor train = make_xor(1, 6000), test = make_xor(2, 3000);
  BoostOptions opt;
  opt.trees = 30;
  opt.depth = 3;
  const Booster b = train_booster(train.x, train.y, {}, opt);
  ASSERT_TRUE(b.valid());
  EXPECT_EQ(b.trees(), 30u);
  std::vector<float> score(test.y.size());
  for (std::size_t r = 0; r < score.size(); ++r)
    score[r] = b.margin(test.x.data() + r * kBoostInputs);
  const double auc = roc_auc(score, test.y);
  std::printf("held-out AUC on XOR: %.4f\n", auc);
  EXPECT_GT(auc, 0.9);  // the noise ceiling is about 0.95
  // Each single input alone is worthless here: a linear model's ranking.
  std::vector<float> lin(test.y.size());
  for (std::size_t r = 0; r < lin.size(); ++r)
    lin[r] = test.x[r * kBoostInputs + 3] + test.x[r * kBoostInputs + 5];
  EXPECT_LT(std::abs(roc_auc(lin, test.y) - 0.5), 0.05);
}

TEST(Booster, ThreadCountAndRunDoNotChangeTheTrees) {
  const Xor train = make_xor(3, 3000);
  BoostOptions opt;
  opt.trees = 10;
  Booster one, many;
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = train_booster(train.x, train.y, {}, opt);
  }
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 8);
    many = train_booster(train.x, train.y, {}, opt);
  }
  EXPECT_EQ(one.feature, many.feature);
  EXPECT_EQ(one.threshold, many.threshold);
  EXPECT_EQ(one.leaf, many.leaf);
}

TEST(Booster, WeightsMatter) {
  const Xor train = make_xor(4, 3000);
  BoostOptions opt;
  opt.trees = 5;
  std::vector<float> w(train.y.size(), 1.0f);
  const Booster plain = train_booster(train.x, train.y, w, opt);
  const Booster same = train_booster(train.x, train.y, {}, opt);
  EXPECT_EQ(plain.leaf, same.leaf);  // all-ones = no weights
  for (std::size_t r = 0; r < w.size(); ++r) w[r] = train.y[r] ? 0.1f : 1.0f;
  const Booster skewed = train_booster(train.x, train.y, w, opt);
  EXPECT_LT(skewed.base, plain.base);  // down-weighted positives: a lower prior
}

TEST(Booster, BadInputGivesAnEmptyBooster) {
  EXPECT_TRUE(train_booster({}, {}, {}, BoostOptions{}).empty());
  const Xor s = make_xor(5, 10);
  EXPECT_TRUE(train_booster(s.x, {1, 0}, {}, BoostOptions{}).empty());  // sizes disagree
  EXPECT_TRUE(train_booster(s.x, s.y, {1.0f}, BoostOptions{}).empty());
  EXPECT_FALSE(Booster{}.valid());
}

TEST(Booster, MarginEqualsTheKernel) {
  const Xor train = make_xor(6, 2000);
  BoostOptions opt;
  opt.trees = 20;
  const Booster b = train_booster(train.x, train.y, {}, opt);
  // Input-major copy of the first 100 rows, as the scorer lays them out.
  const std::size_t n = 100;
  std::vector<float> col(kBoostInputs * n);
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t f = 0; f < kBoostInputs; ++f) col[f * n + r] = train.x[r * kBoostInputs + f];
  std::vector<float> out(n, b.base);
  kernels().boost(booster_tables(b), col.data(), n, n, out.data());
  for (std::size_t r = 0; r < n; ++r) EXPECT_EQ(out[r], b.margin(col.data() + r, n)) << r;
}

}  // namespace
}  // namespace urlscan
