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

namespace urlscan {

namespace detail {

// Where a database came from; none until the first match() compiles or loads it.
enum class DatabaseSource : std::uint8_t { none, compiled, cache };

struct Matcher {
  std::vector<std::string> expressions;
  std::vector<unsigned> ids, flags;
  std::uint64_t expressions_digest = 0;
  std::string cache_path;  // "" = no disk cache

  // The database, or nullptr when the expressions do not compile (parse() reported that).
  hs_database_t* database();
  DatabaseSource source() const noexcept { return source_; }
  Matcher() = default;
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;
  ~Matcher() { hs_free_database(db_); }

 private:
  std::once_flag compiled_;
  hs_database_t* db_ = nullptr;
  std::atomic<DatabaseSource> source_{DatabaseSource::none};
};

}  // namespace detail

// The compiled database is cached in the caller's cache directory (RuleSet::parse,
// RuleBook::load; the front ends take it from URLSCAN_CACHE_DIR, XDG_CACHE_HOME or HOME) under
// a name made of the digest, Hyperscan's version and the CPU's features, written atomically. A
// missing, stale or corrupt file is rebuilt. Internal: the rules' tests look through this.
struct RuleSetCache {
  // The cache file; "" when there is no cache directory.
  static std::string file(const RuleSet& rules);
  static detail::DatabaseSource source(const RuleSet& rules) noexcept;
};

}  // namespace urlscan
