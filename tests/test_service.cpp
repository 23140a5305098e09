// The service's pieces on their own, without a server: the per-client rate limiter, the model
// registry (load, gate, swap, rollback), the quality gate and the request-body rules.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "known_lists.hpp"
#include "model_registry.hpp"
#include "quality_gate.hpp"
#include "rate_limiter.hpp"
#include "request_body.hpp"
#include "urlscan/model.hpp"
#include "urlscan/rules.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::service {
namespace {

using Clock = RateLimiter::Clock;
using std::chrono::milliseconds;

TEST(RateLimiter, OffAllowsEverything) {
  RateLimiter off(0, 1);
  int retry = -1;
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(off.allow("a", retry));
  EXPECT_EQ(retry, -1);
  EXPECT_EQ(off.clients(), 0u);
}

TEST(RateLimiter, BurstThenRefusedWithRetryAfter) {
  RateLimiter lim(2, 3);  // 2 per second, bursts of 3
  const auto t0 = Clock::now();
  int retry = 0;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(lim.allow("a", retry, t0)) << i;
  EXPECT_FALSE(lim.allow("a", retry, t0));
  EXPECT_EQ(retry, 1);  // one token comes back in 0.5 s: rounded up to whole seconds
  // Another client has a bucket of its own.
  EXPECT_TRUE(lim.allow("b", retry, t0));
  // 0.5 s later one token is back, and only one.
  EXPECT_TRUE(lim.allow("a", retry, t0 + milliseconds(500)));
  EXPECT_FALSE(lim.allow("a", retry, t0 + milliseconds(500)));
  // A long pause refills to the burst, not beyond it.
  const auto later = t0 + std::chrono::seconds(60);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(lim.allow("a", retry, later)) << i;
  EXPECT_FALSE(lim.allow("a", retry, later));
  EXPECT_EQ(lim.clients(), 2u);
}

TEST(RateLimiter, SlowRateGivesALongerRetryAfter) {
  RateLimiter lim(0.25, 1);  // one request every 4 s
  const auto t0 = Clock::now();
  int retry = 0;
  EXPECT_TRUE(lim.allow("a", retry, t0));
  EXPECT_FALSE(lim.allow("a", retry, t0));
  EXPECT_EQ(retry, 4);
  EXPECT_FALSE(lim.allow("a", retry, t0 + milliseconds(3000)));
  EXPECT_EQ(retry, 1);  // 0.75 of a token is back
}

TEST(RateLimiter, ClockGoingBackAddsNoTokens) {
  RateLimiter lim(1, 1);
  const auto t0 = Clock::now();
  int retry = 0;
  EXPECT_TRUE(lim.allow("a", retry, t0));
  EXPECT_FALSE(lim.allow("a", retry, t0 - std::chrono::seconds(100)));
}

TEST(RateLimiter, ForgetsRefilledClientsSoMemoryStaysBounded) {
  RateLimiter lim(10, 2);
  const auto t0 = Clock::now();
  int retry = 0;
  constexpr int kClients = 100000;
  for (int i = 0; i < kClients; ++i) lim.allow("old" + std::to_string(i), retry, t0);
  EXPECT_EQ(lim.clients(), static_cast<std::size_t>(kClients));
  // Later, other clients: each shard's sweep drops the old buckets (full again by then).
  const auto t1 = t0 + std::chrono::seconds(10);
  for (int i = 0; i < kClients; ++i) lim.allow("new" + std::to_string(i), retry, t1);
  // Without the sweep 200,000 buckets; with it the old ones go (each shard sweeps every 4,096
  // requests it sees), leaving little more than the new clients.
  EXPECT_LE(lim.clients(), static_cast<std::size_t>(kClients + kClients / 4));
  EXPECT_GE(lim.clients(), static_cast<std::size_t>(kClients));  // the new ones are not full
}

TEST(QualityGate, BuiltInModelPassesTheKnownLists) {
  const Scorer scorer(Model::builtin(), &RuleBook::builtin());
  const GateResult r = run_quality_gate(scorer, GateOptions{});
  EXPECT_TRUE(r.passed) << r.report;
  EXPECT_NE(r.report.find("known legitimate flagged"), std::string::npos) << r.report;
}

TEST(QualityGate, FailsAThresholdItCannotMeet) {
  const Scorer scorer(Model::builtin(), &RuleBook::builtin());
  GateOptions o;
  o.min_phishing_flagged = 1.01;
  const GateResult r = run_quality_gate(scorer, o);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.report.rfind("quality gate failed: ", 0), 0u) << r.report;
}

std::string write_labelled(const std::string& name, bool flip) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream out(path);
  for (const auto& u : read_gate_list("known_legitimate.txt"))
    out << (flip ? 1 : 0) << '\t' << u << '\n';
  for (const auto& u : read_gate_list("known_phishing.txt"))
    out << (flip ? 0 : 1) << '\t' << u << '\n';
  return path;
}

