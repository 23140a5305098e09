// `urlscan train`: train, calibrate and write a model file.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "urlscan/train.hpp"

namespace urlscan::cli {

int run_train(int argc, char** argv, int first) {
  std::vector<std::string> train_paths, homepage_paths;
  std::string val_path, output;
  TrainOptions opt;
  bool quiet = false;
  Args args(argc, argv, first);
  OptionGroups seen;  // every option once, but --train and --homepages
  while (!args.empty()) {
    std::string_view a = args.next();
    if (a.starts_with("-") && !Args::is(a, "--train") && !Args::is(a, "--homepages"))
      seen.take(a == "-o" ? "--output" : a.substr(0, a.find('=')), "");
    if (Args::is(a, "--train"))
      train_paths.emplace_back(args.value(a, "--train"));
    else if (Args::is(a, "--homepages"))
      homepage_paths.emplace_back(args.value(a, "--homepages"));
    else if (Args::is(a, "--val"))
      val_path = args.value(a, "--val");
    else if (Args::is(a, "--output"))
      output = args.value(a, "--output");
    else if (a == "-o")
      output = args.value(a, "-o");
    else if (Args::is(a, "--seed"))
      opt.seed = parse_long(args.value(a, "--seed"), "--seed", 0, 1L << 62);
    else if (Args::is(a, "--epochs"))
      opt.epochs = static_cast<int>(parse_long(args.value(a, "--epochs"), "--epochs", 1, 100));
    else if (Args::is(a, "--learning-rate"))
      opt.learning_rate = static_cast<float>(
          parse_double(args.value(a, "--learning-rate"), "--learning-rate", 1e-6, 10));
    else if (Args::is(a, "--hash-bits"))
      opt.spec.hash_bits = static_cast<std::uint32_t>(
          parse_long(args.value(a, "--hash-bits"), "--hash-bits", 10, 22));
    else if (Args::is(a, "--l2"))
      opt.l2 = static_cast<float>(parse_double(args.value(a, "--l2"), "--l2", 0, 10));
    else if (Args::is(a, "--ngrams")) {
      // host,path,query ranges: e.g. 1-5,3-5,3-5
      const std::string v = args.value(a, "--ngrams");
      unsigned h0, h1, p0, p1, q0, q1;
      if (std::sscanf(v.c_str(), "%u-%u,%u-%u,%u-%u", &h0, &h1, &p0, &p1, &q0, &q1) != 6)
        throw Error("--ngrams takes host,path,query ranges like 1-5,3-5,3-5");
      opt.spec.host_ngram_min = h0;
      opt.spec.host_ngram_max = h1;
      opt.spec.path_ngram_min = p0;
      opt.spec.path_ngram_max = p1;
      opt.spec.query_ngram_min = q0;
      opt.spec.query_ngram_max = q1;
      if (!opt.spec.valid()) throw Error("--ngrams: ranges must lie within 1..8");
    } else if (a == "--normalize")
      opt.spec.normalize = true;
    else if (Args::is(a, "--adagrad-init"))
      opt.adagrad_init = static_cast<float>(
          parse_double(args.value(a, "--adagrad-init"), "--adagrad-init", 1e-9, 100));
    else if (Args::is(a, "--members"))
      opt.members = static_cast<int>(parse_long(args.value(a, "--members"), "--members", 1, 64));
    else if (Args::is(a, "--disable"))
      opt.spec.disabled =
          static_cast<std::uint32_t>(parse_long(args.value(a, "--disable"), "--disable", 0, 65535));
    else if (Args::is(a, "--folds"))
      opt.folds = static_cast<int>(parse_long(args.value(a, "--folds"), "--folds", 0, 20));
    else if (Args::is(a, "--trees"))
      opt.boost.trees = static_cast<int>(parse_long(args.value(a, "--trees"), "--trees", 0, 5000));
    else if (Args::is(a, "--tree-depth"))
      opt.boost.depth = static_cast<int>(
          parse_long(args.value(a, "--tree-depth"), "--tree-depth", 1, kMaxBoostDepth));
    else if (Args::is(a, "--tree-learning-rate"))
      opt.boost.learning_rate = static_cast<float>(
          parse_double(args.value(a, "--tree-learning-rate"), "--tree-learning-rate", 1e-4, 1));
    else if (Args::is(a, "--homepage-tree-weight"))
      opt.boost.homepage_weight = static_cast<float>(
          parse_double(args.value(a, "--homepage-tree-weight"), "--homepage-tree-weight", 0, 100));
    else if (Args::is(a, "--extra-homepage-tree-weight"))
      opt.extra_homepage_tree_weight = static_cast<float>(parse_double(
          args.value(a, "--extra-homepage-tree-weight"), "--extra-homepage-tree-weight", 0, 100));
    else if (Args::is(a, "--threshold-rule")) {
      const std::string v = args.value(a, "--threshold-rule");
      if (v == "calibrated")
        opt.threshold_rule = ThresholdRule::calibrated_half;
      else if (v == "best-f1")
        opt.threshold_rule = ThresholdRule::best_f1;
      else
        throw Error("--threshold-rule takes calibrated or best-f1");
    } else if (Args::is(a, "--site-cap"))
      opt.site_cap =
          static_cast<int>(parse_long(args.value(a, "--site-cap"), "--site-cap", 0, 1000000));
    else if (Args::is(a, "--max-val-fpr"))
      opt.max_val_fpr = parse_double(args.value(a, "--max-val-fpr"), "--max-val-fpr", 0, 1);
    else if (a == "--no-homepages")
      opt.augment_homepages = false;
    else if (a == "--quiet" || a == "-q")
      quiet = true;
    else
      throw Error("unknown train option '" + std::string(a) + "'");
  }
  if (train_paths.empty() || val_path.empty() || output.empty())
    throw Error("train needs --train FILE --val FILE --output MODEL");

  OutputFile model_file(output);  // an unwritable --output fails now, not after training
  const auto t0 = std::chrono::steady_clock::now();
  LabeledSet train, val;
  if (Status s = read_labeled_tsvs(train_paths, train); !s)
    throw DataError(std::string(s.message()));
  if (train.skipped_lines)
    std::fprintf(stderr, "urlscan: skipped %zu malformed lines; first: %s\n", train.skipped_lines,
                 train.first_skipped.c_str());
  LabeledSet homepages;
  if (!homepage_paths.empty()) {
    if (Status s = read_labeled_tsvs(homepage_paths, homepages); !s)
      throw DataError(std::string(s.message()));
    if (homepages.skipped_lines)
      std::fprintf(stderr, "urlscan: skipped %zu malformed lines; first: %s\n",
                   homepages.skipped_lines, homepages.first_skipped.c_str());
    opt.homepages = &homepages;
  }
  if (Status s = read_labeled_tsv(val_path, val); !s) throw DataError(std::string(s.message()));
  if (val.skipped_lines)
    std::fprintf(stderr, "urlscan: skipped %zu malformed lines; first: %s\n", val.skipped_lines,
                 val.first_skipped.c_str());
  if (!quiet)
    std::fprintf(stderr, "train: %zu rows, val: %zu rows\n", train.rows.size(), val.rows.size());
  if (!quiet)
    opt.progress = [&](int epoch, double loss, const BinaryMetrics& m) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr,
                   "epoch %d/%d  loss %.4f  val auc %.5f  f1 %.4f  log-loss %.4f  (%.1fs)\n", epoch,
                   opt.epochs, loss, m.roc_auc, m.f1, m.log_loss, s);
    };
  if (!quiet)
    opt.stage = [&](const std::string& what) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "%s done (%.1fs)\n", what.c_str(), s);
    };
  ModelContents model;
  TrainReport report;
  if (Status s = train_model(train, val, opt, model, report); !s)
    throw DataError(std::string(s.message()));
  const std::string bytes = serialize_model(model);
  model_file.commit(bytes);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!quiet)
    std::fprintf(stderr,
                 "best epoch %d; val (calibrated, threshold %.4f): auc %.5f f1 %.4f precision %.4f "
                 "recall %.4f fpr %.4f; site-weighted f1 %.4f fpr %.4f; %zu homepages added; "
                 "wrote %s (%zu bytes) in %.1fs\n",
                 report.best_epoch, model.calibration.threshold, report.val.roc_auc, report.val.f1,
                 report.val.precision, report.val.recall, report.val.fpr, report.val_site_f1,
                 report.val_site_fpr, report.augmented_examples, output.c_str(), bytes.size(), s);
  if (report.unscored_train_rows || report.unscored_val_rows)
    std::fprintf(stderr,
                 "urlscan: left out %zu training and %zu validation rows the scorer cannot score "
                 "(control bytes, invalid UTF-8 or no host)\n",
                 report.unscored_train_rows, report.unscored_val_rows);
  if (report.val_site_f1 < report.val_site_f1_unlimited - 0.02)
    std::fprintf(stderr,
                 "urlscan: note: the validation false-positive limit (--max-val-fpr %g) binds: "
                 "site-weighted val F1 %.4f -> %.4f (a weaker model, or noisy labels; "
                 "--max-val-fpr 1 lifts it)\n",
                 opt.max_val_fpr, report.val_site_f1_unlimited, report.val_site_f1);
  return kExitClean;
}

}  // namespace urlscan::cli
