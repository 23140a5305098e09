// A bounded cache of whole results keyed by the record's full text, one per thread (it lives in
// a Scorer::Scratch): logs and URL lists repeat records, and a repeat is then scored once.
//
// Log-structured, so that memory holds records of their own size (a URL's mean is ~55 bytes; a
// fixed slot would waste most of itself or refuse long ones): each record -- its value, then
// its key -- is appended to a ring of `bytes`, overwriting the oldest; an index of 16-byte slots,
// four to a 64-byte bucket, points into the ring. A slot is live while its record has not been
// overwritten (its position is within the ring's last `bytes`), and a hit compares the key in
// full: a hash collision, even a crafted one, cannot return another record's result. Keyed by an
// owner generation too, as the host caches are. Both arrays come from calloc, so the pages a
// short input never reaches are never resident.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>

#include "urlscan/rules.hpp"  // HostCacheCounts

namespace urlscan::detail {

// The cache's hash of a record: 16 bytes a step, each step one 64x64->128-bit multiply of the
// two halves (wyhash's), independent of the others, so a URL costs a few instructions per 16
// bytes (the features' hash_bytes chains a finaliser per 8). Its quality only spreads records
// over the index: a crafted collision costs a miss, never a wrong result (keys are compared).
inline std::uint64_t record_hash(std::string_view key) noexcept {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull,
                          k2 = 0x8ebc6af09c88c6e3ull;
  auto mix = [](std::uint64_t a, std::uint64_t b) noexcept {
    const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
  };
  auto load = [](const char* p, std::size_t n) noexcept {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    return w;
  };
  const char* p = key.data();
  std::size_t n = key.size();
  std::uint64_t h = k2 ^ (n * k0);
  for (; n > 16; n -= 16, p += 16) h += mix(load(p, 8) ^ k0, load(p + 8, 8) ^ k1);
  // The last 1..16 bytes (the two loads may overlap); none for an empty key.
  const std::uint64_t a = n == 0 ? 0 : n >= 8 ? load(p, 8) : load(p, n);
  const std::uint64_t b = n > 8 ? load(p + n - 8, 8) : 0;
  return mix(h ^ mix(a ^ k1, b ^ k2), k0 ^ key.size());
}

template <class Value>
class ResultCache {
  static_assert(std::is_trivially_copyable_v<Value>);

 public:
  // Records whose key is longer are not cached (each would take a large part of the ring).
  static constexpr std::size_t kMaxKey = 2048;

  // `bytes`: the ring's size (the index adds an eighth); at least 64 KB.
  explicit ResultCache(std::size_t bytes) {
    ring_size_ = std::max<std::size_t>(bytes, 64 * 1024) & ~std::size_t{7};
    // About one bucket per four ~128-byte records: the index holds the ring's records with
    // room to spare, so a slot is seldom reused before its record is overwritten anyway.
    buckets_ = 1;
    while (buckets_ * 4 * 128 < ring_size_) buckets_ *= 2;
  }

  // Warms the lines a find() of `hash` reads: its bucket now, and (once the bucket is in cache,
  // so call it a few records after prefetch_bucket) the record its first matching slot names.
  // Both only hint: a lookup runs for one record after another, each mostly out of cache.
  void prefetch_bucket(std::uint64_t hash) const noexcept {
    if (index_) __builtin_prefetch(&index_[hash & (buckets_ - 1)]);
  }
  void prefetch_record(std::uint64_t hash) const noexcept {
    if (!index_) return;
    const Bucket& b = index_[hash & (buckets_ - 1)];
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (const Slot& s : b.slot)
      if (s.tag == tag && s.pos != 0) {
        __builtin_prefetch(ring_.get() + (s.pos - 1) % ring_size_);
        return;
      }
  }

  // Copies the value cached for `key` into `out`; false when there is none.
  bool find(std::uint64_t generation, std::uint64_t hash, std::string_view key, Value& out) {
    if (key.size() > kMaxKey) {
      ++counts_.uncacheable;
      return false;
    }
    if (generation != generation_ || !ring_) reset(generation);
    const Bucket& b = index_[hash & (buckets_ - 1)];
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (const Slot& s : b.slot) {
      if (s.tag != tag || s.size != key.size() || !live(s.pos)) continue;
      const char* rec = ring_.get() + (s.pos - 1) % ring_size_;
      if (std::memcmp(rec + sizeof(Value), key.data(), key.size()) != 0) continue;
      std::memcpy(&out, rec, sizeof(Value));
      ++counts_.hits;
      return true;
    }
    ++counts_.misses;
    return false;
  }

  // Caches `value` for `key` (after a find() of the same generation missed).
  void insert(std::uint64_t hash, std::string_view key, const Value& value) {
    if (key.size() > kMaxKey || !ring_) return;
    const std::size_t need = (sizeof(Value) + key.size() + 7) & ~std::size_t{7};
    std::size_t at = head_ % ring_size_;
    if (at + need > ring_size_) {  // records never wrap: skip the ring's tail
      head_ += ring_size_ - at;
      at = 0;
    }
    char* rec = ring_.get() + at;
    std::memcpy(rec, &value, sizeof(Value));
    std::memcpy(rec + sizeof(Value), key.data(), key.size());
    const std::uint64_t pos = head_ + 1;
    head_ += need;
    // The slot: the same key's if present, else a dead or empty one, else the oldest.
    Bucket& b = index_[hash & (buckets_ - 1)];
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    Slot* victim = &b.slot[0];
    for (Slot& s : b.slot) {
      if (!live(s.pos)) {
        victim = &s;
        break;
      }
      if (s.pos < victim->pos) victim = &s;
    }
    *victim = Slot{pos, tag, static_cast<std::uint32_t>(key.size())};
  }

  const HostCacheCounts& counts() const noexcept { return counts_; }

 private:
  struct Slot {
    std::uint64_t pos = 0;  // the record's position in the ring's history, plus 1 (0: empty)
    std::uint32_t tag = 0;  // the hash's high half
    std::uint32_t size = 0;
  };
  struct alignas(64) Bucket {
    Slot slot[4];
  };
  struct Free {
    void operator()(void* p) const noexcept { std::free(p); }
  };

  // A record at position p (as stored: p + 1) is intact until the ring has been written past
  // p + ring_size_.
  bool live(std::uint64_t pos) const noexcept { return pos != 0 && pos - 1 + ring_size_ >= head_; }

  void reset(std::uint64_t generation) {
    generation_ = generation;
    head_ = 0;
    index_.reset(static_cast<Bucket*>(std::calloc(buckets_, sizeof(Bucket))));
    if (!ring_) ring_.reset(static_cast<char*>(std::calloc(ring_size_, 1)));
    if (!index_ || !ring_) throw std::bad_alloc();
  }

  std::uint64_t generation_ = 0;  // 0: never filled (generations start at 1)
  std::size_t ring_size_ = 0;
  std::size_t buckets_ = 1;  // a power of two
  std::uint64_t head_ = 0;   // bytes ever appended (with skipped tails)
  std::unique_ptr<Bucket[], Free> index_;
  std::unique_ptr<char[], Free> ring_;
  HostCacheCounts counts_;
};

}  // namespace urlscan::detail
