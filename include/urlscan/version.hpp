// Build and run-time identity, for every front end's --version and /version.
#pragma once

#include <string>
#include <string_view>

#include "urlscan/export.hpp"

namespace urlscan {

[[nodiscard]] URLSCAN_API std::string_view version() noexcept;  // project version + git describe
// One line per item: version, build ISAs, active ISA, library versions, built-in model.
[[nodiscard]] URLSCAN_API std::string version_report();

}  // namespace urlscan
