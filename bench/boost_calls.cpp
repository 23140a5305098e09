// The shipped model's trees over n URLs, called `reps` times with one ISA: a driver for
// callgrind (instructions per call = (Ir(2R) - Ir(R)) / R, which cancels start-up), as issue
// 18's single-URL figures were measured. Not a test.
//   valgrind --tool=callgrind build/bench/boost_calls avx2 1 20000
//   build/bench/boost_calls --stats   (the model's trees, depth and cuts per input)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "features/featurizer.hpp"
#include "kernel/kernel.hpp"
#include "synthetic_urls.hpp"  // scripts/gen_urls/
#include "urlscan/cpu.hpp"
#include "urlscan/model.hpp"
#include "urlscan/url.hpp"

int main(int argc, char** argv) {
  using namespace urlscan;
  const Booster& b = Model::builtin().booster();
  if (argc > 1 && std::strcmp(argv[1], "--stats") == 0) {
    std::vector<std::vector<float>> per(kBoostInputs);
    for (std::size_t k = 0; k < b.feature.size(); ++k) per[b.feature[k]].push_back(b.threshold[k]);
    std::size_t total = 0;
    for (std::size_t f = 0; f < kBoostInputs; ++f) {
      std::sort(per[f].begin(), per[f].end());
      per[f].erase(std::unique(per[f].begin(), per[f].end()), per[f].end());
      total += per[f].size();
      std::printf("input %zu: %zu cuts\n", f, per[f].size());
    }
    std::printf("%zu trees, depth %u, %zu cuts\n", b.trees(), b.depth, total);
    return 0;
  }
  if (argc < 4) {
    std::fprintf(stderr, "usage: boost_calls ISA N REPS | --stats\n");
    return 2;
  }
  Isa isa;
  if (!parse_isa(argv[1], isa) || !isa_supported(isa)) return 2;
  const std::size_t n = std::strtoull(argv[2], nullptr, 10),
                    reps = std::strtoull(argv[3], nullptr, 10);
  const KernelTable& k = kernels_for(isa);
  const std::size_t stride = boost_stride(n), pool = 256;
  // `pool` URLs' inputs; call r scores URLs r % (pool / n) ... (so the branches see real variety).
  std::vector<std::vector<float>> xs;
  const auto urls = synthetic_urls(pool);
  const Featurizer fz(Model::builtin().spec());
  FeatureVector idx;
  Url u;
  for (std::size_t g = 0; g + n <= pool; g += n) {
    std::vector<float> x(kBoostInputs * stride);
    for (std::size_t i = 0; i < n; ++i) {
      parse_url(urls[g + i], u);
      fz.featurize(u, idx, {}, nullptr, x.data() + stride + i, stride);
      x[i] = static_cast<float>(static_cast<int>((g + i) % 200) - 100) / 10.0f;
    }
    xs.push_back(std::move(x));
  }
  std::vector<float> out(n);
  double sum = 0;
  const BoosterTables t = booster_tables(b);
  for (std::size_t r = 0; r < reps; ++r) {
    std::fill(out.begin(), out.end(), b.base);
    k.boost(t, xs[r % xs.size()].data(), stride, n, out.data());
    for (float v : out) sum += v;
  }
  std::printf("%.6f\n", sum);
}
