#include "urlscan/train.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "urlscan/domain.hpp"
#include "urlscan/scorer.hpp"
#include "urlscan/url.hpp"

namespace urlscan {
namespace {

// Features of many URLs in one flat array (CSR), computed in parallel; the result does not
// depend on the number of threads.
struct FeatureMatrix {
  std::vector<std::uint64_t> offset;  // rows + 1
  std::vector<std::uint32_t> index;
};

// `boost_in` (optional): n rows of kBoostInputs, the shape values written from column 1.
FeatureMatrix featurize_all(const std::vector<const std::string*>& urls, const FeatureSpec& spec,
                            const RuleSet* rules, std::vector<float>* boost_in = nullptr) {
  if (boost_in) boost_in->assign(urls.size() * kBoostInputs, 0.0f);
  const Featurizer fz(spec);
  const RuleSet* rs = spec.uses(static_cast<int>(FeatureFamily::rule)) ? rules : nullptr;
  std::vector<FeatureVector> rows(urls.size());
  // Chunks of 2048: parse, one rule scan per chunk, featurize (as the scorer does per batch).
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, urls.size(), 2048),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      std::vector<Url> us(r.size());
                      std::vector<const Url*> ptr;
                      for (std::size_t i = r.begin(); i < r.end(); ++i) {
                        parse_url(*urls[i], us[i - r.begin()]);
                        ptr.push_back(&us[i - r.begin()]);
                      }
                      std::vector<std::vector<std::uint16_t>> hits(r.size());
                      if (rs) {
                        RuleSet::Scratch scratch;
                        rs->match(ptr, scratch, hits);
                      }
                      for (std::size_t i = r.begin(); i < r.end(); ++i)
                        fz.featurize(us[i - r.begin()], rows[i], hits[i - r.begin()], rs,
                                     boost_in ? boost_in->data() + i * kBoostInputs + 1 : nullptr);
                    });
  FeatureMatrix m;
  m.offset.reserve(urls.size() + 1);
  m.offset.push_back(0);
  std::size_t total = 0;
  for (auto& r : rows) total += r.size();
  m.index.reserve(total);
  for (auto& r : rows) {
    m.index.insert(m.index.end(), r.begin(), r.end());
    m.offset.push_back(m.index.size());
    FeatureVector().swap(r);
  }
  return m;
}

double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

std::string hex64(std::uint64_t v) {
  char b[20];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
  return b;
}

double platt_loss(const std::vector<double>& z, const std::vector<std::uint8_t>& y,
                  const std::vector<double>& w, double a, double b) {
  double l = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double t = a * z[i] + b;
    // log(1 + e^t) - y t, computed without overflow.
    l += w[i] * ((t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t))) - y[i] * t);
  }
  return l;
}

// The site a URL belongs to: its registrable domain, else its host, else the text itself.
std::string site_key(const std::string& text) {
  Url u;
  if (!parse_url(text, u)) return text;
  const std::string_view reg =
      u.host_kind == HostKind::name ? registrable_domain(u.host) : std::string_view{};
  return reg.empty() ? u.host : std::string(reg);
}

// Which of `parts` groups a URL's site falls in (a hash of site_key with `seed`): every URL of
// a site lands in the same part, for the training folds and select_sites alike.
std::uint8_t site_part(const std::string& url, std::uint64_t seed, unsigned parts) {
  return static_cast<std::uint8_t>(hash_bytes(seed, site_key(url)) % std::max(1u, parts));
}

// Platt scaling: fit a, b minimising the log-loss of sigmoid(a * raw + b) on the validation
// set, by Newton's method with backtracking on standardised scores (plain Newton diverges when
// the scores start saturated).
void fit_platt(const std::vector<float>& raw, const std::vector<std::uint8_t>& y,
               const std::vector<double>& w, float& a, float& b) {
  double mean = 0, var = 0;
  for (float v : raw) mean += v;
  mean /= raw.size();
  for (float v : raw) var += (v - mean) * (v - mean);
  const double sd = std::max(std::sqrt(var / raw.size()), 1e-9);
  std::vector<double> z(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) z[i] = (raw[i] - mean) / sd;
  double A = 1, B = 0, loss = platt_loss(z, y, w, A, B);
  for (int it = 0; it < 100; ++it) {
    double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double p = sigmoid(A * z[i] + B), d = w[i] * (p - y[i]), h = w[i] * p * (1 - p);
      ga += d * z[i];
      gb += d;
      haa += h * z[i] * z[i];
      hab += h * z[i];
      hbb += h;
    }
    const double det = haa * hbb - hab * hab;
    double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    if (!std::isfinite(da) || !std::isfinite(db)) break;
    double step = 1, next = loss;
    while (step > 1e-6) {
      next = platt_loss(z, y, w, A - step * da, B - step * db);
      if (next <= loss) break;
      step /= 2;
    }
    if (step <= 1e-6) break;
    A -= step * da;
    B -= step * db;
    const bool done = loss - next < 1e-10 * std::max(1.0, loss);
    loss = next;
    if (done) break;
  }
  a = static_cast<float>(A / sd);
  b = static_cast<float>(B - A * mean / sd);
}

