// Featurizer: golden vectors pin the hash and the feature layout (they are part of the model
// format: a change here needs a new format version and a retrained model), plus invariants.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "features/featurizer.hpp"
#include "features/platform.hpp"
#include "urlscan/rules.hpp"

namespace urlscan {
namespace {

FeatureVector features(const char* url, const FeatureSpec& spec = {}) {
  Url u;
  parse_url(url, u);
  FeatureVector idx;
  Featurizer(spec).featurize(u, idx);
  return idx;
}

TEST(Features, HashGoldenVectors) {
  EXPECT_EQ(hash_bytes(7, ""), 0x65fff0523a6c38bcULL);
  EXPECT_EQ(hash_bytes(7, "a"), 0x93c66537f462a209ULL);
  EXPECT_EQ(hash_bytes(7, "paypal"), 0xf5f4b37ff106110cULL);
  EXPECT_EQ(hash_bytes(7, "0123456789abcdef-long-token"), 0x05ea42f262343c40ULL);
}

TEST(Features, FeatureGoldenVectors) {
  struct Golden {
    const char* url;
    std::size_t n;
    unsigned long long sum, poly;
    std::uint32_t first, last;
  };
  const Golden golden[] = {
      {"http://paypal.com.verify-account.info/webscr?cmd=_login", 212, 113424373ULL,
       3013436472834813299ULL, 831882, 171351},
      // No path: featurized as "/" (model format 4), so this equals "example.org/".
      {"example.org", 79, 40387547ULL, 11203958578755788437ULL, 831882, 171351},
  };
  for (const Golden& g : golden) {
    SCOPED_TRACE(g.url);
    auto idx = features(g.url);
    unsigned long long sum = 0, poly = 0;
    for (auto v : idx) {
      sum += v;
      poly = poly * 31 + v;
    }
    EXPECT_EQ(idx.size(), g.n);
    EXPECT_EQ(sum, g.sum);
    EXPECT_EQ(poly, g.poly);
    EXPECT_EQ(idx.front(), g.first);
    EXPECT_EQ(idx.back(), g.last);
  }
}

TEST(Features, EmptyPathIsSlash) {
  // RFC 3986 6.2.3: one resource, one score. Format-3 models scored "https://fftw.org" 0.98 and
  // "https://fftw.org/" 0.06 (train.tsv has 481 URLs without a path, all phishing).
  const Featurizer fz(FeatureSpec{});
  const std::pair<const char*, const char*> same[] = {
      {"https://fftw.org", "https://fftw.org/"},
      {"fftw.org", "fftw.org/"},
      {"http://a.example.com?x=1", "http://a.example.com/?x=1"},
      {"http://a.example.com#top", "http://a.example.com/#top"},
      {"http://user@a.example.com:8080", "http://user@a.example.com:8080/"}};
  for (const auto& [a, b] : same) {
    SCOPED_TRACE(a);
    Url ua, ub;
    ASSERT_TRUE(parse_url(a, ua));
    ASSERT_TRUE(parse_url(b, ub));
    FeatureVector fa, fb;
    std::vector<float> sa(kShapeCount), sb(kShapeCount);
    fz.featurize(ua, fa, {}, nullptr, sa.data(), 1);
    fz.featurize(ub, fb, {}, nullptr, sb.data(), 1);
    EXPECT_EQ(fa, fb);
    EXPECT_EQ(sa, sb);
  }
  // A path of its own still differs from the bare host.
  Url u1, u2;
  ASSERT_TRUE(parse_url("https://fftw.org/", u1));
  ASSERT_TRUE(parse_url("https://fftw.org/x", u2));
  FeatureVector f1, f2;
  fz.featurize(u1, f1);
  fz.featurize(u2, f2);
  EXPECT_NE(f1, f2);
}

TEST(Features, ShapeGoldenVector) {
  Url u;
  ASSERT_TRUE(parse_url("https://www.Pay-Pal.co.uk:8443/a_b/Login.PHP?x=1&y=%20", u));
  const Featurizer fz(FeatureSpec{});
  FeatureVector idx;
  std::vector<float> shape(kShapeCount * 2, -1.0f);
  fz.featurize(u, idx, {}, nullptr, shape.data(), 2);  // every other slot
  const float want[kShapeCount] = {
      36,                // URL length: host 13 ("www." stripped) + path 14 + query 9
      13,  14, 9,        // host, path, query lengths
      3,                 // host labels: pay-pal, co, uk
      0,   1,            // host digits, hyphens
      -1,                // host entropy: checked below
      7,   2,            // longest label "pay-pal", TLD "uk"
      1,                 // host kind: HostKind::name
      1,                 // 'www' prefix
      2,   0,  1, 0, 1,  // path depth, digits, dots, hyphens, underscores
      4,                 // path uppercase: L, P, H, P
      2,                 // path words of 2+ bytes: login, php
      9,   2,  1,        // last segment "Login.PHP", query parameters, percent escapes
      0,   0,  0, 1, 0,  // bare, userinfo, '//', explicit port, punycode
      0,   0,  7,        // under a private suffix, labels above "pay-pal.co.uk", "pay-pal"
      -879               // naturalness of "pay-pal" (scripts/make_name_lm.py's table)
  };
  for (std::size_t k = 0; k < kShapeCount; ++k) {
    SCOPED_TRACE(std::string(shape_name(k)));
    EXPECT_EQ(shape[2 * k + 1], -1.0f);  // the stride is respected
    if (k == 7) {
      // "pay-pal.co.uk": log2(13) - (3 letters seen twice: 3 * 2 log2 2) / 13
      EXPECT_NEAR(shape[2 * k], std::log2(13.0f) - 6.0f / 13.0f, 1e-5f);
      continue;
    }
    EXPECT_EQ(shape[2 * k], want[k]);
  }
  EXPECT_EQ(shape_name(0), "URL length");
  EXPECT_EQ(shape_name(kShapeCount), "?");
}

TEST(Features, HostSuffixPlatformInputs) {
  using detail::host_suffix;
  const auto gh = host_suffix("someone.github.io");  // a user's label on a platform
  EXPECT_EQ(gh.private_suffix, 1);
  EXPECT_EQ(gh.depth, 0);
  EXPECT_EQ(gh.label, 7);
  const auto uk = host_suffix("a.b.example.co.uk");
  EXPECT_EQ(uk.private_suffix, 0);
  EXPECT_EQ(uk.depth, 2);
  EXPECT_EQ(uk.label, 7);
  const auto suffix = host_suffix("github.io");  // the platform's suffix itself
  EXPECT_EQ(suffix.depth, -1);
  EXPECT_EQ(suffix.label, 0);
  EXPECT_EQ(suffix.name_lm, 256);
  const auto wild = host_suffix("x.y.ck");  // *.ck: "y.ck" is the suffix
  EXPECT_EQ(wild.depth, 0);
  EXPECT_EQ(wild.label, 1);
  EXPECT_EQ(host_suffix("shop.example.unlistedtld").label, 7);  // unlisted: the last label
  // A word-like name reads more natural than a generated one (mean log-probability, 1/256 nat).
  EXPECT_EQ(host_suffix("wikipedia.org").name_lm, -569);
  EXPECT_EQ(host_suffix("xkqzvbw.com").name_lm, -1682);
  EXPECT_EQ(host_suffix("kafko3af.toythieves.com").name_lm, host_suffix("toythieves.com").name_lm);
}

TEST(Features, IndicesInTable) {
  FeatureSpec spec;
  spec.hash_bits = 12;
  for (const char* u : {"http://a.b.c/d/e?f=g", "x", "http://[::1]/", "http://1.2.3.4/"})
    for (auto i : features(u, spec)) EXPECT_LT(i, 1u << 12);
}

TEST(Features, SchemeAndWwwAreIgnored) {
  // The scheme encodes the data's collection era, not phishing (data README).
  EXPECT_EQ(features("http://www.example.com/a"), features("https://example.com/a"));
  EXPECT_EQ(features("example.com/a"), features("https://example.com/a"));
  EXPECT_NE(features("http://example.com/abc"), features("http://example.com/abd"));
}

TEST(Features, HostCaseIsIgnoredPathCaseIsShape) {
  EXPECT_EQ(features("http://EXAMPLE.com/a"), features("http://example.com/a"));
  EXPECT_NE(features("http://example.com/ABCDEF"), features("http://example.com/abcdef"));
}

TEST(Features, DescribeMatchesFeaturize) {
  const char* url = "http://user@paypal.com.evil.example:8080/login.php?user=1&pw=2";
  Url u;
  parse_url(url, u);
  FeatureVector a, b;
  std::vector<std::string> names;
  Featurizer fz{FeatureSpec{}};
  fz.featurize(u, a);
  fz.describe(u, b, names);
  EXPECT_EQ(a, b);
  ASSERT_EQ(names.size(), b.size());
  EXPECT_NE(std::find(names.begin(), names.end(), "host contains 'pay'"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "file extension 'php'"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "query parameter 'pw'"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "'@' in the address"), names.end());
}

TEST(Features, FamiliesCanBeDisabled) {
  FeatureSpec all, no_host;
  no_host.disabled |= 1u << static_cast<int>(FeatureFamily::host_ngram);
  EXPECT_LT(features("http://example.com/abc", no_host).size(),
            features("http://example.com/abc", all).size());
}

TEST(Features, LongPartsAreCapped) {
  const std::string a = "http://example.com/" + std::string(5000, 'x');
  const std::string b = "http://example.com/" + std::string(9000, 'x');
  // n-grams cover max_part_len bytes; only the length buckets differ.
  EXPECT_EQ(features(a.c_str()).size(), features(b.c_str()).size());
}

TEST(FeatureSpec, Validation) {
  FeatureSpec s;
  EXPECT_TRUE(s.valid());
  s.hash_bits = 30;
  EXPECT_FALSE(s.valid());
  s = {};
  s.host_ngram_min = 0;
  EXPECT_FALSE(s.valid());
  s = {};
  s.path_ngram_max = 9;
  EXPECT_FALSE(s.valid());
  s = {};
  s.query_ngram_min = 4;
  s.query_ngram_max = 3;
  EXPECT_FALSE(s.valid());
}

// The rule family (off in the shipped spec, on for a model trained with it): every pre-filter
// hit is a feature named after its reason, and each rule kind ("brand" of "brand:paypal") is one
// more feature, once per kind however many of its rules hit.
TEST(Features, RuleHitsAreFeaturesWhenTheSpecUsesThem) {
  const RuleSet& rules = RuleSet::builtin();
  Url u;
  parse_url("http://paypal-apple-login.example.net/webscr/signin.php", u);
  const Url* urls[] = {&u};
  RuleSet::Scratch scratch;
  std::vector<std::vector<std::uint16_t>> hits;
  rules.match(urls, scratch, hits);
  ASSERT_EQ(hits.size(), 1u);
  ASSERT_FALSE(hits[0].empty());

  FeatureSpec with_rules;
  with_rules.disabled &= ~(1u << static_cast<int>(FeatureFamily::rule));
  const Featurizer fz(with_rules);
  FeatureVector described, featurized;
  std::vector<std::string> names;
  fz.describe(u, described, names, hits[0], &rules);
  fz.featurize(u, featurized, hits[0], &rules);
  EXPECT_EQ(described, featurized);
  ASSERT_EQ(names.size(), described.size());
  const auto count = [&](const std::string& name) {
    return std::count(names.begin(), names.end(), name);
  };
  std::vector<std::string> kinds;
  for (std::uint16_t h : hits[0]) {
    EXPECT_GE(count("rule: " + rules.reason(h)), 1) << rules.key(h);
    const std::string& key = rules.key(h);
    const std::string kind = key.substr(0, key.find(':'));
    if (key.find(':') != std::string::npos && kind != "pattern") kinds.push_back(kind);
  }
  ASSERT_FALSE(kinds.empty());
  for (const std::string& kind : kinds) EXPECT_EQ(count("rule kind: " + kind), 1) << kind;

  // The default spec leaves them out, hits or not.
  FeatureVector plain;
  names.clear();
  Featurizer{FeatureSpec{}}.describe(u, plain, names, hits[0], &rules);
  EXPECT_EQ(std::count_if(names.begin(), names.end(),
                          [](const std::string& n) { return n.rfind("rule", 0) == 0; }),
            0);
  EXPECT_LT(plain.size(), described.size());
}

}  // namespace
}  // namespace urlscan
