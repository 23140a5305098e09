// Training on synthetic data (no ../shared needed): determinism, thread independence, errors.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "status_assert.hpp"
#include "urlscan/scorer.hpp"
#include "urlscan/train.hpp"

namespace urlscan {
namespace {

// Phishing-like and legitimate-like URLs from small vocabularies, with label noise.
LabeledSet synthetic(std::uint64_t seed, std::size_t n) {
  static const char* brands[] = {"paypal", "apple", "bank", "netflix", "amazon"};
  static const char* bad[] = {"verify", "secure", "login", "update", "account", "confirm"};
  static const char* words[] = {"news", "blog", "docs", "about", "shop", "wiki", "help", "team"};
  static const char* tlds[] = {"com", "org", "net", "info", "xyz", "de"};
  std::mt19937_64 rng(seed);
  LabeledSet s;
  for (std::size_t i = 0; i < n; ++i) {
    const bool phish = rng() % 2;
    std::string u = "http://";
    if (phish) {
      u += std::string(brands[rng() % 5]) + "-" + bad[rng() % 6] + std::to_string(rng() % 100) +
           "." + tlds[rng() % 6] + "/" + bad[rng() % 6] + ".php?id=" + std::to_string(rng());
    } else {
      u += std::string(words[rng() % 8]) + std::to_string(rng() % 1000) + "." + tlds[rng() % 6] +
           "/" + words[rng() % 8] + "/" + words[rng() % 8];
    }
    const bool noisy = rng() % 20 == 0;
    s.rows.push_back({u, static_cast<std::uint8_t>(phish != noisy)});
  }
  s.fingerprint = seed;
  return s;
}

std::string train_bytes(const LabeledSet& tr, const LabeledSet& va, std::uint64_t seed,
                        TrainReport* report = nullptr, double max_val_fpr = 1.0) {
  TrainOptions opt;
  opt.seed = seed;
  opt.spec.hash_bits = 16;
  opt.max_val_fpr = max_val_fpr;  // 5% of the synthetic labels are flipped: no 1% limit
  ModelContents m;
  TrainReport r;
  EXPECT_TRUE(Succeeded(train_model(tr, va, opt, m, r)));
  if (report) *report = r;
  return serialize_model(m);
}

TEST(Train, SameDataAndSeedGiveIdenticalBytes) {
  const LabeledSet tr = synthetic(1, 4000), va = synthetic(2, 1000);
  const std::string a = train_bytes(tr, va, 7);
  const std::string b = train_bytes(tr, va, 7);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, train_bytes(tr, va, 8));  // the seed matters
}

TEST(Train, ThreadCountDoesNotChangeTheModel) {
  const LabeledSet tr = synthetic(3, 4000), va = synthetic(4, 1000);
  std::string one, many;
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = train_bytes(tr, va, 1);
  }
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 8);
    many = train_bytes(tr, va, 1);
  }
  EXPECT_EQ(one, many);
}

TEST(Train, LearnsAndCalibrates) {
  const LabeledSet tr = synthetic(5, 6000), va = synthetic(6, 2000);
  TrainReport r;
  const std::string bytes = train_bytes(tr, va, 1, &r);
  EXPECT_GT(r.val.roc_auc, 0.9);  // 5% label noise caps it below 1
  EXPECT_GT(r.val.f1, 0.85);
  Model m;
  ASSERT_TRUE(Succeeded(Model::load_memory(bytes.data(), bytes.size(), m, true)));
  EXPECT_GT(m.calibration().platt_a, 0);
  EXPECT_GT(m.calibration().threshold, 0.0f);
  EXPECT_LT(m.calibration().threshold, 1.0f);
  // Calibrated: mean predicted probability close to the observed phishing rate on val.
  const Scorer s(m, nullptr);
  Scorer::Scratch scratch;
  double mean_p = 0, mean_y = 0;
  for (const auto& row : va.rows) {
    mean_p += s.score(row.url, scratch).probability;
    mean_y += row.label;
  }
  EXPECT_NEAR(mean_p / va.rows.size(), mean_y / va.rows.size(), 0.03);
}

