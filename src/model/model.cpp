#include "urlscan/model.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <span>

#include "model/builtin_model.hpp"

namespace urlscan {
namespace {

// Layout (all integers little-endian):
//   header (64 bytes): magic "URLSCANM", u32 format version, u32 header size (64),
//                      u32 section count, u32 flags (0), u64 file size, zero padding
//   section table:     per section u32 id, u32 reserved (0), u64 offset, u64 size
//   sections:          each starting on a 64-byte boundary
//   trailer (8 bytes): u32 CRC-32 of every byte before it, "MEND"
constexpr char kMagic[8] = {'U', 'R', 'L', 'S', 'C', 'A', 'N', 'M'};
constexpr char kEnd[4] = {'M', 'E', 'N', 'D'};
constexpr std::size_t kHeader = 64, kEntry = 24, kTrailer = 8, kMaxSections = 16;
enum Section : std::uint32_t { kSpec = 1, kCalib = 2, kMeta = 3, kWeights = 4, kBooster = 5 };
constexpr std::uint32_t kLastSection = kBooster;
constexpr std::size_t kSpecSize = 24, kCalibSize = 24;

template <class T>
void put(std::string& s, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  s.append(b, sizeof(T));
}
template <class T>
T get(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
void align64(std::string& s) {
  s.resize((s.size() + 63) & ~std::size_t{63}, '\0');
}

std::string spec_bytes(const FeatureSpec& sp) {
  std::string s;
  put<std::uint32_t>(s, sp.hash_bits);
  for (std::uint8_t v : {sp.host_ngram_min, sp.host_ngram_max, sp.path_ngram_min, sp.path_ngram_max,
                         sp.query_ngram_min, sp.query_ngram_max})
    put<std::uint8_t>(s, v);
  put<std::uint16_t>(s, sp.max_part_len);
  put<std::uint64_t>(s, sp.seed);
  put<std::uint32_t>(s, (sp.normalize ? 1u : 0u) | (sp.disabled << 8));
  return s;
}

FeatureSpec parse_spec(const unsigned char* p) {
  FeatureSpec sp;
  sp.hash_bits = get<std::uint32_t>(p);
  sp.host_ngram_min = p[4];
  sp.host_ngram_max = p[5];
  sp.path_ngram_min = p[6];
  sp.path_ngram_max = p[7];
  sp.query_ngram_min = p[8];
  sp.query_ngram_max = p[9];
  sp.max_part_len = get<std::uint16_t>(p + 10);
  sp.seed = get<std::uint64_t>(p + 12);
  const auto flags = get<std::uint32_t>(p + 20);
  sp.normalize = (flags & 1u) != 0;
  sp.disabled = flags >> 8;
  if (flags & 0xfeu) sp.hash_bits = 0;  // unknown flags: refuse (valid() fails)
  return sp;
}

// Booster section: u32 depth, u32 trees, f32 base, u32 inputs (kBoostInputs), then
// trees * depth u8 input numbers (zero-padded to 4 bytes), trees * depth f32 thresholds,
// trees << depth i16 leaves (in kLeafUnit).
std::string booster_bytes(const Booster& b) {
  std::string s;
  put<std::uint32_t>(s, b.depth);
  put<std::uint32_t>(s, static_cast<std::uint32_t>(b.trees()));
  put<float>(s, b.base);
  put<std::uint32_t>(s, static_cast<std::uint32_t>(kBoostInputs));
  s.append(reinterpret_cast<const char*>(b.feature.data()), b.feature.size());
  s.resize((s.size() + 3) & ~std::size_t{3}, '\0');
  for (float v : b.threshold) put<float>(s, v);
  for (std::int16_t v : b.leaf) put<std::int16_t>(s, v);
  return s;
}

bool parse_booster(const unsigned char* p, std::uint64_t size, Booster& b) {
  if (size < 16) return false;
  b.depth = get<std::uint32_t>(p);
  const auto trees = get<std::uint32_t>(p + 4);
  b.base = get<float>(p + 8);
  if (get<std::uint32_t>(p + 12) != kBoostInputs || b.depth == 0 || b.depth > kMaxBoostDepth ||
      trees == 0 || trees > (1u << 16))
    return false;
  const std::uint64_t splits = std::uint64_t{trees} * b.depth,
                      leaves = std::uint64_t{trees} << b.depth;
  const std::uint64_t split_bytes = (splits + 3) & ~std::uint64_t{3};
  if (size != 16 + split_bytes + 4 * splits + 2 * leaves) return false;
  b.feature.assign(p + 16, p + 16 + splits);
  b.threshold.resize(splits);
  std::memcpy(b.threshold.data(), p + 16 + split_bytes, 4 * splits);
  b.leaf.resize(leaves);
  std::memcpy(b.leaf.data(), p + 16 + split_bytes + 4 * splits, 2 * leaves);
  return b.index();
}

std::uint32_t crc(const void* p, std::size_t n) {
  uLong c = crc32(0L, Z_NULL, 0);
  const auto* b = static_cast<const Bytef*>(p);
  while (n) {
    uInt chunk = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    c = crc32(c, b, chunk);
    b += chunk;
    n -= chunk;
  }
  return static_cast<std::uint32_t>(c);
}

// The code's message, with what was found in parentheses.
Status failure(errc e, const std::string& extra = {}) {
  return {e, std::string(message(e)) + (extra.empty() ? "" : " (" + extra + ")")};
}

}  // namespace

float raw_threshold_for(const Calibration& c, float p) noexcept {
  if (p <= 0.0f) return -std::numeric_limits<float>::infinity();
  if (p >= 1.0f) return std::numeric_limits<float>::infinity();
  const double logit = std::log(static_cast<double>(p) / (1.0 - p));
  return static_cast<float>((logit - c.platt_b) / c.platt_a);
}

std::string serialize_model(const ModelContents& m) {
  std::string calib;
  for (float v : {m.calibration.weight_scale, m.calibration.bias, m.calibration.platt_a,
                  m.calibration.platt_b, m.calibration.threshold, m.calibration.raw_threshold})
    put<float>(calib, v);
  std::string weights(reinterpret_cast<const char*>(m.weights.data()),
                      m.weights.size() * sizeof(Weight));
  struct Part {
    std::uint32_t id;
    const std::string* bytes;
  };
  std::string spec = spec_bytes(m.spec);
  std::string booster = booster_bytes(m.booster);
  const Part all[] = {{kSpec, &spec},
                      {kCalib, &calib},
                      {kMeta, &m.metadata_json},
                      {kWeights, &weights},
                      {kBooster, &booster}};
  const std::span<const Part> parts(all, m.booster.empty() ? 4 : 5);
  const std::size_t n = parts.size();

  std::string body(kHeader + n * kEntry, '\0');
  align64(body);
  std::string table;
  for (const Part& part : parts) {
    std::size_t off = body.size();
    body += *part.bytes;
    align64(body);
    put<std::uint32_t>(table, part.id);
    put<std::uint32_t>(table, 0);
    put<std::uint64_t>(table, off);
    put<std::uint64_t>(table, part.bytes->size());
  }
  std::string header(kMagic, 8);
  put<std::uint32_t>(header, kModelFormatVersion);
  put<std::uint32_t>(header, kHeader);
  put<std::uint32_t>(header, n);
  put<std::uint32_t>(header, 0);
  put<std::uint64_t>(header, body.size() + kTrailer);
  header.resize(kHeader, '\0');
  body.replace(0, kHeader, header);
  body.replace(kHeader, table.size(), table);
  put<std::uint32_t>(body, crc(body.data(), body.size()));
  body.append(kEnd, 4);
  return body;
}

Status Model::load_memory(const void* data, std::size_t size, Model& out, bool copy) {
  out = Model{};
  if (!data || size < kHeader + kTrailer)
    return failure(errc::model_too_small, std::to_string(size) + " bytes");
  const auto* p = static_cast<const unsigned char*>(data);
  if (std::memcmp(p, kMagic, 8) != 0) return failure(errc::model_bad_magic);
  const auto version = get<std::uint32_t>(p + 8);
  if (version > kModelFormatVersion)
    return failure(errc::model_newer_version, "file has version " + std::to_string(version) +
                                                  ", this urlscan reads " +
                                                  std::to_string(kModelFormatVersion));
  if (version < kModelFormatVersion)
    return failure(errc::model_old_version, "version " + std::to_string(version));
  const auto file_size = get<std::uint64_t>(p + 24);
  if (file_size > size)
    return failure(errc::model_truncated,
                   std::to_string(size) + " of " + std::to_string(file_size) + " bytes");
  if (file_size < size || get<std::uint32_t>(p + 12) != kHeader)
    return failure(errc::model_bad_section, "size or header mismatch");
  const std::size_t body = size - kTrailer;
  if (std::memcmp(p + body + 4, kEnd, 4) != 0 || get<std::uint32_t>(p + body) != crc(p, body))
    return failure(errc::model_checksum_mismatch);
  const auto count = get<std::uint32_t>(p + 16);
  if (count == 0 || count > kMaxSections || kHeader + count * kEntry > body)
    return failure(errc::model_bad_section, std::to_string(count) + " sections");
  const unsigned char* sec[kLastSection + 1] = {};
  std::uint64_t sec_size[kLastSection + 1] = {};
  for (std::uint32_t i = 0; i < count; ++i) {
    const unsigned char* e = p + kHeader + i * kEntry;
    const auto id = get<std::uint32_t>(e);
    const auto off = get<std::uint64_t>(e + 8);
    const auto sz = get<std::uint64_t>(e + 16);
    if (off < kHeader + count * kEntry || off > body || sz > body - off)
      return failure(errc::model_bad_section, "section " + std::to_string(id) + " out of range");
    if (id >= 1 && id <= kLastSection) {
      if (sec[id])
        return failure(errc::model_bad_section, "duplicate section " + std::to_string(id));
      sec[id] = p + off;
      sec_size[id] = sz;
    }  // unknown sections from compatible writers are skipped
  }
  if (!sec[kSpec] || sec_size[kSpec] != kSpecSize || !sec[kCalib] ||
      sec_size[kCalib] != kCalibSize || !sec[kWeights] || !sec[kMeta])
    return failure(errc::model_bad_section, "missing or wrong-sized section");
  Model m;
  m.spec_ = parse_spec(sec[kSpec]);
  if (!m.spec_.valid()) return failure(errc::model_bad_spec);
  if (sec_size[kWeights] != std::uint64_t{m.spec_.table_size()} * sizeof(Weight))
    return failure(errc::model_bad_section, "weight table does not match the spec");
  float c[6];
  std::memcpy(c, sec[kCalib], sizeof c);
  for (float v : c)
    if (!std::isfinite(v)) return failure(errc::model_bad_spec, "non-finite calibration");
  m.calib_ = Calibration{c[0], c[1], c[2], c[3], c[4], c[5]};
  if (m.calib_.platt_a <= 0 || m.calib_.weight_scale <= 0)
    return failure(errc::model_bad_spec, "calibration must be increasing");

  if (sec[kBooster] && !parse_booster(sec[kBooster], sec_size[kBooster], m.booster_))
    return failure(errc::model_bad_section, "malformed boosted trees");

  const unsigned char* base = p;
  if (copy) {
    auto* buf = static_cast<unsigned char*>(::operator new (size, std::align_val_t{64}));
    std::memcpy(buf, p, size);
    m.storage_ = std::shared_ptr<const void>(
        buf, [](const void* q) { ::operator delete (const_cast<void*>(q), std::align_val_t{64}); });
    base = buf;
  }
  const auto rebase = [&](const unsigned char* q) { return base + (q - p); };
  // The SIMD gathers read the aligned 32-bit word that holds each weight.
  if ((reinterpret_cast<std::uintptr_t>(rebase(sec[kWeights])) & 3) != 0)
    return failure(errc::model_bad_section, "misaligned weights");
  m.weights_ = reinterpret_cast<const Weight*>(rebase(sec[kWeights]));
  m.num_weights_ = m.spec_.table_size();
  m.metadata_ =
      std::string_view(reinterpret_cast<const char*>(rebase(sec[kMeta])), sec_size[kMeta]);
  m.size_ = size;
  m.checksum_ = get<std::uint32_t>(p + body);
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", m.checksum_);
  m.id_ = std::string(m.booster_.empty() ? "urlscan-lr-" : "urlscan-gbt-") + hex;
  out = std::move(m);
  return {};
}

Status Model::load_file(const std::string& path, Model& out) {
  out = Model{};
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return failure(errc::io_error, path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return failure(errc::io_error, path + ": not a regular file");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size < kHeader + kTrailer) {
    ::close(fd);
    return failure(errc::model_too_small, path + ": " + std::to_string(size) + " bytes");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return failure(errc::io_error, path + ": mmap failed");
  std::shared_ptr<const void> storage(
      map, [size](const void* q) { ::munmap(const_cast<void*>(q), size); });
  if (Status s = load_memory(map, size, out, false); !s)
    return {s.code(), path + ": " + std::string(s.message())};
  out.storage_ = std::move(storage);
  return {};
}

const Model& Model::builtin() {
  static const Model model = [] {
    Model m;
    std::span<const unsigned char> bytes = detail::builtin_model_bytes();
    if (!bytes.empty()) (void)load_memory(bytes.data(), bytes.size(), m, false);
    return m;
  }();
  return model;
}

}  // namespace urlscan
