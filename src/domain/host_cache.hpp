// A bounded cache of per-host results, one per thread (it lives in a Scratch): most inputs repeat
// hosts heavily, and the work that depends on the host alone is then done once per host. Two-way
// set-associative, a fixed number of entries, keyed by the full host text (compared in full, so a
// hash collision cannot return another host's value) and an owner generation (a cache filled
// for one model or rule set is never read for another). Hosts longer than kMaxHost bytes are
// not cached: the caller computes them each time.
#pragma once

#include <cstddef>
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
  static constexpr std::size_t kMaxHost = 54;  // longer hosts are not cached

  // `entries` (rounded down to a power of two, at least 2): the cache's size. An entry is the
  // value, the host's length and its bytes, 64-byte aligned (one line when the value and host fit
  // in 63 bytes), plus one tag byte per entry in a small array of its own.
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
      entries_.assign(2 * sets_, Entry{});
      sets_meta_.assign(sets_, Set{});
      generation_ = generation;
    }
    const std::uint64_t h = hash_bytes(0x9e3779b97f4a7c15ull, host);
    const std::size_t set = static_cast<std::size_t>(h) & (sets_ - 1);
    const auto tag = static_cast<std::uint8_t>(h >> 56) | 1;  // 0: an empty way
    // The tags first (4 bytes a set, 64 KB for 16,384 sets: mostly in L2): an entry's own line
    // is read only when its tag matches, and written only when it is refilled.
    Set& m = sets_meta_[set];
    for (std::size_t w = 0; w < 2; ++w) {
      if (m.tag[w] != tag) continue;
      Entry& e = entries_[2 * set + w];
      if (e.size == host.size() && std::memcmp(e.host, host.data(), host.size()) == 0) {
        m.mru = static_cast<std::uint8_t>(w);
        fresh = false;
        ++counts_.hits;
        return &e.value;
      }
    }
    const std::size_t w = m.mru ^ 1u;  // the least recently used way
    Entry& e = entries_[2 * set + w];
    m.tag[w] = tag;
    m.mru = static_cast<std::uint8_t>(w);
    e.value = Value{};
    e.size = static_cast<std::uint8_t>(host.size());
    std::memcpy(e.host, host.data(), host.size());
    fresh = true;
    ++counts_.misses;
    return &e.value;
  }

  // Forgets an entry find() just returned fresh (its value could not be cached after all).
  void drop(const Value* v) {
    const auto i = static_cast<std::size_t>(
        reinterpret_cast<const Entry*>(reinterpret_cast<const char*>(v) - offsetof(Entry, value)) -
        entries_.data());
    sets_meta_[i / 2].tag[i % 2] = 0;
  }

  const HostCacheCounts& counts() const noexcept { return counts_; }

 private:
  // The value first: with a short host, the whole entry is one cache line.
  struct alignas(64) Entry {
    Value value{};
    std::uint8_t size = 0;
    char host[kMaxHost];
  };
  struct Set {
    std::uint8_t tag[2] = {0, 0};  // 0: an empty way
    std::uint8_t mru = 0;          // the most recently used way
  };
  std::uint64_t generation_ = 0;  // 0: never filled (generations start at 1)
  std::size_t sets_ = 1;          // a power of two
  std::vector<Entry> entries_;    // allocated on first use: a Scratch costs nothing until then
  std::vector<Set> sets_meta_;
  HostCacheCounts counts_;
};

}  // namespace urlscan::detail
