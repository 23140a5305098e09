// A bounded cache of per-host results, one per thread (it lives in a Scratch): most inputs repeat
// hosts heavily, and the work that depends on the host alone is then done once per host. Two-way
// set-associative, a fixed number of entries, keyed by the full host text (compared in full, so a
// hash collision cannot return another host's value) and an owner generation (a cache filled
// for one model or rule set is never read for another). Hosts longer than kMaxHost bytes are
// not cached: the caller computes them each time.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "urlscan/features.hpp"
#include "urlscan/rules.hpp"  // HostCacheCounts

namespace urlscan::detail {

// A process-wide counter: each owner of cached results (a Scorer, a rule set) takes its own.
std::uint64_t next_cache_generation() noexcept;

template <class Value>
class HostCache {
 public:
  static constexpr std::size_t kMaxHost = 54;  // key + size + way bit fill one 64-byte line

  // `entries` (rounded down to a power of two, at least 2): the cache's size. Each entry is
  // about 100 bytes, so a thread's default caches hold some 3.4 MB each.
  explicit HostCache(std::size_t entries) {
    sets_ = 1;
    while (2 * sets_ * 2 <= entries) sets_ *= 2;
  }

  // The entry for `host`: `fresh` says whether its value must be computed (the entry is then
  // reset and already keyed). nullptr when the host is not cacheable.
  Value* find(std::uint64_t generation, std::string_view host, bool& fresh) {
    if (host.size() > kMaxHost) {
      ++counts_.uncacheable;
      return nullptr;
    }
    if (generation != generation_) {
      keys_.assign(2 * sets_, Key{});
      values_.assign(2 * sets_, Value{});
      mru_.assign(sets_, 0);
      generation_ = generation;
    }
    const std::uint64_t h = hash_bytes(0x9e3779b97f4a7c15ull, host);
    const std::size_t set = static_cast<std::size_t>(h) & (sets_ - 1);
    const auto tag = static_cast<std::uint8_t>(h >> 56) | 1;  // 0: an empty way
    for (std::size_t w = 0; w < 2; ++w) {
      const Key& k = keys_[2 * set + w];
      if (k.tag == tag && k.size == host.size() &&
          std::memcmp(k.host, host.data(), host.size()) == 0) {
        mru_[set] = static_cast<std::uint8_t>(w);
        fresh = false;
        ++counts_.hits;
        return &values_[2 * set + w];
      }
    }
    const std::size_t w = mru_[set] ^ 1u;  // the least recently used way
    Key& k = keys_[2 * set + w];
    k.tag = tag;
    k.size = static_cast<std::uint8_t>(host.size());
    std::memcpy(k.host, host.data(), host.size());
    mru_[set] = static_cast<std::uint8_t>(w);
    values_[2 * set + w] = Value{};
    fresh = true;
    ++counts_.misses;
    return &values_[2 * set + w];
  }

  // Forgets an entry find() just returned fresh (its value could not be cached after all).
  void drop(const Value* v) {
    const auto i = static_cast<std::size_t>(v - values_.data());
    keys_[i] = Key{};
  }

  const HostCacheCounts& counts() const noexcept { return counts_; }

 private:
  struct Key {
    std::uint8_t tag = 0;
    std::uint8_t size = 0;
    char host[kMaxHost];
  };
  std::uint64_t generation_ = 0;  // 0: never filled (generations start at 1)
  std::size_t sets_ = 1;          // a power of two
  std::vector<Key> keys_;         // allocated on first use: a Scratch costs nothing until then
  std::vector<Value> values_;
  std::vector<std::uint8_t> mru_;
  HostCacheCounts counts_;
};

}  // namespace urlscan::detail