// The false-positive limit holds on validation, and with 5% flipped labels it binds: the
// report says how much F1 it costs.
TEST(Train, ThresholdRespectsTheFalsePositiveLimit) {
  const LabeledSet tr = synthetic(5, 6000), va = synthetic(6, 2000);
  TrainReport free, limited;
  train_bytes(tr, va, 1, &free, 1.0);
  train_bytes(tr, va, 1, &limited, 0.01);
  EXPECT_LE(limited.val_site_fpr, 0.01);
  EXPECT_GT(free.val_site_fpr, 0.01);
  EXPECT_LT(limited.val_site_f1, limited.val_site_f1_unlimited - 0.02);
  EXPECT_NEAR(free.val_site_f1, free.val_site_f1_unlimited, 1e-12);
}

// TrainOptions::homepages: each legitimate row's host joins the added homepages (deduplicated
// with the training rows' own hosts; phishing rows and IP hosts are not homepages), the model
// changes, and the metadata records the file's fingerprint.
TEST(Train, ExtraHomepagesJoinTheAddedHomepages) {
  const LabeledSet tr = synthetic(5, 4000), va = synthetic(6, 1000);
  LabeledSet extra;
  extra.rows = {{"https://zeitung-a.example/", 0}, {"https://zeitung-b.example/", 0},
                {"https://zeitung-b.example/", 0}, {"https://198.51.100.7/", 0},
                {"https://phish-c.example/", 1},   {tr.rows[0].url, 0}};
  extra.fingerprint = 0x1234abcd;
  TrainOptions opt;
  opt.spec.hash_bits = 16;
  opt.max_val_fpr = 1.0;
  ModelContents plain, with;
  TrainReport rp, rw;
  ASSERT_TRUE(Succeeded(train_model(tr, va, opt, plain, rp)));
  opt.homepages = &extra;
  ASSERT_TRUE(Succeeded(train_model(tr, va, opt, with, rw)));
  // zeitung-a and zeitung-b; tr.rows[0]'s host is either already there (legitimate) or new.
  const std::size_t first_is_legit = tr.rows[0].label == 0 ? 0 : 1;
  EXPECT_EQ(rw.augmented_examples, rp.augmented_examples + 2 + first_is_legit);
  EXPECT_EQ(rw.train_examples, rp.train_examples);
  EXPECT_NE(serialize_model(plain), serialize_model(with));
  EXPECT_NE(with.metadata_json.find("\"homepages_fingerprint\":\"000000001234abcd\""),
            std::string::npos)
      << with.metadata_json;
  EXPECT_EQ(plain.metadata_json.find("homepages_fingerprint"), std::string::npos);
}

