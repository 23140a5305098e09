// The training set's features: many URLs in one flat array (CSR), computed in parallel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "features/featurizer.hpp"
#include "urlscan/rules.hpp"

namespace urlscan::detail {

// Features of many URLs in one flat array (CSR), computed in parallel; the result does not
// depend on the number of threads.
struct FeatureMatrix {
  std::vector<std::uint64_t> offset;  // rows + 1
  std::vector<std::uint32_t> index;
};

// `boost_in` (optional): n rows of kBoostInputs, the shape values written from column 1.
FeatureMatrix featurize_all(const std::vector<const std::string*>& urls, const FeatureSpec& spec,
                            const RuleSet* rules, std::vector<float>* boost_in = nullptr);

}  // namespace urlscan::detail
