// Loading what a scoring front end scores with: the model and the rule book.
#pragma once

#include <string>
#include <vector>

#include "urlscan/model.hpp"
#include "urlscan/rules.hpp"

namespace urlscan::frontend {

// Loads `path` (or the built-in model when empty); throws DataError with the loader's message.
const Model& load_model(const std::string& path, Model& storage);
// The rules a command uses: nullptr with --no-rules, the built-in book without --rules, else
// the built-in files plus the directories' (loaded into `storage`). Bad rule files throw.
// The rules cache directory from the environment; empty: no disk cache.
std::string rules_cache_dir();
const RuleBook* load_rules(const std::vector<std::string>& dirs, bool none, RuleBook& storage);

}  // namespace urlscan::frontend