// TrainOptions::extra_homepage_tree_weight: the homepages only `homepages` adds weigh W in the
// trees and 1 in the linear stage, so the linear stage is the same for every W and the trees are
// not; a host that is also a training row's keeps boost.homepage_weight; unset (< 0), the
// model is the one before the option existed.
TEST(Train, ExtraHomepageTreeWeightMovesOnlyTheTrees) {
  const LabeledSet tr = synthetic(5, 4000), va = synthetic(6, 1000);
  LabeledSet extra;
  for (int i = 0; i < 300; ++i)
    extra.rows.push_back({"https://zeitung-" + std::to_string(i) + ".example/", 0});
  extra.fingerprint = 0x1234abcd;
  TrainOptions opt;
  opt.spec.hash_bits = 16;
  opt.max_val_fpr = 1.0;
  opt.homepages = &extra;
  ModelContents unset, same, w0, w1;
  TrainReport r;
  ASSERT_TRUE(Succeeded(train_model(tr, va, opt, unset, r)));
  opt.extra_homepage_tree_weight = opt.boost.homepage_weight;
  ASSERT_TRUE(Succeeded(train_model(tr, va, opt, same, r)));
  opt.extra_homepage_tree_weight = 0.0f;
  ASSERT_TRUE(Succeeded(train_model(tr, va, opt, w0, r)));
  opt.extra_homepage_tree_weight = 1.0f;
  ASSERT_TRUE(Succeeded(train_model(tr, va, opt, w1, r)));
  // The linear stage: identical for every W.
  EXPECT_EQ(w0.weights, w1.weights);
  EXPECT_EQ(w0.weights, unset.weights);
  EXPECT_EQ(w0.calibration.weight_scale, w1.calibration.weight_scale);
  EXPECT_EQ(w0.calibration.bias, w1.calibration.bias);
  // The trees: not.
  EXPECT_NE(w0.booster.leaf, w1.booster.leaf);
  EXPECT_NE(w0.booster.leaf, same.booster.leaf);
  // W = boost.homepage_weight is the model without the option (but its metadata line).
  EXPECT_EQ(same.booster.leaf, unset.booster.leaf);
  EXPECT_EQ(same.booster.threshold, unset.booster.threshold);
  EXPECT_NE(w0.metadata_json.find("\"extra_homepage_tree_weight\":0"), std::string::npos)
      << w0.metadata_json;
  EXPECT_EQ(unset.metadata_json.find("extra_homepage_tree_weight"), std::string::npos);

  // Homepages that a training row already adds keep the training rows' tree weight: W does
  // not reach them.
  LabeledSet known;
  for (const auto& row : tr.rows)
    if (row.label == 0 && known.rows.size() < 300) known.rows.push_back(row);
  opt.homepages = &known;
  ModelContents k0, k1;
  opt.extra_homepage_tree_weight = 0.0f;
  ASSERT_TRUE(Succeeded(train_model(tr, va, opt, k0, r)));
  opt.extra_homepage_tree_weight = 1.0f;
  ASSERT_TRUE(Succeeded(train_model(tr, va, opt, k1, r)));
  EXPECT_EQ(k0.weights, k1.weights);
  EXPECT_EQ(k0.booster.leaf, k1.booster.leaf);
}

TEST(Train, RefusesUnusableData) {
  LabeledSet one_class;
  one_class.rows = {{"http://a.com/", 1}, {"http://b.com/", 1}};
  TrainOptions opt;
  opt.augment_homepages = false;
  ModelContents m;
  TrainReport r;
  EXPECT_EQ(train_model(one_class, one_class, opt, m, r).code(), errc::data_one_class);
  EXPECT_EQ(train_model(LabeledSet{}, one_class, opt, m, r).code(), errc::data_empty);
  opt.spec.hash_bits = 99;
  const Status bad_spec = train_model(one_class, one_class, opt, m, r);
  EXPECT_EQ(bad_spec.code(), errc::model_bad_spec);
  EXPECT_EQ(bad_spec.message(), message(errc::model_bad_spec));  // no text: the code's
}

TEST(Train, ReadsTsvAndCountsMalformedLines) {
  const auto path = std::filesystem::temp_directory_path() / "urlscan_train_test.tsv";
  std::ofstream(path, std::ios::binary)
      << "label\turl\n1\thttp://a.example/\r\n0\thttp://b.example/\n2\tbad label\nnolabel\n\n"
         "0\t\n1\thttp://c.example/x\ty\n";
  LabeledSet s;
  ASSERT_TRUE(Succeeded(read_labeled_tsv(path.string(), s)));
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0].url, "http://a.example/");  // CR stripped
  EXPECT_EQ(s.rows[2].url, "http://c.example/x\ty");
  EXPECT_EQ(s.skipped_lines, 3u);
  EXPECT_EQ(s.first_skipped, path.string() + ":4: " + std::string(message(errc::data_bad_line)) +
                                 ": its first column is '2', not 0 or 1");  // the first bad line
  std::ofstream(path, std::ios::binary) << "label\turl\n";
  EXPECT_EQ(read_labeled_tsv(path.string(), s).code(), errc::data_empty);
  std::filesystem::remove(path);
  const Status missing = read_labeled_tsv("/nonexistent.tsv", s);
  EXPECT_EQ(missing.code(), errc::io_error);
  EXPECT_EQ(missing.message(), "/nonexistent.tsv: cannot open");
}