TEST(QualityGate, EvalFileAucIsHeldToTheMinimum) {
  const Scorer scorer(Model::builtin(), &RuleBook::builtin());
  GateOptions o;
  o.min_auc = 0.9;
  o.eval_file = write_labelled("gate_right.tsv", false);
  GateResult r = run_quality_gate(scorer, o);
  EXPECT_TRUE(r.passed) << r.report;
  EXPECT_NE(r.report.find("; AUC "), std::string::npos) << r.report;
  o.eval_file = write_labelled("gate_flipped.tsv", true);  // labels swapped: AUC near 0
  r = run_quality_gate(scorer, o);
  EXPECT_FALSE(r.passed) << r.report;
  o.eval_file = ::testing::TempDir() + "no_such_file.tsv";
  r = run_quality_gate(scorer, o);
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.report.find("eval file: "), std::string::npos) << r.report;
}

std::string shipped_model() {
  return source_root() + "/models/urlscan.model";
}

TEST(ModelRegistry, LoadSwapAndRollback) {
  ModelRegistry reg(&RuleBook::builtin(), GateOptions{});
  EXPECT_FALSE(reg.ready());
  EXPECT_FALSE(reg.rollback().ok);  // nothing to return to
  ASSERT_TRUE(reg.load("").ok);
  ASSERT_TRUE(reg.ready());
  const auto builtin = reg.current();
  EXPECT_EQ(builtin->source, "built-in");
  EXPECT_EQ(builtin->id, Model::builtin().id());
  EXPECT_FALSE(builtin->loaded_at.empty());

  const auto loaded = reg.load(shipped_model());
  ASSERT_TRUE(loaded.ok) << loaded.message;
  EXPECT_EQ(reg.current()->source, shipped_model());
  // A request holding the old model keeps a whole, working one.
  EXPECT_EQ(builtin->source, "built-in");
  EXPECT_NE(builtin->scorer, nullptr);

  ASSERT_TRUE(reg.rollback().ok);
  EXPECT_EQ(reg.current()->source, "built-in");
  ASSERT_TRUE(reg.rollback().ok);  // and back again: current and previous trade places
  EXPECT_EQ(reg.current()->source, shipped_model());
}

// current() keeps a copy per thread, checked against a version: a swap made on one thread is
// seen by the next call on every other, and registries (even one made at a dead one's address)
// never answer with each other's model.
TEST(ModelRegistry, EveryThreadSeesASwapAndEachRegistryItsOwnModel) {
  ModelRegistry reg(&RuleBook::builtin(), GateOptions{});
  ASSERT_TRUE(reg.load("").ok);
  std::string before, after;
  std::mutex m;
  std::condition_variable cv;
  int step = 0;
  std::thread reader([&] {
    before = reg.current()->source;
    {
      std::unique_lock lock(m);
      step = 1;
      cv.notify_all();
      cv.wait(lock, [&] { return step == 2; });
    }
    after = reg.current()->source;
  });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return step == 1; });
  }
  ASSERT_TRUE(reg.load(shipped_model()).ok);
  {
    const std::lock_guard lock(m);
    step = 2;
  }
  cv.notify_all();
  reader.join();
  EXPECT_EQ(before, "built-in");
  EXPECT_EQ(after, shipped_model());

  ModelRegistry other(&RuleBook::builtin(), GateOptions{});
  EXPECT_EQ(other.current(), nullptr);  // no model yet, whatever this thread read before
  ASSERT_TRUE(other.load("").ok);
  for (int i = 0; i < 3; ++i) {  // alternating on one thread
    EXPECT_EQ(reg.current()->source, shipped_model());
    EXPECT_EQ(other.current()->source, "built-in");
  }
  for (int i = 0; i < 2; ++i) {  // one registry after another in the same storage
    std::optional<ModelRegistry> r;
    r.emplace(&RuleBook::builtin(), GateOptions{});
    EXPECT_EQ(r->current(), nullptr);
    ASSERT_TRUE(r->load(i == 0 ? "" : shipped_model()).ok);
    EXPECT_EQ(r->current()->source, i == 0 ? "built-in" : shipped_model());
  }
}

TEST(ModelRegistry, ARefusedFileLeavesTheCurrentModel) {
  ModelRegistry reg(&RuleBook::builtin(), GateOptions{});
  ASSERT_TRUE(reg.load("").ok);
  const std::string bad = ::testing::TempDir() + "not_a.model";
  std::ofstream(bad) << "this is not a model file";
  const auto r = reg.load(bad);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.message.empty());
  EXPECT_EQ(reg.current()->source, "built-in");
  EXPECT_FALSE(reg.load(::testing::TempDir() + "missing.model").ok);
  EXPECT_EQ(reg.current()->source, "built-in");
}

TEST(ModelRegistry, AModelFailingTheGateNeverAnswers) {
  GateOptions strict;
  strict.max_legitimate_flagged = -1;  // no model can pass
  ModelRegistry reg(&RuleBook::builtin(), strict);
  const auto r = reg.load("");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("quality gate failed"), std::string::npos) << r.message;
  EXPECT_FALSE(reg.ready());
  EXPECT_EQ(reg.current(), nullptr);
}

