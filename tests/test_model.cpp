// The model file defends itself: round trip, and every way a file can be wrong.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "status_assert.hpp"
#include "urlscan/model.hpp"

namespace urlscan {
namespace {

ModelContents small_model() {
  ModelContents m;
  m.spec.hash_bits = 12;
  m.calibration = Calibration{0.001f, -0.5f, 1.2f, 0.1f, 0.6f, 0.3f};
  m.metadata_json = R"({"name":"test"})";
  m.weights.resize(m.spec.table_size());
  std::mt19937 rng(1);
  for (auto& w : m.weights) w = static_cast<Weight>(rng());
  return m;
}

ModelContents boosted_model() {
  ModelContents m = small_model();
  Booster& b = m.booster;
  b.depth = 3;
  b.base = -0.25f;
  std::mt19937 rng(2);
  for (int t = 0; t < 5; ++t)
    for (std::uint32_t l = 0; l < b.depth; ++l) {
      b.feature.push_back(static_cast<std::uint8_t>(rng() % kBoostInputs));
      b.threshold.push_back(static_cast<float>(rng() % 100) / 10.0f);
    }
  for (std::size_t i = 0; i < (std::size_t{5} << b.depth); ++i)
    b.leaf.push_back(static_cast<std::int16_t>(static_cast<int>(rng() % 20000) - 10000));
  return m;
}

// Rewrites the trailing CRC so a crafted change passes the checksum and reaches later checks.
void fix_crc(std::string& b) {
  const std::size_t body = b.size() - 8;
  const auto c =
      static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(b.data()), body));
  std::memcpy(b.data() + body, &c, 4);
}

// The code of loading `b`; `why` (optional) gets the Status's message.
errc load(const std::string& b, std::string* why = nullptr) {
  Model m;
  const Status s = Model::load_memory(b.data(), b.size(), m, true);
  if (why) *why = s.message();
  return s.code();
}

// The one result type: success carries no text; a failure's message is its own text, else
// the code's sentence; `if (!status)` branches on it.
TEST(Status, CodeTextAndTruth) {
  const Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_TRUE(static_cast<bool>(ok));
  EXPECT_EQ(ok.code(), errc::ok);
  EXPECT_EQ(ok.message(), "ok");
  const Status bare = errc::data_empty;
  EXPECT_FALSE(bare);
  EXPECT_EQ(bare.code(), errc::data_empty);
  EXPECT_EQ(bare.message(), message(errc::data_empty));
  const Status named(errc::io_error, "x.tsv: cannot open");
  EXPECT_FALSE(named.ok());
  EXPECT_EQ(named.message(), "x.tsv: cannot open");
  const ::testing::AssertionResult r = Succeeded(named);
  EXPECT_FALSE(r);
  EXPECT_STREQ(r.message(), "x.tsv: cannot open");
}

TEST(ModelFile, RoundTrip) {
  const ModelContents c = small_model();
  const std::string bytes = serialize_model(c);
  EXPECT_EQ(bytes, serialize_model(c));  // deterministic
  Model m;
  ASSERT_TRUE(Succeeded(Model::load_memory(bytes.data(), bytes.size(), m, true)));
  EXPECT_EQ(m.spec().hash_bits, 12u);
  EXPECT_EQ(m.spec().seed, c.spec.seed);
  EXPECT_EQ(m.spec().disabled, c.spec.disabled);
  EXPECT_EQ(m.num_weights(), c.weights.size());
  EXPECT_EQ(0, std::memcmp(m.weights(), c.weights.data(), c.weights.size() * sizeof(Weight)));
  EXPECT_FLOAT_EQ(m.calibration().platt_a, 1.2f);
  EXPECT_FLOAT_EQ(m.calibration().raw_threshold, 0.3f);
  EXPECT_EQ(m.metadata_json(), c.metadata_json);
  EXPECT_EQ(m.id().rfind("urlscan-lr-", 0), 0u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(m.weights()) % 64, 0u);
}

