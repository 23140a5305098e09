// Output records: TSV (default), JSON Lines, CSV. Printers append to a memory buffer, so they
// run in the parallel stage and are unit-tested without I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "urlscan/json_text.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::frontend {

enum class OutputFormat { tsv, json, csv };

struct PrintOptions {
  OutputFormat format = OutputFormat::tsv;
  bool only_flagged = false;
  bool explain = false;      // add the features that moved the score most
  bool with_source = false;  // JSON: source file and line (log inputs)
};

struct OutputRecord {
  std::string_view url;
  const Score* score = nullptr;  // null when the reader already failed
  const char* reader_error = nullptr;
  std::string_view source;  // file name ("-" = stdin)
  std::uint64_t line = 0;
};

// Appends the record (or nothing, with only_flagged and no flag) to `out`.
void print_record(std::string& out, const OutputRecord& r, const PrintOptions& opt,
                  const Scorer& scorer);

// Building blocks, also used by the CSV/JSON header and tests.
// TSV: control bytes, '\' and bytes that are not UTF-8 as \xNN (so a field never holds a tab or
// line break, and the escape is unambiguous); valid UTF-8 as is.
void append_escaped(std::string& out, std::string_view s);
// CSV (RFC 4180): the bytes exactly, quoted when needed; no backslash escapes.
void append_csv_field(std::string& out, std::string_view s);
std::string csv_header();

}  // namespace urlscan::frontend
