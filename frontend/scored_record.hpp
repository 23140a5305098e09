// The one JSON object for a scored URL, written by every front end: the CLI's --json records and
// the service's /predict answers carry the same members under the same names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace urlscan::frontend {

// {"url":U,"error":E} for a record that could not be scored (non-empty `error`), else
// {"url":U,"phishing":B,"probability":P} with "reasons":[...] when there are any. The object is
// left open (no closing brace): the caller adds its own members (the CLI's source, line and
// explanation, the service's model) and closes it.
void open_scored_json(std::string& out, std::string_view url, std::string_view error, bool phishing,
                      float probability, const std::vector<std::string>& reasons);

}  // namespace urlscan::frontend
