// Registrable domains that are legitimate by rule (official domains of widely imitated brands).
// A decisive rule: a host equal to a listed domain or below it (on a dot boundary) is never
// flagged, and the output names the rule.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "urlscan/error.hpp"

namespace urlscan {

class Allowlist {
 public:
  // Parses the rule file format: one lower-case domain per line, '#' comments, blank lines;
  // "!host" excludes a host (and its subdomains) where anyone can publish.
  // A malformed line makes it fail with `detail` naming the line.
  static errc parse(std::string_view text, Allowlist& out, std::string* detail = nullptr);
  // The list built into the binary (models/rules/allowlist.txt).
  static const Allowlist& builtin();
  // The listed domain that `host` equals or lies below; empty when none.
  std::string_view match(std::string_view host) const;
  std::size_t size() const noexcept { return domains_.size(); }

 private:
  // Heterogeneous lookup: hosts are looked up as string_views, without a copy.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept;
  };
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;
  Set domains_;
  Set excluded_;
  int max_labels_ = 0;  // labels of the longest entry: longer suffixes cannot match
};

}  // namespace urlscan
