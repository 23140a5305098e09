// Error codes of liburlscan. The library never throws, prints or exits: failures are values.
#pragma once

#include <cstddef>
#include <string_view>

#include "urlscan/export.hpp"

namespace urlscan {

enum class errc : int {
  ok = 0,
  io_error,
  model_too_small,
  model_bad_magic,
  model_newer_version,
  model_old_version,
  model_truncated,
  model_checksum_mismatch,
  model_bad_section,
  model_bad_spec,
  bad_isa_name,
  isa_not_supported,
  empty_url,
  url_too_long,
  url_has_nul,
  url_invalid_utf8,
  url_has_control_chars,
  url_no_host,
  data_bad_line,
  data_one_class,
  data_empty,
  url_blank_in_host,
};

// The longest record scored: the CLI's --max-line default and the service's limit per URL. A
// longer one is an error record: errc::url_too_long, one message for both.
inline constexpr std::size_t kMaxRecordBytes = 64 * 1024;

// One message table for every code; the text names the problem and, where there is one, the fix.
[[nodiscard]] URLSCAN_API std::string_view message(errc code) noexcept;

}  // namespace urlscan
