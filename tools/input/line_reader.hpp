// Splits a byte stream into lines with a per-line cap: an over-long line is kept up to the cap
// and marked, never buffered whole, so memory stays bounded whatever the input.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "input/byte_source.hpp"

namespace urlscan::cli {

struct LineBatch {
  std::string bytes;                    // the lines, back to back (no newlines)
  std::vector<std::uint32_t> ends;      // end offset of each line in `bytes`
  std::vector<std::uint8_t> truncated;  // 1 when the line was longer than the cap
  std::uint64_t first_line = 1;         // line number of the first line (1-based)
  std::uint32_t source = 0;             // index of the input file
  void clear() {
    bytes.clear();
    ends.clear();
    truncated.clear();
  }
  std::size_t size() const { return ends.size(); }
  std::string_view line(std::size_t i) const {
    const std::size_t start = i ? ends[i - 1] : 0;
    return std::string_view(bytes).substr(start, ends[i] - start);
  }
};

class LineReader {
 public:
  LineReader(ByteSource& src, std::size_t max_line) : src_(src), max_line_(max_line) {}
  // Fills `out` with up to max_lines lines or about max_bytes bytes. Returns false at the end
  // of input (out may still hold lines); sets error() on a read error.
  bool next(LineBatch& out, std::size_t max_lines, std::size_t max_bytes);
  const std::string& error() const { return error_; }
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  bool refill();
  ByteSource& src_;
  std::size_t max_line_;
  std::vector<char> buf_ = std::vector<char>(1 << 18);
  std::size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
  std::uint64_t line_no_ = 0, bytes_read_ = 0;
  std::string error_;
};

}  // namespace urlscan::cli
