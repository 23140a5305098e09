// The JSON Lines sink (--json): one object per record, the scored record (scored_record.hpp,
// the service's /predict schema) plus the source file and line for log inputs and the
// explanation.
#include "printed_record.hpp"

namespace urlscan::frontend {
namespace {

class JsonlSink final : public RecordSink {
 public:
  using RecordSink::RecordSink;

 private:
  void write(std::string& out, const OutputRecord& r, const PrintedRecord& p) const override {
    JsonWriter w(out);
    w.begin_object();
    write_scored_members(w, p.record);
    if (options().with_source)
      w.key("source").string(r.source).key("line").unsigned_integer(r.line);
    if (p.explain) {
      w.key("explanation").begin_array();
      for (const Contribution& c : scorer().explain(r.url, 5))
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
};

}  // namespace

std::unique_ptr<Sink> make_jsonl_sink(const PrintOptions& opt, const Scorer& scorer) {
  return std::make_unique<JsonlSink>(opt, scorer);
}

}  // namespace urlscan::frontend
