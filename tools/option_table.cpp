#include "option_table.hpp"

#include <algorithm>

namespace urlscan::cli {

std::string scan_options_help() {
  constexpr std::size_t kHelpColumn = 24;  // where every help text starts
  std::string out;
  for (const OptionDoc& o : kScanOptions) {
    if (!o.group.empty()) out += std::string(o.group) + ":\n";
    std::string line = (o.sub ? "    " : "  ") + std::string(o.name);
    if (!o.arg.empty()) line += " " + std::string(o.arg);
    line.resize(std::max(line.size() + 1, kHelpColumn), ' ');
    std::string_view help = o.help;
    for (std::size_t nl; (nl = help.find('\n')) != help.npos; help.remove_prefix(nl + 1)) {
      out += line + std::string(help.substr(0, nl)) + "\n";
      line.assign(kHelpColumn, ' ');
    }
    out += line + std::string(help) + "\n";
  }
  return out;
}

}  // namespace urlscan::cli
