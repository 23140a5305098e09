// The scorer's result cache (src/score/result_cache.hpp): a hit gives what scoring gives, bit for
// bit; a hash collision, a wrapped ring, a new threshold or other decisive-rule setting never
// returns a stale or foreign result.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "score/result_cache.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan {
namespace {

void expect_same(const Score& got, const Score& want, const std::string& what) {
  EXPECT_EQ(std::bit_cast<std::uint32_t>(got.raw), std::bit_cast<std::uint32_t>(want.raw)) << what;
  EXPECT_EQ(std::bit_cast<std::uint32_t>(got.probability),
            std::bit_cast<std::uint32_t>(want.probability))
      << what;
  EXPECT_EQ(got.phishing, want.phishing) << what;
  EXPECT_EQ(got.problem, want.problem) << what;
  EXPECT_EQ(got.allowlisted, want.allowlisted) << what;
  EXPECT_EQ(got.blocklisted, want.blocklisted) << what;
  EXPECT_EQ(got.platform_page, want.platform_page) << what;
  EXPECT_EQ(got.decided_by_rule, want.decided_by_rule) << what;
  EXPECT_EQ(got.n_rules, want.n_rules) << what;
  EXPECT_EQ(got.rules, want.rules) << what;
}

// Records of every kind: plain, allowlisted, a platform page, rule hits, unscorable, a 3 KB one
// (not cached).
std::vector<std::string> mixed_records() {
  std::vector<std::string> r = {"https://www.google.com/search?q=1",
                                "http://paypal.com.secure-login.example/verify",
                                "https://docs.google.com/forms/d/x",
                                "https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPq/edit",
                                "http://192.168.0.1/admin",
                                "not a url",
                                "",
                                "https://xn--pypal-4ve.com/login",
                                "https://bit.ly/3abc",
                                "https://example.org/" + std::string(3000, 'a')};
  for (int i = 0; i < 400; ++i)
    r.push_back("https://site" + std::to_string(i % 37) + ".example/p/" + std::to_string(i));
  return r;
}

TEST(ResultCache, RepeatsScoreAsFreshRecordsDo) {
  const Scorer s(Model::builtin());
  const std::vector<std::string> text = mixed_records();
  std::vector<std::string_view> in(text.begin(), text.end());
  std::vector<Score> want(in.size());
  Scorer::Scratch plain;  // no result cache
  s.score_batch(in, want, plain);
  EXPECT_EQ(Scorer::result_cache_counts(plain).hits + Scorer::result_cache_counts(plain).misses,
            0u);
  EXPECT_TRUE(std::any_of(want.begin(), want.end(),
                          [](const Score& w) { return !w.platform_page.empty(); }));
  // The ring's smallest size (64 KB) holds a few hundred records: the later passes refill it.
  for (const std::size_t bytes : {std::size_t{64} << 20, std::size_t{64} << 10}) {
    Scorer::Scratch cached(kHostCacheDefaultEntries, std::make_shared<ResultCache>(bytes));
    for (int pass = 0; pass < 6; ++pass) {
      std::vector<Score> got(in.size());
      s.score_batch(in, got, cached);
      for (std::size_t i = 0; i < in.size(); ++i)
        expect_same(got[i], want[i], text[i] + " pass " + std::to_string(pass));
    }
    const HostCacheCounts c = Scorer::result_cache_counts(cached);
    EXPECT_EQ(c.uncacheable, 6u);  // the 3 KB record, each pass
    EXPECT_EQ(c.hits + c.misses, 6 * (in.size() - 1));
    EXPECT_GT(c.hits, 0u);
    if (bytes == (std::size_t{64} << 20)) {
      EXPECT_EQ(c.misses, in.size() - 1);
    }
  }
}

TEST(ResultCache, ASettingThatChangesResultsIsNeverServedFromTheCache) {
  Scorer s(Model::builtin());
  Scorer::Scratch cached(kHostCacheDefaultEntries, std::make_shared<ResultCache>(1 << 20));
  // A verdict the model set (no rule decided it), below probability 1.
  const std::string_view url = "http://account-verify-center.example/login/update.php";
  const Score before = s.score(url, cached);
  ASSERT_TRUE(before.phishing);
  ASSERT_FALSE(before.decided_by_rule);
  ASSERT_LT(before.probability, 1.0f);
  s.set_threshold(1.0f);  // nothing below probability 1 is flagged now
  Scorer::Scratch fresh;
  const Score after = s.score(url, cached);
  expect_same(after, s.score(url, fresh), "after set_threshold");
  EXPECT_FALSE(after.phishing);
  s.set_decisive_rules(false);
  expect_same(s.score(url, cached), s.score(url, fresh), "after set_decisive_rules");
  // Another Scorer on the same Scratch: its own entries.
  const Scorer bare(Model::builtin(), nullptr);
  expect_same(bare.score(url, cached), bare.score(url, fresh), "another scorer");
}

TEST(ResultCache, KeysAreComparedInFullSoACollisionIsAMiss) {
  detail::ResultCache<int> c(64 << 10);
  int v = 0;
  // Every key under one hash: the same bucket, the same tag.
  EXPECT_FALSE(c.find(1, 42, "a", v));
  c.insert(1, 42, "a", 1);
  EXPECT_FALSE(c.find(1, 42, "b", v));
  c.insert(1, 42, "b", 2);
  ASSERT_TRUE(c.find(1, 42, "a", v));
  EXPECT_EQ(v, 1);
  ASSERT_TRUE(c.find(1, 42, "b", v));
  EXPECT_EQ(v, 2);
  EXPECT_FALSE(c.find(1, 42, "ab", v));
  // Four slots a bucket: the oldest of five same-hash keys is gone, the newest four stay.
  for (int k = 3; k <= 5; ++k) c.insert(1, 42, std::string(1, static_cast<char>('a' + k - 1)), k);
  EXPECT_FALSE(c.find(1, 42, "a", v));
  for (int k = 2; k <= 5; ++k) {
    ASSERT_TRUE(c.find(1, 42, std::string(1, static_cast<char>('a' + k - 1)), v)) << k;
    EXPECT_EQ(v, k);
  }
  // Another owner's generation: none of these.
  EXPECT_FALSE(c.find(2, 42, "b", v));
  c.insert(2, 42, "b", 20);
  ASSERT_TRUE(c.find(2, 42, "b", v));
  EXPECT_EQ(v, 20);
}

TEST(ResultCache, AWrappedRingForgetsOverwrittenRecords) {
  detail::ResultCache<std::uint64_t> c(64 << 10);
  std::uint64_t v = 0;
  // 100-byte keys (120-byte records: header, value, 13 key words): 64 KB holds 546; write 2,000,
  // each under its own hash.
  auto key = [](std::uint64_t i) { return std::to_string(i) + std::string(100 - 4, 'x'); };
  for (std::uint64_t i = 0; i < 2000; ++i) {
    const std::string k = key(i).substr(0, 100);
    ASSERT_FALSE(c.find(1, detail::record_hash(k), k, v)) << i;
    c.insert(1, detail::record_hash(k), k, i);
  }
  std::size_t kept = 0;
  for (std::uint64_t i = 0; i < 2000; ++i) {
    const std::string k = key(i).substr(0, 100);
    if (!c.find(1, detail::record_hash(k), k, v)) continue;
    EXPECT_EQ(v, i);  // a live slot gives its own record, never an overwritten one's bytes
    EXPECT_GE(i, 2000u - 600u);
    ++kept;
  }
  EXPECT_GT(kept, 400u);
  EXPECT_LE(kept, 546u);
}

// The seqlock's check, made deterministic: a writer wraps the ring over a record after the
// reader has matched its header and key, before it copies the value. The copy is then other
// records' words, and the reader must call it a miss; without the check it returns them.
TEST(ResultCache, ARecordOverwrittenWhileItIsReadIsAMiss) {
  detail::ResultCache<std::uint64_t> c(64 << 10);  // 8,192 words
  const std::string key = "https://example.org/a-record-that-is-read-while-it-is-overwritten";
  const std::uint64_t h = detail::record_hash(key);
  c.insert(1, h, key, 0x1111);
  std::uint64_t v = 0;
  ASSERT_TRUE(c.find(1, h, key, v));
  ASSERT_EQ(v, 0x1111u);
  int writes = 0;
  auto writer = [&] {
    if (writes++) return;
    for (std::uint64_t i = 0; i < 400; ++i) {  // 400 x 23 words: the ring wraps once
      const std::string k = "https://other.example/" + std::to_string(i) + std::string(120, 'y');
      c.insert(1, detail::record_hash(k), k, 0xbad0000 + i);
    }
  };
  v = 0;
  EXPECT_FALSE(c.find(1, h, key, v, writer));
  EXPECT_EQ(writes, 1);  // the hook ran: the key matched before the overwrite
  EXPECT_EQ(v, 0u);      // nothing torn was handed out
}

// The writer the seqlock cannot see: one that reserved its words, stalled while the others
// lapped the ring, then wrote them over a newer record (CI's loaded machine did this to the
// threads test below). Here the late record A (an empty key: its header and value) lands on
// record X's value and key, with A's value spelling X's key, so X's key still matches and only
// its value is A's header: the seal must make X a miss; without it X returns that header.
TEST(ResultCache, AWriterThatWasLappedDoesNotCorruptANewerRecord) {
  detail::ResultCache<std::uint64_t> c(64 << 10);  // 8,192 words: A at 0-1, X at 8,191-8,193
  const std::string x = "xxxxxxxx";                // one key word
  std::uint64_t x_word = 0;
  std::memcpy(&x_word, x.data(), 8);
  const std::uint64_t hx = detail::record_hash(x);
  int laps = 0;
  auto others = [&] {
    ++laps;
    // From head 2 to 8,191: 1,023 records of 8 words (a 48-byte key) and one of 5 (24 bytes).
    for (int i = 0; i < 1023; ++i) {
      const std::string k = std::string(40, 'f') + std::to_string(10000000 + i);
      c.insert(1, detail::record_hash(k), k, 7);
    }
    c.insert(1, detail::record_hash(std::string(24, 'g')), std::string(24, 'g'), 7);
    c.insert(1, hx, x, 0x1234);
    std::uint64_t v = 0;
    EXPECT_TRUE(c.find(1, hx, x, v));  // X is whole before the late writes
    EXPECT_EQ(v, 0x1234u);
  };
  c.insert(1, detail::record_hash(""), "", x_word, others);
  ASSERT_EQ(laps, 1);
  std::uint64_t v = 0;
  const bool hit = c.find(1, hx, x, v);
  EXPECT_FALSE(hit) << "value " << std::hex << v;
}

// Threads sharing one cache, small enough that they overwrite each other's records as they read
// them: every result must still be the record's own.
TEST(ResultCache, ThreadsSharingOneCacheGetTheirOwnRecordsResults) {
  const Scorer s(Model::builtin());
  std::vector<std::string> text;
  for (int i = 0; i < 3000; ++i)
    text.push_back("https://h" + std::to_string(i % 211) + ".example/" + std::to_string(i) +
                   (i % 3 ? "/login.php?account=verify" : ""));
  std::vector<std::string_view> in(text.begin(), text.end());
  std::vector<Score> want(in.size());
  Scorer::Scratch plain;
  s.score_batch(in, want, plain);
  const auto shared = std::make_shared<ResultCache>(64 << 10);
  std::vector<std::thread> threads;
  std::vector<HostCacheCounts> counts(4);
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      Scorer::Scratch mine(kHostCacheDefaultEntries, shared);
      std::mt19937 rng(static_cast<unsigned>(t));
      std::vector<std::size_t> order(in.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      for (int pass = 0; pass < 4; ++pass) {
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t lo = 0; lo < order.size(); lo += 64) {
          std::vector<std::string_view> batch;
          for (std::size_t k = lo; k < std::min(order.size(), lo + 64); ++k)
            batch.push_back(in[order[k]]);
          std::vector<Score> got(batch.size());
          s.score_batch(batch, got, mine);
          for (std::size_t k = 0; k < batch.size(); ++k) {
            const Score& w = want[order[lo + k]];
            if (std::bit_cast<std::uint32_t>(got[k].raw) != std::bit_cast<std::uint32_t>(w.raw) ||
                got[k].rules != w.rules || got[k].n_rules != w.n_rules)
              ++wrong;
          }
        }
      }
      counts[static_cast<std::size_t>(t)] = Scorer::result_cache_counts(mine);
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  for (const HostCacheCounts& c : counts) {
    EXPECT_EQ(c.hits + c.misses, 4 * in.size());
    EXPECT_GT(c.hits, 0u);  // 64 KB holds a few hundred of the 3,000
  }
}

TEST(ResultCache, RecordHashSpreadsShortAndLongKeys) {
  // Distinct for prefixes of one text (every tail length, every 16-byte step), and for the empty
  // key against a NUL byte.
  const std::string t(100, 'q');
  std::vector<std::uint64_t> seen;
  for (std::size_t n = 0; n <= t.size(); ++n) seen.push_back(detail::record_hash({t.data(), n}));
  seen.push_back(detail::record_hash(std::string_view("\0", 1)));
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

}  // namespace
}  // namespace urlscan
