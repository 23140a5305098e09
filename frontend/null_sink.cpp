// The null sink (--quiet): records are scored and counted, nothing is printed; the exit status
// and --summary tell the result. Also the baseline for timing the scan without its printing.
#include "sink.hpp"

namespace urlscan::frontend {
namespace {

class NullSink final : public Sink {
 public:
  void record(std::string&, const OutputRecord&) const override {}
};

}  // namespace

std::unique_ptr<Sink> make_null_sink() {
  return std::make_unique<NullSink>();
}

}  // namespace urlscan::frontend
