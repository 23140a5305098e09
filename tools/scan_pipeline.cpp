#include "scan_pipeline.hpp"

#include <tbb/concurrent_queue.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

#include "input/byte_source.hpp"
#include "input/line_reader.hpp"

namespace urlscan::cli {
namespace {

struct Batch {
  LineBatch lines;
  RecordBatch records;
  std::vector<Score> scores;
  std::vector<std::string_view> urls;
  std::string out;
  std::uint64_t flagged = 0, errors = 0;
  const char* first_error = nullptr;  // the batch's first error record
  std::uint64_t first_error_line = 0;
};

// A bar when the input's size is known (regular files); else, for stdin and .gz, the records
// and the rate, which is what a growing count of unknown total can show.
void progress_line(std::uint64_t done, long long total, std::uint64_t records, double seconds) {
  const double rate = seconds > 0 ? records / seconds : 0.0;
  if (total <= 0) {
    std::fprintf(stderr, "\r%llu records  %.0f URLs/s  %.1f MB read ",
                 static_cast<unsigned long long>(records), rate, done / 1e6);
    return;
  }
  const double frac = std::min(1.0, static_cast<double>(done) / total);
  const int width = 30, fill = static_cast<int>(frac * width);
  std::fprintf(stderr, "\r[%.*s%*s] %3.0f%%  %llu URLs  %.0f URLs/s ", fill,
               "##############################", width - fill, "", frac * 100,
               static_cast<unsigned long long>(records), rate);
}

}  // namespace

ScanTotals run_scan_pipeline(const Scorer& scorer, const ScanOptions& opt, std::FILE* out) {
  ScanTotals totals;
  const auto t0 = std::chrono::steady_clock::now();
  const int threads = opt.threads > 0 ? opt.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);

  tbb::enumerable_thread_specific<std::unique_ptr<Extractor>> extractors(
      [&] { return make_extractor(opt.input); });
  // One result cache for all threads: a repeat is a hit whichever thread scored it first.
  const auto results = opt.result_cache_bytes
                           ? std::make_shared<ResultCache>(opt.result_cache_bytes)
                           : std::shared_ptr<ResultCache>();
  tbb::enumerable_thread_specific<Scorer::Scratch> scratch(
      [&] { return Scorer::Scratch(kHostCacheDefaultEntries, results); });
  tbb::concurrent_queue<Batch*> pool;
  std::vector<std::unique_ptr<Batch>> owned;  // touched by the serial reader only

  std::size_t file_index = 0;
  std::unique_ptr<ByteSource> source;
  std::unique_ptr<LineReader> reader;
  std::atomic<long long> total_size{0};   // grows in the read stage, read by the writer
  std::atomic<bool> size_unknown{false};  // stdin or gzip among the inputs: no bar
  std::uint64_t done_bytes = 0;
  std::atomic<bool> output_closed{false};

  const std::unique_ptr<Sink> sink = make_sink(opt.print, scorer);
  auto write_text = [&](const std::string& text) {
    if (!totals.write_failed && !text.empty() &&
        std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
      totals.write_failed = true;
      output_closed = true;
    }
  };
  {
    std::string head;
    sink->begin(head);
    write_text(head);
  }

  auto read_stage = [&](tbb::flow_control& fc) -> Batch* {
    for (;;) {
      if (output_closed.load(std::memory_order_relaxed)) {  // e.g. `| head` has exited
        fc.stop();
        return nullptr;
      }
      if (!reader) {
        if (file_index >= opt.files.size()) {
          fc.stop();
          return nullptr;
        }
        std::string why;
        source = open_source(opt.files[file_index], why);
        if (!source) {
          std::fprintf(stderr, "urlscan: %s\n", why.c_str());
          totals.read_failed = true;
          ++file_index;
          continue;
        }
        if (source->size() >= 0)
          total_size += source->size();
        else
          size_unknown = true;
        reader = std::make_unique<LineReader>(*source, opt.max_line);
      }
      Batch* b = nullptr;
      if (!pool.try_pop(b)) {
        owned.push_back(std::make_unique<Batch>());
        b = owned.back().get();
      }
      const bool more = reader->next(b->lines, opt.batch_lines, 1 << 20);
      b->lines.source = static_cast<std::uint32_t>(file_index);
      if (!more) {
        if (!reader->error().empty()) {
          std::fprintf(stderr, "urlscan: %s: %s\n", opt.files[file_index].c_str(),
                       reader->error().c_str());
          totals.read_failed = true;
        }
        totals.bytes += reader->bytes_read();
        reader.reset();
        source.reset();
        ++file_index;
      }
      if (b->lines.size() > 0) return b;
      pool.push(b);
    }
  };

