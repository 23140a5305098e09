// Fuzz target: the allowlist rule-file parser and lookups.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "urlscan/domain_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  urlscan::DomainList a;
  // Every refusal names the line: more than the code's own message.
  if (const urlscan::Status s = urlscan::DomainList::parse(text, a);
      !s && s.message() == urlscan::message(s.code()))
    __builtin_trap();
  (void)a.match(text.substr(0, 300));
  (void)a.match("a.b.c.d.e.f.example.com");
  return 0;
}
