// cpp-httplib's Server with the connection handling of its own: a thread per connection from a
// pool that grows on demand up to a bound, an idle timeout of its own (separate from the read
// timeout), the oldest idle connection closed to make room when the bound is reached, a listen
// backlog the kernel's maximum (0.11 hard-codes 5), and every answer's Connection/Keep-Alive
// headers matching what is done with the connection afterwards.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <list>
#include <mutex>

#include "connection_stream.hpp"

namespace urlscan::service {

class ConnectionPool;

struct ConnectionLimits {
  StreamLimits stream;
  int idle_timeout_ms = 5000;          // a connection with no request in this long is closed
  std::size_t max_connections = 1024;  // served at once (one thread each)
  std::size_t min_threads = 8;         // kept when idle
};

class HttpServer final : public httplib::Server {
 public:
  explicit HttpServer(const ConnectionLimits& limits);
  ~HttpServer() override;

  // After bind_to_port: the listen backlog raised (re-listen on the bound socket) and the file
  // descriptor limit raised to what the connection bound needs. Returns the connection bound in
  // force (lowered when the descriptor limit cannot be raised far enough).
  std::size_t prepare_listening();
  // Stops accepting; idle connections are closed, requests in flight finish with
  // "Connection: close".
  void shut_down();
  // The connection the calling handler thread serves (nullptr outside a request).
  static ConnectionStream* current();

 protected:
  bool process_and_close_socket(socket_t sock) override;

 private:
  struct Idle {
    int fd;
    bool evicted;
  };
  // Waits for the next request on `c`; false when the connection should close.
  bool wait_for_request(ConnectionStream& c);
  // Closes the oldest idle connection (the pool is full and a new one waits).
  void evict_idle();
  void set_connection_headers(const httplib::Request& req, httplib::Response& res);

  ConnectionLimits limits_;
  ConnectionPool* pool_ = nullptr;  // made by the library's listen, ended before it returns
  int stop_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::mutex idle_mutex_;
  std::list<Idle> idle_;
};

}  // namespace urlscan::service
