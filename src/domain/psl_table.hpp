// The Public Suffix List's ASCII rules in a hash table, for the common host: libpsl's built-in
// lookup walks a DAFSA a byte at a time and cost ~7,900 instructions per registrable domain
// (2,000 hosts of test.tsv, callgrind), the largest single cost of a URL whose host the host
// cache has not seen. Answers equal libpsl's by construction: the same list (the embedded
// copy's SHA-1 must equal psl_builtin_sha1sum(), else there is no table and libpsl answers),
// libpsl's own rule semantics (is_public_suffix below), and hosts the table is unsure of -- upper
// case, non-ASCII, "xn--" labels, empty labels, very long names -- go to libpsl. The unit and
// data tests compare both on every rule's neighbourhood and on every host of the data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace urlscan::detail {

// The generated table (scripts/gen_psl_table.py writes psl_rules.cpp at build time).
struct PslSlot {
  std::uint32_t begin;  // in names
  std::uint16_t size;   // 0: an empty slot
  std::uint8_t flags;
};
struct PslTableData {
  const char* names;     // every rule name, back to back
  const PslSlot* slots;  // open addressing, linear probing
  std::uint32_t size;    // slots, a power of two
  std::uint32_t max_labels;
};

class PslTable {
 public:
  enum Flag : std::uint8_t { kException = 1, kWildcard = 2, kIcann = 4, kPrivate = 8 };
  enum class Type { any, icann };

  // The process's table; nullptr when the embedded list is not libpsl's built-in one.
  static const PslTable* get();
  // The embedded list whichever list libpsl has: the model's platform inputs
  // (src/features/platform.hpp) read it, so that they depend on the build's list alone.
  static const PslTable& embedded();

  // Whether the table may answer for `host`: lower-case letters, digits, '-' and '_' in
  // non-empty labels of at most 63 bytes, no "xn--" label, at most 200 bytes.
  static bool handles(std::string_view host) noexcept;

  // libpsl's psl_is_public_suffix2(psl_builtin(), d, type | (no_star ? NO_STAR_RULE : 0)), for
  // a `d` that handles() accepts.
  bool is_public_suffix(std::string_view d, Type type, bool no_star) const noexcept;

  // The flags of the rule named `name` (without "!" or "*."), 0 when there is none.
  std::uint8_t flags(std::string_view name) const noexcept;

  // Every rule name and its flags, for the tests.
  std::vector<std::pair<std::string, std::uint8_t>> rules() const;

  // The most labels a public suffix has ("*.a.b" makes x.a.b one): a longer name never is one.
  std::size_t max_labels() const noexcept { return t_.max_labels; }

 private:
  explicit PslTable(const PslTableData& t) : t_(t) {}
  const PslTableData& t_;
};

}  // namespace urlscan::detail
