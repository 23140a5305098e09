// Where input bytes come from: a file or stdin, gzip-compressed or not (detected by magic).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>

namespace urlscan::cli {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; 0 at the end; -1 on error (then error() says why).
  virtual ssize_t read(char* buf, std::size_t n) = 0;
  virtual std::string error() const = 0;
  // Size in bytes when known (a regular, uncompressed file), else -1: for the progress bar.
  virtual long long size() const { return -1; }
};

// Opens `path` ("-" = stdin). Returns nullptr and sets `why` when it cannot be opened.
std::unique_ptr<ByteSource> open_source(const std::string& path, std::string& why);

// A source over bytes in memory (tests, benchmarks).
std::unique_ptr<ByteSource> memory_source(std::string bytes);

}  // namespace urlscan::cli
