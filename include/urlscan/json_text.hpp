// Text output shared by every front end (CLI printers, HTTP service): JSON strings and
// probabilities, written without printf's float machinery.
#pragma once

#include <cstddef>
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

}  // namespace urlscan
