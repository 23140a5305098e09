// The steps of one featurization (Featurizer::Steps, declared in featurizer.hpp), each a
// member emitting one group of features. A template in a header of its own so that
// featurizer.cpp, its one includer, inlines every step into run() as before the split (the
// callgrind baseline holds it); not for other includers.
#pragma once

#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "features/entropy.hpp"
#include "features/feature_words.hpp"
#include "features/featurizer.hpp"
#include "features/hash.hpp"
#include "features/part_buffer.hpp"
#include "features/platform.hpp"
#include "kernel/kernel.hpp"

namespace urlscan {

using detail::kMask;
using detail::kMul1;
using detail::kMul2;
using detail::kPairedShapes;
using detail::load64;
using detail::log2_bucket;
using detail::lower;
using detail::PartBuffer;
using detail::strip_www;
using detail::token_hash;

// Counts over the path that feed the shape features.
struct PathStats {
  int tokens = 0, escapes = 0, upper = 0, depth = 0, digits = 0, dots = 0, hyphens = 0,
      underscores = 0;
  bool double_slash = false;
};

// The steps of one featurization, each emitting one group of features through `o` (sized by
// the caller for the worst case: push_back's capacity check per feature was a measurable share
// of the featurizer's time). With Named, each feature's name too (describe()).
template <bool Named>
struct Featurizer::Steps {
  const Featurizer& f;
  std::uint32_t* o;
  std::vector<std::string>* names;

  bool uses(FeatureFamily fam) const { return f.spec_.uses(static_cast<int>(fam)); }

  // `padded`: 8 bytes are readable at value.data(). Then tokens of at most 8 bytes (nearly all)
  // hash with one load and one multiply (seeded per length); others go through token_hash.
  void hash(FeatureFamily fam, std::string_view value, bool padded = false) {
    if (!uses(fam)) return;
    const std::uint64_t* seeds = f.family_seed_[static_cast<int>(fam)];
    if (padded && !value.empty() && value.size() <= 8) {
      const std::uint64_t w = load64(value.data()) & kMask[value.size()];
      *o++ = static_cast<std::uint32_t>(((w ^ seeds[value.size() & 7]) * kMul1) >> f.shift_);
    } else {
      *o++ = static_cast<std::uint32_t>(token_hash(seeds[0], value) >> f.shift_);
    }
    if constexpr (Named) names->push_back(detail::hashed_feature_words(fam, value));
  }

  void ngrams(FeatureFamily fam, const PartBuffer& b, int lo, int hi) {
    if (!uses(fam)) return;
    const NgramSeeds& seeds = f.ngram_seeds_[static_cast<int>(fam)];
    const std::uint32_t shift32 = 32 - f.spec_.hash_bits;
    if constexpr (Named) {
      // The scalar reference's order (n, then position), with names.
      o += kernels_for(Isa::scalar).hash_ngrams(b.bytes.data(), b.size, lo, hi, seeds, shift32, o);
      for (int n = lo; n <= hi; ++n)
        for (std::size_t i = 0; i + n <= b.size; ++i)
          names->push_back(
              detail::hashed_feature_words(fam, std::string_view(b.bytes.data() + i, n)));
    } else {
      o += f.kernels_->hash_ngrams(b.bytes.data(), b.size, lo, hi, seeds, shift32, o);
    }
  }

  // Character n-grams of the host. The scheme is left out on purpose: it encodes the data's
  // collection era, not phishing (see the data README).
  void host_ngrams(std::string_view host, PartBuffer& host_buf) {
    host_buf.fill(host, f.spec_.max_part_len, true);
    ngrams(FeatureFamily::host_ngram, host_buf, f.spec_.host_ngram_min, f.spec_.host_ngram_max);
  }

