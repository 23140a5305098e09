#include "urlscan/scorer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "domain/host_cache.hpp"
#include "features/featurizer.hpp"
#include "kernel/kernel.hpp"
#include "rules/redirect_target.hpp"
#include "score/result_cache.hpp"

namespace urlscan {

namespace {
// No scheme (a bare host/path), http or https in any case, or their defanged hxxp/hxxps.
bool web_scheme(std::string_view scheme) noexcept {
  std::string_view want[] = {"http", "https", "hxxp", "hxxps"};
  for (std::string_view w : want) {
    if (scheme.size() != w.size()) continue;
    std::size_t k = 0;
    while (k < w.size() && (scheme[k] | 0x20) == w[k]) ++k;
    if (k == w.size()) return true;
  }
  return scheme.empty();
}
}  // namespace

// A host's shape values, its features' count and weight sum (integers: the sum over a URL's
// features is the host's sum plus the rest's, bit for bit), packed in 24 bytes so that an entry
// and a host of up to 39 bytes fill one cache line: a cached host's values (at most 54 bytes
// long, so each count fits a byte; the naturalness values are int16 by construction) give back
// the same HostPart.
struct HostFeatures {
  std::int32_t sum = 0;
  float entropy = 0.0f;
  std::uint16_t count = 0;
  std::uint8_t labels = 0, digits = 0, hyphens = 0, longest_label = 0, tld_length = 0, size = 0;
  std::uint8_t psl_private = 0, reg_label = 0;
  std::uint8_t psl_depth1 = 1;  // the PSL depth + 1 (it is -1 for a suffix host)
  std::int16_t name_lm = 256;

