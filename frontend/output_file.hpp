// An output file written whole or not at all (train, eval and sites write their results so).
#pragma once

#include <string>
#include <string_view>

namespace urlscan::frontend {

// Opened (as a temporary file beside `path`) before any work, so an unwritable --output fails
// at once rather than after a long run; renamed onto `path` by commit(), removed if the
// command fails before. "-" is stdout (written in place, like /dev/stdout or a pipe).
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  void commit(std::string_view bytes);  // throws DataError

 private:
  std::string path_, temp_;
  int fd_ = -1;
};

}  // namespace urlscan::frontend