  // Host labels, TLD and the last two/three labels (a registrable-domain proxy), and the host's
  // shape values.
  void host_labels(const Url& url, std::string_view host, const PartBuffer& host_buf,
                   HostPart& hp) {
    hp = HostPart{};
    hp.size = host.size();
    hp.entropy = detail::entropy(host);
    if (url.host_kind != HostKind::name) return;
    // A host substring as a view into the padded copy (same bytes) when it lies inside it.
    auto host_hash = [&](FeatureFamily fam, std::string_view sub) {
      const std::size_t off = static_cast<std::size_t>(sub.data() - host.data());
      if (off + sub.size() + 2 > host_buf.size) return hash(fam, sub, false);
      hash(fam, std::string_view(host_buf.bytes.data() + 1 + off, sub.size()), true);
    };
    // Digits and hyphens in a loop of their own, which the compiler vectorises; then the
    // labels, dot to dot (memchr). One byte loop doing both cost ~10 instructions a byte.
    for (const char ch : host) {
      const auto c = static_cast<unsigned char>(ch);
      hp.digits += static_cast<unsigned char>(c - '0') < 10u;
      hp.hyphens += c == '-';
    }
    std::size_t label_start = 0, dots[3] = {host.npos, host.npos, host.npos};
    for (;;) {
      const std::size_t dot = host.find('.', label_start);
      const std::size_t i = dot == host.npos ? host.size() : dot;  // the end closes a label
      if (i > label_start && hp.labels < 16)
        host_hash(FeatureFamily::host_label, host.substr(label_start, i - label_start));
      hp.longest_label = std::max(hp.longest_label, i - label_start);
      hp.tld_length = i - label_start;
      ++hp.labels;
      if (dot == host.npos) break;
      dots[2] = dots[1];
      dots[1] = dots[0];
      dots[0] = dot;
      label_start = dot + 1;
    }
    const detail::HostSuffix suffix = detail::host_suffix(host);
    hp.psl_private = suffix.private_suffix;
    hp.psl_depth = suffix.depth;
    hp.reg_label = suffix.label;
    hp.name_lm = suffix.name_lm;
    if (dots[0] != host.npos) {
      host_hash(FeatureFamily::tld, host.substr(dots[0] + 1));
      host_hash(FeatureFamily::domain, dots[1] == host.npos ? host : host.substr(dots[1] + 1));
      if (dots[2] != host.npos) host_hash(FeatureFamily::domain, host.substr(dots[2] + 1));
    } else {
      hash(FeatureFamily::tld, "(none)");
    }
  }

  // The path's lower-cased copy serves its n-grams here and its words in path_words().
  void path_query_ngrams(const Url& url, std::string_view url_path, PartBuffer& path_buf) {
    path_buf.fill(url_path, f.spec_.max_part_len, false);
    if (url_path != "/")
      ngrams(FeatureFamily::path_ngram, path_buf, f.spec_.path_ngram_min, f.spec_.path_ngram_max);
    if (!url.query.empty()) {
      PartBuffer buf;
      buf.fill(url.query, f.spec_.max_part_len / 2, false);
      ngrams(FeatureFamily::query_ngram, buf, f.spec_.query_ngram_min, f.spec_.query_ngram_max);
    }
  }

  // Pre-filter rule hits: each rule by key, and once per kind ("typo:paypal" and "typo"): the
  // kind's weight is learnt from every brand's hits, where one brand's rule has only a few.
  void rule_features(std::span<const std::uint16_t> rule_hits, const RuleSet* rules) {
    if (!rules || rule_hits.empty() || !uses(FeatureFamily::rule)) return;
    std::string_view last_kind;
    for (std::uint16_t h : rule_hits) {
      if (h >= rules->size()) continue;
      const std::string& key = rules->key(h);
      hash(FeatureFamily::rule, key);
      if constexpr (Named) names->back() = "rule: " + rules->reason(h);
      const std::size_t colon = key.find(':');
      if (colon == key.npos) continue;
      const std::string_view kind(key.data(), colon);
      if (kind == last_kind || kind == "pattern") continue;  // hits are sorted: kinds group
      last_kind = kind;
      hash(FeatureFamily::rule, kind);
      if constexpr (Named) names->back() = "rule kind: " + std::string(kind);
    }
  }

  void scheme(const Url& url) {
    if (!uses(FeatureFamily::scheme)) return;
    char sch[16];
    const std::size_t sl = std::min<std::size_t>(url.scheme.size(), 8);
    for (std::size_t i = 0; i < sl; ++i) sch[i] = static_cast<char>(lower(url.scheme[i]));
    hash(FeatureFamily::scheme, std::string_view(sch, sl), true);
  }

