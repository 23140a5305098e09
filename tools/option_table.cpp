#include "option_table.hpp"

#include <algorithm>

#include "text_lines.hpp"

namespace urlscan::cli {

std::string scan_options_help() {
  constexpr std::size_t kHelpColumn = 24;  // where every help text starts
  std::string out;
  for (const OptionDoc& o : kScanOptions) {
    if (!o.group.empty()) out += std::string(o.group) + ":\n";
    std::string line = (o.sub ? "    " : "  ") + std::string(o.name);
    if (!o.arg.empty()) line += " " + std::string(o.arg);
    line.resize(std::max(line.size() + 1, kHelpColumn), ' ');
    for (std::string_view help : frontend::text_lines(o.help)) {
      out += line + std::string(help) + "\n";
      line.assign(kHelpColumn, ' ');
    }
  }
  return out;
}

}  // namespace urlscan::cli
