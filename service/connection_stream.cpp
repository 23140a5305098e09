#include "connection_stream.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "http_text.hpp"

namespace urlscan::service {

namespace {

using Clock = std::chrono::steady_clock;

// cpp-httplib refuses a request line longer than this (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) with
// 414; one that long is left as it is.
constexpr std::size_t kMaxRequestLine = 8192;

void address(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                     : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (r != 0) return;
  char host[NI_MAXHOST], serv[NI_MAXSERV];
  if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(serv);
  }
}

}  // namespace

ConnectionStream::ConnectionStream(int fd, const StreamLimits& limits, int stop_fd)
    : fd_(fd), stop_fd_(stop_fd), limits_(limits) {}

void ConnectionStream::begin_request() {
  deadline_ = Clock::now() + std::chrono::milliseconds(limits_.request_timeout_ms);
  head_used_ = body_used_ = 0;
  line_pending_ = in_head_ = true;
  path_escaped_ = false;
  stop_ = Stop::none;
  close_after = linger = false;
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
}

bool ConnectionStream::fill() {
  if (stop_ != Stop::none) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
  if (left.count() <= 0) {
    stop_ = Stop::timed_out;
    return false;
  }
  const int wait = static_cast<int>(std::min<long long>(limits_.read_timeout_ms, left.count()));
  // While the head arrives a shutdown ends the wait (a request in its body is let finish).
  pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
  const int n = ::poll(fds, in_head_ && stop_fd_ >= 0 ? 2 : 1, wait);
  if (n < 0 && errno != EINTR) return false;
  if (n <= 0) {
    stop_ = Stop::timed_out;
    return false;
  }
  if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
    stop_ = Stop::shutting_down;
    return false;
  }
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  // Received on the stack and appended: growing buf_ by the whole chunk first zero-filled 16 KB
  // per request (a request is a few hundred bytes).
  constexpr std::size_t kChunk = 16 * 1024;
  char chunk[kChunk];
  const ssize_t got = ::recv(fd_, chunk, kChunk, MSG_DONTWAIT);
  if (got > 0) buf_.append(chunk, static_cast<std::size_t>(got));
  if (got < 0) return errno == EAGAIN || errno == EINTR ? fill() : false;
  return got > 0;
}

void ConnectionStream::prepare_request_line() {
  line_pending_ = false;
  for (;;) {
    const std::size_t nl = buf_.find('\n', pos_);
    if (nl != buf_.npos) {
      const std::string_view raw = std::string_view(buf_).substr(pos_, nl - pos_ + 1);
      path_escaped_ = path_has_escapes(raw);
      const std::string line = normalize_request_line(raw);
      buf_.replace(pos_, nl - pos_ + 1, line);
      return;
    }
    if (buf_.size() - pos_ > kMaxRequestLine || !fill()) return;
  }
}

bool ConnectionStream::is_readable() const {
  if (has_buffered()) return true;
  pollfd fd{fd_, POLLIN, 0};
  return ::poll(&fd, 1, limits_.read_timeout_ms) > 0;
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  // cpp-httplib reads the request line and headers a byte at a time: a byte already here, with
  // the head under its cap, goes out before any other test (what the general path below would
  // do, at a third of the instructions).
  if (size == 1 && !line_pending_ && in_head_ && pos_ < buf_.size() &&
      head_used_ < limits_.max_head) {
    *ptr = buf_[pos_++];
    ++head_used_;
    return 1;
  }
  return read_more(ptr, size);
}

// Out of line, so that read()'s byte case saves no registers.
ssize_t ConnectionStream::read_more(char* ptr, size_t size) {
  if (line_pending_) prepare_request_line();
  if (pos_ == buf_.size() && !fill()) return stop_ == Stop::none ? 0 : -1;
  std::size_t& used = in_head_ ? head_used_ : body_used_;
  const std::size_t cap = in_head_ ? limits_.max_head : limits_.max_body_raw;
  if (used >= cap) {
    stop_ = in_head_ ? Stop::head_too_large : Stop::body_too_large;
    return -1;
  }
  const std::size_t n = std::min({size, buf_.size() - pos_, cap - used});
  std::memcpy(ptr, buf_.data() + pos_, n);
  pos_ += n;
  used += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EINTR) return -1;
    pollfd fd{fd_, POLLOUT, 0};
    if (::poll(&fd, 1, limits_.write_timeout_ms) <= 0) return -1;
  }
  return static_cast<ssize_t>(done);
}

// cpp-httplib asks for both on every request: looked up (getnameinfo) once per connection.
void ConnectionStream::cached_address(Address& a, bool peer, std::string& ip, int& port) const {
  if (!a.known) {
    address(fd_, peer, a.ip, a.port);
    a.known = true;
  }
  if (a.ip.empty()) return;  // the lookup failed: left as they are
  ip = a.ip;
  port = a.port;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  cached_address(remote_, true, ip, port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  cached_address(local_, false, ip, port);
}

}  // namespace urlscan::service
