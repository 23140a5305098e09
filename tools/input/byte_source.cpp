#include "input/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

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

// Streaming gzip over any source (files and pipes alike), multi-member files included.
class GzSource : public ByteSource {
 public:
  explicit GzSource(std::unique_ptr<ByteSource> raw) : raw_(std::move(raw)), in_(1 << 17) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;  // 16: gzip wrapper
    if (!ok_) err_ = "gzip: cannot initialise zlib";
  }
  ~GzSource() override {
    if (ok_) inflateEnd(&z_);
  }
  ssize_t read(char* buf, std::size_t n) override {
    if (!ok_) return -1;
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    while (z_.avail_out == static_cast<uInt>(std::min<std::size_t>(n, 1u << 30))) {
      if (z_.avail_in == 0) {
        if (eof_) break;
        const ssize_t r = raw_->read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (r < 0) {
          err_ = raw_->error();
          return -1;
        }
        if (r == 0) {
          eof_ = true;
          if (!ended_) {
            err_ = "gzip: unexpected end of compressed data";
            return -1;
          }
          break;
        }
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(r);
      }
      ended_ = false;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        ended_ = true;  // another member may follow
        inflateReset(&z_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        err_ = std::string("gzip: ") + (z_.msg ? z_.msg : "corrupt data");
        return -1;
      }
    }
    return static_cast<ssize_t>(std::min<std::size_t>(n, 1u << 30) - z_.avail_out);
  }
  std::string error() const override { return err_; }

 private:
  std::unique_ptr<ByteSource> raw_;
  std::vector<Bytef> in_;
  z_stream z_;
  bool ok_ = false, eof_ = false, ended_ = false;
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
    return std::make_unique<GzSource>(
        std::make_unique<FdSource>(fd, !is_stdin, std::string(magic, got), -1));
  }
  const long long size = S_ISREG(st.st_mode) ? static_cast<long long>(st.st_size) : -1;
  return std::make_unique<FdSource>(fd, !is_stdin, std::string(magic, got), size);
}

std::unique_ptr<ByteSource> memory_source(std::string bytes) {
  return std::make_unique<MemorySource>(std::move(bytes));
}

}  // namespace urlscan::cli
