#include "http_server.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "connection_pool.hpp"
#include "http_text.hpp"
#include "request_body.hpp"

namespace urlscan::service {

namespace {

thread_local ConnectionStream* tls_connection = nullptr;

// Answers after which the rest of the request may still be unread: the connection closes.
bool leaves_bytes_unread(int status) {
  switch (status) {
    case 400:
    case 408:
    case 411:
    case 413:
    case 414:
    case 431:
    case 501:
      return true;
    default:
      return false;
  }
}

// How long a closing connection keeps reading (and dropping) what the client still sends, so that
// the kernel does not answer it with a reset that can destroy our answer in flight (Apache's
// lingering close).
constexpr auto kLinger = std::chrono::milliseconds(2000);

void linger_and_close(int fd) {
  ::shutdown(fd, SHUT_WR);
  const auto until = std::chrono::steady_clock::now() + kLinger;
  char sink[16 * 1024];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    if (::recv(fd, sink, sizeof sink, MSG_DONTWAIT) <= 0) break;
  }
  ::close(fd);
}

}  // namespace

HttpServer::HttpServer(const ConnectionLimits& limits)
    : limits_(limits), stop_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  new_task_queue = [this] {
    pool_ =
        new ConnectionPool(limits_.min_threads, limits_.max_connections, [this] { evict_idle(); });
    return pool_;
  };
  set_keep_alive_timeout(std::max(1, limits_.idle_timeout_ms / 1000));
  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second server on a
  // port already in use started "fine" and the kernel split the clients between the two.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    set_connection_headers(req, res);
  });
}

HttpServer::~HttpServer() {
  if (stop_fd_ >= 0) ::close(stop_fd_);
}

ConnectionStream* HttpServer::current() {
  return tls_connection;
}

std::size_t HttpServer::prepare_listening() {
  // 0.11's bind listens with a backlog of 5: a burst of new clients would wait for SYN retries.
  ::listen(svr_sock_, SOMAXCONN);
  // Each connection holds a descriptor: raise the soft limit as far as the hard one allows.
  rlimit fds{};
  if (::getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur < fds.rlim_max) {
    fds.rlim_cur = fds.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &fds);
  }
  constexpr rlim_t kSpare = 64;  // the listener, model files, the model API client, stdio
  if (::getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur != RLIM_INFINITY &&
      fds.rlim_cur < limits_.max_connections + kSpare)
    limits_.max_connections = fds.rlim_cur > 2 * kSpare ? fds.rlim_cur - kSpare : kSpare;
  return limits_.max_connections;
}

void HttpServer::shut_down() {
  stopping_ = true;
  const std::uint64_t one = 1;
  if (stop_fd_ >= 0 && ::write(stop_fd_, &one, sizeof one) < 0) {
    // An eventfd write fails only on overflow; idle connections still end at their timeout.
  }
  stop();
}

bool HttpServer::wait_for_request(ConnectionStream& c) {
  if (c.has_buffered()) return true;
  std::list<Idle>::iterator me;
  {
    // A connection that has nothing to say gives its thread up when others wait for one (checked
    // under the lock evict_idle takes after a connection is queued: one of the two sees it).
    std::lock_guard lock(idle_mutex_);
    pollfd now{c.socket(), POLLIN, 0};
    if (pool_ && pool_->starved() && ::poll(&now, 1, 0) == 0) return false;
    me = idle_.insert(idle_.end(), Idle{c.socket(), false});
  }
  pollfd fds[2] = {{c.socket(), POLLIN, 0}, {stop_fd_, POLLIN, 0}};
  const int n = ::poll(fds, 2, limits_.idle_timeout_ms);
  bool evicted = false;
  {
    std::lock_guard lock(idle_mutex_);
    evicted = me->evicted;
    idle_.erase(me);
  }
  return n > 0 && !evicted && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !stopping_;
}

void HttpServer::evict_idle() {
  std::lock_guard lock(idle_mutex_);
  for (Idle& i : idle_)
    if (!i.evicted) {
      i.evicted = true;
      ::shutdown(i.fd, SHUT_RDWR);  // wakes its poll; the thread then closes it
      return;
    }
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  ConnectionStream c(sock, limits_.stream, stop_fd_);
  tls_connection = &c;
  bool ok = true;
  while (!stopping_ && wait_for_request(c)) {
    c.begin_request();
    bool closed = false;
    ok = process_request(c, stopping_, closed, nullptr);
    // The library answers nothing when the request line never came whole: a slow client that
    // ran out of time is told so.
    if (!ok && c.stopped() == ConnectionStream::Stop::timed_out && c.request_started()) {
      static constexpr char kTimedOut[] =
          "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json\r\n"
          "Content-Length: 29\r\n\r\n{\"error\":\"request timed out\"}";
      c.write(kTimedOut, sizeof kTimedOut - 1);
    }
    if (!ok || closed || c.close_after) break;
  }
  tls_connection = nullptr;
  if (c.linger || c.has_buffered())
    linger_and_close(sock);
  else
    ::close(sock);
  return ok;
}

// Called once the library has written its own connection headers, before they are sent: they
// are made to say what process_and_close_socket will then do (the library says Keep-Alive to an
// HTTP/1.0 client and closes).
void HttpServer::set_connection_headers(const httplib::Request& req, httplib::Response& res) {
  ConnectionStream* c = current();
  const std::string* connection_header = find_header(req.headers, "Connection");
  const std::string_view connection = connection_header ? *connection_header : std::string_view();
  // What the library itself decides (process_request's connection_closed), and ours on top.
  const bool http10 = req.version == "HTTP/1.0";
  const bool close = stopping_ || connection == "close" || has_token(connection, "close") ||
                     (http10 && connection != "Keep-Alive") || leaves_bytes_unread(res.status) ||
                     !c || c->close_after || c->stopped() != ConnectionStream::Stop::none;
  if (c && (c->close_after || leaves_bytes_unread(res.status) ||
            c->stopped() != ConnectionStream::Stop::none))
    c->linger = true;
  if (c && close) c->close_after = true;
  res.headers.erase("Connection");
  res.headers.erase("Keep-Alive");
  if (close) {
    res.set_header("Connection", "close");
    return;
  }
  if (http10) res.set_header("Connection", "keep-alive");
  res.set_header("Keep-Alive",
                 "timeout=" + std::to_string(std::max(1, limits_.idle_timeout_ms / 1000)));
}

}  // namespace urlscan::service