  // Path words (runs of letters, digits, non-ASCII) of 2+ bytes, hashed from the lower-cased,
  // padded copy; the first 64 bytes of a longer word. And the path's counts.
  PathStats path_words(std::string_view url_path, const PartBuffer& path_buf) {
    const std::string_view path = url_path.substr(0, f.spec_.max_part_len);
    PathScan scan;
    f.kernels_->scan_path(path.data(), path.size(), scan);
    PathStats ps;
    ps.escapes = scan.escapes;
    ps.upper = scan.upper;
    ps.depth = scan.slashes;
    ps.digits = scan.digits;
    ps.dots = scan.dots;
    ps.hyphens = scan.hyphens;
    ps.underscores = scan.underscores;
    ps.double_slash = scan.double_slash;
    const std::size_t n = path.size();
    for (std::size_t b = scan.next(0, true, n); b < n && ps.tokens < 32;) {
      const std::size_t e = scan.next(b, false, n);
      if (e - b >= 2) {
        hash(FeatureFamily::path_token,
             std::string_view(path_buf.bytes.data() + b, std::min<std::size_t>(e - b, 64)), true);
        ++ps.tokens;
      }
      b = scan.next(e, true, n);
    }
    // Escapes and "//" count over the whole path, beyond the n-gram cap too.
    const std::string_view rest = url_path.substr(path.size());
    unsigned char prev = scan.last;
    for (unsigned char c : rest) {
      ps.escapes += c == '%';
      ps.double_slash |= c == '/' && prev == '/';
      prev = c;
    }
    return ps;
  }

  // The file extension of the last path segment; returns that segment.
  std::string_view extension(std::string_view url_path) {
    const std::size_t slash = url_path.rfind('/');
    const std::string_view last_seg =
        slash == url_path.npos ? url_path : url_path.substr(slash + 1);
    const std::size_t dot = last_seg.rfind('.');
    if (dot != last_seg.npos && last_seg.size() - dot - 1 >= 1 && last_seg.size() - dot - 1 <= 5) {
      char ext[8];
      std::size_t el = 0;
      for (unsigned char c : last_seg.substr(dot + 1)) ext[el++] = static_cast<char>(lower(c));
      hash(FeatureFamily::extension, std::string_view(ext, el), true);
    }
    return last_seg;
  }

  // Query parameter names (the first 16); returns the parameter count.
  int query_keys(std::string_view q) {
    int params = 0;
    while (!q.empty() && params < 16) {
      const std::size_t amp = q.find('&');
      const std::string_view kv = q.substr(0, amp);
      const std::string_view key = kv.substr(0, std::min<std::size_t>(kv.find('='), 32));
      if (!key.empty()) hash(FeatureFamily::query_key, key);
      ++params;
      if (amp == q.npos) break;
      q.remove_prefix(amp + 1);
    }
    return params;
  }

