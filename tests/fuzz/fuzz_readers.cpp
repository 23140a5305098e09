// Fuzz target: the line reader and every input format's extractor on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "input/byte_source.hpp"
#include "input/formats.hpp"
#include "input/line_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace urlscan::cli;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  // Every format, and JSON Lines once more joining a host field and reading a Referer field.
  for (int k = 0; k < 6; ++k) {
    const InputFormat f = k == 5 ? InputFormat::jsonl : static_cast<InputFormat>(k);
    FormatOptions opt;
    opt.format = f;
    opt.column = 2;
    opt.field = "a.b";
    opt.log_host = "h.example";
    if (k == 5) {
      opt.host_field = "h";
      opt.referer_field = "r.0";
    }
    auto src = memory_source(bytes);
    LineReader reader(*src, 64);
    auto ex = make_extractor(opt);
    LineBatch lines;
    RecordBatch recs;
    std::size_t n_lines = 0;
    bool more = true;
    while (more) {
      more = reader.next(lines, 7, 256);
      n_lines += lines.size();
      ex->extract(lines, recs);
      for (const auto& r : recs.records)
        if (r.offset + static_cast<std::size_t>(r.size) > recs.text.size()) __builtin_trap();
      // Every line yields a record, except free text and TSV headers.
      if (f != InputFormat::extract && f != InputFormat::tsv && recs.records.size() < lines.size())
        __builtin_trap();
    }
    if (n_lines > size + 1) __builtin_trap();
  }
  return 0;
}
