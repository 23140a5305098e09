#include "shard.hpp"

#include <string>

#include "cli.hpp"

namespace urlscan::cli {

Shard parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == text.npos)
    throw Error("--shard needs K/N (shard K of N, 0 <= K < N), not '" + std::string(text) + "'");
  Shard s;
  s.count = static_cast<std::uint64_t>(parse_long(text.substr(slash + 1), "--shard N", 1, 1000000));
  s.index = static_cast<std::uint64_t>(parse_long(text.substr(0, slash), "--shard K", 0, 999999));
  if (s.index >= s.count)
    throw Error("--shard " + std::string(text) + ": K must be below N (shards are 0 to N-1)");
  return s;
}

}  // namespace urlscan::cli
