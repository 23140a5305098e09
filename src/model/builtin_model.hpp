// Internal: the model and rule files embedded in the binary (empty in a bootstrap build).
#pragma once

#include <span>

namespace urlscan::detail {
std::span<const unsigned char> builtin_model_bytes() noexcept;
std::span<const unsigned char> builtin_allowlist_bytes() noexcept;
std::span<const unsigned char> builtin_software_sites_bytes() noexcept;
std::span<const unsigned char> builtin_blocklist_bytes() noexcept;
std::span<const unsigned char> builtin_brands_bytes() noexcept;
std::span<const unsigned char> builtin_patterns_bytes() noexcept;
std::span<const unsigned char> builtin_lures_bytes() noexcept;
}  // namespace urlscan::detail