// The score threshold with the best weighted F1 on the validation set among those whose weighted
// false-positive rate is at most `max_fpr` (the highest score, if none is).
float pick_threshold(const std::vector<float>& p, const std::vector<std::uint8_t>& y,
                     const std::vector<double>& w, double max_fpr) {
  std::vector<std::size_t> o(p.size());
  for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
  std::stable_sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  double pos = 0, neg = 0;
  for (std::size_t i = 0; i < y.size(); ++i) (y[i] ? pos : neg) += w[i];
  double best = -1, tp = 0, fp = 0;
  float thr = o.empty() ? 0.5f : p[o.front()];
  for (std::size_t k = 0; k < o.size(); ++k) {
    (y[o[k]] ? tp : fp) += w[o[k]];
    if (k + 1 < o.size() && p[o[k + 1]] == p[o[k]]) continue;
    if (neg > 0 && fp / neg > max_fpr) break;  // fp only grows from here
    const double f1 = 2.0 * tp / (2.0 * tp + fp + (pos - tp));
    if (f1 > best) {
      best = f1;
      thr = p[o[k]];
    }
  }
  return thr;
}

// Validation weights: min(1, cap / URLs of the same site) (registrable domain, else host, else
// the text: site_key), so a cluster of near-duplicates counts as `cap` URLs.
std::vector<double> site_weights(const std::vector<const std::string*>& urls, int cap) {
  std::vector<double> w(urls.size(), 1.0);
  if (cap <= 0) return w;
  std::vector<std::string> key(urls.size());
  tbb::parallel_for(std::size_t{0}, urls.size(),
                    [&](std::size_t i) { key[i] = site_key(*urls[i]); });
  std::unordered_map<std::string_view, std::size_t> count;
  for (const auto& k : key) ++count[k];
  for (std::size_t i = 0; i < urls.size(); ++i)
    w[i] = std::min(1.0, static_cast<double>(cap) / static_cast<double>(count[key[i]]));
  return w;
}

// A linear model as the scorer uses it: int8 weights, their scale and the bias.
struct LinearModel {
  std::vector<Weight> weights;
  float scale = 1.0f;
  float bias = 0.0f;
  int best_epoch = 0;
  float score(const FeatureMatrix& X, std::size_t r, const FeatureSpec& spec) const {
    std::int32_t sum = 0;
    for (std::uint64_t k = X.offset[r]; k < X.offset[r + 1]; ++k) sum += weights[X.index[k]];
    return bias + scale * row_scale(spec, X.offset[r + 1] - X.offset[r]) * static_cast<float>(sum);
  }
};