  auto extract_stage = [&](Batch* b) -> Batch* {
    extractors.local()->extract(b->lines, b->records);
    return b;
  };

  // --shard K/N: numbers the records in input order (hence a serial stage) and keeps shard K's.
  std::uint64_t next_record = 0;
  auto shard_stage = [&](Batch* b) -> Batch* {
    std::vector<Record>& records = b->records.records;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < records.size(); ++i)
      if (opt.shard.keeps(next_record + i)) records[kept++] = records[i];
    next_record += records.size();
    records.resize(kept);
    return b;
  };

  auto score_stage = [&](Batch* b) -> Batch* {
    const std::size_t n = b->records.records.size();
    b->urls.resize(n);
    for (std::size_t i = 0; i < n; ++i) b->urls[i] = b->records.url(b->records.records[i]);
    b->scores.resize(n);
    scorer.score_batch(b->urls, b->scores, scratch.local());
    b->out.clear();
    b->flagged = b->errors = 0;
    b->first_error = nullptr;
    const std::string_view file_name = opt.files[b->lines.source];
    for (std::size_t i = 0; i < n; ++i) {
      const Record& r = b->records.records[i];
      const Score& s = b->scores[i];
      const bool error = r.error || s.problem != errc::ok;
      b->errors += error;
      b->flagged += !error && s.phishing;
      if (error && !b->first_error) {
        b->first_error = r.error ? r.error : message(s.problem).data();
        b->first_error_line = r.line;
      }
      sink->record(b->out,
                   OutputRecord{b->urls[i], r.error ? nullptr : &s, r.error, file_name, r.line});
    }
    return b;
  };

  auto write_stage = [&](Batch* b) {
    totals.records += b->records.records.size();
    totals.flagged += b->flagged;
    totals.errors += b->errors;
    if (b->first_error && totals.first_error.empty()) {
      totals.first_error = b->first_error;
      totals.first_error_source = opt.files[b->lines.source];
      totals.first_error_line = b->first_error_line;
    }
    write_text(b->out);
    if (opt.progress) {
      done_bytes += b->lines.bytes.size() + b->lines.size();
      progress_line(done_bytes,
                    size_unknown.load(std::memory_order_relaxed)
                        ? -1
                        : total_size.load(std::memory_order_relaxed),
                    totals.records,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    pool.push(b);
  };

  const auto read = tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order, read_stage);
  const auto write = tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, write_stage);
  const std::size_t in_flight = static_cast<std::size_t>(threads) * 4;
  if (opt.shard.active())
    tbb::parallel_pipeline(
        in_flight,
        read & tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel, extract_stage) &
            tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::serial_in_order, shard_stage) &
            tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel, score_stage) & write);
  else  // one parallel stage: extract and score together, as before sharding existed
    tbb::parallel_pipeline(
        in_flight,
        read & tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel, [&](Batch* b) {
          return score_stage(extract_stage(b));
        }) & write);
  {
    std::string tail;
    sink->end(tail, RecordCounts{totals.records, totals.flagged, totals.errors});
    write_text(tail);
  }
  if (std::fflush(out) != 0) totals.write_failed = true;
  if (opt.progress) std::fputc('\n', stderr);
  totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return totals;
}

}  // namespace urlscan::cli
