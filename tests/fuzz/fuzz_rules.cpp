// Fuzz target: the rule-file parsers (brands, lure words, patterns: the input split at the first
// two NUL bytes) and, when they parse, matching URLs with the result.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "urlscan/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool no_cache = ::setenv("URLSCAN_CACHE_DIR", "off", 1) == 0;
  (void)no_cache;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string_view parts[3];
  for (auto& p : parts) {
    const std::size_t nul = text.find('\0');
    p = text.substr(0, nul);
    text = nul == text.npos ? std::string_view{} : text.substr(nul + 1);
  }
  const urlscan::RuleText brands[1] = {{"brands.tsv", parts[0]}};
  const urlscan::RuleText lures[1] = {{"lures.txt", parts[1]}};
  const urlscan::RuleText patterns[1] = {{"patterns.tsv", parts[2]}};
  urlscan::RuleSet rs;
  if (const urlscan::Status s = urlscan::RuleSet::parse(brands, patterns, lures, rs); !s) {
    // Every refusal says why: more than the code's own message.
    if (s.message() == urlscan::message(s.code())) __builtin_trap();
    return 0;
  }
  if (size > 4096) return 0;  // compiling big pattern sets is slow; parsing them is covered
  urlscan::Url urls[3];
  urlscan::parse_url("http://paypal.com.evil.example/login?x=1", urls[0]);
  urlscan::parse_url("http://xn--pypal-4ve.com/", urls[1]);
  urlscan::parse_url(parts[0].substr(0, 200), urls[2]);
  const urlscan::Url* ptr[3] = {&urls[0], &urls[1], &urls[2]};
  urlscan::RuleSet::Scratch scratch;
  std::vector<std::vector<std::uint16_t>> hits;
  rs.match(ptr, scratch, hits);
  for (const auto& h : hits)
    for (std::uint16_t r : h)
      if (r >= rs.size()) __builtin_trap();
  return 0;
}
