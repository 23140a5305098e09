// One client connection as cpp-httplib's Stream, for its whole keep-alive life (the library's own
// stream is made per request and drops read-ahead between them). It owns the limits cpp-httplib
// 0.11 lacks: a deadline for each whole request (a slowloris client trickling a header cannot
// hold it longer), a cap on the request head, a backstop cap on body bytes, and the request line
// normalised (http_text.hpp). Writing never asks whether the peer is still sending: a client that
// half-closed after its request still gets the answer.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace urlscan::service {

struct StreamLimits {
  int read_timeout_ms = 5000;        // each wait for bytes
  int write_timeout_ms = 5000;       // each wait to send
  int request_timeout_ms = 30000;    // the whole request, from its first byte
  std::size_t max_head = 64 * 1024;  // request line and headers
  std::size_t max_body_raw = 0;      // body bytes as sent (chunk framing included); backstop
};

class ConnectionStream final : public httplib::Stream {
 public:
  // Why reading stopped early, for the answer's status (408, 431, 413).
  enum class Stop { none, timed_out, head_too_large, body_too_large, shutting_down };

  ConnectionStream(int fd, const StreamLimits& limits, int stop_fd);

  // Between requests: bytes already read ahead (a pipelined request).
  bool has_buffered() const { return pos_ < buf_.size(); }
  // A request starts (its first byte is here): deadline and counters start over.
  void begin_request();
  // Its head has been read: what follows is body.
  void head_done() { in_head_ = false; }
  Stop stopped() const { return stop_; }
  // The current request's path held a percent-escape (path_has_escapes).
  bool path_escaped() const { return path_escaped_; }
  // Some of the current request has been read.
  bool request_started() const { return head_used_ > 0 || has_buffered(); }
  // Set by a handler that left body bytes unread: the connection cannot carry another request.
  bool close_after = false;
  // The answer was sent with request bytes perhaps still coming: read them off before closing.
  bool linger = false;

  bool is_readable() const override;
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  // Reads more bytes into buf_; false at end of input, on a timeout or on a stop (stop_ says).
  bool fill();
  // read() past its one-byte case.
  [[gnu::noinline]] ssize_t read_more(char* ptr, size_t size);
  // Makes sure the request line is whole in buf_, then rewrites it (normalize_request_line).
  void prepare_request_line();

  int fd_, stop_fd_;
  StreamLimits limits_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  std::size_t head_used_ = 0, body_used_ = 0;
  bool line_pending_ = false, in_head_ = false, path_escaped_ = false;
  Stop stop_ = Stop::none;
  // The connection's two addresses, as address() found them (ip empty: the lookup failed).
  struct Address {
    bool known = false;
    std::string ip;
    int port = 0;
  };
  mutable Address remote_, local_;
  void cached_address(Address& a, bool peer, std::string& ip, int& port) const;
};

}  // namespace urlscan::service
