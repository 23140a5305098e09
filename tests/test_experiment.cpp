// The statistics of `urlscan experiment` against published reference values. Each figure names
// its source; none was produced by this code.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "cli.hpp"
#include "experiment/decision.hpp"
#include "experiment/prometheus_client.hpp"
#include "experiment/stats.hpp"

namespace ex = urlscan::experiment;

TEST(NormalDistribution, QuantilesOfTheStandardTables) {
  // Standard normal table values (e.g. Abramowitz & Stegun 1964, Table 26.5).
  EXPECT_NEAR(ex::normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(ex::normal_quantile(0.95), 1.644853626951472, 1e-12);
  EXPECT_NEAR(ex::normal_quantile(0.80), 0.841621233572914, 1e-12);
  EXPECT_NEAR(ex::normal_quantile(0.90), 1.281551565544601, 1e-12);
  EXPECT_NEAR(ex::normal_quantile(0.025), -1.959963984540054, 1e-12);
  EXPECT_NEAR(ex::normal_quantile(1e-10), -6.361340902404056, 1e-9);
  EXPECT_NEAR(ex::normal_cdf(1.96), 0.9750021048517795, 1e-12);
  EXPECT_NEAR(ex::normal_cdf(0), 0.5, 1e-15);
  EXPECT_THROW(ex::normal_quantile(0), std::invalid_argument);
  EXPECT_THROW(ex::normal_quantile(1), std::invalid_argument);
}

TEST(Wilson, NewcombesExamples) {
  // Newcombe, R. G. (1998) "Two-sided confidence intervals for the single proportion:
  // comparison of seven methods", Statistics in Medicine 17:857-872, Table I, method 3
  // (Wilson score, no continuity correction), to 4 decimals.
  struct Case {
    unsigned x, n;
    double lo, hi;
  } cases[] = {{81, 263, 0.2553, 0.3662},
               {15, 148, 0.0624, 0.1605},
               {0, 20, 0.0, 0.1611},
               {1, 29, 0.0061, 0.1718}};
  for (const Case& c : cases) {
    const ex::Interval i = ex::wilson_interval(c.x, c.n, 0.95);
    EXPECT_NEAR(i.lo, c.lo, 5e-5) << c.x << "/" << c.n;
    EXPECT_NEAR(i.hi, c.hi, 5e-5) << c.x << "/" << c.n;
  }
  const ex::Interval all = ex::wilson_interval(20, 20, 0.95);
  EXPECT_EQ(all.hi, 1.0);
  EXPECT_NEAR(all.lo, 1 - 0.1611, 5e-5);  // the mirror of 0/20
  const ex::Interval none = ex::wilson_interval(0, 0, 0.95);
  EXPECT_EQ(none.lo, 0.0);
  EXPECT_EQ(none.hi, 1.0);
  EXPECT_THROW(ex::wilson_interval(3, 2, 0.95), std::invalid_argument);
}

TEST(TwoProportions, StatsmodelsDocumentationExample) {
  // statsmodels.stats.proportion.proportions_ztest documentation: count = [5, 12],
  // nobs = [83, 99] -> p-value 0.159 (pooled two-sided z-test).
  const ex::TwoProportions t = ex::compare_proportions(5, 83, 12, 99, 0.95);
  EXPECT_NEAR(t.p_value, 0.159, 5e-4);
  EXPECT_GT(t.z, 0);  // B (12/99) is the higher
  EXPECT_NEAR(std::fabs(t.z), 1.408, 1e-3);
  EXPECT_NEAR(t.difference, 12.0 / 99 - 5.0 / 83, 1e-15);
}

TEST(TwoProportions, NewcombesDifferenceInterval) {
  // Newcombe, R. G. (1998) "Interval estimation for the difference between independent
  // proportions: comparison of eleven methods", Statistics in Medicine 17:873-890, Table II,
  // example (a) 56/70 - 48/80: method 10 (score, no continuity correction) 0.0524 to 0.3339.
  const ex::TwoProportions t = ex::compare_proportions(48, 80, 56, 70, 0.95);
  EXPECT_NEAR(t.difference, 0.2, 1e-12);
  EXPECT_NEAR(t.difference_ci.lo, 0.0524, 5e-5);
  EXPECT_NEAR(t.difference_ci.hi, 0.3339, 5e-5);
  // Reversed groups: the interval mirrors.
  const ex::TwoProportions r = ex::compare_proportions(56, 70, 48, 80, 0.95);
  EXPECT_NEAR(r.difference_ci.lo, -0.3339, 5e-5);
  EXPECT_NEAR(r.difference_ci.hi, -0.0524, 5e-5);
  EXPECT_NEAR(r.z, -t.z, 1e-12);
}

TEST(TwoProportions, DegenerateCounts) {
  const ex::TwoProportions same = ex::compare_proportions(10, 10, 20, 20, 0.95);
  EXPECT_EQ(same.z, 0);
  EXPECT_EQ(same.p_value, 1);
  EXPECT_THROW(ex::compare_proportions(0, 0, 1, 2, 0.95), std::invalid_argument);
}

TEST(SampleSize, RPowerPropTestExample) {
  // R's ?power.prop.test example: power.prop.test(p1 = .50, p2 = .75, power = .90)
  // => n = 76.7 per group (rounded up: 77).
  EXPECT_EQ(ex::sample_size_per_group(0.50, 0.25, 0.05, 0.90), 77u);
  // p1 .60, p2 .70, alpha .05 two-sided, power .80, the same formula worked by hand:
  // (1.95996 * sqrt(2 * .65 * .35) + 0.84162 * sqrt(.24 + .21))^2 / .01 = 355.95 -> 356.
  EXPECT_EQ(ex::sample_size_per_group(0.60, 0.10, 0.05, 0.80), 356u);
  // Smaller effects need quadratically more answers.
  EXPECT_GT(ex::sample_size_per_group(0.60, 0.05, 0.05, 0.80),
            3 * ex::sample_size_per_group(0.60, 0.10, 0.05, 0.80));
  // Near 1 the difference is taken downwards.
  EXPECT_EQ(ex::sample_size_per_group(0.95, 0.10, 0.05, 0.80),
            ex::sample_size_per_group(0.85, 0.10, 0.05, 0.80));
  EXPECT_THROW(ex::sample_size_per_group(0.5, 0, 0.05, 0.8), std::invalid_argument);
  EXPECT_THROW(ex::sample_size_per_group(0.5, 0.1, 1.5, 0.8), std::invalid_argument);
}

namespace {

ex::Measured variant(const char* name, std::uint64_t yes, std::uint64_t no, double errors = 0,
                     double p99 = 0.001) {
  ex::Measured m;
  m.name = name;
  m.yes = yes;
  m.no = no;
  m.requests = static_cast<double>(2 * (yes + no));
  m.errors = errors;
  m.p99_seconds = p99;
  return m;
}

}  // namespace

TEST(ExperimentDecision, PromotesOnlyASignificantlyBetterVariantAtThePlannedSample) {
  ex::ExperimentSettings s;
  s.mde = 0.05;  // 0.60 base: 1,471 answers per variant
  const auto better =
      ex::decide_experiment({variant("probability", 1050, 450), variant("binary", 900, 600)}, s);
  EXPECT_EQ(better.comparisons.at(0).planned, 1471u);  // the formula at p .60, mde .05
  EXPECT_EQ(better.decision, ex::Decision::promote);
  EXPECT_EQ(better.chosen, "probability");
  EXPECT_EQ(better.variants.front().name, "binary");  // baseline first

  const auto equal =
      ex::decide_experiment({variant("binary", 900, 600), variant("probability", 905, 595)}, s);
  EXPECT_EQ(equal.decision, ex::Decision::keep);
  EXPECT_EQ(equal.chosen, "binary");

  const auto worse =
      ex::decide_experiment({variant("binary", 1050, 450), variant("probability", 900, 600)}, s);
  EXPECT_EQ(worse.decision, ex::Decision::keep);

  // The same rates, far from the planned sample: nothing is decided (fixed horizon).
  const auto early =
      ex::decide_experiment({variant("binary", 300, 200), variant("probability", 400, 100)}, s);
  EXPECT_LT(early.comparisons.at(0).test.p_value, 0.05);
  EXPECT_EQ(early.decision, ex::Decision::keep_continue);

  EXPECT_THROW(ex::decide_experiment({variant("probability", 1, 1)}, s), std::invalid_argument);
}

TEST(ExperimentDecision, AGuardrailBreachMeansContinue) {
  ex::ExperimentSettings s;
  s.mde = 0.05;
  const auto errors = ex::decide_experiment(
      {variant("binary", 900, 600), variant("probability", 1050, 450, 200)}, s);
  EXPECT_FALSE(errors.comparisons.at(0).guardrails.ok);  // 200 / 3000 = 6.7% > 0% + 1 pp
  EXPECT_EQ(errors.decision, ex::Decision::keep_continue);
  const auto slow = ex::decide_experiment(
      {variant("binary", 900, 600, 0, 0.010), variant("probability", 1050, 450, 0, 0.020)}, s);
  EXPECT_FALSE(slow.comparisons.at(0).guardrails.ok);  // 20 ms > max(15 ms, 10 + 5 ms)
  const auto jitter = ex::decide_experiment(
      {variant("binary", 900, 600, 0, 1e-5), variant("probability", 1050, 450, 0, 4e-5)}, s);
  EXPECT_TRUE(jitter.comparisons.at(0).guardrails.ok);  // 4x, but within the 5 ms slack
  EXPECT_EQ(jitter.decision, ex::Decision::promote);
}

TEST(CanaryDecision, RollsBackOnErrorsPromotesWhenClean) {
  ex::CanarySettings s;
  ex::Measured stable = variant("v1", 0, 0, 1), bad = variant("v2", 0, 0, 30), good = bad;
  stable.requests = 1000;
  bad.requests = good.requests = 300;
  good.errors = 2;  // 0.67% vs 0.1% + 1 pp: within
  EXPECT_EQ(ex::decide_canary(stable, bad, s).decision, ex::Decision::keep);
  EXPECT_EQ(ex::decide_canary(stable, good, s).decision, ex::Decision::promote);
  ex::Measured idle = good;
  idle.requests = 20;
  EXPECT_EQ(ex::decide_canary(stable, idle, s).decision, ex::Decision::keep_continue);
}

TEST(PrometheusAnswer, InstantVectorsErrorsAndSpecialValues) {
  // The shapes of the Prometheus HTTP API documentation (prometheus.io/docs: querying/api).
  const auto v = ex::parse_query_response(
      R"({"status":"success","data":{"resultType":"vector","result":[)"
      R"({"metric":{"variant":"binary","answer":"yes"},"value":[1733050000.5,"1212"]},)"
      R"({"metric":{"variant":"probability"},"value":[1733050000.5,"NaN"]},)"
      R"({"metric":{},"value":[1733050000.5,"+Inf"]}]}})");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].labels.at("variant"), "binary");
  EXPECT_EQ(v[0].labels.at("answer"), "yes");
  EXPECT_EQ(v[0].value, 1212);
  EXPECT_TRUE(std::isnan(v[1].value));
  EXPECT_TRUE(std::isinf(v[2].value));
  EXPECT_TRUE(
      ex::parse_query_response(R"({"status":"success","data":{"resultType":"vector","result":[]}})")
          .empty());
  auto refused = [](const std::string& body) {
    try {
      ex::parse_query_response(body);
    } catch (const urlscan::cli::Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused(R"({"status":"error","errorType":"bad_data","error":"parse error at char 5"})"),
            "Prometheus refused the query: parse error at char 5");
  EXPECT_NE(refused(R"({"status":"success","data":{"resultType":"matrix","result":[]}})")
                .find("instant vector"),
            std::string::npos);
  EXPECT_NE(refused("<html>proxy error</html>").find("not JSON"), std::string::npos);
  EXPECT_NE(refused(R"({"status":"success","data":{"resultType":"vector","result":[)"
                    R"({"metric":{},"value":[1,"12abc"]}]}})")
                .find("bad value"),
            std::string::npos);
}
