// The Hyperscan database of a rule set: its expressions, compiled (or loaded from the disk
// cache) on first use, so start-up stays fast for runs that never match rules.
#pragma once

#include <hs/hs.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "urlscan/rules.hpp"

namespace urlscan::detail {

struct Matcher {
  std::vector<std::string> expressions;
  std::vector<unsigned> ids, flags;
  std::uint64_t expressions_digest = 0;
  std::string cache_path;  // "" = no disk cache

  // The database, or nullptr when the expressions do not compile (parse() reported that).
  hs_database_t* database();
  RuleSet::DatabaseSource source() const noexcept { return source_; }
  Matcher() = default;
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;
  ~Matcher() { hs_free_database(db_); }

 private:
  std::once_flag compiled_;
  hs_database_t* db_ = nullptr;
  std::atomic<RuleSet::DatabaseSource> source_{RuleSet::DatabaseSource::none};
};

}  // namespace urlscan::detail