TEST(ModelFile, BoostedTreesRoundTrip) {
  const ModelContents c = boosted_model();
  ASSERT_TRUE(c.booster.valid());
  const std::string bytes = serialize_model(c);
  Model m;
  ASSERT_TRUE(Succeeded(Model::load_memory(bytes.data(), bytes.size(), m, true)));
  EXPECT_EQ(m.booster().depth, 3u);
  EXPECT_EQ(m.booster().trees(), 5u);
  EXPECT_EQ(m.booster().base, -0.25f);
  EXPECT_EQ(m.booster().feature, c.booster.feature);
  EXPECT_EQ(m.booster().threshold, c.booster.threshold);
  EXPECT_EQ(m.booster().leaf, c.booster.leaf);
  EXPECT_EQ(m.id().rfind("urlscan-gbt-", 0), 0u);
  // Truncated inside the booster section, and every bit flip there: refused.
  for (std::size_t cut = bytes.size() - 200; cut < bytes.size(); cut += 13)
    EXPECT_NE(load(bytes.substr(0, cut)), errc::ok) << cut;
}

TEST(ModelFile, MalformedBoostedTreesAreRefused) {
  auto refused = [](ModelContents c, const char* what) {
    const std::string b = serialize_model(c);
    std::string why;
    EXPECT_EQ(load(b, &why), errc::model_bad_section) << what;
    EXPECT_NE(why.find("boosted trees"), std::string::npos) << what << ": " << why;
  };
  ModelContents c = boosted_model();
  c.booster.feature[4] = static_cast<std::uint8_t>(kBoostInputs);
  refused(c, "input out of range");
  c = boosted_model();
  c.booster.leaf[7] = -kMaxLeaf - 1;  // -32768: the 16-bit sums' bound assumes +-kMaxLeaf
  refused(c, "leaf below -kMaxLeaf");
  c = boosted_model();
  // More distinct thresholds on one input than a signed byte counts: 128 one-level trees.
  c.booster.depth = 1;
  c.booster.feature.assign(kMaxCutsPerInput + 1, 3);
  c.booster.threshold.clear();
  for (std::size_t t = 0; t <= kMaxCutsPerInput; ++t)
    c.booster.threshold.push_back(static_cast<float>(t));
  c.booster.leaf.assign(2 * (kMaxCutsPerInput + 1), 1);
  refused(c, "too many thresholds on one input");
  c.booster.threshold.back() = 0.0f;  // one repeated: 127 distinct, accepted
  EXPECT_EQ(load(serialize_model(c)), errc::ok);
  c = boosted_model();
  c.booster.threshold[2] = INFINITY;
  refused(c, "infinite threshold");
  c = boosted_model();
  c.booster.base = INFINITY;
  refused(c, "infinite base");
  // A section whose size disagrees with its header (trees count doubled in place).
  std::string b = serialize_model(boosted_model());
  const std::size_t at = b.find(std::string("\x03\0\0\0\x05\0\0\0", 8));
  ASSERT_NE(at, std::string::npos);
  b[at + 4] = 10;
  fix_crc(b);
  EXPECT_EQ(load(b), errc::model_bad_section);
}

TEST(ModelFile, LoadFromFileIsMapped) {
  const std::string bytes = serialize_model(small_model());
  const auto path = std::filesystem::temp_directory_path() / "urlscan_test.model";
  std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
  Model m;
  ASSERT_TRUE(Succeeded(Model::load_file(path.string(), m)));
  EXPECT_EQ(m.file_size(), bytes.size());
  std::filesystem::remove(path);
  const Status missing = Model::load_file("/nonexistent/urlscan.model", m);
  EXPECT_EQ(missing.code(), errc::io_error);
  EXPECT_EQ(missing.message(),
            "cannot read the file (/nonexistent/urlscan.model: No such file or directory)");
  EXPECT_EQ(Model::load_file("/", m).code(), errc::io_error);
  EXPECT_FALSE(m.loaded());
}

TEST(ModelFile, EveryTruncationIsRefused) {
  const std::string bytes = serialize_model(small_model());
  for (std::size_t len = 0; len < bytes.size(); len += (len < 200 ? 1 : 997)) {
    std::string why;
    EXPECT_NE(load(bytes.substr(0, len), &why), errc::ok) << len;
    EXPECT_FALSE(why.empty());
  }
  std::string why;
  EXPECT_EQ(load(bytes.substr(0, bytes.size() - 1), &why), errc::model_truncated);
  EXPECT_NE(why.find("truncated"), std::string::npos);
}

