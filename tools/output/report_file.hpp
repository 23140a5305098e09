// `--output FILE`: the scan's report goes to FILE.part and is renamed to FILE only when the
// scan read and wrote everything, so a report under its final name is always complete (a Job
// pod killed half-way leaves FILE.part, which the retried pod overwrites). The image has no
// shell to redirect stdout, hence the option. A FILE that exists and is not a regular file
// (/dev/null, /dev/stdout, a FIFO) is written in place: there is nothing to rename onto.
#pragma once

#include <cstdio>
#include <string>

namespace urlscan::cli {

class ReportFile {
 public:
  // Empty `path` or "-": stdout. Throws cli::DataError when FILE.part cannot be created.
  explicit ReportFile(std::string path);
  ~ReportFile();
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;
  std::FILE* stream() const { return out_; }
  // Closes FILE.part and renames it to FILE; false (with a message on stderr) when that fails.
  bool commit();

 private:
  std::string path_, part_;
  std::FILE* out_ = stdout;
};

}  // namespace urlscan::cli