httplib::Request with_headers(std::initializer_list<std::pair<const char*, const char*>> h) {
  httplib::Request req;
  for (const auto& [k, v] : h) req.headers.emplace(k, v);
  return req;
}

TEST(RequestFraming, LengthChunkedAndRefusals) {
  Framing f;
  BodyError e;
  ASSERT_TRUE(read_framing(with_headers({}), f, e));
  EXPECT_FALSE(f.carries_body());
  ASSERT_TRUE(read_framing(with_headers({{"Content-Length", "12"}}), f, e));
  EXPECT_TRUE(f.has_length);
  EXPECT_EQ(f.length, 12u);
  // The digits read as std::stoull reads them, up to the 19 allowed, any name case.
  for (const char* digits : {"0", "0000000000000000012", "1234567", "9999999999999999999"}) {
    ASSERT_TRUE(read_framing(with_headers({{"content-LENGTH", digits}}), f, e)) << digits;
    EXPECT_EQ(f.length, std::stoull(digits)) << digits;
  }
  ASSERT_TRUE(read_framing(with_headers({{"Transfer-Encoding", "Chunked"}}), f, e));
  EXPECT_TRUE(f.chunked);
  EXPECT_TRUE(f.carries_body());

  EXPECT_FALSE(read_framing(with_headers({{"Transfer-Encoding", "gzip"}}), f, e));
  EXPECT_EQ(e.status, 501);
  EXPECT_FALSE(read_framing(with_headers({{"Transfer-Encoding", "gzip, chunked"}}), f, e));
  EXPECT_EQ(e.status, 501);
  EXPECT_FALSE(read_framing(
      with_headers({{"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}}), f, e));
  EXPECT_EQ(e.status, 400);  // the request-smuggling shape
  for (const char* bad : {"-1", "12a", "", "99999999999999999999", " 3"}) {
    e = {};
    EXPECT_FALSE(read_framing(with_headers({{"Content-Length", bad}}), f, e)) << bad;
    EXPECT_EQ(e.status, 400) << bad;
    EXPECT_EQ(e.reason, "malformed Content-Length") << bad;
  }
  EXPECT_FALSE(
      read_framing(with_headers({{"Content-Length", "3"}, {"Content-Length", "3"}}), f, e));
}

// A body arriving in the given pieces; `complete` false: the client stopped half-way.
httplib::ContentReader pieces(std::vector<std::string> parts, bool complete = true) {
  return httplib::ContentReader(
      [parts = std::move(parts), complete](httplib::ContentReceiver receive) {
        for (const auto& p : parts)
          if (!receive(p.data(), p.size())) return false;
        return complete;
      },
      [](httplib::MultipartContentHeader, httplib::ContentReceiver) { return false; });
}

// find_header and header_count answer what cpp-httplib's own lookups do, over names that differ in
// case, in a character 0x20 apart that is not a letter ('@' and '`', '[' and '{'), in length, in
// a byte over 0x7F, repeated, and absent.
TEST(RequestHeaders, FindHeaderAgreesWithTheLibrarysLookup) {
  const std::vector<std::string> names = {"Content-Length",
                                          "content-length",
                                          "CONTENT-LENGTH",
                                          "Content-Lengt",
                                          "Content-Lengthx",
                                          "Content-Type",
                                          "X-A@b",
                                          "X-A`b",
                                          "X-[a",
                                          "X-{a",
                                          "X-\xC0",
                                          "X-\xE0",
                                          "Host",
                                          "",
                                          "-",
                                          "Connection",
                                          "connection",
                                          "Transfer-Encoding"};
  httplib::Request req;
  int n = 0;
  for (const std::string& name : names) {
    if (name != "CONTENT-LENGTH" && name != "connection" && name != "Transfer-Encoding")
      req.headers.emplace(name, "v" + std::to_string(n++));
  }
  req.headers.emplace("CONNECTION", "second");  // a repeated name, another case
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    SCOPED_TRACE(i);  // not the name: a byte over 0x7F is not valid in the XML report
    const std::string* found = find_header(req.headers, name);
    EXPECT_EQ(found != nullptr, req.has_header(name));
    if (found) {
      EXPECT_EQ(*found, req.get_header_value(name));
    }
    EXPECT_EQ(header_count(req.headers, name), req.get_header_value_count(name));
  }
}

TEST(RequestBody, LimitedAsItArrives) {
  std::string body;
  BodyError e;
  ASSERT_TRUE(read_body(pieces({"12345", "67890"}), 10, body, e));
  EXPECT_EQ(body, "1234567890");  // exactly the limit is fine
  EXPECT_FALSE(read_body(pieces({"12345", "67890", "x"}), 10, body, e));
  EXPECT_EQ(e.status, 413);
  EXPECT_EQ(e.reason, body_limit_reason(10));
  EXPECT_LE(body.size(), 10u);  // never buffered past the limit
  e = {};
  EXPECT_FALSE(read_body(pieces({"123"}, false), 10, body, e));
  EXPECT_EQ(e.status, 400);
  ASSERT_TRUE(read_body(pieces({}), 10, body, e));
  EXPECT_TRUE(body.empty());
}

}  // namespace
}  // namespace urlscan::service
