// train_model: the orchestration (examples, folds, linear model, booster, calibration,
// metadata); the steps live in the files beside it.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <utility>

#include "train/calibration.hpp"
#include "train/feature_matrix.hpp"
#include "train/linear.hpp"
#include "train/sites.hpp"
#include "urlscan/json_text.hpp"
#include "urlscan/labeled_scores.hpp"
#include "urlscan/scorer.hpp"
#include "urlscan/train.hpp"
#include "urlscan/url.hpp"

namespace urlscan {

using detail::assign_folds;
using detail::FeatureMatrix;
using detail::featurize_all;
using detail::fit_linear;
using detail::fit_platt;
using detail::LinearModel;
using detail::pick_threshold;
using detail::sigmoid;
using detail::site_weights;

namespace {

std::string hex64(std::uint64_t v) {
  char b[20];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
  return b;
}

// The model file's metadata: how the model was trained and its validation metrics. Options
// are written with "%g", as the stream that wrote them before did: the shipped model's bytes.
std::string training_metadata(const LabeledSet& train, const LabeledSet& val,
                              const TrainOptions& opt, const TrainReport& report, bool boosted,
                              const Booster& booster, std::size_t train_rows,
                              std::size_t homepages) {
  std::string s;
  JsonWriter w(s);
  w.begin_object()
      .key("name")
      .string(boosted ? "urlscan-gbt" : "urlscan-lr")
      .key("family")
      .string(boosted ? "hashed-feature logistic regression + boosted oblivious trees"
                      : "hashed-feature logistic regression")
      .key("train_fingerprint")
      .string(hex64(train.fingerprint))
      .key("val_fingerprint")
      .string(hex64(val.fingerprint));
  if (opt.homepages) w.key("homepages_fingerprint").string(hex64(opt.homepages->fingerprint));
  if (opt.homepages && opt.extra_homepage_tree_weight >= 0)
    w.key("extra_homepage_tree_weight").number(opt.extra_homepage_tree_weight, "%g");
  w.key("train_rows")
      .unsigned_integer(train_rows)
      .key("homepages_added")
      .unsigned_integer(homepages)
      .key("seed")
      .unsigned_integer(opt.seed)
      .key("members")
      .integer(std::max(1, opt.members))
      .key("epochs")
      .integer(opt.epochs)
      .key("best_epoch")
      .integer(report.best_epoch)
      .key("learning_rate")
      .number(opt.learning_rate, "%g")
      .key("l2")
      .number(opt.l2, "%g")
      .key("threshold_rule")
      .string(opt.threshold_rule == ThresholdRule::best_f1 ? "best-f1" : "calibrated-0.5")
      .key("site_cap")
      .integer(opt.site_cap)
      .key("max_val_fpr")
      .number(opt.max_val_fpr, "%g")
      .key("val_site_f1")
      .number(report.val_site_f1, "%g");
  if (boosted)
    w.key("folds")
        .integer(opt.folds)
        .key("trees")
        .unsigned_integer(booster.trees())
        .key("depth")
        .unsigned_integer(booster.depth)
        .key("tree_learning_rate")
        .number(opt.boost.learning_rate, "%g");
  w.key("val").raw(metrics_json(report.val)).end_object();
  return s;
}

}  // namespace

Status train_model(const LabeledSet& train, const LabeledSet& val, const TrainOptions& opt,
                   ModelContents& out, TrainReport& report) {
  if (!opt.spec.valid()) return errc::model_bad_spec;
  if (train.rows.empty() || val.rows.empty()) return errc::data_empty;

  // Examples: the training rows the scorer could score (one check -> parse, parse_record: a row
  // it could not score would teach the model a URL it never sees), then (optionally) the
  // homepage of every legitimate host. Legitimate homepages are rare in the data and common
  // among phishing, so without them the model learns "bare homepage = phishing" (the data
  // README's trap).
  std::vector<const std::string*> urls;
  std::vector<std::uint8_t> labels;
  // Each added homepage with whether only opt.homepages gave it (its own tree weight).
  std::vector<std::pair<std::string, bool>> homepages;
  Url u;
  for (const auto& r : train.rows) {
    if (parse_record(r.url, u) != errc::ok) {
      ++report.unscored_train_rows;
      continue;
    }
    urls.push_back(&r.url);
    labels.push_back(r.label);
    if (opt.augment_homepages && r.label == 0 && u.host_kind == HostKind::name)
      homepages.emplace_back(u.host + "/", false);
  }
  const std::size_t train_rows = urls.size();
  if (opt.homepages)
    for (const auto& r : opt.homepages->rows)
      if (r.label == 0 && parse_record(r.url, u) == errc::ok && u.host_kind == HostKind::name)
        homepages.emplace_back(u.host + "/", true);
  // Sorted by host, a training row's homepage (false) before the same from opt.homepages, and
  // one of each host kept: the order (and so the model) is the one before the flag existed.
  std::sort(homepages.begin(), homepages.end());
  homepages.erase(std::unique(homepages.begin(), homepages.end(),
                              [](const auto& a, const auto& b) { return a.first == b.first; }),
                  homepages.end());
  for (const auto& h : homepages) {
    urls.push_back(&h.first);
    labels.push_back(0);
  }
  std::size_t pos = 0;
  for (auto l : labels) pos += l;
  if (pos == 0 || pos == labels.size()) return errc::data_one_class;
  report.train_examples = train_rows;
  report.augmented_examples = homepages.size();

  const bool boosted = opt.folds >= 2 && opt.boost.trees > 0;
  std::vector<float> boost_in;
  const FeatureMatrix X = featurize_all(urls, opt.spec, opt.rules, boosted ? &boost_in : nullptr);
  // Validation rows likewise: calibration and the threshold see scored records only.
  std::vector<const std::string*> val_urls;
  std::vector<std::string_view> val_text;
  std::vector<std::uint8_t> val_y;
  for (const auto& r : val.rows) {
    if (parse_record(r.url, u) != errc::ok) {
      ++report.unscored_val_rows;
      continue;
    }
    val_urls.push_back(&r.url);
    val_text.push_back(r.url);
    val_y.push_back(r.label);
  }
  if (val_urls.empty()) return errc::data_empty;
  const FeatureMatrix V = featurize_all(val_urls, opt.spec, opt.rules);

  // Out-of-fold linear scores: the booster must learn from scores of URLs the linear model
  // did not train on, or it learns to trust the linear score more than it deserves.
  if (boosted) {
    const std::vector<std::uint8_t> fold = assign_folds(urls, opt.folds);
    for (int f = 0; f < opt.folds; ++f) {
      std::vector<std::uint32_t> in_rows, out_rows;
      for (std::uint32_t r = 0; r < urls.size(); ++r)
        (fold[r] == f ? out_rows : in_rows).push_back(r);
      if (in_rows.empty() || out_rows.empty()) continue;
      const LinearModel lm = fit_linear(X, labels, in_rows, V, val_y, opt, false);
      tbb::parallel_for(std::size_t{0}, out_rows.size(), [&](std::size_t k) {
        const std::uint32_t r = out_rows[k];
        boost_in[std::size_t{r} * kBoostInputs] = lm.score(X, r, opt.spec);
      });
      if (opt.stage) opt.stage("fold " + std::to_string(f + 1) + "/" + std::to_string(opt.folds));
    }
  }
  std::vector<std::uint32_t> all_rows(urls.size());
  for (std::uint32_t r = 0; r < all_rows.size(); ++r) all_rows[r] = r;
  const LinearModel lm = fit_linear(X, labels, all_rows, V, val_y, opt, true);
  report.best_epoch = lm.best_epoch;
  out.spec = opt.spec;
  out.weights = lm.weights;
  out.calibration = Calibration{lm.scale, lm.bias, 1.0f, 0.0f, 0.5f};
  out.booster = Booster{};
  if (boosted) {
    if (opt.stage) opt.stage("boosted trees");
    std::vector<float> weight(labels.size(), 1.0f);
    const float extra_weight = opt.extra_homepage_tree_weight >= 0 ? opt.extra_homepage_tree_weight
                                                                   : opt.boost.homepage_weight;
    for (std::size_t k = 0; k < homepages.size(); ++k)
      weight[train_rows + k] = homepages[k].second ? extra_weight : opt.boost.homepage_weight;
    out.booster = train_booster(boost_in, labels, weight, opt.boost);
  }

  // Calibrate and pick the threshold with the quantised model through the scoring path.
  out.metadata_json = "{}";
  std::string bytes = serialize_model(out);
  Model model;
  if (Status s = Model::load_memory(bytes.data(), bytes.size(), model, false); !s) return s;
  Scorer scorer(model, nullptr, opt.rules, nullptr);
  scorer.set_decisive_rules(false);
  // Every validation row left is scorable (checked above): the unscored-record policy
  // (kUnscoredRaw) never reaches the calibration fit.
  const std::vector<float> raw = score_labeled(scorer, val_text, val_y).raw;
  const std::vector<double> val_w = site_weights(val_urls, opt.site_cap);
  fit_platt(raw, val_y, val_w, out.calibration.platt_a, out.calibration.platt_b);
  std::vector<float> prob(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i)
    prob[i] = static_cast<float>(
        sigmoid(static_cast<double>(out.calibration.platt_a) * raw[i] + out.calibration.platt_b));
  // The threshold is kept on raw scores (no float ties) and stored in both spaces. Best
  // site-weighted F1 within the false-positive limit by default; the rules compared in
  // models/MODEL.md.
  out.calibration.raw_threshold = opt.threshold_rule == ThresholdRule::best_f1
                                      ? pick_threshold(raw, val_y, val_w, opt.max_val_fpr)
                                      : raw_threshold_for(out.calibration, 0.5f);
  out.calibration.threshold = static_cast<float>(
      sigmoid(static_cast<double>(out.calibration.platt_a) * out.calibration.raw_threshold +
              out.calibration.platt_b));
  report.val = compute_metrics(prob, val_y, out.calibration.raw_threshold, raw);
  // Site-weighted F1 and false-positive rate at a raw threshold.
  auto site_f1_fpr = [&](float threshold) {
    double tp = 0, fp = 0, fn = 0, tn = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const bool flagged = raw[i] >= threshold;
      (val_y[i] ? (flagged ? tp : fn) : (flagged ? fp : tn)) += val_w[i];
    }
    return std::pair(tp > 0 ? 2 * tp / (2 * tp + fp + fn) : 0.0,
                     fp + tn > 0 ? fp / (fp + tn) : 0.0);
  };
  std::tie(report.val_site_f1, report.val_site_fpr) = site_f1_fpr(out.calibration.raw_threshold);
  report.val_site_f1_unlimited = site_f1_fpr(pick_threshold(raw, val_y, val_w, 1.0)).first;

  out.metadata_json = training_metadata(train, val, opt, report, boosted, out.booster, train_rows,
                                        homepages.size());
  return {};
}

}  // namespace urlscan
