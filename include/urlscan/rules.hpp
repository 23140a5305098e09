// Pre-filter rules as data (models/rules): brand keywords with their official domains, and
// suspicious patterns, compiled into one Hyperscan database and scanned once per batch. A rule
// hit is a feature of the model (the trainer learns its weight) and a reason in the output.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "urlscan/error.hpp"
#include "urlscan/url.hpp"

namespace urlscan {

class RuleSet {
 public:
  // Per-thread Hyperscan scratch and buffers.
  class Scratch {
   public:
    Scratch();
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

   private:
    friend class RuleSet;
    void* hs = nullptr;  // hs_scratch_t*
    std::string text;
    std::vector<std::uint32_t> starts;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> raw;  // (pattern id, end offset)
  };

  RuleSet();
  ~RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;

  // Parses the rule files; a malformed line fails with `detail` naming the file and line.
  static errc parse(std::string_view brands_tsv, std::string_view patterns_tsv, RuleSet& out,
                    std::string* detail = nullptr);
  static const RuleSet& builtin();

  // Rule hits of each URL (hits[i] for urls[i]; sorted, without repeats). One scan per call.
  void match(std::span<const Url* const> urls, Scratch& s,
             std::vector<std::vector<std::uint16_t>>& hits) const;
  // The rule's reason in words, e.g. "brand 'paypal' outside its official domains".
  const std::string& reason(std::uint16_t rule) const { return reasons_[rule]; }
  // A short stable key for the rule's feature, e.g. "brand:paypal".
  const std::string& key(std::uint16_t rule) const { return keys_[rule]; }
  std::size_t size() const noexcept { return reasons_.size(); }
  std::uint64_t digest() const noexcept { return digest_; }

 private:
  // validate: compile once now to report bad expressions (builtin() skips it: tests do it).
  static errc parse_impl(std::string_view brands_tsv, std::string_view patterns_tsv, RuleSet& out,
                         std::string* detail, bool validate);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> reasons_, keys_;
  std::uint64_t digest_ = 0;
};

}  // namespace urlscan
