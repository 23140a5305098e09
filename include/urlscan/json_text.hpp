// Text output shared by every front end (CLI printers, HTTP service): JSON strings and
// probabilities, written without printf's float machinery.
#pragma once

#include <string>
#include <string_view>

namespace urlscan {

// A probability in [0, 1] (clamped; NaN as 0) with six decimals, e.g. "0.981234".
void append_probability(std::string& out, float p);
// A JSON string literal; invalid UTF-8 is escaped byte-wise (as U+00XX) so the output is
// always valid JSON.
void append_json_string(std::string& out, std::string_view s);

}  // namespace urlscan
