// Run-time instruction-set dispatch for the scoring kernels.
#pragma once

#include <string_view>

#include "urlscan/error.hpp"
#include "urlscan/export.hpp"

namespace urlscan {

enum class Isa : int { scalar = 0, sse42 = 1, avx2 = 2, avx512 = 3 };

[[nodiscard]] URLSCAN_API std::string_view isa_name(Isa isa) noexcept;
// Parses "scalar", "sse4.2"/"sse42", "avx2", "avx512"; errc::bad_isa_name otherwise.
URLSCAN_API Status parse_isa(std::string_view name, Isa& out) noexcept;
// The best ISA this CPU (and this build) supports.
[[nodiscard]] URLSCAN_API Isa best_isa() noexcept;
[[nodiscard]] URLSCAN_API bool isa_supported(Isa isa) noexcept;
// The ISA kernels use now: URLSCAN_ISA from the environment if set (checked), else best_isa().
[[nodiscard]] URLSCAN_API Isa active_isa() noexcept;
// Forces kernels to `isa` for the whole process; fails when the CPU lacks it. Featurizers and
// scorers use the ISA active when they are constructed.
URLSCAN_API Status force_isa(Isa isa) noexcept;
// Reads URLSCAN_ISA once; returns its error when the value is unknown or unsupported.
URLSCAN_API Status init_isa_from_env() noexcept;

}  // namespace urlscan