  void store(const Featurizer::HostPart& p, std::int32_t s, std::size_t n) {
    sum = s;
    count = static_cast<std::uint16_t>(n);
    entropy = p.entropy;
    labels = static_cast<std::uint8_t>(p.labels);
    digits = static_cast<std::uint8_t>(p.digits);
    hyphens = static_cast<std::uint8_t>(p.hyphens);
    longest_label = static_cast<std::uint8_t>(p.longest_label);
    tld_length = static_cast<std::uint8_t>(p.tld_length);
    size = static_cast<std::uint8_t>(p.size);
    psl_private = static_cast<std::uint8_t>(p.psl_private);
    psl_depth1 = static_cast<std::uint8_t>(p.psl_depth + 1);
    reg_label = static_cast<std::uint8_t>(p.reg_label);
    name_lm = static_cast<std::int16_t>(p.name_lm);
  }
  Featurizer::HostPart part() const {
    Featurizer::HostPart p;
    p.labels = labels;
    p.digits = digits;
    p.hyphens = hyphens;
    p.longest_label = longest_label;
    p.tld_length = tld_length;
    p.size = size;
    p.entropy = entropy;
    p.psl_private = psl_private;
    p.psl_depth = psl_depth1 - 1;
    p.reg_label = reg_label;
    p.name_lm = name_lm;
    return p;
  }
};
static_assert(sizeof(HostFeatures) == 24);

struct ResultCache::Impl {
  explicit Impl(std::size_t bytes) : cache(bytes) {}
  detail::ResultCache<Score> cache;
};

ResultCache::ResultCache(std::size_t bytes) : impl_(std::make_unique<Impl>(bytes)) {}
ResultCache::~ResultCache() = default;

struct Scorer::Scratch::Impl {
  Impl(std::size_t entries, std::shared_ptr<ResultCache> shared)
      : rules(entries), host_cache_entries(entries), results(std::move(shared)) {}
  Url url;                // scoring without rules
  std::vector<Url> urls;  // with rules: the whole batch, for one pre-filter scan
  std::vector<const Url*> parsed;
  std::vector<std::vector<std::uint16_t>> hits;
  RuleSet::Scratch rules;
  FeatureVector idx;
  std::vector<float> raw;
  std::vector<float> boost_in;  // the booster's inputs, input-major (kBoostInputs x stride)
  // The host's features and their weight sum, once per host (bounded; created on first use).
  std::unique_ptr<detail::HostCache<HostFeatures>> host_cache;
  std::size_t host_cache_entries;
  // Whole results by the record's text (maybe shared with other threads), this Scratch's
  // lookups in it, and the batch's misses.
  std::shared_ptr<ResultCache> results;
  HostCacheCounts result_counts;
  std::vector<std::string_view> miss_urls;
  std::vector<std::uint32_t> miss_at;
  std::vector<std::uint64_t> hashes, miss_hash;
  std::vector<Score> miss_out;
};

Scorer::Scratch::Scratch(std::size_t host_cache_entries, std::shared_ptr<ResultCache> results)
    : impl_(std::make_unique<Impl>(host_cache_entries, std::move(results))) {}
Scorer::Scratch::~Scratch() = default;
Scorer::Scratch::Scratch(Scratch&&) noexcept = default;
Scorer::Scratch& Scorer::Scratch::operator=(Scratch&&) noexcept = default;

Scorer::Scorer(const Model& model, const RuleBook* book) noexcept
    : Scorer(model, book ? &book->allowlist : nullptr, book ? &book->rules : nullptr,
             book ? &book->blocklist : nullptr) {}

Scorer::Scorer(const Model& model, const DomainList* allowlist, const RuleSet* rules,
               const DomainList* blocklist) noexcept
    : model_(&model),
      featurizer_(std::make_shared<const Featurizer>(model.spec())),
      allowlist_(allowlist),
      rules_(rules),
      blocklist_(blocklist),
      rule_features_(rules && model.spec().uses(static_cast<int>(FeatureFamily::rule))),
      kernels_(&kernels()),
      threshold_(model.calibration().threshold),
      raw_threshold_(model.calibration().raw_threshold),
      generation_(detail::next_cache_generation()) {}

void Scorer::set_threshold(float p) noexcept {
  threshold_ = p;
  raw_threshold_ = raw_threshold_for(model_->calibration(), p);
  generation_ = detail::next_cache_generation();  // cached verdicts were for the old one
}

void Scorer::set_decisive_rules(bool on) noexcept {
  decisive_ = on;
  generation_ = detail::next_cache_generation();
}

float Scorer::linear_score(const Url& url, std::span<const std::uint16_t> hits, Scratch::Impl& s,
                           float* shape, std::size_t stride) const {
  // The host's part from the cache (names only; IDN hosts are featurized each time), then the
  // rest of the URL.
  if (!s.host_cache)
    s.host_cache = std::make_unique<detail::HostCache<HostFeatures>>(s.host_cache_entries);
  bool fresh = true;
  HostFeatures* c = url.host_kind == HostKind::name && !url.idn
                        ? s.host_cache->find(generation_, url.host, fresh)
                        : nullptr;
  Featurizer::HostPart part;
  std::int32_t host_sum;
  std::size_t host_count;
  if (fresh) {
    featurizer_->featurize_host(url, s.idx, part);
    host_sum = kernels_->gather_sum(model_->weights(), s.idx.data(), s.idx.size());
    host_count = s.idx.size();
    if (c) c->store(part, host_sum, host_count);
  } else {
    part = c->part();
    host_sum = c->sum;
    host_count = c->count;
  }
  featurizer_->featurize_rest(url, part, s.idx, hits, rule_features_ ? rules_ : nullptr, shape,
                              stride);
  const Calibration& c0 = model_->calibration();
  const std::int32_t sum =
      host_sum + kernels_->gather_sum(model_->weights(), s.idx.data(), s.idx.size());
  return c0.bias + c0.weight_scale * row_scale(model_->spec(), host_count + s.idx.size()) *
                       static_cast<float>(sum);
}

HostCacheCounts Scorer::feature_cache_counts(const Scratch& scratch) noexcept {
  const Scratch::Impl& s = *scratch.impl_;
  return s.host_cache ? s.host_cache->counts() : HostCacheCounts{};
}

HostCacheCounts Scorer::rule_cache_counts(const Scratch& scratch) noexcept {
  return scratch.impl_->rules.host_cache_counts();
}

HostCacheCounts Scorer::result_cache_counts(const Scratch& scratch) noexcept {
  return scratch.impl_->result_counts;
}

Score Scorer::score(std::string_view url, Scratch& s) const {
  Score out;
  std::string_view one[1] = {url};
  score_batch(one, std::span<Score>(&out, 1), s);
  return out;
}

void Scorer::score_batch(std::span<const std::string_view> urls, std::span<Score> out,
                         Scratch& scratch) const {
  Scratch::Impl& s = *scratch.impl_;  // the one indirection per batch
  if (!s.results) return score_fresh(urls, out, s);
  // Repeats from the result cache; the rest scored as one smaller batch, then cached.
  s.miss_urls.clear();
  s.miss_at.clear();
  s.miss_hash.clear();
  // The hashes first, each bucket's line requested as its hash is known; then the lookups, each
  // record's line requested a few lookups ahead: most buckets and records are out of cache (the
  // ring is MBs), and a lookup waiting on each in turn was most of a hit's time.
  detail::ResultCache<Score>& cache = s.results->impl_->cache;
  const std::size_t n = urls.size();
  s.hashes.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    s.hashes[i] = detail::record_hash(urls[i]);
    cache.prefetch_bucket(s.hashes[i]);
  }
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < std::min(n, kAhead); ++i) cache.prefetch_record(s.hashes[i]);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) cache.prefetch_record(s.hashes[i + kAhead]);
    const std::uint64_t h = s.hashes[i];
    if (urls[i].size() > cache.kMaxKey) {
      ++s.result_counts.uncacheable;
    } else if (cache.find(generation_, h, urls[i], out[i])) {
      ++s.result_counts.hits;
      continue;
    } else {
      ++s.result_counts.misses;
    }
    s.miss_urls.push_back(urls[i]);
    s.miss_at.push_back(static_cast<std::uint32_t>(i));
    s.miss_hash.push_back(h);
  }
  if (s.miss_urls.empty()) return;
  s.miss_out.resize(s.miss_urls.size());
  score_fresh(s.miss_urls, s.miss_out, s);
  for (std::size_t k = 0; k < s.miss_urls.size(); ++k) {
    out[s.miss_at[k]] = s.miss_out[k];
    cache.insert(generation_, s.miss_hash[k], s.miss_urls[k], s.miss_out[k]);
  }
}

