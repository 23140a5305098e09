// A bounded cache of whole results keyed by the record's full text, shared by every thread of a
// scan: logs and URL lists repeat records, and a repeat is then scored once, whichever thread
// meets it (per-thread caches would each need the whole working set: at 16 threads, a 16th of
// the memory each).
//
// Log-structured, so that memory holds records of their own size (a URL's mean is ~55 bytes; a
// fixed slot would waste most of itself or refuse long ones): each record -- a header (its
// seal), its value, its key -- is appended to a ring of 64-bit words, overwriting the oldest; an
// index of buckets, four slots each (a record's position and its hash), points into it. A hit
// compares the key in full, so a hash collision, even a crafted one, is a miss; it checks,
// after the copy, that the ring was not written over the record meanwhile (a seqlock's check:
// the writer reserves its words before it writes them), so a torn copy is a miss too; and the
// header is a seal, a 64-bit hash of the owner's generation, the key's length, the record's
// position and its value, recomputed from what was read. The seal is for the writer the seqlock
// cannot see: one preempted between its reservation and its writes for a whole lap of the ring
// writes late over newer records (CI's loaded machine did that to the threads test's 64 KB
// ring). Its words then break the seal, or the key compare, of the record they land on, so that
// record is a miss (a wrong hit needs that late write and a 64-bit collision). Every shared word
// is read and written through std::atomic_ref (relaxed loads and stores are plain moves on
// x86-64 and arm64), so there is no data race, only the occasional lost insert when two threads
// pick one slot.
// Both arrays come from calloc: the pages a short input never reaches are never resident.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>

