// Error codes and the Status every fallible call returns. The library never throws, prints or
// exits: failures are values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

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

// What every fallible call of the library returns (loading a model, rules, lists or data;
// training; choosing an ISA): a code to branch on and the sentence for the user, which names
// the file, line or value when there is one. Success holds no text and allocates nothing.
// Out-parameters stay: a caller loads into an object it already holds (the service's registry,
// a reused Model). The per-record hot path (check_record, parse_record, Url::problem,
// Score::problem) keeps a bare errc: it runs per URL, and a failing record needs no more words
// than message(errc) gives.
class [[nodiscard]] Status {
 public:
  Status() noexcept = default;  // success
  // Implicit, so that `return errc::data_empty;` reads as it did; the text is then message(code).
  Status(errc code) noexcept : code_(code) {}  // NOLINT(google-explicit-constructor)
  Status(errc code, std::string text) noexcept : code_(code), text_(std::move(text)) {}

  bool ok() const noexcept { return code_ == errc::ok; }
  explicit operator bool() const noexcept { return ok(); }
  errc code() const noexcept { return code_; }
  // The sentence for the user: the text given at construction, else message(code()).
  std::string_view message() const noexcept {
    return text_.empty() ? urlscan::message(code_) : std::string_view(text_);
  }

 private:
  errc code_ = errc::ok;
  std::string text_;
};

}  // namespace urlscan