TEST(Train, SelectSitesByPlatformKeepsAPlatformsUsersTogether) {
  // 200 users on each of 8 platforms (private suffixes of the Public Suffix List: each user's
  // host is its own site): by site they spread over every part; by platform each platform's
  // users share one part, and the parts still partition the rows.
  const char* platforms[] = {"github.io",     "blogspot.com", "netlify.app", "web.app",
                             "herokuapp.com", "duckdns.org",  "pages.dev",   "vercel.app"};
  LabeledSet set;
  for (const char* platform : platforms)
    for (int user = 0; user < 200; ++user)
      set.rows.push_back({"https://user" + std::to_string(user) + "." + platform + "/login", 1});
  const auto platform_of = [](const std::string& url) {
    const std::size_t dot = url.find('.');
    return url.substr(dot + 1, url.find('/', dot) - dot - 1);
  };
  std::map<std::string, std::set<unsigned>> by_site, by_platform;
  std::size_t total = 0;
  for (unsigned part = 0; part < 4; ++part) {
    for (const auto& r : select_sites(set, 4, 1u << part).rows)
      by_site[platform_of(r.url)].insert(part);
    const LabeledSet p = select_sites(set, 4, 1u << part, 0, SiteGrouping::platform);
    total += p.rows.size();
    for (const auto& r : p.rows) by_platform[platform_of(r.url)].insert(part);
  }
  EXPECT_EQ(total, set.rows.size());
  ASSERT_EQ(by_platform.size(), 8u);
  for (const auto& [platform, parts] : by_platform) EXPECT_EQ(parts.size(), 1u) << platform;
  for (const auto& [platform, parts] : by_site) EXPECT_EQ(parts.size(), 4u) << platform;
  // Told apart in the fingerprint; the site grouping's is what it always was.
  EXPECT_NE(select_sites(set, 4, 1, 0, SiteGrouping::platform).fingerprint,
            select_sites(set, 4, 1).fingerprint);
}