// AdaGrad on the logistic loss over the examples `rows` of X. Each member sees the data in its
// own seeded order; members train in parallel (one thread each, so every member is
// bit-reproducible) and their weights are averaged in member order: an average of linear models
// is one linear model, with less variance than any member. The epoch with the best validation
// AUC of the average is kept, then quantised to int8 (the kernel sums integers exactly).
LinearModel fit_linear(const FeatureMatrix& X, const std::vector<std::uint8_t>& labels,
                       const std::vector<std::uint32_t>& rows, const FeatureMatrix& V,
                       const std::vector<std::uint8_t>& val_y, const TrainOptions& opt,
                       bool report_progress) {
  const std::size_t T = opt.spec.table_size();
  const int K = std::max(1, opt.members);
  struct Member {
    std::vector<float> w, g2;
    double bias = 0, bias_g2 = 1e-6;  // NOLINT
    std::vector<std::uint32_t> order;
    std::mt19937_64 rng;
    double loss = 0;
  };
  std::vector<Member> members(K);
  for (int k = 0; k < K; ++k) {
    Member& m = members[k];
    m.w.assign(T, 0.0f);
    m.g2.assign(T, opt.adagrad_init);
    m.order = rows;
    m.rng.seed(opt.seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(k));
  }
  auto run_epoch = [&](Member& m) {
    for (std::size_t i = m.order.size(); i > 1; --i) {  // Fisher-Yates with a fixed generator
      std::size_t j = m.rng() % i;
      std::swap(m.order[i - 1], m.order[j]);
    }
    m.loss = 0;
    for (std::uint32_t r : m.order) {
      const std::uint32_t* f = X.index.data() + X.offset[r];
      const std::size_t nf = X.offset[r + 1] - X.offset[r];
      const float x = row_scale(opt.spec, nf);
      double dot = 0;
      for (std::size_t k = 0; k < nf; ++k) dot += m.w[f[k]];
      const double z = m.bias + x * dot;
      const double p = sigmoid(z), y = labels[r];
      m.loss -= y ? std::log(std::max(p, 1e-12)) : std::log(std::max(1 - p, 1e-12));
      const float g = static_cast<float>(p - y);
      const float gx = g * x;
      for (std::size_t k = 0; k < nf; ++k) {
        float& gg = m.g2[f[k]];
        const float gk = gx + opt.l2 * m.w[f[k]];
        gg += gk * gk;
        m.w[f[k]] -= opt.learning_rate * gk / std::sqrt(gg);
      }
      m.bias_g2 += g * g;
      m.bias -= opt.learning_rate * g / std::sqrt(m.bias_g2);
    }
  };

  const std::size_t nval = val_y.size();
  std::vector<float> avg(T), best_w;
  double best_bias = 0, best_auc = -1;
  int best_epoch = 0;
  std::vector<float> vz(nval);
  for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
    tbb::parallel_for(0, K, [&](int k) { run_epoch(members[k]); });
    double bias = 0, loss = 0;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, T, 1 << 16),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i < r.end(); ++i) {
                          float s = 0;
                          for (int k = 0; k < K; ++k) s += members[k].w[i];
                          avg[i] = s / static_cast<float>(K);
                        }
                      });
    for (int k = 0; k < K; ++k) {
      bias += members[k].bias / K;
      loss += members[k].loss / K;
    }
    tbb::parallel_for(std::size_t{0}, nval, [&](std::size_t i) {
      double dot = 0;
      for (std::uint64_t k = V.offset[i]; k < V.offset[i + 1]; ++k) dot += avg[V.index[k]];
      vz[i] = static_cast<float>(bias + row_scale(opt.spec, V.offset[i + 1] - V.offset[i]) * dot);
    });
    const double auc = roc_auc(vz, val_y);
    if (report_progress && opt.progress) {
      std::vector<float> vp(vz.size());
      for (std::size_t i = 0; i < vz.size(); ++i) vp[i] = static_cast<float>(sigmoid(vz[i]));
      opt.progress(epoch, loss / rows.size(), compute_metrics(vp, val_y, 0.5f));
    }
    if (auc > best_auc) {
      best_auc = auc;
      best_w = avg;
      best_bias = bias;
      best_epoch = epoch;
    }
  }
  members.clear();

  LinearModel lm;
  float max_abs = 0;
  for (float v : best_w) max_abs = std::max(max_abs, std::fabs(v));
  // The largest weight maps to kMaxWeight (clipping the top 0.01% instead lost 0.2 points of
  // val F1); the fold models are quantised the same way, so the trees learn from the scores
  // the scorer computes.
  lm.scale = max_abs > 0 ? max_abs / static_cast<float>(kMaxWeight) : 1.0f;
  lm.weights.resize(T);
  for (std::size_t i = 0; i < T; ++i)
    lm.weights[i] = static_cast<Weight>(
        std::clamp<long>(std::lround(best_w[i] / lm.scale), -kMaxWeight, kMaxWeight));
  lm.bias = static_cast<float>(best_bias);
  lm.best_epoch = best_epoch;
  return lm;
}

// The cross-validation fold of each example: its registrable domain's hash, so no site is in
// two folds (the data's own splits are grouped the same way) and the out-of-fold scores the
// booster learns from look like the scores of unseen sites.
std::vector<std::uint8_t> assign_folds(const std::vector<const std::string*>& urls, int folds) {
  std::vector<std::uint8_t> fold(urls.size());
  tbb::parallel_for(std::size_t{0}, urls.size(), [&](std::size_t i) {
    fold[i] = site_part(*urls[i], 0x5eed, static_cast<unsigned>(folds));
  });
  return fold;
}

// Why a line is not "label<TAB>url", in the words a user can act on.
std::string bad_line_reason(std::string_view line) {
  const std::size_t tab = line.find('\t');
  if (tab == line.npos) return "it has no tab";
  const std::string_view first = line.substr(0, tab), second = line.substr(tab + 1);
  const std::string shown(first.substr(0, 60));
  if ((second == "0" || second == "1") && first.size() > 1)
    return "its first column is '" + shown + "' and its second a label (columns swapped?)";
  if (second.empty()) return "it has no URL after the tab";
  return "its first column is '" + shown + "', not 0 or 1";
}

}  // namespace

