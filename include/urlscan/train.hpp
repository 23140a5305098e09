// Training: reads labelled TSV, trains the hashed-feature logistic model (AdaGrad, seeded,
// deterministic) and the boosted trees over its out-of-fold scores, calibrates the result and
// picks a threshold on the validation set.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "urlscan/booster.hpp"
#include "urlscan/error.hpp"
#include "urlscan/export.hpp"
#include "urlscan/features.hpp"
#include "urlscan/metrics.hpp"
#include "urlscan/model.hpp"
#include "urlscan/rules.hpp"

namespace urlscan {

struct LabeledUrl {
  std::string url;
  std::uint8_t label;  // 1 = phishing
};

struct LabeledSet {
  std::vector<LabeledUrl> rows;
  std::uint64_t fingerprint = 0;  // hash of the file bytes
  std::size_t skipped_lines = 0;  // malformed lines (reported, not used)
  std::string first_skipped;      // the first of them, "file:line: why"; empty when none
};

// Reads `label<TAB>url` lines (header optional). Malformed lines are counted in skipped_lines
// and the first is named in first_skipped; a file without a good line fails.
URLSCAN_API Status read_labeled_tsv(const std::string& path, LabeledSet& out);
// Several such files, rows in the order given. One file: exactly read_labeled_tsv (same
// fingerprint); more: the fingerprint chains each file's, so the model records every input.
URLSCAN_API Status read_labeled_tsvs(std::span<const std::string> paths, LabeledSet& out);

// The rows of `set` whose site (registrable domain, as the data's splits and the training folds
// group URLs) hashes into one of the parts in `keep_mask` (bit p: part p of `parts`); with
// max_rows > 0, at most that many of them, chosen by a hash of the URL (not by the file's order),
// kept in file order. A share of a file's sites for training, the other sites held out:
// models/meson.build takes recent_phishing.tsv's parts 0-1 for training and reports on part 3.
// With SiteGrouping::platform the unit is the platform (platform_domain: github.io for every
// user's x.github.io) instead, so that a held-out part holds whole platforms.
enum class SiteGrouping { site, platform };
[[nodiscard]] URLSCAN_API LabeledSet select_sites(const LabeledSet& set, unsigned parts,
                                                  std::uint32_t keep_mask, std::size_t max_rows = 0,
                                                  SiteGrouping grouping = SiteGrouping::site);
// `label<TAB>url` lines with a header: what read_labeled_tsv reads back (same rows, and the
// fingerprint of these bytes).
[[nodiscard]] URLSCAN_API std::string labeled_tsv_text(const LabeledSet& set);

// How the shipped model uses recent_phishing.tsv (models/meson.build, bench/peers/run_peers.sh
// pass the same numbers to `urlscan sites`): its sites in 4 parts; at most 8,000 rows of parts
// 0-1 are trained on, part 2 chose that count, part 3 is held out for the reported recall.
struct RecentSplit {
  static constexpr unsigned kParts = 4;
  static constexpr std::uint32_t kTrainParts = 0b0011, kChoiceParts = 0b0100, kTestParts = 0b1000;
  static constexpr std::size_t kTrainRows = 8000;
};

// How the decision threshold is picked on the validation set.
enum class ThresholdRule {
  best_f1,          // the raw score with the best validation F1 (within max_val_fpr)
  calibrated_half,  // probability 0.5 after calibration (Platt, fit on the validation set)
};

struct TrainOptions {
  std::uint64_t seed = 1;
  int epochs = 8;
  float learning_rate = 0.1f;  // with 8 epochs: seeds agree within 0.2 F1 points on val (1.0: 3)
  float l2 = 0.0f;
  float adagrad_init = 10.0f;     // initial squared-gradient accumulator (damps first steps)
  bool augment_homepages = true;  // add each legitimate host's homepage as a legitimate example
  // Legitimate sites given only by their homepage (`urlscan train --homepages`): each row's
  // host joins the added homepages (full weight in the linear stage, boost.homepage_weight in
  // the trees), so that many sites teach the host n-grams without teaching the trees "a bare
  // homepage is legitimate" (models/MODEL.md). Recorded as the metadata's homepages_fingerprint.
  const LabeledSet* homepages = nullptr;
  // Tree weight of the homepages that only `homepages` adds (a host that is also a training
  // row's keeps boost.homepage_weight); < 0: boost.homepage_weight too. Their linear-stage
  // weight stays 1 whatever this is, so the linear stage is the same for every value
  // (`--extra-homepage-tree-weight`; the shipped recipe: 0, models/MODEL.md).
  float extra_homepage_tree_weight = -1.0f;
  int members = 4;  // models trained on different shuffles, in parallel, then weight-averaged
  // Boosted trees over the linear score and the URL's shape, learnt from out-of-fold linear
  // scores (`folds` cross-validation folds grouped by site; < 2: the linear model alone).
  int folds = 5;
  BoostOptions boost;
  ThresholdRule threshold_rule = ThresholdRule::best_f1;
  // Validation URLs are weighted so that no site counts more than `site_cap` URLs (weight
  // min(1, site_cap / URLs of its site); 0: every URL weighs 1) in calibration and the
  // threshold: val.tsv holds near-duplicate clusters (960 URLs of one site, all scored within
  // 0.05 of each other) that otherwise decide the threshold by themselves (models/MODEL.md).
  int site_cap = 10;
  // best_f1: only thresholds whose (site-weighted) validation false-positive rate is at most
  // this; 1: no limit.
  double max_val_fpr = 0.01;
  FeatureSpec spec;
  const RuleSet* rules = &RuleSet::builtin();  // pre-filter rules for the rule features
  // Called after each epoch (epoch, mean training loss, validation metrics).
  std::function<void(int, double, const BinaryMetrics&)> progress;
  // Called when a stage ends ("fold 2/5", "boosted trees").
  std::function<void(const std::string&)> stage;
};

struct TrainReport {
  int best_epoch = 0;
  BinaryMetrics val;  // at the chosen threshold, calibrated
  // The same threshold with the site weights of TrainOptions::site_cap; and the best
  // site-weighted F1 without the false-positive limit (far above val_site_f1: the limit binds,
  // as with noisy labels, and costs recall).
  double val_site_f1 = 0, val_site_fpr = 0, val_site_f1_unlimited = 0;
  std::size_t train_examples = 0, augmented_examples = 0;
  // Rows the scorer cannot score (parse_record fails: control bytes, invalid UTF-8, no host),
  // left out of training and of calibration.
  std::size_t unscored_train_rows = 0, unscored_val_rows = 0;
};

URLSCAN_API Status train_model(const LabeledSet& train, const LabeledSet& val,
                               const TrainOptions& opt, ModelContents& out, TrainReport& report);

}  // namespace urlscan
