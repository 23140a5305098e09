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
  host.remove_prefix(std::min(host.size(), host.find_first_not_of("!=@")));
  (void)a.excludes_path(host.substr(0, host.find('/')), text.substr(text.size() / 2));
  // Platform page layouts: the same host, the second half split into a path and a query.
  const std::string_view h = host.substr(0, host.find('/')), rest = text.substr(text.size() / 2);
  const std::size_t q = rest.find('?');
  (void)a.platform_page(h, urlscan::DomainList::host_key(h), rest.substr(0, q),
                        q == rest.npos ? std::string_view{} : rest.substr(q + 1));
  return 0;
}
