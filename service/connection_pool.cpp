#include "connection_pool.hpp"

#include <chrono>
#include <thread>

namespace urlscan::service {

namespace {
// An idle thread above the minimum ends after this long without work.
constexpr auto kRetireAfter = std::chrono::seconds(30);
}  // namespace

ConnectionPool::ConnectionPool(std::size_t min_threads, std::size_t max_threads,
                               std::function<void()> make_room)
    : min_threads_(min_threads),
      max_threads_(std::max(max_threads, min_threads)),
      make_room_(std::move(make_room)) {}

ConnectionPool::~ConnectionPool() {
  shutdown();
}

void ConnectionPool::enqueue(std::function<void()> fn) {
  bool full = false;
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(fn));
    if (idle_ >= jobs_.size()) {
      work_.notify_one();
    } else if (threads_ < max_threads_) {
      ++threads_;
      ++idle_;  // counted idle until it takes the job
      std::thread([this] { worker(); }).detach();
    } else {
      full = true;
    }
  }
  if (full && make_room_) make_room_();
}

bool ConnectionPool::starved() {
  std::lock_guard lock(mutex_);
  return jobs_.size() > idle_;
}

void ConnectionPool::worker() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (jobs_.empty() && !shutdown_) {
      const bool woke =
          work_.wait_for(lock, kRetireAfter, [this] { return !jobs_.empty() || shutdown_; });
      if (!woke && threads_ > min_threads_) break;
      continue;
    }
    if (jobs_.empty()) break;  // shutting down, nothing left
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_;
    lock.unlock();
    job();
    lock.lock();
    ++idle_;
  }
  --idle_;
  --threads_;
  ended_.notify_all();
}

void ConnectionPool::shutdown() {
  std::unique_lock lock(mutex_);
  shutdown_ = true;
  work_.notify_all();
  ended_.wait(lock, [this] { return threads_ == 0; });
}

}  // namespace urlscan::service