void Scorer::score_fresh(std::span<const std::string_view> urls, std::span<Score> out,
                         Scratch::Impl& s) const {
  const Calibration& c = model_->calibration();
  const std::size_t n = urls.size();
  s.raw.resize(n);
  // The booster's inputs, input-major, for chunks of kBoostChunk URLs: row 0 the linear
  // scores, rows 1.. the shapes. Small chunks keep them in L1/L2; a whole 4096-URL batch
  // (460 KB) pushed the weight table out of L2 and slowed the gather-sum by half.
  constexpr std::size_t kBoostChunk = 256;
  const Booster& booster = model_->booster();
  const bool boosted = !booster.empty();
  const std::size_t stride = boost_stride(std::min(n, kBoostChunk));
  if (boosted) s.boost_in.resize(kBoostInputs * stride);
  float* shape = boosted ? s.boost_in.data() : nullptr;
  auto linear = [&](const Url& u, std::span<const std::uint16_t> h, std::size_t i) {
    if (!boosted) return linear_score(u, h, s, nullptr, 1);
    const std::size_t col = i % kBoostChunk;
    return shape[col] = linear_score(u, h, s, shape + stride + col, stride);
  };
  auto unscorable = [&](std::size_t i) {
    if (boosted)
      for (std::size_t k = 0; k < kBoostInputs; ++k) shape[k * stride + i % kBoostChunk] = 0.0f;
    return 0.0f;
  };
  // After URL i: at the end of a chunk, the trees turn its linear scores into raw scores.
  auto boost_chunk = [&](std::size_t i) {
    if (!boosted || (i % kBoostChunk != kBoostChunk - 1 && i + 1 != n)) return;
    const std::size_t lo = i - i % kBoostChunk, m = i + 1 - lo;
    std::fill_n(s.raw.data() + lo, m, booster.base);
    kernels_->boost(booster_tables(booster), shape, stride, m, s.raw.data() + lo);
  };
  // Check and parse one record; the allowlist is decided here too.
  auto parse = [&](std::size_t i, Url& u) {
    // The record after next: its text is usually not in cache yet, and check_record would
    // otherwise wait for it.
    if (i + 2 < n) __builtin_prefetch(urls[i + 2].data());
    out[i] = Score{};
    const errc e = parse_record(urls[i], u);
    out[i].problem = e;
    if (e == errc::ok && u.host_kind == HostKind::name && (blocklist_ || allowlist_)) {
      const std::uint64_t key = DomainList::host_key(u.host);  // one hash for both lists
      if (blocklist_) out[i].blocklisted = blocklist_->match(u.host, key);
      if (allowlist_ && out[i].blocklisted.empty()) {
        out[i].allowlisted = allowlist_->match(u.host, key);
        // An allowlisted host forwarding to one off the list decides nothing, nor does a path
        // where the host's users publish (a "!host/prefix" line: shared files, personal pages).
        if (!out[i].allowlisted.empty()) {
          const std::string target = detail::redirect_target_host(u);
          if ((!target.empty() && allowlist_->match(target).empty()) ||
              allowlist_->excludes_path(u.host, key, u.path))
            out[i].allowlisted = {};
        }
        // A platform's content page, reached as the platform serves it (over the web, no
        // userinfo, no port).
        if (decisive_ && out[i].blocklisted.empty() && out[i].allowlisted.empty() &&
            allowlist_->may_have_platform_page(key) && u.userinfo.empty() && u.port < 0 &&
            !u.bad_port && web_scheme(u.scheme))
          out[i].platform_page = allowlist_->platform_page(u.host, key, u.path, u.query);
      }
    }
    return e == errc::ok;
  };
  if (!rules_) {
    // No rules to run: one reused Url, parsed and scored record by record.
    for (std::size_t i = 0; i < n; ++i) {
      s.raw[i] = parse(i, s.url) ? linear(s.url, {}, i) : unscorable(i);
      boost_chunk(i);
    }
  } else {
    // Rules: parse the batch, one pre-filter scan for all of it, then score.
    if (s.urls.size() < n) s.urls.resize(n);
    s.parsed.clear();
    for (std::size_t i = 0; i < n; ++i) {
      parse(i, s.urls[i]);
      s.parsed.push_back(&s.urls[i]);
    }
    rules_->match(s.parsed, s.rules, s.hits);
    for (std::size_t i = 0; i < n; ++i) {
      auto& h = s.hits[i];
      s.raw[i] = out[i].problem == errc::ok ? linear(s.urls[i], h, i) : unscorable(i);
      boost_chunk(i);
      // Featurized in id order (above); reported decisive rules first.
      std::stable_partition(h.begin(), h.end(),
                            [&](std::uint16_t r) { return rules_->decisive(r); });
      out[i].decided_by_rule = decisive_ && !h.empty() && rules_->decisive(h.front());
      out[i].n_rules = static_cast<std::uint8_t>(std::min<std::size_t>(h.size(), 4));
      std::copy_n(h.begin(), out[i].n_rules, out[i].rules.begin());
      // Flat memory: a record with a huge host must not keep its capacity in every batch.
      if (s.urls[i].host.capacity() > 4096) s.urls[i] = Url{};
    }
  }
  // Calibrate the whole batch at once; reuse idx storage as float output.
  static_assert(sizeof(float) == sizeof(std::uint32_t));
  s.idx.resize(urls.size());
  float* prob = reinterpret_cast<float*>(s.idx.data());
  kernels_->sigmoid(s.raw.data(), prob, urls.size(), c.platt_a, c.platt_b);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    if (out[i].problem != errc::ok) continue;
    out[i].raw = s.raw[i];
    out[i].probability = prob[i];
    // Decided on the raw score: probabilities saturate at 1.0f, raw scores do not.
    out[i].phishing = s.raw[i] >= raw_threshold_;
    // Decisive rules set the score, and say so (Score explains the order).
    if (!out[i].blocklisted.empty() || (out[i].allowlisted.empty() && out[i].decided_by_rule)) {
      out[i].phishing = true;
      out[i].probability = 1.0f;
      out[i].raw = std::numeric_limits<float>::max();
      out[i].platform_page = {};
    } else if (!out[i].allowlisted.empty()) {
      out[i].phishing = false;
      out[i].probability = 0.0f;
      out[i].raw = std::numeric_limits<float>::lowest();
      out[i].decided_by_rule = false;
    } else if (!out[i].platform_page.empty()) {
      under_flag_line(out[i], c);
    }
  }
}

