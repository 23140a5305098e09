#include "domain/host_cache.hpp"

#include <atomic>

namespace urlscan::detail {

std::uint64_t next_cache_generation() noexcept {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace urlscan::detail
