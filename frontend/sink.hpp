// Where scored records go: a Sink per output (TSV, the default; JSON Lines; CSV; the summary,
// totals only; null, nothing). A sink appends to a memory buffer, so records are formatted in the
// scan's parallel stage and the sinks are unit-tested without I/O.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "urlscan/scorer.hpp"

namespace urlscan::frontend {

enum class OutputFormat { tsv, json, csv };

struct PrintOptions {
  OutputFormat format = OutputFormat::tsv;
  bool only_flagged = false;
  bool explain = false;      // add the features that moved the score most
  bool with_source = false;  // JSON: source file and line (log inputs)
  bool totals_only = false;  // the summary sink: the counts at the end, in `format`
  bool quiet = false;        // the null sink: nothing (the exit status tells)
};

struct OutputRecord {
  std::string_view url;
  const Score* score = nullptr;  // null when the reader already failed
  const char* reader_error = nullptr;
  std::string_view source;  // file name ("-" = stdin)
  std::uint64_t line = 0;
};

struct RecordCounts {
  std::uint64_t records = 0, flagged = 0, errors = 0;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Before the first record (the CSV header).
  virtual void begin(std::string& out) const;
  // Appends the record (or nothing: --only-flagged and no flag, or a sink without records).
  // Const and thread-safe: the scan's workers call it at once on their own buffers.
  virtual void record(std::string& out, const OutputRecord& r) const = 0;
  // After the last record, with the scan's counts (the summary sink's totals).
  virtual void end(std::string& out, const RecordCounts& counts) const;
};

// The sink `opt` selects: null with quiet, else the summary with totals_only, else the format's.
// `scorer` (the reasons' and explanations' words) must outlive the sink.
std::unique_ptr<Sink> make_sink(const PrintOptions& opt, const Scorer& scorer);

// Each sink on its own (frontend/*_sink.cpp).
std::unique_ptr<Sink> make_tsv_sink(const PrintOptions& opt, const Scorer& scorer);
std::unique_ptr<Sink> make_jsonl_sink(const PrintOptions& opt, const Scorer& scorer);
std::unique_ptr<Sink> make_csv_sink(const PrintOptions& opt, const Scorer& scorer);
std::unique_ptr<Sink> make_summary_sink(OutputFormat format);
std::unique_ptr<Sink> make_null_sink();

}  // namespace urlscan::frontend