void Scorer::under_flag_line(Score& s, const Calibration& c) const noexcept {
  // A threshold of 1 (raw +inf) flags nothing and one of 0 (raw -inf) everything: no line to
  // keep under, so the model's score stands (and no reason says otherwise).
  const float t = raw_threshold_;
  if (!std::isfinite(t)) {
    s.platform_page = {};
    return;
  }
  // raw -> t - softplus(t - raw): about raw well below t, just under t well above it; in float
  // the difference can round to t itself, hence the nextafter.
  const float d = t - s.raw;
  const float softplus = d > 20.0f ? d : std::log1p(std::exp(d));
  s.raw = std::min(t - softplus, std::nextafter(t, std::numeric_limits<float>::lowest()));
  s.probability = std::min(1.0f / (1.0f + std::exp(-(c.platt_a * s.raw + c.platt_b))),
                           std::max(0.0f, threshold_ - 1e-6f));  // prints under it too
  s.phishing = false;
}

std::size_t Scorer::reason_texts(const Score& s, std::span<ReasonText, 4> out) const noexcept {
  if (s.problem != errc::ok) return 0;
  if (!s.blocklisted.empty()) {
    out[0] = {"blocklisted domain ", s.blocklisted};
    return 1;
  }
  if (!s.allowlisted.empty()) {
    out[0] = {"allowlisted official domain ", s.allowlisted};
    return 1;
  }
  std::size_t n = 0;
  if (!s.platform_page.empty())
    out[n++] = {"content page of a sharing platform, the URL names no publisher: ",
                s.platform_page};
  if (!rules_) return n;
  for (std::size_t k = 0; k < s.n_rules && n < out.size(); ++k)
    out[n++] = {{}, rules_->reason(s.rules[k])};
  return n;
}

