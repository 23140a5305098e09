// Internal: feature names in words a person reads in an explanation ("host starts with 'pay'",
// "path 3 segments deep") rather than the featurizer's codes.
#pragma once

#include <string>
#include <string_view>

#include "urlscan/features.hpp"

namespace urlscan::detail {

// A hashed feature: the family and its value (n-grams padded with '<' and '>' at the part's
// ends).
std::string hashed_feature_words(FeatureFamily family, std::string_view value);
// A shape feature: its name and bucket, as the featurizer emits them.
std::string shape_words(std::string_view name, long bucket);

}  // namespace urlscan::detail
