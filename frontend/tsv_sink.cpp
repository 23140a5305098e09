// The TSV sink (the default output): verdict, probability, url[, reason], every field escaped
// (frontend/field_text.hpp) so a record is always one line of three or four fields.
#include "field_text.hpp"
#include "printed_record.hpp"

namespace urlscan::frontend {
namespace {

class TsvSink final : public RecordSink {
 public:
  using RecordSink::RecordSink;

 private:
  void write(std::string& out, const OutputRecord& r, const PrintedRecord& p) const override {
    out += p.record.verdict();
    out += '\t';
    append_probability(out, p.record.probability);
    out += '\t';
    append_escaped(out, r.url);
    // Each piece escaped on its own: the separators are ASCII, so this is the joined column
    // escaped, without building it.
    bool column = false;
    for_each_reason_piece(p, scorer(), [&](std::string_view piece) {
      if (!column) out += '\t';
      column = true;
      append_escaped(out, piece);
    });
    out += '\n';
  }
};

}  // namespace

std::unique_ptr<Sink> make_tsv_sink(const PrintOptions& opt, const Scorer& scorer) {
  return std::make_unique<TsvSink>(opt, scorer);
}

}  // namespace urlscan::frontend
