#include "rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>

namespace urlscan::service {

bool RateLimiter::allow(const std::string& client, int& retry_after_s, Clock::time_point now) {
  if (!enabled()) return true;
  Shard& shard = shards_[std::hash<std::string>{}(client) % shards_.size()];
  const std::lock_guard lock(shard.mutex);
  auto refill = [&](Bucket& b) {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
    b.last = now;
  };
  // Bounded memory under many clients: now and then, drop buckets that have refilled (a new
  // bucket starts full, so forgetting them changes nothing).
  if (++shard.since_sweep >= 4096) {
    shard.since_sweep = 0;
    for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
      refill(it->second);
      it = it->second.tokens >= burst_ ? shard.buckets.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = shard.buckets.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) refill(b);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  retry_after_s = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
  return false;
}

std::size_t RateLimiter::clients() const {
  std::size_t n = 0;
  for (const Shard& s : shards_) {
    const std::lock_guard lock(s.mutex);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace urlscan::service