errc read_labeled_tsv(const std::string& path, LabeledSet& out, std::string* detail) {
  out = LabeledSet{};
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (detail) *detail = path + ": cannot open";
    return errc::io_error;
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  out.fingerprint = hash_bytes(0, data);
  std::size_t pos = 0, line_no = 0;
  while (pos < data.size()) {
    std::size_t nl = data.find('\n', pos);
    std::string_view line(data.data() + pos, (nl == data.npos ? data.size() : nl) - pos);
    pos = nl == data.npos ? data.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.starts_with("label")) continue;
    if (line.empty()) continue;
    if (line.size() < 3 || (line[0] != '0' && line[0] != '1') || line[1] != '\t') {
      if (out.skipped_lines++ == 0 && detail)
        *detail = path + ":" + std::to_string(line_no) + ": " +
                  std::string(message(errc::data_bad_line)) + ": " + bad_line_reason(line);
      continue;
    }
    out.rows.push_back({std::string(line.substr(2)), static_cast<std::uint8_t>(line[0] - '0')});
  }
  if (out.rows.empty()) {
    // Name the first bad line and why, not just "no rows": a swapped or missing label column
    // is the usual cause.
    if (detail)
      *detail = out.skipped_lines
                    ? std::string(message(errc::data_empty)) + " (all " +
                          std::to_string(out.skipped_lines) +
                          " data lines malformed); first: " + *detail
                    : path + ": " + std::string(message(errc::data_empty)) + " (no data lines)";
    return errc::data_empty;
  }
  return errc::ok;
}

errc read_labeled_tsvs(std::span<const std::string> paths, LabeledSet& out, std::string* detail) {
  out = LabeledSet{};
  if (paths.empty()) return errc::data_empty;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    LabeledSet one;
    std::string why;
    const errc e = read_labeled_tsv(paths[i], one, &why);
    if (e != errc::ok) {
      if (detail) *detail = why;
      return e;
    }
    if (one.skipped_lines && out.skipped_lines == 0 && detail) *detail = why;
    out.skipped_lines += one.skipped_lines;
    if (i == 0) {
      out.fingerprint = one.fingerprint;
    } else {
      // Both fingerprints as one 16-byte input: hash_bytes(seed, 8 bytes) is symmetric in its
      // seed and bytes, which would let two files in either order give the same fingerprint.
      const std::uint64_t pair[2] = {out.fingerprint, one.fingerprint};
      out.fingerprint =
          hash_bytes(0, std::string_view(reinterpret_cast<const char*>(pair), sizeof pair));
    }
    out.rows.insert(out.rows.end(), std::make_move_iterator(one.rows.begin()),
                    std::make_move_iterator(one.rows.end()));
  }
  return errc::ok;
}

