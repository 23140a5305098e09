#include "output/report_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "cli.hpp"

namespace urlscan::cli {

ReportFile::ReportFile(std::string path) : path_(std::move(path)) {
  if (path_.empty() || path_ == "-") return;  // stdout, as '-' means everywhere else
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // /dev/null, /dev/stdout, a FIFO: written in place. Renaming FILE.part onto a device would
    // replace the device itself with a regular file (as root, /dev/null for the whole machine).
    out_ = std::fopen(path_.c_str(), "wb");
    if (!out_) throw DataError(path_ + ": " + std::strerror(errno));
    return;
  }
  part_ = path_ + ".part";
  out_ = std::fopen(part_.c_str(), "wb");
  if (!out_) throw DataError(part_ + ": " + std::strerror(errno));
}

ReportFile::~ReportFile() {
  if (out_ && out_ != stdout) std::fclose(out_);
}

bool ReportFile::commit() {
  if (out_ == stdout) return true;
  // Both run whatever the first says: the file is closed even after a write error.
  const bool written = !std::ferror(out_);
  const bool closed_ok = std::fclose(out_) == 0;
  const bool closed = written && closed_ok;
  out_ = nullptr;
  if (!closed || (!part_.empty() && std::rename(part_.c_str(), path_.c_str()) != 0)) {
    std::fprintf(stderr, "urlscan: %s: %s\n", closed ? path_.c_str() : part_.c_str(),
                 std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace urlscan::cli
