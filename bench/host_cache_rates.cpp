// Hit rates of the scorer's per-thread caches (whole results, and the features' and the rules'
// host caches, which see only the result cache's misses) on a file of URLs, one per line, scored
// in batches of 4096 through one Scratch as one CLI worker thread does.
//   build/bench/host_cache_rates [RESULT_CACHE_MB] < urls.txt   (default 64, the CLI's at one
//   thread; 0: no result cache)
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "urlscan/scorer.hpp"

int main(int argc, char** argv) {
  using namespace urlscan;
  const Scorer scorer(Model::builtin());
  const std::size_t result_mb = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 64;
  Scorer::Scratch scratch(kHostCacheDefaultEntries,
                          result_mb ? std::make_shared<ResultCache>(result_mb << 20) : nullptr);
  std::vector<std::string> lines;
  std::vector<std::string_view> batch;
  std::vector<Score> out;
  std::size_t n = 0;
  auto flush = [&] {
    batch.assign(lines.begin(), lines.end());
    out.resize(batch.size());
    scorer.score_batch(batch, out, scratch);
    n += lines.size();
    lines.clear();
  };
  for (std::string line; std::getline(std::cin, line);) {
    lines.push_back(std::move(line));
    if (lines.size() == 4096) flush();
  }
  flush();
  auto report = [&](const char* name, const HostCacheCounts& c) {
    const double looked = static_cast<double>(c.hits + c.misses + c.uncacheable);
    std::printf("%-8s lookups %10llu  hits %6.2f%%  misses %6.2f%%  uncacheable %5.2f%%\n", name,
                static_cast<unsigned long long>(c.hits + c.misses + c.uncacheable),
                looked ? 100.0 * static_cast<double>(c.hits) / looked : 0.0,
                looked ? 100.0 * static_cast<double>(c.misses) / looked : 0.0,
                looked ? 100.0 * static_cast<double>(c.uncacheable) / looked : 0.0);
  };
  std::printf("%zu URLs\n", n);
  report("results", Scorer::result_cache_counts(scratch));
  report("features", Scorer::feature_cache_counts(scratch));
  report("rules", Scorer::rule_cache_counts(scratch));
  return 0;
}
