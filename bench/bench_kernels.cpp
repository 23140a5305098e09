// Google Benchmark: the kernels per ISA (the same table the harness checks) and the whole
// in-memory path parse -> featurize -> score, one core.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

#include "kernel/kernel.hpp"
#include "synthetic_urls.hpp"  // scripts/gen_urls/
#include "urlscan/cpu.hpp"
#include "urlscan/scorer.hpp"

namespace {

using namespace urlscan;

// URLSCAN_BENCH_MODEL=FILE benchmarks another model file (e.g. a smaller table).
const Model& bench_model() {
  static const Model m = [] {
    Model x;
    const char* path = std::getenv("URLSCAN_BENCH_MODEL");
    if (path && Model::load_file(path, x)) return x;
    return Model::builtin();
  }();
  return m;
}

const std::vector<std::string>& urls() {
  static const auto u = synthetic_urls(100000);
  return u;
}

void BM_GatherSum(benchmark::State& state) {
  const Isa isa = static_cast<Isa>(state.range(0));
  if (!isa_supported(isa)) return state.SkipWithError("ISA not supported here");
  const KernelTable& k = kernels_for(isa);
  const Model& m = bench_model();
  std::mt19937 rng(1);
  std::vector<std::uint32_t> idx(256 * 1024);
  for (auto& i : idx) i = rng() % m.num_weights();
  std::size_t pos = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(k.gather_sum(m.weights(), idx.data() + pos, 256));
    pos = (pos + 256) % idx.size();
  }
  state.SetItemsProcessed(state.iterations() * 256);
  state.SetLabel(std::string(isa_name(isa)));
}
BENCHMARK(BM_GatherSum)->DenseRange(0, 3);

void BM_Sigmoid(benchmark::State& state) {
  const Isa isa = static_cast<Isa>(state.range(0));
  if (!isa_supported(isa)) return state.SkipWithError("ISA not supported here");
  const KernelTable& k = kernels_for(isa);
  std::vector<float> z(4096), p(4096);
  for (std::size_t i = 0; i < z.size(); ++i) z[i] = static_cast<float>(i % 200) / 10 - 10;
  for (auto _ : state) {
    k.sigmoid(z.data(), p.data(), z.size(), 1.1f, 0.2f);
    benchmark::DoNotOptimize(p.data());
  }
  state.SetItemsProcessed(state.iterations() * z.size());
  state.SetLabel(std::string(isa_name(isa)));
}
BENCHMARK(BM_Sigmoid)->DenseRange(0, 3);