LabeledSet select_sites(const LabeledSet& set, unsigned parts, std::uint32_t keep_mask,
                        std::size_t max_rows) {
  std::vector<std::uint8_t> keep(set.rows.size());
  tbb::parallel_for(std::size_t{0}, set.rows.size(), [&](std::size_t i) {
    keep[i] = (keep_mask >> site_part(set.rows[i].url, 0x517e5, parts)) & 1u;
  });
  std::vector<std::pair<std::uint64_t, std::size_t>> chosen;
  for (std::size_t i = 0; i < keep.size(); ++i)
    if (keep[i]) chosen.emplace_back(hash_bytes(0x5a3b1e, set.rows[i].url), i);
  if (max_rows > 0 && chosen.size() > max_rows) {
    std::nth_element(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(max_rows),
                     chosen.end());
    chosen.resize(max_rows);
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  LabeledSet out;
  out.rows.reserve(chosen.size());
  for (const auto& c : chosen) out.rows.push_back(set.rows[c.second]);
  const std::uint64_t key[4] = {set.fingerprint, parts, keep_mask, max_rows};
  out.fingerprint = hash_bytes(0, std::string_view(reinterpret_cast<const char*>(key), sizeof key));
  return out;
}

std::string labeled_tsv_text(const LabeledSet& set) {
  std::string text = "label\turl\n";
  for (const auto& r : set.rows) {
    text += static_cast<char>('0' + r.label);
    text += '\t';
    text += r.url;
    text += '\n';
  }
  return text;
}

errc train_model(const LabeledSet& train, const LabeledSet& val, const TrainOptions& opt,
                 ModelContents& out, TrainReport& report) {
  if (!opt.spec.valid()) return errc::model_bad_spec;
  if (train.rows.empty() || val.rows.empty()) return errc::data_empty;

  // Examples: the training rows, then (optionally) the homepage of every legitimate host.
  // Legitimate homepages are rare in the data and common among phishing, so without them the
  // model learns "bare homepage = phishing" (the data README's trap).
  std::vector<const std::string*> urls;
  std::vector<std::uint8_t> labels;
  for (const auto& r : train.rows) {
    urls.push_back(&r.url);
    labels.push_back(r.label);
  }
  std::vector<std::string> homepages;
  if (opt.augment_homepages) {
    Url u;
    for (const auto& r : train.rows)
      if (r.label == 0 && parse_url(r.url, u) && u.host_kind == HostKind::name)
        homepages.push_back(u.host + "/");
    std::sort(homepages.begin(), homepages.end());
    homepages.erase(std::unique(homepages.begin(), homepages.end()), homepages.end());
    for (const auto& h : homepages) {
      urls.push_back(&h);
      labels.push_back(0);
    }
  }
  std::size_t pos = 0;
  for (auto l : labels) pos += l;
  if (pos == 0 || pos == labels.size()) return errc::data_one_class;
  report.train_examples = train.rows.size();
  report.augmented_examples = homepages.size();

  const bool boosted = opt.folds >= 2 && opt.boost.trees > 0;
  std::vector<float> boost_in;
  const FeatureMatrix X = featurize_all(urls, opt.spec, opt.rules, boosted ? &boost_in : nullptr);
  std::vector<const std::string*> val_urls;
  std::vector<std::uint8_t> val_y;
  for (const auto& r : val.rows) {
    val_urls.push_back(&r.url);
    val_y.push_back(r.label);
  }
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
    std::fill(weight.begin() + static_cast<std::ptrdiff_t>(train.rows.size()), weight.end(),
              opt.boost.homepage_weight);
    out.booster = train_booster(boost_in, labels, weight, opt.boost);
  }

  // Calibrate and pick the threshold with the quantised model through the scoring path.
  out.metadata_json = "{}";
  std::string bytes = serialize_model(out);
  Model model;
  if (errc e = Model::load_memory(bytes.data(), bytes.size(), model, false); e != errc::ok)
    return e;
  Scorer scorer(model, nullptr, opt.rules, nullptr);
  scorer.set_decisive_rules(false);
  std::vector<float> raw(val_urls.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, val_urls.size(), 2048),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      Scorer::Scratch s;
                      std::vector<std::string_view> v;
                      for (std::size_t i = r.begin(); i < r.end(); ++i) v.push_back(*val_urls[i]);
                      std::vector<Score> sc(v.size());
                      scorer.score_batch(v, sc, s);
                      for (std::size_t i = 0; i < v.size(); ++i)
                        raw[r.begin() + i] = sc[i].problem == errc::ok ? sc[i].raw : 0.0f;
                    });
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

  std::ostringstream meta;
  meta << "{\"name\":\"" << (boosted ? "urlscan-gbt" : "urlscan-lr") << "\",\"family\":\""
       << (boosted ? "hashed-feature logistic regression + boosted oblivious trees"
                   : "hashed-feature logistic regression")
       << "\""
       << ",\"train_fingerprint\":\"" << hex64(train.fingerprint) << "\""
       << ",\"val_fingerprint\":\"" << hex64(val.fingerprint) << "\""
       << ",\"train_rows\":" << train.rows.size() << ",\"homepages_added\":" << homepages.size()
       << ",\"seed\":" << opt.seed << ",\"members\":" << std::max(1, opt.members)
       << ",\"epochs\":" << opt.epochs << ",\"best_epoch\":" << report.best_epoch
       << ",\"learning_rate\":" << opt.learning_rate << ",\"l2\":" << opt.l2
       << ",\"threshold_rule\":\""
       << (opt.threshold_rule == ThresholdRule::best_f1 ? "best-f1" : "calibrated-0.5") << "\""
       << ",\"site_cap\":" << opt.site_cap << ",\"max_val_fpr\":" << opt.max_val_fpr
       << ",\"val_site_f1\":" << report.val_site_f1;
  if (boosted)
    meta << ",\"folds\":" << opt.folds << ",\"trees\":" << out.booster.trees()
         << ",\"depth\":" << out.booster.depth
         << ",\"tree_learning_rate\":" << opt.boost.learning_rate;
  meta << ",\"val\":" << metrics_json(report.val) << "}";
  out.metadata_json = meta.str();
  return errc::ok;
}

}  // namespace urlscan
