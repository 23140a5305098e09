// `--shard K/N`: a deterministic split of a scan among N workers (e.g. the pods of a
// Kubernetes Indexed Job). Records are numbered 0, 1, 2, ... across every input file in order,
// error records included; shard K keeps record r when r % N == K. Each kept record prints
// exactly as the whole scan prints it, so interleaving the N outputs round-robin gives the
// whole scan's output, line for line.
#pragma once

#include <cstdint>
#include <string_view>

namespace urlscan::cli {

struct Shard {
  std::uint64_t index = 0, count = 1;  // K and N; count 1 keeps everything
  bool active() const { return count > 1; }
  bool keeps(std::uint64_t record) const { return record % count == index; }
};

// Parses "K/N" (0 <= K < N, N <= 1000000); throws cli::Error on anything else.
Shard parse_shard(std::string_view text);

}  // namespace urlscan::cli
