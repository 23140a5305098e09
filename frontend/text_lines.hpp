// Lines of a text held in memory (embedded lists, usage texts): the one splitter the front ends
// use for those. Streams and files go through the scanner's LineReader instead.
#pragma once

#include <string_view>
#include <vector>

namespace urlscan::frontend {

// Each line of `text` without its '\n' (a last line without one included; no empty line after
// a final '\n').
inline std::vector<std::string_view> text_lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    text = nl == text.npos ? std::string_view{} : text.substr(nl + 1);
  }
  return out;
}

}  // namespace urlscan::frontend