TEST(ModelFile, EveryBitFlipIsRefused) {
  const std::string bytes = serialize_model(small_model());
  std::mt19937 rng(5);
  for (int i = 0; i < 400; ++i) {
    std::string b = bytes;
    const std::size_t pos = i < 200 ? static_cast<std::size_t>(i) : rng() % b.size();
    b[pos] ^= static_cast<char>(1 << (rng() % 8));
    EXPECT_NE(load(b), errc::ok) << "flip at byte " << pos;
  }
}

TEST(ModelFile, ForeignFilesAreRefused) {
  std::string png = "\x89PNG\r\n\x1a\n" + std::string(200, '\0');
  std::string why;
  EXPECT_EQ(load(png, &why), errc::model_bad_magic);
  EXPECT_NE(why.find("not a urlscan model"), std::string::npos);
  EXPECT_EQ(load(""), errc::model_too_small);
  EXPECT_EQ(load("URLSCANM"), errc::model_too_small);
  EXPECT_EQ(load(std::string(4096, 'x')), errc::model_bad_magic);
}

TEST(ModelFile, NewerVersionIsRefusedWithAClearMessage) {
  std::string b = serialize_model(small_model());
  const std::uint32_t v = kModelFormatVersion + 1;
  std::memcpy(b.data() + 8, &v, 4);
  fix_crc(b);
  std::string why;
  EXPECT_EQ(load(b, &why), errc::model_newer_version);
  EXPECT_NE(why.find("upgrade urlscan"), std::string::npos);
  const std::uint32_t zero = 0;
  std::memcpy(b.data() + 8, &zero, 4);
  fix_crc(b);
  EXPECT_EQ(load(b), errc::model_old_version);
}

TEST(ModelFile, CraftedSectionTablesAreRefused) {
  const std::string good = serialize_model(small_model());
  auto with = [&](std::size_t off, std::uint64_t value, std::size_t width) {
    std::string b = good;
    std::memcpy(b.data() + off, &value, width);
    fix_crc(b);
    return load(b);
  };
  EXPECT_EQ(with(16, 0, 4), errc::model_bad_section);                  // no sections
  EXPECT_EQ(with(16, 1000000, 4), errc::model_bad_section);            // absurd count
  EXPECT_EQ(with(64 + 8, ~0ULL, 8), errc::model_bad_section);          // offset out of range
  EXPECT_EQ(with(64 + 16, ~0ULL, 8), errc::model_bad_section);         // size out of range
  EXPECT_EQ(with(64 + 16, 3, 8), errc::model_bad_section);             // spec section too small
  EXPECT_EQ(with(64 + 24 * 3 + 16, 100, 8), errc::model_bad_section);  // weights vs spec
  EXPECT_EQ(with(64 + 24, 1, 4), errc::model_bad_section);             // duplicate section id
}

TEST(ModelFile, InvalidSpecAndCalibrationAreRefused) {
  ModelContents c = small_model();
  c.calibration.platt_a = -1;  // a decreasing calibration would invert verdicts
  EXPECT_EQ(load(serialize_model(c)), errc::model_bad_spec);
  c = small_model();
  c.calibration.bias = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(load(serialize_model(c)), errc::model_bad_spec);
  // A spec field out of range (hash_bits = 40) with a valid checksum.
  std::string b = serialize_model(small_model());
  std::uint64_t spec_off;
  std::memcpy(&spec_off, b.data() + 64 + 8, 8);
  const std::uint32_t bits = 40;
  std::memcpy(b.data() + spec_off, &bits, 4);
  fix_crc(b);
  EXPECT_EQ(load(b), errc::model_bad_spec);
}

TEST(ModelFile, BuiltinModelLoads) {
  const Model& m = Model::builtin();
  ASSERT_TRUE(m.loaded()) << "this build embeds no model";
  EXPECT_LE(m.file_size(), 8u * 1024 * 1024);
  EXPECT_NE(m.metadata_json().find("train_fingerprint"), std::string_view::npos);
}

}  // namespace
}  // namespace urlscan
