// The JSON Lines sink (--json): one object per record, the scored record (scored_record.hpp,
// the service's /predict schema) plus the source file and line for log inputs and the
// explanation.
#include "printed_record.hpp"

namespace urlscan::frontend {
namespace {

class JsonlSink final : public Sink {
 public:
  JsonlSink(const PrintOptions& opt, const Scorer& scorer) : opt_(opt), scorer_(scorer) {}
  void record(std::string& out, const OutputRecord& r) const override {
    PrintedRecord p;
    if (!prepare_record(r, opt_, scorer_, p)) return;
    JsonWriter w(out);
    w.begin_object();
    write_scored_members(w, p.record);
    if (opt_.with_source) w.key("source").string(r.source).key("line").unsigned_integer(r.line);
    if (p.explain) {
      w.key("explanation").begin_array();
      for (const Contribution& c : scorer_.explain(r.url, 5))
        w.begin_object()
            .key("feature")
            .string(c.feature)
            .key("weight")
            .number(c.weight, "%.4f")
            .end_object();
      w.end_array();
    }
    w.end_object();
    out += '\n';
  }

 private:
  PrintOptions opt_;
  const Scorer& scorer_;
};

}  // namespace

std::unique_ptr<Sink> make_jsonl_sink(const PrintOptions& opt, const Scorer& scorer) {
  return std::make_unique<JsonlSink>(opt, scorer);
}

}  // namespace urlscan::frontend
