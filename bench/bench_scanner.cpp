// Google Benchmark: the scanner's stages on generated input -- line splitting, each input
// format's extraction, and each printer. Bytes/s are input bytes.
#include <benchmark/benchmark.h>

#include <string>

#include "input/byte_source.hpp"
#include "input/formats.hpp"
#include "input/line_reader.hpp"
#include "sink.hpp"
#include "synthetic_urls.hpp"

namespace {

using namespace urlscan;
using namespace urlscan::cli;
using namespace urlscan::frontend;

const std::vector<std::string>& urls() {
  static const auto u = synthetic_urls(20000, 3);
  return u;
}

std::string input_for(InputFormat f) {
  std::string s;
  for (std::size_t i = 0; i < urls().size(); ++i) {
    const std::string& u = urls()[i];
    switch (f) {
      case InputFormat::lines:
        s += u;
        break;
      case InputFormat::tsv:
        s += "0\t" + u + "\t2026-11-26";
        break;
      case InputFormat::jsonl:
        s += "{\"time\":\"2026-11-26T10:00:00Z\",\"status\":200,\"req\":{\"method\":\"GET\","
             "\"url\":\"" +
             u + "\",\"ua\":\"Mozilla/5.0 (X11; Linux x86_64)\"},\"bytes\":1234}";
        break;
      case InputFormat::access_log:
        s += synthetic_access_log_line(u, urls()[(i * 7) % urls().size()], i);
        break;
      case InputFormat::extract:  // free text: the URL inside a sentence
        s += "see " + u + " for details";
        break;
    }
    s += '\n';
  }
  return s;
}

void BM_SplitLines(benchmark::State& state) {
  const std::string text = input_for(InputFormat::lines);
  LineBatch b;
  for (auto _ : state) {
    auto src = memory_source(text);
    LineReader r(*src, 65536);
    while (r.next(b, 4096, 1 << 20)) benchmark::DoNotOptimize(b.bytes.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<long long>(text.size()));
}
BENCHMARK(BM_SplitLines);

// Extraction of the URL from already split lines, per format (JSON: the simdjson step).
void BM_Extract(benchmark::State& state) {
  const auto fmt = static_cast<InputFormat>(state.range(0));
  const std::string text = input_for(fmt);
  auto src = memory_source(text);
  LineReader r(*src, 65536);
  LineBatch lines;
  r.next(lines, 1u << 30, 1u << 30);
  FormatOptions opt;
  opt.format = fmt;
  opt.column = 2;
  opt.field = "req.url";
  opt.log_host = "www.example.com";
  auto ex = make_extractor(opt);
  RecordBatch out;
  for (auto _ : state) {
    ex->extract(lines, out);
    benchmark::DoNotOptimize(out.records.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<long long>(text.size()));
  state.SetItemsProcessed(state.iterations() * static_cast<long long>(lines.size()));
  static const char* names[] = {"lines", "tsv", "jsonl", "access-log"};
  state.SetLabel(names[state.range(0)]);
}
BENCHMARK(BM_Extract)->DenseRange(0, 3);

void BM_Print(benchmark::State& state) {
  const auto fmt = static_cast<OutputFormat>(state.range(0));
  const Scorer scorer(Model::builtin());
  std::vector<Score> scores(urls().size());
  Scorer::Scratch scratch;
  std::vector<std::string_view> views(urls().begin(), urls().end());
  scorer.score_batch(views, scores, scratch);
  PrintOptions opt;
  opt.format = fmt;
  const auto sink = make_sink(opt, scorer);
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (std::size_t i = 0; i < views.size(); ++i)
      sink->record(out, OutputRecord{views[i], &scores[i], nullptr, "-", i + 1});
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long long>(views.size()));
  static const char* names[] = {"tsv", "json", "csv"};
  state.SetLabel(names[state.range(0)]);
}
BENCHMARK(BM_Print)->DenseRange(0, 2);

}  // namespace

BENCHMARK_MAIN();
