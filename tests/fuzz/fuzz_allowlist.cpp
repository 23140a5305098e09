// Fuzz target: the allowlist rule-file parser and lookups.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "urlscan/domain_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  urlscan::DomainList a;
  std::string why;
  if (urlscan::DomainList::parse(text, a, &why) != urlscan::errc::ok && why.empty())
    __builtin_trap();
  (void)a.match(text.substr(0, 300));
  (void)a.match("a.b.c.d.e.f.example.com");
  return 0;
}
