// Build and run-time identity, for every front end's --version and /version.
#pragma once

#include <string>
#include <string_view>

namespace urlscan {

std::string_view version() noexcept;  // project version + git describe
// One line per item: version, build ISAs, active ISA, library versions, built-in model.
std::string version_report();

}  // namespace urlscan
