// Text output shared by every front end (CLI printers, HTTP service): JSON strings and
// probabilities, written without printf's float machinery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "urlscan/export.hpp"

namespace urlscan {

// A probability in [0, 1] (clamped; NaN as 0) with six decimals, e.g. "0.981234".
URLSCAN_API void append_probability(std::string& out, float p);
// A JSON string literal, always valid JSON. Each byte that is not part of valid UTF-8 is written
// as the lone surrogate \udcXX (XX its value: PEP 383's "surrogateescape"), which no valid
// text can produce, so "\xff" never reads as the different URL "\u00ff" (U+00FF). Python's
// json.loads(s).encode("utf-8", "surrogateescape") gives the bytes back.
URLSCAN_API void append_json_string(std::string& out, std::string_view s);
// The length of the valid UTF-8 sequence at s[i] (1 for ASCII), 0 when the byte there does not
// start one: printers escape exactly the bytes that are not text.
[[nodiscard]] URLSCAN_API std::size_t utf8_sequence_length(std::string_view s,
                                                           std::size_t i) noexcept;

// Builds JSON text into a string: the one JSON writer of the front ends (scored records, the
// service's answers, eval and experiment reports). It places the commas and keeps the nesting,
// so no caller writes a separator or a brace by hand. The caller pairs begin/end and gives each
// key one value; past 64 levels of nesting the commas are no longer tracked.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) noexcept : out_(out) {}
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // A member's name; the next call writes its value.
  JsonWriter& key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  // A member's name known to need no escaping (printable ASCII without '"' or '\\', e.g. the
  // literal "url"), copied as it is: what key() writes, without the scan (the scored records'
  // members, written per URL).
  JsonWriter& plain_key(std::string_view name) {
    separate();
    out_ += '"';
    out_ += name;
    out_ += "\":";
    after_key_ = true;
    return *this;
  }
  JsonWriter& string(std::string_view s) {
    separate();
    append_json_string(out_, s);
    return *this;
  }
  JsonWriter& boolean(bool b) { return raw(b ? "true" : "false"); }
  JsonWriter& integer(std::int64_t v) { return raw(std::to_string(v)); }
  JsonWriter& unsigned_integer(std::uint64_t v) { return raw(std::to_string(v)); }
  JsonWriter& probability(float p) {
    separate();
    append_probability(out_, p);
    return *this;
  }
  // A number in the printf format `format` (e.g. "%.6f"); null when it is not finite (JSON has
  // no NaN or infinity).
  URLSCAN_API JsonWriter& number(double v, const char* format);
  // A value that is JSON text already (e.g. metrics_json's object).
  JsonWriter& raw(std::string_view json) {
    separate();
    out_ += json;
    return *this;
  }
  // The members of `object_json`, a JSON object's text, as members of the object being written.
  URLSCAN_API JsonWriter& members_of(std::string_view object_json);

 private:
  JsonWriter& open(char brace) {
    separate();
    out_ += brace;
    if (depth_ < 63) first_ |= std::uint64_t{1} << ++depth_;
    return *this;
  }
  JsonWriter& close(char brace) {
    out_ += brace;
    if (depth_ > 0) first_ &= ~(std::uint64_t{1} << depth_--);
    return *this;
  }
  // The comma before a key or an array element, unless it is its container's first.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    const std::uint64_t bit = std::uint64_t{1} << depth_;
    if (depth_ > 0 && !(first_ & bit)) out_ += ',';
    first_ &= ~bit;
  }
  std::string& out_;
  std::uint64_t first_ = 0;  // bit d: nothing written yet at nesting depth d
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace urlscan
