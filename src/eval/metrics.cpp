#include "urlscan/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

#include "urlscan/domain.hpp"
#include "urlscan/json_text.hpp"
#include "urlscan/url.hpp"

namespace urlscan {
namespace {

std::vector<std::size_t> order_desc(std::span<const float> score) {
  std::vector<std::size_t> o(score.size());
  std::iota(o.begin(), o.end(), 0);
  std::stable_sort(o.begin(), o.end(),
                   [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  return o;
}

}  // namespace

double roc_auc(std::span<const float> score, std::span<const std::uint8_t> label) {
  std::size_t pos = 0, neg = 0;
  for (auto l : label) (l ? pos : neg)++;
  if (!pos || !neg) return std::numeric_limits<double>::quiet_NaN();
  std::vector<std::size_t> o = order_desc(score);
  // Sum over positives of the negatives ranked below them; ties count half.
  double wins = 0;
  std::size_t neg_above = 0, i = 0;
  while (i < o.size()) {
    std::size_t j = i, p = 0, n = 0;
    while (j < o.size() && score[o[j]] == score[o[i]]) {
      (label[o[j]] ? p : n)++;
      ++j;
    }
    wins += static_cast<double>(p) * (static_cast<double>(neg - neg_above) - 0.5 * n);
    neg_above += n;
    i = j;
  }
  return wins / (static_cast<double>(pos) * static_cast<double>(neg));
}

double tpr_at_fpr(std::span<const float> score, std::span<const std::uint8_t> label,
                  double max_fpr) {
  std::size_t pos = 0, neg = 0;
  for (auto l : label) (l ? pos : neg)++;
  if (!pos || !neg) return std::numeric_limits<double>::quiet_NaN();
  std::vector<std::size_t> o = order_desc(score);
  double best = 0;
  std::size_t tp = 0, fp = 0, i = 0;
  while (i < o.size()) {
    std::size_t j = i;
    while (j < o.size() && score[o[j]] == score[o[i]]) {
      (label[o[j]] ? tp : fp)++;
      ++j;
    }
    if (static_cast<double>(fp) / neg <= max_fpr)
      best = std::max(best, static_cast<double>(tp) / pos);
    else
      break;
    i = j;
  }
  return best;
}

BinaryMetrics compute_metrics(std::span<const float> prob, std::span<const std::uint8_t> label,
                              float threshold, std::span<const float> rank) {
  if (rank.empty()) rank = prob;
  BinaryMetrics m;
  m.n = prob.size();
  double ll = 0;
  for (std::size_t i = 0; i < prob.size(); ++i) {
    const bool y = label[i] != 0, yhat = rank[i] >= threshold;
    (y ? m.positives : m.negatives)++;
    if (y && yhat)
      ++m.tp;
    else if (!y && yhat)
      ++m.fp;
    else if (!y)
      ++m.tn;
    else
      ++m.fn;
    const double p = std::clamp(static_cast<double>(prob[i]), 1e-7, 1 - 1e-7);
    ll -= y ? std::log(p) : std::log(1 - p);
  }
  auto ratio = [](double a, double b) {
    return b > 0 ? a / b : std::numeric_limits<double>::quiet_NaN();
  };
  m.accuracy = ratio(m.tp + m.tn, m.n);
  m.precision = ratio(m.tp, m.tp + m.fp);
  m.recall = ratio(m.tp, m.positives);
  m.fpr = ratio(m.fp, m.negatives);
  m.f1 = ratio(2.0 * m.tp, 2.0 * m.tp + m.fp + m.fn);
  m.log_loss = ratio(ll, m.n);
  m.roc_auc = roc_auc(rank, label);
  m.tpr_at_fpr_1 = tpr_at_fpr(rank, label, 0.01);
  m.tpr_at_fpr_01 = tpr_at_fpr(rank, label, 0.001);
  return m;
}

std::string metrics_json(const BinaryMetrics& m) {
  const std::pair<const char*, std::size_t> counts[] = {{"n", m.n},
                                                        {"positives", m.positives},
                                                        {"negatives", m.negatives},
                                                        {"tp", m.tp},
                                                        {"fp", m.fp},
                                                        {"tn", m.tn},
                                                        {"fn", m.fn}};
  const std::pair<const char*, double> ratios[] = {{"accuracy", m.accuracy},
                                                   {"precision", m.precision},
                                                   {"recall", m.recall},
                                                   {"f1", m.f1},
                                                   {"fpr", m.fpr},
                                                   {"roc_auc", m.roc_auc},
                                                   {"log_loss", m.log_loss},
                                                   {"tpr_at_fpr_1pct", m.tpr_at_fpr_1},
                                                   {"tpr_at_fpr_0.1pct", m.tpr_at_fpr_01}};
  std::string s;
  JsonWriter w(s);
  w.begin_object();
  for (const auto& [key, count] : counts) w.key(key).unsigned_integer(count);
  // A ratio without a denominator (NaN: a slice without negatives has no fpr) is left out
  // rather than written null, as models/metrics.json and the model metadata always had it.
  for (const auto& [key, ratio] : ratios)
    if (std::isfinite(ratio)) w.key(key).number(ratio, "%.6f");
  w.end_object();
  return s;
}

std::vector<Slice> compute_slices(std::span<const std::string_view> urls,
                                  std::span<const float> prob, std::span<const std::uint8_t> label,
                                  float threshold, std::span<const float> rank) {
  static const char* dims[] = {"scheme",    "ip host", "length",
                               "tld group", "query",   "subdomain depth"};
  constexpr int kDims = 6;
  std::map<std::pair<int, std::string>, std::vector<std::size_t>> groups;
  Url u;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    parse_url(urls[i], u);
    std::string scheme(u.scheme);
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme.empty())
      scheme = "(none)";
    else if (scheme != "http" && scheme != "https")
      scheme = "other";
    const bool ip = u.host_kind == HostKind::ipv4 || u.host_kind == HostKind::ipv6;
    const std::size_t len = urls[i].size();
    const char* lb = len < 30 ? "<30" : len < 60 ? "30-59" : len < 100 ? "60-99" : "100+";
    std::string tld = "(none)";
    int labels = 0;
    if (u.host_kind == HostKind::name) {
      std::size_t d = u.host.rfind('.');
      std::string t = d == std::string::npos ? "" : u.host.substr(d + 1);
      if (t == "com")
        tld = "com";
      else if (t == "net" || t == "org" || t == "edu" || t == "gov")
        tld = "net/org/edu/gov";
      else if (t.size() == 2)
        tld = "country code";
      else if (t.empty())
        tld = "(none)";
      else
        tld = "other gTLD";
      labels = subdomain_depth(u.host);  // from the Public Suffix List; "www" counts
    }
    const int depth = std::clamp(labels, 0, 3);
    const std::string values[kDims] = {scheme,
                                       ip ? "ip" : "name",
                                       lb,
                                       tld,
                                       u.query.empty() ? "no" : "yes",
                                       depth == 3 ? std::string("3+") : std::to_string(depth)};
    for (int d = 0; d < kDims; ++d) groups[{d, values[d]}].push_back(i);
  }
  std::vector<Slice> out;
  std::vector<float> p, rk;
  std::vector<std::uint8_t> l;
  for (auto& [key, rows] : groups) {
    p.clear();
    l.clear();
    rk.clear();
    for (std::size_t r : rows) {
      p.push_back(prob[r]);
      l.push_back(label[r]);
      if (!rank.empty()) rk.push_back(rank[r]);
    }
    out.push_back({dims[key.first], key.second, compute_metrics(p, l, threshold, rk)});
  }
  return out;
}

}  // namespace urlscan
