// The CSV sink (--csv, RFC 4180): a header, then verdict,probability,url,reason with the bytes
// as they are, quoted when needed.
#include "field_text.hpp"
#include "printed_record.hpp"

namespace urlscan::frontend {
namespace {

class CsvSink final : public RecordSink {
 public:
  using RecordSink::RecordSink;
  void begin(std::string& out) const override { out += "verdict,probability,url,reason\n"; }

 private:
  void write(std::string& out, const OutputRecord& r, const PrintedRecord& p) const override {
    out += p.record.verdict();
    out += ',';
    append_probability(out, p.record.probability);
    out += ',';
    append_csv_field(out, r.url);
    out += ',';
    // Quoting depends on the whole column: it is built first (one buffer per thread).
    thread_local std::string column;
    column.clear();
    for_each_reason_piece(p, scorer(), [&](std::string_view piece) { column += piece; });
    append_csv_field(out, column);
    out += '\n';
  }
};

}  // namespace

std::unique_ptr<Sink> make_csv_sink(const PrintOptions& opt, const Scorer& scorer) {
  return std::make_unique<CsvSink>(opt, scorer);
}

}  // namespace urlscan::frontend
