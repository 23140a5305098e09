// Shannon entropy (bits per character) of a host: a shape feature of the featurizer.
#pragma once

#include <string_view>

namespace urlscan::detail {

// Of the first 255 bytes of `s`; 0 for an empty string.
float entropy(std::string_view s);

}  // namespace urlscan::detail
