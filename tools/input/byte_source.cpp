#include "input/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace urlscan::cli {
namespace {

class FdSource : public ByteSource {
 public:
  FdSource(int fd, bool owned, std::string pending, long long size)
      : fd_(fd), owned_(owned), pending_(std::move(pending)), size_(size) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  ssize_t read(char* buf, std::size_t n) override {
    if (pos_ < pending_.size()) {  // bytes read while sniffing the format
      const std::size_t k = std::min(n, pending_.size() - pos_);
      std::memcpy(buf, pending_.data() + pos_, k);
      pos_ += k;
      return static_cast<ssize_t>(k);
    }
    for (;;) {
      const ssize_t r = ::read(fd_, buf, n);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) err_ = std::strerror(errno);
      return r;
    }
  }
  std::string error() const override { return err_; }
  long long size() const override { return size_; }

 private:
  int fd_;
  bool owned_;
  std::string pending_;
  std::size_t pos_ = 0;
  long long size_;
  std::string err_;
};

class GzSource : public ByteSource {
 public:
  explicit GzSource(gzFile f) : f_(f) { gzbuffer(f_, 1 << 17); }
  ~GzSource() override { gzclose(f_); }
  ssize_t read(char* buf, std::size_t n) override {
    const int r = gzread(f_, buf, static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30)));
    if (r < 0) {
      int code = 0;
      err_ = std::string("gzip: ") + gzerror(f_, &code);
    }
    return r;
  }
  std::string error() const override { return err_; }

 private:
  gzFile f_;
  std::string err_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string b) : bytes_(std::move(b)) {}
  ssize_t read(char* buf, std::size_t n) override {
    const std::size_t k = std::min(n, bytes_.size() - pos_);
    std::memcpy(buf, bytes_.data() + pos_, k);
    pos_ += k;
    return static_cast<ssize_t>(k);
  }
  std::string error() const override { return {}; }
  long long size() const override { return static_cast<long long>(bytes_.size()); }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> open_source(const std::string& path, std::string& why) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    why = path + ": " + std::strerror(errno);
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    if (!is_stdin) ::close(fd);
    why = path + ": is a directory";
    return nullptr;
  }
  // Sniff two bytes for the gzip magic (works on pipes too: the bytes are handed back).
  char magic[2];
  std::size_t got = 0;
  while (got < 2) {
    const ssize_t r = ::read(fd, magic + got, 2 - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  if (got == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
      static_cast<unsigned char>(magic[1]) == 0x8b) {
    if (lseek(fd, 0, SEEK_SET) == 0) {
      gzFile f = gzdopen(is_stdin ? dup(fd) : fd, "rb");
      if (f) return std::make_unique<GzSource>(f);
    }
    // A compressed pipe: hand zlib the sniffed bytes through a pipe is overkill; say so.
    why = path + ": gzip input must be a file (seekable), not a pipe";
    if (!is_stdin) ::close(fd);
    return nullptr;
  }
  const long long size = S_ISREG(st.st_mode) ? static_cast<long long>(st.st_size) : -1;
  return std::make_unique<FdSource>(fd, !is_stdin, std::string(magic, got), size);
}

std::unique_ptr<ByteSource> memory_source(std::string bytes) {
  return std::make_unique<MemorySource>(std::move(bytes));
}

}  // namespace urlscan::cli