  // The URL's shape: bucketed values emitted alone and as pairwise conjunctions (a cheap
  // nonlinearity: "long path AND many subdomains" weighs differently from each alone), and with
  // `shape` the raw values for the booster.
  void shapes(const Url& url, std::string_view url_path, const HostPart& hp, const PathStats& ps,
              std::size_t last_seg, int params, float* shape, std::size_t stride) {
    struct Shape {
      std::uint64_t hash;
      const char* name;
      long bucket;
    };
    std::array<Shape, 24> shapes;
    std::size_t n_shapes = 0;
    const std::uint64_t shape_seed = f.family_seed_[static_cast<int>(FeatureFamily::lexical)][0];
    auto emit_shape = [&](const char* name, long bucket) {
      const std::uint64_t id = n_shapes;
      std::uint64_t h = (shape_seed ^ (id << 32 | static_cast<std::uint32_t>(bucket))) * kMul1;
      h ^= h >> 29;
      h *= kMul2;
      h ^= h >> 32;
      shapes[n_shapes++] = Shape{h, name, bucket};
    };
    int pct = ps.escapes;
    for (unsigned char c : url.query) pct += c == '%';
    const std::size_t total = hp.size + url_path.size() + url.query.size();
    emit_shape("length", log2_bucket(total));
    emit_shape("host length", log2_bucket(hp.size));
    emit_shape("host labels", std::min(hp.labels, 8));
    emit_shape("host digits", std::min(hp.digits, 6));
    emit_shape("host hyphens", std::min(hp.hyphens, 5));
    emit_shape("host kind", static_cast<int>(url.host_kind));
    {
      // lround for a non-negative value, inline (libm's lroundf was a call per URL): the
      // fraction x - trunc(x) is exact, so this rounds halves up exactly as lround does.
      const float x = hp.entropy * 2;
      const long t = static_cast<long>(x);
      emit_shape("host entropy", t + (x - static_cast<float>(t) >= 0.5f ? 1 : 0));
    }
    emit_shape("path depth", std::min(ps.depth, 10));
    emit_shape("path length", log2_bucket(url_path.size()));
    emit_shape("path uppercase", log2_bucket(ps.upper));
    emit_shape("query params", std::min(params, 8));
    emit_shape("percent escapes", log2_bucket(pct));
    emit_shape("ipv4 obfuscated", url.ipv4_obfuscated);
    emit_shape("punycode host", url.idn);
    emit_shape("explicit port", url.port >= 0 && url.port != 80 && url.port != 443);
    emit_shape("bad port", url.bad_port);
    emit_shape("userinfo '@'", !url.userinfo.empty());
    emit_shape("backslashes", url.backslashes);
    emit_shape("'//' in path", ps.double_slash);
    emit_shape("problem", static_cast<int>(url.problem));

    if (shape) {
      // The order of kShapeNames.
      const bool explicit_port = url.port >= 0 && url.port != 80 && url.port != 443;
      const bool bare = url_path == "/" && url.query.empty();
      // Stored as computed, a stride apart: a local array copied out by a loop cost a
      // load, a store and the index arithmetic per value.
      float* p = shape;
      auto put = [&](float x) {
        *p = x;
        p += stride;
      };
      put(static_cast<float>(total));
      put(static_cast<float>(hp.size));
      put(static_cast<float>(url_path.size()));
      put(static_cast<float>(url.query.size()));
      put(static_cast<float>(hp.labels));
      put(static_cast<float>(hp.digits));
      put(static_cast<float>(hp.hyphens));
      put(hp.entropy);
      put(static_cast<float>(hp.longest_label));
      put(static_cast<float>(hp.tld_length));
      put(static_cast<float>(url.host_kind));
      put(static_cast<float>(hp.size != url.host.size()));
      put(static_cast<float>(ps.depth));
      put(static_cast<float>(ps.digits));
      put(static_cast<float>(ps.dots));
      put(static_cast<float>(ps.hyphens));
      put(static_cast<float>(ps.underscores));
      put(static_cast<float>(ps.upper));
      put(static_cast<float>(ps.tokens));
      put(static_cast<float>(last_seg));
      put(static_cast<float>(params));
      put(static_cast<float>(pct));
      put(static_cast<float>(bare));
      put(static_cast<float>(!url.userinfo.empty()));
      put(static_cast<float>(ps.double_slash));
      put(static_cast<float>(explicit_port));
      put(static_cast<float>(url.idn));
      put(static_cast<float>(hp.psl_private));
      put(static_cast<float>(hp.psl_depth));
      put(static_cast<float>(hp.reg_label));
      put(static_cast<float>(hp.name_lm));
      static_assert(kShapeCount == 31);
    }

    if (!uses(FeatureFamily::lexical)) n_shapes = 0;
    for (std::size_t a = 0; a < n_shapes; ++a) {
      *o++ = static_cast<std::uint32_t>(shapes[a].hash >> f.shift_);
      if constexpr (Named) names->push_back(detail::shape_words(shapes[a].name, shapes[a].bucket));
    }
    // Conjunctions of the first kPairedShapes shapes only: more pairs overfit (measured on val).
    const std::size_t paired =
        uses(FeatureFamily::shape_pair) ? std::min<std::size_t>(n_shapes, kPairedShapes) : 0;
    for (std::size_t a = 0; a < paired; ++a)
      for (std::size_t b = a + 1; b < paired; ++b) {
        std::uint64_t h =
            (shapes[a].hash ^ ((shapes[b].hash << 17) | (shapes[b].hash >> 47))) * kMul1;
        h ^= h >> 31;
        *o++ = static_cast<std::uint32_t>(h >> f.shift_);
        if constexpr (Named)
          names->push_back(detail::shape_words(shapes[a].name, shapes[a].bucket) + " and " +
                           detail::shape_words(shapes[b].name, shapes[b].bucket));
      }
  }

  // Everything after the host's labels, in featurize()'s order.
  void path_query_shapes(const Url& url, std::string_view url_path, const PartBuffer& path_buf,
                         const HostPart& hp, float* shape, std::size_t stride) {
    const PathStats ps = path_words(url_path, path_buf);
    const std::string_view last_seg = extension(url_path);
    const int params = query_keys(url.query);
    shapes(url, url_path, hp, ps, last_seg.size(), params, shape, stride);
  }
};

}  // namespace urlscan
