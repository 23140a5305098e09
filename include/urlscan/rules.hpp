// Pre-filter rules as data (models/rules, plus user directories): brand keywords with their
// official domains and suspicious patterns, compiled into one Hyperscan database scanned once
// per batch; brand look-alikes (IDN homographs, character swaps, typos: LookalikeDetector;
// combosquats: a brand joined with a lure word in a domain name; an official domain used as
// the subdomain of another site);
// and structural rules (IP-literal hosts, '@' in the authority). A rule hit is a reason in the
// output and a feature the model may use; brand look-alikes are decisive (see decisive()).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/domain_list.hpp"
#include "urlscan/error.hpp"
#include "urlscan/export.hpp"
#include "urlscan/lookalike.hpp"
#include "urlscan/rule_text.hpp"
#include "urlscan/url.hpp"

namespace urlscan {

// How a per-thread host cache fared (RuleSet::Scratch, Scorer): lookups answered from it,
// lookups that computed and stored, and hosts too long (or otherwise unfit) to be cached.
struct HostCacheCounts {
  std::uint64_t hits = 0, misses = 0, uncacheable = 0;
};
// The host caches' default size in entries (about 100 bytes each): a scanner's few threads.
inline constexpr std::size_t kHostCacheDefaultEntries = 32768;

class URLSCAN_API RuleSet {
 public:
  // Per-thread Hyperscan scratch, buffers and the per-host results' cache (opaque: its layout
  // is src/rules/rule_set_impl.hpp's). `host_cache_entries` (about 100 bytes each): a
  // scanner's few threads keep the default; a server with a thread per connection, less.
  class URLSCAN_API Scratch {
   public:
    explicit Scratch(std::size_t host_cache_entries = kHostCacheDefaultEntries);
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    // The per-host results' cache (match() fills it): its hits and misses so far.
    HostCacheCounts host_cache_counts() const noexcept;

   private:
    friend class RuleSet;
    struct Impl;  // rule_set_impl.hpp
    std::unique_ptr<Impl> impl_;
  };

  RuleSet();
  ~RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;

  // Parses brand files (brand<TAB>keywords<TAB>official domains), pattern files
  // (name<TAB>regex<TAB>reason[<TAB>scope: url|host|host_end|path|query]) and lure-word files (one
  // word per line); later files add to earlier ones. A malformed line or a bad regular expression
  // fails with a message() naming the file and line. `cache_dir`: where the compiled database is
  // cached (see cache_file()); empty: no disk cache. The library never picks a directory itself.
  static Status parse(std::span<const RuleText> brands, std::span<const RuleText> patterns,
                      std::span<const RuleText> lures, RuleSet& out,
                      std::string_view cache_dir = {});
  static Status parse(std::string_view brands_tsv, std::string_view patterns_tsv, RuleSet& out,
                      std::string_view cache_dir = {});
  static const RuleSet& builtin();

  // Rule hits of each URL (hits[i] for urls[i]; sorted, without repeats). One scan per call.
  void match(std::span<const Url* const> urls, Scratch& s,
             std::vector<std::vector<std::uint16_t>>& hits) const;
  // The Hyperscan pass of match() alone (brand keywords and patterns), for its benchmark.
  void prefilter(std::span<const Url* const> urls, Scratch& s,
                 std::vector<std::vector<std::uint16_t>>& hits) const;
  // The rule's reason in words, e.g. "brand 'paypal' outside its official domains".
  const std::string& reason(std::uint16_t rule) const { return reasons_[rule]; }
  // A short stable key for the rule's feature, e.g. "brand:paypal".
  const std::string& key(std::uint16_t rule) const { return keys_[rule]; }
  // A decisive rule makes the verdict "phishing" whatever the model says: IDN homographs and
  // character swaps of a brand, combosquats and official domains inside another site's host
  // (measured on train.tsv: 1092 phishing URLs, 2 legitimate). Typos are not decisive: many
  // real names are one edit from a brand (telegraf, factbook, cooking).
  bool decisive(std::uint16_t rule) const { return rule < decisive_.size() && decisive_[rule]; }
  std::size_t size() const noexcept { return reasons_.size(); }
  // The brands' official domains that may be allowlisted (not marked '~'), one per line.
  std::string_view allowlisted_domains() const noexcept { return allowlisted_; }
  // Digest of the compiled rules: the key of the database cache.
  std::uint64_t digest() const noexcept { return digest_; }

 private:
  // validate: compile once now to report bad expressions (builtin() skips it: tests do it).
  static Status parse_impl(std::span<const RuleText> brands, std::span<const RuleText> patterns,
                           std::span<const RuleText> lures, RuleSet& out, bool validate,
                           std::string_view cache_dir);
  friend struct RuleBook;
  friend struct RuleSetCache;  // src/rules/matcher.hpp: the disk cache, for its tests
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> reasons_, keys_;
  std::string allowlisted_;
  std::vector<std::uint8_t> decisive_;
  std::uint16_t first_structural_ = 0;
  std::uint64_t digest_ = 0;
};

// Every rule that decides or explains a verdict: allowlist, blocklist and the rule set. The
// built-in book holds models/rules; load() adds user directories to it.
struct URLSCAN_API RuleBook {
  DomainList allowlist, blocklist;
  RuleSet rules;

  // The built-in rule files, compiled on first use and never cached on disk.
  static const RuleBook& builtin();
  // Reads the built-in rule files plus, from each directory, any of brands.tsv, patterns.tsv,
  // lures.txt, allowlist.txt, software_sites.txt (more allowlist) and blocklist.txt.
  // Documentation (README, README.*, *.md) and hidden entries are skipped; any other file, and
  // a directory without a rule file, is an error (a misspelt name, or the wrong folder, would
  // otherwise go unnoticed).
  // `cache_dir`: as in RuleSet::parse (empty: no disk cache).
  static Status load(std::span<const std::string> dirs, RuleBook& out,
                     std::string_view cache_dir = {});

 private:
  // validate: compile the patterns now to report bad ones (builtin() leaves that to the tests).
  static Status load_impl(std::span<const std::string> dirs, RuleBook& out, bool validate,
                          std::string_view cache_dir);
};

}  // namespace urlscan
