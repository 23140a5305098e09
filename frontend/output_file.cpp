#include "output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "errors.hpp"

namespace urlscan::frontend {

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  struct stat st {};
  if (path_ == "-") {
    fd_ = ::dup(STDOUT_FILENO);  // '-' is stdout, as for every input and the scan's --output
  } else if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);  // /dev/stdout, a pipe: written in place
  } else {
    temp_ = path_ + ".tmp.XXXXXX";
    fd_ = mkstemp(temp_.data());
  }
  if (fd_ < 0) throw DataError(path_ + ": cannot write (" + std::strerror(errno) + ")");
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    if (!temp_.empty()) ::unlink(temp_.c_str());
  }
}

void OutputFile::commit(std::string_view bytes) {
  std::fflush(stdout);  // anything printed through stdio comes first when fd_ is stdout
  bool ok = true;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  if (!temp_.empty()) {
    // mkstemp makes the file 0600; an output is as readable as any file the user writes.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ok = ok && ::fchmod(fd_, 0666 & ~mask) == 0;
  }
  ok = ::close(fd_) == 0 && ok;
  fd_ = -1;
  if (!ok || (!temp_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0)) {
    const std::string why = std::strerror(errno);
    ::unlink(temp_.c_str());
    throw DataError(path_ + ": cannot write (" + why + ")");
  }
}

}  // namespace urlscan::frontend
