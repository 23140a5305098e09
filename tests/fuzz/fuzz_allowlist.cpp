// Fuzz target: the allowlist rule-file parser and lookups.
#include <algorithm>
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
  // Path exclusions: the input's second half as a path, on the host of its first line.
  std::string_view host = text.substr(0, text.find('\n'));
  host.remove_prefix(std::min(host.size(), host.find_first_not_of("!=")));
  (void)a.excludes_path(host.substr(0, host.find('/')), text.substr(text.size() / 2));
  return 0;
}
