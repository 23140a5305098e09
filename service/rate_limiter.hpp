// Per-client token buckets: each client (by address) gets `rate` requests per second with
// bursts up to `burst`. Thread-safe; sharded so that workers rarely wait on one another.
#pragma once

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace urlscan::service {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}
  bool enabled() const { return rate_ > 0; }
  // True when the request may go on; otherwise `retry_after_s` says when a token will be there.
  bool allow(const std::string& client, int& retry_after_s, Clock::time_point now = Clock::now());
  std::size_t clients() const;  // buckets held now

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
    std::size_t since_sweep = 0;
  };
  double rate_, burst_;
  std::array<Shard, 16> shards_;
};

}  // namespace urlscan::service
