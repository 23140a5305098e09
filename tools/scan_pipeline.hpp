// The scanner: a oneTBB parallel_pipeline -- serial in-order reader, parallel extract + score +
// format, serial in-order writer -- with a bounded number of batches in flight, so memory stays
// flat however large the input, and every record comes out in input order.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "input/formats.hpp"
#include "shard.hpp"
#include "sink.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::cli {

using namespace urlscan::frontend;  // the sinks

struct ScanOptions {
  std::vector<std::string> files;  // "-" = stdin
  FormatOptions input;
  PrintOptions print;  // which sink, and its options
  int threads = 0;     // 0 = all cores
  std::size_t max_line = kMaxRecordBytes;
  std::size_t batch_lines = 4096;
  // The result cache's memory (one cache, shared by the threads): a repeated record is scored
  // once. 0: none.
  std::size_t result_cache_bytes = std::size_t{64} << 20;
  bool progress = false;  // progress bar on stderr
  Shard shard;            // --shard K/N: only this shard's records
};

struct ScanTotals {
  std::uint64_t records = 0, flagged = 0, errors = 0, bytes = 0;
  double seconds = 0;
  std::string first_error;         // the first error record's reason, file and line
  std::string first_error_source;  // ("-" = stdin)
  std::uint64_t first_error_line = 0;
  bool read_failed = false;   // a file could not be opened or read (reported on stderr)
  bool write_failed = false;  // output closed (a broken pipe ends the scan quietly)
};

// Scores every record and writes it through the sink `opt.print` selects (make_sink), the
// sink's totals (if any) after the last one.
ScanTotals run_scan_pipeline(const Scorer& scorer, const ScanOptions& opt, std::FILE* out);

}  // namespace urlscan::cli