// The byte scans over the synthetic URLs' paths (record check fast path and path counts).
void BM_ByteScans(benchmark::State& state) {
  const Isa isa = static_cast<Isa>(state.range(0));
  if (!isa_supported(isa)) return state.SkipWithError("ISA not supported here");
  const KernelTable& k = kernels_for(isa);
  const auto& u = urls();
  std::size_t i = 0, bytes = 0;
  PathScan scan;
  for (auto _ : state) {
    const std::string& s = u[i];
    benchmark::DoNotOptimize(k.printable_prefix(s.data(), s.size()));
    k.scan_path(s.data(), s.size(), scan);
    benchmark::DoNotOptimize(scan.slashes);
    bytes += s.size();
    i = (i + 1) % u.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetLabel(std::string(isa_name(isa)));
}
BENCHMARK(BM_ByteScans)->DenseRange(0, 3);

// The shipped model's boosted trees over 1024 URLs' inputs (input-major, as the scorer lays
// them out), per ISA; the inputs are the shapes and linear scores of real-looking URLs.
void BM_Boost(benchmark::State& state) {
  const Isa isa = static_cast<Isa>(state.range(0));
  if (!isa_supported(isa)) return state.SkipWithError("ISA not supported here");
  const KernelTable& k = kernels_for(isa);
  const Booster& b = Model::builtin().booster();
  if (b.empty()) return state.SkipWithError("the built-in model has no trees");
  const std::size_t n = 1024, stride = boost_stride(n);
  std::vector<float> x(kBoostInputs * stride), out(n);
  const Featurizer fz(Model::builtin().spec());
  FeatureVector idx;
  Url u;
  for (std::size_t i = 0; i < n; ++i) {
    parse_url(urls()[i], u);
    fz.featurize(u, idx, {}, nullptr, x.data() + stride + i, stride);
    x[i] = static_cast<float>(static_cast<int>(i % 200) - 100) / 10.0f;
  }
  for (auto _ : state) {
    std::fill(out.begin(), out.end(), b.base);
    k.boost(booster_tables(b), x.data(), stride, n, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetLabel(std::string(isa_name(isa)) + ", " + std::to_string(b.trees()) + " trees");
}
BENCHMARK(BM_Boost)->DenseRange(0, 3);

void BM_Parse(benchmark::State& state) {
  Url u;
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_url(urls()[i], u));
    if (++i == urls().size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Parse);

void BM_CheckRecord(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(check_record(urls()[i]));
    if (++i == urls().size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CheckRecord);

void BM_DomainListMatch(benchmark::State& state) {
  std::vector<Url> parsed(4096);
  for (std::size_t k = 0; k < parsed.size(); ++k) parse_url(urls()[k], parsed[k]);
  const DomainList& a = RuleBook::builtin().allowlist;  // the one the scorer uses
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a.match(parsed[i].host));
    i = (i + 1) & 4095;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DomainListMatch);

// Features per URL on this input, for reading the per-URL costs.
void BM_FeatureCount(benchmark::State& state) {
  const Featurizer fz(bench_model().spec());
  Url u;
  FeatureVector idx;
  std::size_t total = 0, n = 0;
  for (auto _ : state) {
    parse_url(urls()[n % urls().size()], u);
    fz.featurize(u, idx);
    total += idx.size();
    ++n;
  }
  state.counters["features_per_url"] = static_cast<double>(total) / n;
}
BENCHMARK(BM_FeatureCount);

void BM_ParseFeaturize(benchmark::State& state) {
  const Featurizer fz(bench_model().spec());
  Url u;
  FeatureVector idx;
  std::size_t i = 0;
  for (auto _ : state) {
    parse_url(urls()[i], u);
    fz.featurize(u, idx);
    benchmark::DoNotOptimize(idx.data());
    if (++i == urls().size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseFeaturize);

// The whole per-URL path (check, parse, featurize, kernel, calibrate) in batches of 1024, with
// the kernels of one ISA; with the built-in rules (lists, pre-filter, look-alikes) or without.
void BM_ScoreUrls(benchmark::State& state) {
  const Isa isa = static_cast<Isa>(state.range(0));
  const bool rules = state.range(1) != 0;
  if (!force_isa(isa)) return state.SkipWithError("ISA not supported here");
  const Scorer s(bench_model(), rules ? &RuleBook::builtin() : nullptr);
  Scorer::Scratch scratch;
  std::vector<std::string_view> views(urls().begin(), urls().end());
  std::vector<Score> out(1024);
  std::size_t pos = 0;
  for (auto _ : state) {
    s.score_batch(std::span(views).subspan(pos, 1024), out, scratch);
    benchmark::DoNotOptimize(out.data());
    pos += 1024;
    if (pos + 1024 > views.size()) pos = 0;
  }
  state.SetItemsProcessed(state.iterations() * 1024);
  state.SetLabel(std::string(isa_name(isa)) + (rules ? " +rules" : " model only"));
  (void)force_isa(best_isa());  // the best ISA is supported by definition
}
BENCHMARK(BM_ScoreUrls)->ArgsProduct({{0, 1, 2, 3}, {0, 1}});

// The rule stage on parsed URLs in batches of 1024: the Hyperscan pre-filter alone (range 0)
// and every rule (range 1). Bytes are the scanned text: host, path and query.
void BM_Rules(benchmark::State& state) {
  const RuleSet& rs = RuleSet::builtin();
  std::vector<Url> parsed(16384);
  std::vector<const Url*> ptr;
  std::size_t bytes = 0;
  for (std::size_t k = 0; k < parsed.size(); ++k) {
    parse_url(urls()[k], parsed[k]);
    ptr.push_back(&parsed[k]);
    bytes += parsed[k].host.size() + parsed[k].path.size() + parsed[k].query.size() + 2;
  }
  RuleSet::Scratch scratch;
  std::vector<std::vector<std::uint16_t>> hits;
  std::size_t pos = 0, done = 0;
  for (auto _ : state) {
    const auto batch = std::span<const Url* const>(ptr).subspan(pos, 1024);
    if (state.range(0) == 0)
      rs.prefilter(batch, scratch, hits);
    else
      rs.match(batch, scratch, hits);
    benchmark::DoNotOptimize(hits.data());
    pos = (pos + 1024) % ptr.size();
    done += 1024;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(done));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes * done / ptr.size()));
  state.SetLabel(state.range(0) == 0 ? "hyperscan pre-filter" : "all rules");
}
BENCHMARK(BM_Rules)->DenseRange(0, 1);

}  // namespace

BENCHMARK_MAIN();
