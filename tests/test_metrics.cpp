#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "urlscan/metrics.hpp"

namespace urlscan {
namespace {

TEST(Metrics, AucKnownValues) {
  const std::vector<float> s = {0.9f, 0.8f, 0.7f, 0.6f};
  EXPECT_DOUBLE_EQ(roc_auc(s, std::vector<std::uint8_t>{1, 1, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc(s, std::vector<std::uint8_t>{0, 0, 1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(roc_auc(s, std::vector<std::uint8_t>{1, 0, 1, 0}), 0.75);
  // Ties count half.
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<float>{0.5f, 0.5f}, std::vector<std::uint8_t>{1, 0}), 0.5);
  EXPECT_TRUE(std::isnan(roc_auc(s, std::vector<std::uint8_t>{1, 1, 1, 1})));
}

TEST(Metrics, AucMatchesPairCounting) {
  std::mt19937 rng(9);
  std::vector<float> s(300);
  std::vector<std::uint8_t> l(300);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i] = static_cast<float>(rng() % 50);  // many ties
    l[i] = rng() % 3 == 0;
  }
  double wins = 0, pairs = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = 0; j < s.size(); ++j)
      if (l[i] && !l[j]) {
        pairs += 1;
        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
      }
  EXPECT_NEAR(roc_auc(s, l), wins / pairs, 1e-12);
}

TEST(Metrics, ConfusionAndRates) {
  const std::vector<float> p = {0.9f, 0.4f, 0.6f, 0.1f, 0.8f};
  const std::vector<std::uint8_t> y = {1, 1, 0, 0, 1};
  const BinaryMetrics m = compute_metrics(p, y, 0.5f);
  EXPECT_EQ(m.tp, 2u);
  EXPECT_EQ(m.fn, 1u);
  EXPECT_EQ(m.fp, 1u);
  EXPECT_EQ(m.tn, 1u);
  EXPECT_DOUBLE_EQ(m.precision, 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.recall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.fpr, 0.5);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.6);
  EXPECT_NEAR(m.log_loss,
              -(std::log(0.9) + std::log(0.4) + std::log(0.4) + std::log(0.9) + std::log(0.8)) / 5,
              1e-6);
}

TEST(Metrics, TprAtFpr) {
  // 100 negatives, 10 positives; 2 negatives outrank some positives.
  std::vector<float> s;
  std::vector<std::uint8_t> y;
  for (int i = 0; i < 100; ++i) {
    s.push_back(static_cast<float>(i) / 1000);
    y.push_back(0);
  }
  s[98] = 0.95f;
  s[99] = 0.85f;
  for (int i = 0; i < 10; ++i) {
    s.push_back(0.8f + 0.02f * i);
    y.push_back(1);
  }
  // FPR <= 1% allows one negative (0.95): positives above 0.85 are reachable -> 7 of 10.
  EXPECT_DOUBLE_EQ(tpr_at_fpr(s, y, 0.01), 0.7);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(s, y, 0.0), 0.2);  // the two positives above every negative
  EXPECT_DOUBLE_EQ(tpr_at_fpr(s, y, 0.02), 1.0);
}

TEST(Metrics, JsonOmitsUndefinedKeys) {
  const std::vector<float> p = {0.9f, 0.2f};
  const std::string one = metrics_json(compute_metrics(p, std::vector<std::uint8_t>{1, 1}, 0.5f));
  EXPECT_EQ(one.find("roc_auc"), std::string::npos);
  EXPECT_EQ(one.find("\"fpr\""), std::string::npos);
  EXPECT_NE(one.find("\"recall\":0.5"), std::string::npos);
  EXPECT_NE(one.find("\"n\":2"), std::string::npos);
  const std::string two = metrics_json(compute_metrics(p, std::vector<std::uint8_t>{1, 0}, 0.5f));
  for (const char* k : {"\"n\"", "accuracy", "precision", "recall", "f1", "roc_auc", "fpr"})
    EXPECT_NE(two.find(k), std::string::npos) << k;
}

TEST(Metrics, SlicesCoverEveryDimension) {
  const std::vector<std::string_view> urls = {"http://1.2.3.4/a", "https://a.b.example.com/x?q=1",
                                              "example.org", "https://www.example.co.uk/x"};
  const std::vector<float> p = {0.9f, 0.2f, 0.7f, 0.1f};
  const std::vector<std::uint8_t> y = {1, 0, 1, 0};
  const auto sl = compute_slices(urls, p, y, 0.5f);
  auto find = [&](const char* dim, const char* val) -> const Slice* {
    for (const auto& s : sl)
      if (s.dimension == dim && s.value == val) return &s;
    return nullptr;
  };
  ASSERT_NE(find("scheme", "http"), nullptr);
  EXPECT_EQ(find("scheme", "https")->metrics.n, 2u);
  EXPECT_EQ(find("scheme", "(none)")->metrics.n, 1u);
  EXPECT_EQ(find("ip host", "ip")->metrics.n, 1u);
  EXPECT_EQ(find("query", "yes")->metrics.n, 1u);
  EXPECT_EQ(find("tld group", "country code")->metrics.n, 1u);
  EXPECT_EQ(find("subdomain depth", "2")->metrics.n, 1u);  // a.b.example.com
  EXPECT_EQ(find("subdomain depth", "0")->metrics.n, 2u);  // example.org and the IP host
  ASSERT_NE(find("length", "<30"), nullptr);
}

}  // namespace
}  // namespace urlscan
