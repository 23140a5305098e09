// Turns input lines into URL records, per input format. Every line yields at least one record
// (a malformed line yields an error record); an access-log line with a Referer yields two.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "input/line_reader.hpp"

namespace urlscan::cli {

enum class InputFormat { lines, tsv, jsonl, access_log, extract };

struct FormatOptions {
  InputFormat format = InputFormat::lines;
  int column = 1;             // tsv: 1-based column
  std::string field = "url";  // jsonl: dotted path a.b.c
  std::string host_field;     // jsonl: the host to join `field` (a request target) with
  std::string referer_field;  // jsonl: a Referer to scan too (a second record)
  std::string log_host;       // access log: host for request targets when the log has none
};

struct Record {
  std::uint32_t offset = 0, size = 0;  // the URL text in RecordBatch::text
  std::uint64_t line = 0;              // 1-based input line
  const char* error = nullptr;         // reader-level problem (then the URL is the raw line)
};

struct RecordBatch {
  std::string text;
  std::vector<Record> records;
  void clear() {
    text.clear();
    records.clear();
  }
  std::string_view url(const Record& r) const {
    return std::string_view(text).substr(r.offset, r.size);
  }
};

// Per-thread extractor (holds parser state, e.g. the simdjson parser).
class Extractor {
 public:
  virtual ~Extractor() = default;
  // Appends the records of every line of `lines` to `out` (after clearing it).
  virtual void extract(const LineBatch& lines, RecordBatch& out) = 0;
};

std::unique_ptr<Extractor> make_extractor(const FormatOptions& opt);

// True when `line` looks like a TSV header rather than data: its column has no '.', ':' or '/'.
bool looks_like_header(std::string_view cell);

// The `column`-th (1-based) tab-separated cell of `line`; false when the line has fewer.
bool tsv_cell(std::string_view line, int column, std::string_view& cell);

}  // namespace urlscan::cli
