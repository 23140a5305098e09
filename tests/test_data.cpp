// Tests on the labelled data in ../shared/data/urls (URLSCAN_DATA). Where the data is absent (a
// fresh clone) the binary says so and exits 77, which meson reports as SKIP.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "data_dir.hpp"
#include "known_lists.hpp"
#include "libpsl_reference.hpp"
#include "status_assert.hpp"
#include "urlscan/cpu.hpp"
#include "urlscan/domain.hpp"
#include "urlscan/domain_list.hpp"
#include "urlscan/metrics.hpp"
#include "urlscan/scorer.hpp"
#include "urlscan/train.hpp"
#include "urlscan/url.hpp"

namespace urlscan {
namespace {

const LabeledSet& load(const char* name) {
  static std::map<std::string, LabeledSet> cache;
  auto [it, fresh] = cache.try_emplace(name);
  if (fresh) {
    EXPECT_TRUE(Succeeded(read_labeled_tsv(data_dir() + "/" + name, it->second)));
  }
  return it->second;
}

// recent_phishing.tsv's rows on the sites of `parts` (RecentSplit).
LabeledSet recent_sites(std::uint32_t parts, std::size_t max_rows = 0) {
  return select_sites(load("recent_phishing.tsv"), RecentSplit::kParts, parts, max_rows);
}

// The shipped model's training rows: train.tsv, the committed software project pages, the
// recent phishing rows the pipeline writes (written here the same way, so the fingerprint of
// the files matches too), then the committed site asset requests.
const LabeledSet& training_rows() {
  static const LabeledSet set = [] {
    const std::string recent =
        (std::filesystem::temp_directory_path() / "urlscan_recent_train.tsv").string();
    {
      std::ofstream out(recent, std::ios::binary);
      out << labeled_tsv_text(recent_sites(RecentSplit::kTrainParts, RecentSplit::kTrainRows));
    }
    LabeledSet s;
    const std::string paths[] = {data_dir() + "/train.tsv",
                                 source_root() + "/models/data/software_pages.tsv", recent,
                                 source_root() + "/models/data/site_assets.tsv"};
    EXPECT_TRUE(Succeeded(read_labeled_tsvs(paths, s)));
    std::filesystem::remove(recent);
    return s;
  }();
  return set;
}

// The extra homepages of the shipped recipe (models/meson.build: `--homepages
// models/data/web_homepages.tsv --homepage-tree-weight 0.2 --extra-homepage-tree-weight 0`).
const LabeledSet& web_homepages() {
  static const LabeledSet set = [] {
    LabeledSet s;
    const std::string paths[] = {source_root() + "/models/data/web_homepages.tsv"};
    EXPECT_TRUE(Succeeded(read_labeled_tsvs(paths, s)));
    return s;
  }();
  return set;
}

// Trained once per seed and process: the bit-identity and the two-seed tests both need seed 1,
// and a training is a minute or more of CI (training is deterministic, so a second one would
// only repeat the first).
struct TrainedModel {
  std::string bytes;
  TrainReport report;
};

const TrainedModel& train_default(std::uint64_t seed) {
  static std::map<std::uint64_t, TrainedModel> trained;
  if (const auto it = trained.find(seed); it != trained.end()) return it->second;
  TrainOptions opt;
  opt.seed = seed;
  opt.homepages = &web_homepages();
  opt.boost.homepage_weight = 0.2f;
  opt.extra_homepage_tree_weight = 0.0f;
  ModelContents m;
  TrainedModel& t = trained[seed];
  EXPECT_TRUE(Succeeded(train_model(training_rows(), load("val.tsv"), opt, m, t.report)));
  t.bytes = serialize_model(m);
  return t;
}

BinaryMetrics evaluate(const Model& model, const LabeledSet& set,
                       const RuleBook* book = &RuleBook::builtin()) {
  const Scorer s(model, book);
  Scorer::Scratch scratch;
  std::vector<float> prob, raw;
  std::vector<std::uint8_t> y;
  for (const auto& row : set.rows) {
    const Score sc = s.score(row.url, scratch);
    prob.push_back(sc.probability);
    raw.push_back(sc.problem == errc::ok ? sc.raw : -1e30f);
    y.push_back(row.label);
  }
  return compute_metrics(prob, y, model.calibration().raw_threshold, raw);
}

// The fast Public Suffix lookup (src/domain/psl_table.hpp) answers as libpsl does on every host
// of the labelled data (tests/test_domain.cpp checks the rules' neighbourhoods).
TEST(Data, PublicSuffixLookupAgreesWithLibpslOnEveryHost) {
  std::set<std::string> hosts;
  for (const char* name : {"train.tsv", "val.tsv", "test.tsv", "recent_phishing.tsv"})
    for (const auto& row : load(name).rows) {
      Url u;
      if (parse_url(row.url, u)) hosts.insert(u.host);
    }
  ASSERT_GT(hosts.size(), 50000u);
  std::size_t wrong = 0;
  for (const std::string& h : hosts)
    if ((std::string(registrable_domain(h)) != test::libpsl_registrable(h) ||
         std::string(platform_domain(h)) != test::libpsl_platform(h)) &&
        ++wrong <= 10)
      ADD_FAILURE() << h << ": " << registrable_domain(h) << " / " << platform_domain(h)
                    << ", libpsl " << test::libpsl_registrable(h) << " / "
                    << test::libpsl_platform(h);
  EXPECT_EQ(wrong, 0u) << "of " << hosts.size() << " hosts";
}

TEST(Data, ShippedModelIsRebuiltBitIdentically) {
  const std::string& bytes = train_default(1).bytes;
  std::ifstream in(source_root() + "/models/urlscan.model", std::ios::binary);
  const std::string shipped((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(shipped.empty());
  EXPECT_TRUE(bytes == shipped) << "models/urlscan.model is not what `urlscan train --seed 1` "
                                   "builds from the data (`ninja -C build update-model`, "
                                   "models/MODEL.md)";
}

TEST(Data, TwoSeedsAgreeWithinHalfAPoint) {
  const TrainedModel &one = train_default(1), &two = train_default(2);
  const TrainReport &a = one.report, &b = two.report;
  const std::string &bytes_a = one.bytes, &bytes_b = two.bytes;
  Model ma, mb;
  ASSERT_TRUE(Succeeded(Model::load_memory(bytes_a.data(), bytes_a.size(), ma, true)));
  ASSERT_TRUE(Succeeded(Model::load_memory(bytes_b.data(), bytes_b.size(), mb, true)));
  const double test_a = evaluate(ma, load("test.tsv")).f1,
               test_b = evaluate(mb, load("test.tsv")).f1;
  std::printf(
      "seed 1 / seed 2: val F1 site-weighted %.4f / %.4f, unweighted %.4f / %.4f; test F1 %.4f / "
      "%.4f\n",
      a.val_site_f1, b.val_site_f1, a.val.f1, b.val.f1, test_a, test_b);
  // Issue 2's bar: 0.5 points, on validation (site-weighted: at most 10 URLs' weight per site,
  // as the threshold is picked) and on the held-out test set. The unweighted validation F1 is
  // printed, not compared: one site's 960 near-identical URLs (5% of val.tsv) land on one side
  // of the threshold or the other together and move it by up to 2 points (models/MODEL.md).
  EXPECT_NEAR(a.val_site_f1, b.val_site_f1, 0.005);
  EXPECT_NEAR(test_a, test_b, 0.005);
}

TEST(Data, ShippedModelOnHeldOutTest) {
  const BinaryMetrics m = evaluate(Model::builtin(), load("test.tsv"));
  std::printf("test.tsv: auc %.5f f1 %.5f precision %.4f recall %.4f fpr %.4f tpr@1%% %.4f\n",
              m.roc_auc, m.f1, m.precision, m.recall, m.fpr, m.tpr_at_fpr_1);
  // Issue 2's bar for AUC, and the strongest peer's F1 and TPR at FPR 1% (scikit-learn's
  // TF-IDF + LR trained on the same rows, recent phishing rows included: 0.95304, 0.8492;
  // bench/peers/run_peers.sh). Measured 0.99579 / 0.95305 / 0.9337: the F1 margin is a tie in
  // all but name (models/MODEL.md); without the recent rows (both sides) it was 0.9539 vs 0.9503.
  EXPECT_GE(m.roc_auc, 0.993);
  EXPECT_GT(m.f1, 0.95304);
  EXPECT_GT(m.tpr_at_fpr_1, 0.8492);
}

TEST(Data, RecentPhishingRecall) {
  // Today's phishing (2019-2026 feeds, mostly https) on sites never trained on: part 3 of
  // recent_phishing.tsv's sites. Part 2 chose how many rows of parts 0-1 to train on.
  const BinaryMetrics held_out = evaluate(Model::builtin(), recent_sites(RecentSplit::kTestParts));
  const BinaryMetrics choice = evaluate(Model::builtin(), recent_sites(RecentSplit::kChoiceParts));
  const BinaryMetrics all = evaluate(Model::builtin(), load("recent_phishing.tsv"));
  std::printf(
      "recent_phishing.tsv recall: held-out sites %.4f of %zu; choice sites %.4f of %zu; "
      "whole file (half of it trained on) %.4f\n",
      held_out.recall, held_out.n, choice.recall, choice.n, all.recall);
  // Measured 0.898 (part 3); 0.691 without the recent rows in training (previous release).
  EXPECT_GE(held_out.recall, 0.85);
}

// Rules add evidence; where they decide, they must be right. A decisive allowlist entry on a host
// where users publish (uploads, groups, forms, personal pages) or on an open redirect turned
// labelled phishing into probability 0 and the ranking fell below the model's own (issue 17:
// 0.985 with rules vs 0.9954 alone on a set from outside the project). Checked on test.tsv and
// on today's phishing against test.tsv's legitimate rows.
TEST(Data, RulesNeverLowerTheRanking) {
  LabeledSet mix;
  for (const auto& row : load("test.tsv").rows)
    if (!row.label) mix.rows.push_back(row);
  for (const auto& row : load("recent_phishing.tsv").rows) mix.rows.push_back(row);
  for (const auto& [name, set] :
       {std::pair<const char*, const LabeledSet*>{"test.tsv", &load("test.tsv")},
        {"test.tsv legitimate + recent_phishing.tsv", &mix}}) {
    const BinaryMetrics with = evaluate(Model::builtin(), *set);
    const BinaryMetrics alone = evaluate(Model::builtin(), *set, nullptr);
    std::printf("%s: auc with rules %.5f, model alone %.5f; tpr@1%% %.4f vs %.4f\n", name,
                with.roc_auc, alone.roc_auc, with.tpr_at_fpr_1, alone.tpr_at_fpr_1);
    EXPECT_GE(with.roc_auc, alone.roc_auc) << name;
  }
}

// Every labelled phishing URL (train, val, test, recent: 156,492) that an allowlist entry
// decides (probability 0). Before the audit of user-content hosts and the redirect check: 165
// (home.comcast.net pages, storage.cloud.google.com buckets, google.com/url?q= and OAuth
// redirect_uri redirects...); after: 24, official pages themselves (a brand's help page, its
// Twitter account) that the feeds listed, and 7 users' pages on www.dropbox.com and paypal.me,
// which share their host with the brand's login; since "!host/prefix" lines exclude those paths
// only (www.dropbox.com/login stays listed): 17.
TEST(Data, AllowlistDecidesAlmostNoLabelledPhishing) {
  const Scorer s(Model::builtin());
  Scorer::Scratch scratch;
  std::size_t decided = 0, total = 0;
  for (const char* name : {"train.tsv", "val.tsv", "test.tsv", "recent_phishing.tsv"})
    for (const auto& row : load(name).rows) {
      if (!row.label) continue;
      ++total;
      const Score sc = s.score(row.url, scratch);
      if (sc.problem != errc::ok || sc.allowlisted.empty()) continue;
      ++decided;
      std::printf("  allowlisted phishing (%s): %s\n", name, row.url.c_str());
    }
  std::printf("labelled phishing decided by the allowlist: %zu of %zu\n", decided, total);
  EXPECT_LE(decided, 20u);
}

// The platform page layouts ("@" lines: Docs documents, sheets, slides, Drive folders) keep the
// model's score under the flag line; the labelled phishing that follows one is what that costs.
// Measured 5 of 156,492 (Docs documents), all in train.tsv (the splits group by site, so google.com
// is in train.tsv only); with Drive's files too it was 37, which is why they are left to the model.
// None of the legitimate rows follows one.
TEST(Data, PlatformPagesHoldAlmostNoLabelledPhishing) {
  const Scorer s(Model::builtin());
  Scorer::Scratch scratch;
  std::size_t phishing = 0, legitimate = 0;
  for (const char* name : {"train.tsv", "val.tsv", "test.tsv", "recent_phishing.tsv"})
    for (const auto& row : load(name).rows) {
      const Score sc = s.score(row.url, scratch);
      if (sc.problem != errc::ok || sc.platform_page.empty()) continue;
      EXPECT_FALSE(sc.phishing) << row.url;
      ++(row.label ? phishing : legitimate);
    }
  std::printf("labelled rows on platform page layouts: %zu phishing, %zu legitimate\n", phishing,
              legitimate);
  EXPECT_LE(phishing, 8u);
  EXPECT_EQ(legitimate, 0u);  // so none of them is a known good page kept under the line either
}

TEST(Data, SoftwareSitesHoldNoLabelledPhishing) {
  // models/rules/software_sites.txt (generated from Debian's package index) allowlists whole
  // domains: a regenerated list that picked up a domain phishing has used fails here.
  std::ifstream in(source_root() + "/models/rules/software_sites.txt");
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  DomainList sites;
  ASSERT_TRUE(Succeeded(DomainList::parse(text, sites)));
  ASSERT_GT(sites.size(), 1000u);
  std::size_t phishing = 0, legitimate_listed = 0;
  for (const char* name : {"train.tsv", "val.tsv", "test.tsv", "recent_phishing.tsv"}) {
    for (const auto& row : load(name).rows) {
      Url u;
      if (!parse_url(row.url, u)) continue;
      const std::string_view hit = sites.match(u.host);
      if (hit.empty()) continue;
      if (row.label) {
        ++phishing;
        ADD_FAILURE() << name << ": phishing on a listed software site: " << row.url;
      } else {
        ++legitimate_listed;
      }
    }
  }
  std::printf("software sites: %zu legitimate and %zu phishing labelled URLs on listed hosts\n",
              legitimate_listed, phishing);
}

TEST(Data, SlicesOnTest) {
  const LabeledSet& t = load("test.tsv");
  std::vector<std::string_view> urls;
  std::vector<float> p;
  std::vector<std::uint8_t> y;
  const Scorer s(Model::builtin());
  Scorer::Scratch scratch;
  for (const auto& row : t.rows) {
    urls.push_back(row.url);
    p.push_back(s.score(row.url, scratch).probability);
    y.push_back(row.label);
  }
  const auto slices = compute_slices(urls, p, y, s.threshold());
  std::set<std::string> dims;
  std::size_t scheme_total = 0;
  for (const auto& sl : slices) {
    dims.insert(sl.dimension);
    if (sl.dimension == "scheme") scheme_total += sl.metrics.n;
  }
  EXPECT_EQ(dims.size(), 6u);
  EXPECT_EQ(scheme_total, t.rows.size());  // a dimension partitions the data
}

}  // namespace
}  // namespace urlscan