TEST(Train, SelectSitesSplitsBySiteAndCapsRows) {
  // 400 sites, 5 URLs each (two hosts of one registrable domain among them).
  LabeledSet set;
  set.fingerprint = 42;
  for (int site = 0; site < 400; ++site)
    for (int k = 0; k < 5; ++k)
      set.rows.push_back({"https://" + std::string(k % 2 ? "www." : "login.") + "site" +
                              std::to_string(site) + ".co.uk/p" + std::to_string(k),
                          static_cast<std::uint8_t>(site % 2)});
  const auto site_of = [](const std::string& url) {
    const std::size_t at = url.find("site");
    return url.substr(at, url.find(".co.uk") - at);
  };
  // The parts partition the rows, and a site's URLs (on both its hosts) share one part.
  std::size_t total = 0;
  std::map<std::string, std::set<unsigned>> parts_of_site;
  for (unsigned part = 0; part < 4; ++part) {
    const LabeledSet p = select_sites(set, 4, 1u << part);
    total += p.rows.size();
    EXPECT_GT(p.rows.size(), 250u);  // about a quarter each (500 expected)
    for (const auto& r : p.rows) parts_of_site[site_of(r.url)].insert(part);
  }
  EXPECT_EQ(total, set.rows.size());
  EXPECT_EQ(parts_of_site.size(), 400u);
  for (const auto& [site, parts] : parts_of_site) EXPECT_EQ(parts.size(), 1u) << site;
  const LabeledSet half = select_sites(set, 4, 0b0011);
  // Capped: the same rows whatever the input order, kept in the input's order.
  const LabeledSet capped = select_sites(set, 4, 0b0011, 100);
  ASSERT_EQ(capped.rows.size(), 100u);
  LabeledSet reversed = set;
  std::reverse(reversed.rows.begin(), reversed.rows.end());
  const LabeledSet capped_rev = select_sites(reversed, 4, 0b0011, 100);
  std::set<std::string> a, b;
  for (const auto& r : capped.rows) a.insert(r.url);
  for (const auto& r : capped_rev.rows) b.insert(r.url);
  EXPECT_EQ(a, b);
  const auto pos = [&](const std::string& url) {
    for (std::size_t i = 0; i < set.rows.size(); ++i)
      if (set.rows[i].url == url) return i;
    return set.rows.size();
  };
  for (std::size_t i = 1; i < capped.rows.size(); ++i)
    EXPECT_LT(pos(capped.rows[i - 1].url), pos(capped.rows[i].url));
  // The selection is part of the fingerprint; the text round-trips through the reader.
  EXPECT_NE(capped.fingerprint, half.fingerprint);
  const std::string path = (std::filesystem::temp_directory_path() / "urlscan_sites.tsv").string();
  std::ofstream(path, std::ios::binary) << labeled_tsv_text(capped);
  LabeledSet back;
  ASSERT_TRUE(Succeeded(read_labeled_tsv(path, back)));
  ASSERT_EQ(back.rows.size(), capped.rows.size());
  for (std::size_t i = 0; i < back.rows.size(); ++i) {
    EXPECT_EQ(back.rows[i].url, capped.rows[i].url);
    EXPECT_EQ(back.rows[i].label, capped.rows[i].label);
  }
  std::filesystem::remove(path);
}

TEST(Train, ReadsSeveralTsvsInOrder) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string a = (dir / "urlscan_train_a.tsv").string(),
                    b = (dir / "urlscan_train_b.tsv").string();
  std::ofstream(a, std::ios::binary) << "label\turl\n1\thttp://a.example/\nbad\n";
  std::ofstream(b, std::ios::binary) << "label\turl\n0\thttp://b.example/\n0\thttp://c.example/\n";
  LabeledSet one, both, swapped;
  ASSERT_TRUE(Succeeded(read_labeled_tsv(a, one)));
  const std::string first[] = {a};
  LabeledSet just_a;
  ASSERT_TRUE(Succeeded(read_labeled_tsvs(first, just_a)));
  EXPECT_EQ(just_a.fingerprint, one.fingerprint);  // one file: as read_labeled_tsv
  const std::string ab[] = {a, b}, ba[] = {b, a};
  ASSERT_TRUE(Succeeded(read_labeled_tsvs(ab, both)));
  ASSERT_EQ(both.rows.size(), 3u);
  EXPECT_EQ(both.rows[0].url, "http://a.example/");
  EXPECT_EQ(both.rows[2].url, "http://c.example/");
  EXPECT_EQ(both.rows[2].label, 0);
  EXPECT_EQ(both.skipped_lines, 1u);
  EXPECT_NE(both.first_skipped.find("urlscan_train_a.tsv:3:"), std::string::npos);
  ASSERT_TRUE(Succeeded(read_labeled_tsvs(ba, swapped)));
  EXPECT_NE(both.fingerprint, one.fingerprint);      // the model records every input ...
  EXPECT_NE(both.fingerprint, swapped.fingerprint);  // ... and their order
  const std::string missing[] = {a, "/nonexistent.tsv"};
  const Status why = read_labeled_tsvs(missing, both);
  EXPECT_EQ(why.code(), errc::io_error);
  EXPECT_NE(why.message().find("/nonexistent.tsv"), std::string::npos);
  EXPECT_EQ(read_labeled_tsvs({}, both).code(), errc::data_empty);
  std::filesystem::remove(a);
  std::filesystem::remove(b);
}

}  // namespace
}  // namespace urlscan
