// The task queue for cpp-httplib's accept loop: one thread per connection, started on demand up
// to a bound and retired after a while idle (a fixed pool lets idle keep-alive clients starve
// everyone else). When the bound is reached a new connection waits for a free thread, and
// `make_room` is asked to close an idle connection so that one is freed soon.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace urlscan::service {

class ConnectionPool final : public httplib::TaskQueue {
 public:
  ConnectionPool(std::size_t min_threads, std::size_t max_threads, std::function<void()> make_room);
  ~ConnectionPool() override;

  void enqueue(std::function<void()> fn) override;
  // More connections wait than there are free threads.
  bool starved();
  // Runs what is queued, then waits for every thread to end.
  void shutdown() override;

 private:
  void worker();

  const std::size_t min_threads_, max_threads_;
  std::function<void()> make_room_;
  std::mutex mutex_;
  std::condition_variable work_, ended_;
  std::deque<std::function<void()>> jobs_;
  std::size_t threads_ = 0, idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace urlscan::service
