#include "sink.hpp"

namespace urlscan::frontend {

void Sink::begin(std::string&) const {}
void Sink::end(std::string&, const RecordCounts&) const {}

std::unique_ptr<Sink> make_sink(const PrintOptions& opt, const Scorer& scorer) {
  if (opt.quiet) return make_null_sink();
  if (opt.totals_only) return make_summary_sink(opt.format);
  switch (opt.format) {
    case OutputFormat::json:
      return make_jsonl_sink(opt, scorer);
    case OutputFormat::csv:
      return make_csv_sink(opt, scorer);
    case OutputFormat::tsv:
      break;
  }
  return make_tsv_sink(opt, scorer);
}

}  // namespace urlscan::frontend
