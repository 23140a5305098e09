// A rule file's text with the name that error messages give for it.
#pragma once

#include <string>
#include <string_view>

namespace urlscan {

struct RuleText {
  std::string name;  // e.g. "models/rules/brands.tsv" or "/etc/urlscan/rules/blocklist.txt"
  std::string_view text;
};

}  // namespace urlscan