std::vector<std::string> Scorer::reasons(const Score& s) const {
  std::array<ReasonText, 4> texts;
  const std::size_t n = reason_texts(s, texts);
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k)
    out.push_back(std::string(texts[k].prefix) + std::string(texts[k].text));
  return out;
}

std::vector<Contribution> Scorer::explain(std::string_view text, std::size_t top) const {
  Url url;
  std::vector<Contribution> result;
  if (parse_record(text, url) != errc::ok) return result;
  std::vector<std::vector<std::uint16_t>> hits(1);
  if (rule_features_) {  // the rules' own contributions (reasons name the rules that fired)
    RuleSet::Scratch rs;
    const Url* one[1] = {&url};
    rules_->match(one, rs, hits);
  }
  FeatureVector idx;
  std::vector<std::string> names;
  featurizer_->describe(url, idx, names, hits[0], rule_features_ ? rules_ : nullptr);
  std::map<std::string, float> by_name;
  const float scale = model_->calibration().weight_scale;
  const float x = scale * row_scale(model_->spec(), idx.size());
  for (std::size_t i = 0; i < idx.size(); ++i)
    by_name[names[i]] += x * static_cast<float>(model_->weights()[idx[i]]);
  for (auto& [name, w] : by_name) result.push_back({name, w});
  std::stable_sort(result.begin(), result.end(), [](const Contribution& a, const Contribution& b) {
    return std::fabs(a.weight) > std::fabs(b.weight);
  });
  if (result.size() > top) result.resize(top);
  if (!model_->booster().empty()) {
    // The trees' adjustment, last and apart: it is in other units than the weights above (the
    // trees map the linear score and the URL's shape to the final score), so it is not ranked
    // among them; its name carries both scores.
    Scratch s;
    std::array<float, kBoostInputs> in{};
    in[0] = linear_score(url, hits[0], *s.impl_, in.data() + 1, 1);
    const float final_raw = model_->booster().margin(in.data());
    char name[160];
    std::snprintf(name, sizeof name,
                  "boosted trees over the URL's shape: linear score %.2f -> final score %.2f",
                  static_cast<double>(in[0]), static_cast<double>(final_raw));
    result.push_back({name, final_raw - in[0]});
  }
  return result;
}

}  // namespace urlscan
