// Host labels that imitate a brand name: IDN homographs (the Unicode TR39 skeleton of a label,
// from ICU's spoof checker, contains a brand's skeleton), mixed-script and whole-script
// confusable labels, look-alike character swaps ("paypa1", "rnicrosoft", "linkedln") and
// one-edit typos of the registrable label ("paypall.com", "microsfot.com", "amazom.com"). Checks
// are read-only and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/export.hpp"
#include "urlscan/url.hpp"

namespace urlscan {

class URLSCAN_API LookalikeDetector {
 public:
  enum class Kind : std::uint8_t {
    homograph,     // a non-ASCII label whose skeleton contains a brand's skeleton
    swapped,       // an ASCII label that spells a brand with look-alike characters (0/o, l/i, rn/m)
    typo,          // the registrable label drops, doubles, adds or swaps a letter of a brand
    replaced,      // the registrable label replaces one letter of a brand (often a real word:
                   // telegraf, walmark; so kept apart from the other typos)
    mixed_script,  // a label mixing scripts that TR39 forbids together (Latin + Cyrillic ...)
    reads_latin,   // a non-Latin label made only of characters that look Latin, under a Latin TLD
  };
  static constexpr std::uint16_t kNoBrand = 0xffff;
  struct Finding {
    Kind kind;
    std::uint16_t brand;  // index into the constructor's list; kNoBrand for the script checks
    bool operator==(const Finding&) const = default;
  };

  // keywords[b]: brand b's names (lower-case ASCII). Names under 5 characters are too short to
  // imitate reliably and are skipped (under 6 for typos: one edit from many words, as chase/case
  // and steam/stream).
  explicit LookalikeDetector(const std::vector<std::vector<std::string>>& keywords);
  ~LookalikeDetector();
  LookalikeDetector(LookalikeDetector&&) noexcept;
  LookalikeDetector& operator=(LookalikeDetector&&) noexcept;

  // Appends the URL's findings (no repeats); only host names are checked.
  void check(const Url& url, std::vector<Finding>& out) const;

  // TR39 skeleton of UTF-8 text (empty on invalid input).
  std::string skeleton(std::string_view utf8) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace urlscan