namespace urlscan::detail {

// wyhash's step: one 64x64->128-bit multiply, its halves folded.
inline std::uint64_t wymix(std::uint64_t a, std::uint64_t b) noexcept {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}
inline constexpr std::uint64_t kWy0 = 0xa0761d6478bd642full, kWy1 = 0xe7037ed1a0b428dbull,
                               kWy2 = 0x8ebc6af09c88c6e3ull;

// The cache's hash of a record: 16 bytes a step, each step one wymix of the two halves,
// independent of the others, so a URL costs a few instructions per 16 bytes (the features'
// hash_bytes chains a finaliser per 8). Its quality only spreads records over the index: a
// crafted collision costs a miss, never a wrong result (keys are compared).
inline std::uint64_t record_hash(std::string_view key) noexcept {
  constexpr std::uint64_t k0 = kWy0, k1 = kWy1, k2 = kWy2;
  const auto mix = wymix;
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
  static constexpr std::size_t kValueWords = (sizeof(Value) + 7) / 8;

 public:
  struct NoHook {
    void operator()() const noexcept {}
  };
  // Records whose key is longer are not cached (each would take a large part of the ring).
  static constexpr std::size_t kMaxKey = 2048;

  // `bytes`: the ring's size, rounded down to a power of two, at least 64 KB (the index adds
  // an eighth).
  explicit ResultCache(std::size_t bytes) {
    ring_words_ = 8 * 1024;
    while (ring_words_ * 2 * 8 <= bytes) ring_words_ *= 2;
    // About one bucket per four ~128-byte records: the index holds the ring's records with room
    // to spare, so a slot is seldom reused before its record is overwritten anyway.
    buckets_ = ring_words_ * 8 / 512;
    ring_.reset(static_cast<std::uint64_t*>(std::calloc(ring_words_, 8)));
    index_memory_.reset(static_cast<char*>(std::calloc(buckets_ * sizeof(Bucket) + 63, 1)));
    if (!ring_ || !index_memory_) throw std::bad_alloc();
    void* at = index_memory_.get();
    std::size_t space = buckets_ * sizeof(Bucket) + 63;
    index_ = static_cast<Bucket*>(std::align(64, buckets_ * sizeof(Bucket), at, space));
  }
  ResultCache(const ResultCache&) = delete;
  ResultCache& operator=(const ResultCache&) = delete;

  // Warms the lines a find() of `hash` reads: its bucket now, and (once the bucket is in cache,
  // so call it a few records after prefetch_bucket) the record its first matching slot names.
  void prefetch_bucket(std::uint64_t hash) const noexcept { __builtin_prefetch(&bucket(hash)); }
  void prefetch_record(std::uint64_t hash) const noexcept {
    Bucket& b = bucket(hash);
    for (int w = 0; w < 4; ++w)
      if (load(b.hash[w]) == hash) {
        __builtin_prefetch(ring_.get() + ((load(b.pos[w]) - 1) & (ring_words_ - 1)));
        return;
      }
  }

  // Copies the value that `generation`'s owner cached for `key` into `out`; false when there is
  // none (or the key is too long to be cached). `after_key_check` runs once a record's key has
  // matched, before its value is read: a test's writer overwrites the record there, the race a
  // reader can lose and the checks below must catch (the window is too short to hit with real
  // threads).
  template <class Hook = NoHook>
  bool find(std::uint64_t generation, std::uint64_t hash, std::string_view key, Value& out,
            Hook&& after_key_check = {}) const noexcept {
    if (key.size() > kMaxKey) return false;
    Bucket& b = bucket(hash);
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    for (int w = 0; w < 4; ++w) {
      if (load(b.hash[w]) != hash) continue;
      const std::uint64_t pos = std::atomic_ref<std::uint64_t>(b.pos[w]).load(
          std::memory_order_acquire);  // the record's words were written before it
      if (pos == 0 || pos - 1 + ring_words_ < head) continue;  // empty, or overwritten
      const std::uint64_t p = pos - 1;
      if (!same_key(p + 1 + kValueWords, key)) continue;
      after_key_check();
      const std::uint64_t sealed = word(p);
      std::uint64_t v[kValueWords];
      for (std::size_t k = 0; k < kValueWords; ++k) v[k] = word(p + 1 + k);
      // Was any of it overwritten while it was read? A writer reserves its words (head) before
      // it writes them: if this read saw one of its words, it sees its reservation here.
      std::atomic_thread_fence(std::memory_order_acquire);
      if (p + ring_words_ < head_.load(std::memory_order_relaxed)) continue;
      // Another owner's record, another key length, or words a late writer left (see the top).
      if (sealed != seal(generation, key.size(), p, v)) continue;
      std::memcpy(&out, v, sizeof(Value));
      return true;
    }
    return false;
  }

  // Caches `value` for `key` (after a find() missed it). `after_reserve` runs between the
  // reservation and the writes: a test's other writers lap the ring there, as a preempted
  // writer's would.
  template <class Hook = NoHook>
  void insert(std::uint64_t generation, std::uint64_t hash, std::string_view key,
              const Value& value, Hook&& after_reserve = {}) noexcept {
    if (key.size() > kMaxKey) return;
    const std::size_t key_words = (key.size() + 7) / 8;
    const std::uint64_t p = head_.fetch_add(1 + kValueWords + key_words, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);  // the reservation before the words
    after_reserve();
    std::uint64_t v[kValueWords] = {};
    std::memcpy(v, &value, sizeof(Value));
    set_word(p, seal(generation, key.size(), p, v));
    for (std::size_t k = 0; k < kValueWords; ++k) set_word(p + 1 + k, v[k]);
    for (std::size_t k = 0; k < key_words; ++k) set_word(p + 1 + kValueWords + k, key_word(key, k));
    // The slot: an empty or overwritten one, else the oldest. Another thread may pick the same
    // one at once: then one of the two records is only in the ring, and is a miss later.
    Bucket& b = bucket(hash);
    int victim = 0;
    std::uint64_t oldest = ~std::uint64_t{0};
    for (int w = 0; w < 4; ++w) {
      const std::uint64_t pos = load(b.pos[w]);
      if (pos == 0 || pos - 1 + ring_words_ < p) {
        victim = w;
        break;
      }
      if (pos < oldest) {
        oldest = pos;
        victim = w;
      }
    }
    std::atomic_ref<std::uint64_t>(b.hash[victim]).store(hash, std::memory_order_relaxed);
    std::atomic_ref<std::uint64_t>(b.pos[victim]).store(p + 1, std::memory_order_release);
  }

 private:
  struct alignas(64) Bucket {
    std::uint64_t pos[4];   // the record's first word's position in the ring's history, + 1
    std::uint64_t hash[4];  // its key's hash
  };
  struct Free {
    void operator()(void* p) const noexcept { std::free(p); }
  };

  Bucket& bucket(std::uint64_t hash) const noexcept { return index_[hash & (buckets_ - 1)]; }
  // A record's header: its owner, key length, position and value, hashed. The position makes
  // a record's words copied to another place (a later lap) read as another record.
  static std::uint64_t seal(std::uint64_t generation, std::size_t key_size, std::uint64_t p,
                            const std::uint64_t (&v)[kValueWords]) noexcept {
    std::uint64_t h = wymix(generation ^ kWy0, p ^ kWy1) ^ key_size;
    for (std::size_t k = 0; k < kValueWords; ++k) h = wymix(h ^ v[k], kWy2 + k);
    return wymix(h ^ kWy1, kWy0);
  }
  static std::uint64_t load(std::uint64_t& w) noexcept {
    return std::atomic_ref<std::uint64_t>(w).load(std::memory_order_relaxed);
  }
  std::uint64_t word(std::uint64_t p) const noexcept {
    return load(ring_.get()[p & (ring_words_ - 1)]);
  }
  void set_word(std::uint64_t p, std::uint64_t v) noexcept {
    std::atomic_ref<std::uint64_t>(ring_.get()[p & (ring_words_ - 1)])
        .store(v, std::memory_order_relaxed);
  }
  // The key's k-th word, zero-padded past its end. A whole word is one fixed-size load; the last,
  // partial one is the key's last 8 bytes shifted (or, for a key under 8 bytes, a byte loop):
  // a memcpy of a variable length would be a call per word.
  static std::uint64_t key_word(std::string_view key, std::size_t k) noexcept {
    const std::size_t at = 8 * k, left = key.size() - at;
    std::uint64_t w = 0;
    if (left >= 8) {
      std::memcpy(&w, key.data() + at, 8);
      return w;
    }
    if (key.size() >= 8) {
      std::memcpy(&w, key.data() + key.size() - 8, 8);
      // Keep the `left` bytes that are the key's last, where a zero-padded load puts them.
      if constexpr (std::endian::native == std::endian::little)
        return w >> (8 * (8 - left));
      else
        return w << (8 * (8 - left));
    }
    for (std::size_t i = 0; i < left; ++i) {
      const auto byte = static_cast<std::uint64_t>(static_cast<unsigned char>(key[at + i]));
      if constexpr (std::endian::native == std::endian::little)
        w |= byte << (8 * i);
      else
        w |= byte << (8 * (7 - i));
    }
    return w;
  }
  bool same_key(std::uint64_t p, std::string_view key) const noexcept {
    const std::size_t words = (key.size() + 7) / 8, whole = key.size() / 8;
    const std::size_t at = p & (ring_words_ - 1);
    if (at + words > ring_words_) {  // the record wraps round the ring's end: word by word
      for (std::size_t k = 0; k < words; ++k)
        if (word(p + k) != key_word(key, k)) return false;
      return true;
    }
    // Most records: contiguous, so whole words compare without the ring's mask or a tail test.
    std::uint64_t* r = ring_.get() + at;
    for (std::size_t k = 0; k < whole; ++k) {
      std::uint64_t w;
      std::memcpy(&w, key.data() + 8 * k, 8);
      if (load(r[k]) != w) return false;
    }
    return whole == words || load(r[whole]) == key_word(key, whole);
  }

  std::size_t ring_words_ = 0;  // a power of two
  std::size_t buckets_ = 1;     // a power of two
  std::unique_ptr<std::uint64_t, Free> ring_;
  std::unique_ptr<char, Free> index_memory_;
  Bucket* index_ = nullptr;  // index_memory_, 64-byte aligned
  // Words ever reserved; on a line of its own, as every thread's insert writes it.
  alignas(64) std::atomic<std::uint64_t> head_{0};
};

}  // namespace urlscan::detail
