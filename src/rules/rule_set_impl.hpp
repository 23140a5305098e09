// RuleSet's private state, shared by its parts: rule_files.cpp builds it, batch_scan.cpp and
// match.cpp and brand_rules.cpp read it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/host_cache.hpp"
#include "rules/matcher.hpp"
#include "urlscan/domain.hpp"
#include "urlscan/features.hpp"
#include "urlscan/rules.hpp"

namespace urlscan {

namespace detail {
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return hash_bytes(0, s); }
};
}  // namespace detail

struct RuleSet::Impl {
  std::size_t brands = 0;
  // Official registrable domains -> the brands they belong to.
  std::unordered_map<std::string, std::vector<std::uint16_t>, detail::StringHash, std::equal_to<>>
      official;
  std::vector<std::vector<std::string>> keywords;  // per brand
  // Hyperscan ids from kKeywordId on are brand keywords (index into these); below, rule ids.
  static constexpr unsigned kKeywordId = 0x10000;
  static constexpr std::size_t kWholeWordBelow = 6;  // shorter keywords match whole words only
  std::vector<std::uint16_t> keyword_brand;
  std::vector<std::uint8_t> keyword_size;
  std::unordered_set<std::string, detail::StringHash, std::equal_to<>> lures;
  std::unique_ptr<LookalikeDetector> lookalikes;
  // Per-brand rules, kPerBrand each from lookalike_base: LookalikeDetector's four brand kinds,
  // then combosquat and embedded official domain.
  static constexpr unsigned kPerBrand = 6, kCombosquat = 4, kEmbedded = 5;
  std::uint16_t lookalike_base = 0, mixed_script = 0, reads_latin = 0, ip_host = 0, userinfo = 0;
  std::uint16_t deep_subdomains = 0, dashed_host = 0, hash_segment = 0;
  // Where a pattern's match counts (patterns.tsv's scope column), by rule id.
  enum Scope : std::uint8_t { url, host, host_end, path, query };
  std::vector<std::uint8_t> scope;
  void host_counting_rules(const Url& u, std::vector<std::uint16_t>& h) const;
  void path_rules(const Url& u, std::vector<std::uint16_t>& h) const;
  std::uint16_t brand_rule(std::size_t brand, unsigned kind) const {
    return static_cast<std::uint16_t>(lookalike_base + kPerBrand * brand + kind);
  }
  // The URL's registrable domain (libpsl, about 0.5 us), looked up at most once per URL, and
  // with `cached` (the host cache's slot: 0 unknown, else the domain's length + 1) once per host.
  struct Registrable {
    const Url& url;
    std::uint16_t* cached = nullptr;
    bool known = false;
    std::string_view domain;
    std::string_view get() {
      if (known) return domain;
      known = true;
      if (cached && *cached)
        return domain = std::string_view(url.host).substr(url.host.size() - (*cached - 1u));
      domain = registrable_domain(url.host);
      if (cached) *cached = static_cast<std::uint16_t>(domain.size() + 1);
      return domain;
    }
  };
  // What match() finds from the host alone: the host's rules (IP literal, counted labels and
  // hyphens, look-alikes, embedded official domains) and the brands whose official domain the
  // host is under.
  struct HostRules {
    static constexpr std::size_t kMax = 8;  // more: not cached
    std::uint8_t n_hits = 0, n_official = 0;
    bool official_known = false;
    std::uint16_t registrable = 0;  // Registrable::cached
    std::array<std::uint16_t, kMax> hits{}, official{};
  };
  void host_rules(const Url& u, Registrable& reg, RuleSet::Scratch::Impl& s,
                  std::vector<std::uint16_t>& h) const;
  void official_brands(std::string_view host, std::vector<std::uint16_t>& out) const;
  // Each Impl its own: a Scratch's host cache filled for one rule set is not read for another.
  std::uint64_t generation = detail::next_cache_generation();
  void combosquats(const Url& u, Registrable& reg, std::vector<std::uint16_t>& h) const;
  void embedded_official(const Url& u, Registrable& reg, std::vector<std::uint16_t>& h) const;
  // Bloom bits of the official domains' first labels: most hosts' labels miss it, which spares
  // embedded_official its map lookups.
  std::uint64_t first_label_bloom[64] = {};
  static std::size_t label_bit(std::string_view label) {
    std::uint32_t x = 2166136261u;
    for (char c : label) x = (x ^ static_cast<unsigned char>(c)) * 16777619u;
    return x >> 20;  // 12 bits
  }

  detail::Matcher matcher;  // the Hyperscan database of the brand keywords and patterns
};

struct RuleSet::Scratch::Impl {
  explicit Impl(std::size_t entries) : host_cache_entries(entries) {}
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  std::size_t host_cache_entries;
  std::unique_ptr<detail::HostCache<RuleSet::Impl::HostRules>> host_cache;  // on first use
  void* hs = nullptr;                                                       // hs_scratch_t*
  const void* hs_db = nullptr;  // the database `hs` was allocated for
  std::string text;
  std::vector<std::uint32_t> starts;
  std::vector<std::uint32_t> host_ends, path_ends;           // offsets in `text`, per URL
  std::vector<std::pair<std::uint32_t, std::uint32_t>> raw;  // (pattern id, end offset)
  std::vector<LookalikeDetector::Finding> findings;
  std::vector<std::uint16_t> official;  // brands whose official domain the host is under
};

}  // namespace urlscan
