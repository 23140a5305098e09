#include "domain/psl_table.hpp"

#include <libpsl.h>

#include <algorithm>
#include <cstring>

namespace urlscan::detail {

extern const char kPslListSha1[];
extern const PslTableData kPslTable;

namespace {

// FNV-1a: names are short (a median of ~10 bytes), so a byte loop is as fast as anything. The
// generator (scripts/gen_psl_table.py) hashes and places the names with the same function.
std::uint32_t name_hash(std::string_view s) noexcept {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h ^ (h >> 15);
}

}  // namespace

const PslTable& PslTable::embedded() {
  static const PslTable table(kPslTable);
  return table;
}

const PslTable* PslTable::get() {
  const PslTable& table = embedded();
  static const bool same_list = [] {
    const char* builtin = psl_builtin_sha1sum();
    return builtin && std::strcmp(builtin, kPslListSha1) == 0;
  }();
  return same_list ? &table : nullptr;
}

bool PslTable::handles(std::string_view host) noexcept {
  if (host.empty() || host.size() > 200) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      const std::size_t n = i - label;
      if (n == 0 || n > 63) return false;
      if (n >= 4 && host.compare(label, 4, "xn--") == 0) return false;
      label = i + 1;
      continue;
    }
    const char c = host[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

std::uint8_t PslTable::flags(std::string_view name) const noexcept {
  const std::size_t mask = t_.size - 1;
  for (std::size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
    const PslSlot& s = t_.slots[i];
    if (s.size == 0) return 0;
    if (s.size == name.size() && std::memcmp(t_.names + s.begin, name.data(), s.size) == 0)
      return s.flags;
  }
}

bool PslTable::is_public_suffix(std::string_view d, Type type, bool no_star) const noexcept {
  const std::size_t dot = d.find('.');
  if (dot == std::string_view::npos && !no_star) return true;  // the prevailing "*" rule
  auto type_ok = [type](std::uint8_t f) { return type == Type::any || (f & kIcann); };
  if (const std::uint8_t f = flags(d)) {
    if (!type_ok(f) || (f & kException)) return false;
    return true;  // a rule, or the parent a wildcard rule makes public ("*.ck": "ck")
  }
  if (dot == std::string_view::npos) return false;
  const std::uint8_t parent = flags(d.substr(dot + 1));
  return parent && type_ok(parent) && (parent & kWildcard);
}

std::vector<std::pair<std::string, std::uint8_t>> PslTable::rules() const {
  std::vector<std::pair<std::string, std::uint8_t>> r;
  for (std::size_t i = 0; i < t_.size; ++i)
    if (const PslSlot& s = t_.slots[i]; s.size)
      r.emplace_back(std::string(t_.names + s.begin, s.size), s.flags);
  std::sort(r.begin(), r.end());
  return r;
}

}  // namespace urlscan::detail
