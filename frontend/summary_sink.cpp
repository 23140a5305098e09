// The summary sink (--count): no records, the totals at the end in the output format.
#include "sink.hpp"
#include "urlscan/json_text.hpp"

namespace urlscan::frontend {
namespace {

class SummarySink final : public Sink {
 public:
  explicit SummarySink(OutputFormat format) : format_(format) {}
  void record(std::string&, const OutputRecord&) const override {}
  void end(std::string& out, const RecordCounts& c) const override {
    const std::string records = std::to_string(c.records), flagged = std::to_string(c.flagged),
                      errors = std::to_string(c.errors);
    if (format_ == OutputFormat::json) {
      JsonWriter w(out);
      w.begin_object()
          .key("records")
          .unsigned_integer(c.records)
          .key("flagged")
          .unsigned_integer(c.flagged)
          .key("errors")
          .unsigned_integer(c.errors)
          .end_object();
      out += '\n';
    } else if (format_ == OutputFormat::csv) {
      out += "records,flagged,errors\n" + records + ',' + flagged + ',' + errors + '\n';
    } else {
      out += "records\t" + records + "\nflagged\t" + flagged + "\nerrors\t" + errors + '\n';
    }
  }

 private:
  OutputFormat format_;
};

}  // namespace

std::unique_ptr<Sink> make_summary_sink(OutputFormat format) {
  return std::make_unique<SummarySink>(format);
}

}  // namespace urlscan::frontend
