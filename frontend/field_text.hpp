// One text field of a TSV or CSV record, written so that it stays one field.
#pragma once

#include <string>
#include <string_view>

namespace urlscan::frontend {

// TSV: control bytes, '\' and bytes that are not UTF-8 as \xNN (so a field never holds a tab or
// line break, and the escape is unambiguous); valid UTF-8 as is.
void append_escaped(std::string& out, std::string_view s);
// CSV (RFC 4180): the bytes exactly, quoted when needed; no backslash escapes.
void append_csv_field(std::string& out, std::string_view s);

}  // namespace urlscan::frontend
