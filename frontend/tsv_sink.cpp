// The TSV sink (the default output): verdict, probability, url[, reason], every field escaped
// (frontend/field_text.hpp) so a record is always one line of three or four fields.
#include "field_text.hpp"
#include "printed_record.hpp"

namespace urlscan::frontend {
namespace {

class TsvSink final : public Sink {
 public:
  TsvSink(const PrintOptions& opt, const Scorer& scorer) : opt_(opt), scorer_(scorer) {}
  void record(std::string& out, const OutputRecord& r) const override {
    PrintedRecord p;
    if (!prepare_record(r, opt_, scorer_, p)) return;
    out += p.record.verdict();
    out += '\t';
    append_probability(out, p.record.probability);
    out += '\t';
    append_escaped(out, r.url);
    // Each piece escaped on its own: the separators are ASCII, so this is the joined column
    // escaped, without building it.
    bool column = false;
    for_each_reason_piece(p, scorer_, [&](std::string_view piece) {
      if (!column) out += '\t';
      column = true;
      append_escaped(out, piece);
    });
    out += '\n';
  }

 private:
  PrintOptions opt_;
  const Scorer& scorer_;
};

}  // namespace

std::unique_ptr<Sink> make_tsv_sink(const PrintOptions& opt, const Scorer& scorer) {
  return std::make_unique<TsvSink>(opt, scorer);
}

}  // namespace urlscan::frontend
