#include "printed_record.hpp"

namespace urlscan::frontend {

void RecordSink::record(std::string& out, const OutputRecord& r) const {
  PrintedRecord p;
  p.record = scored_record(r.url, r.score, r.reader_error, scorer_, p.reason_storage);
  if (opt_.only_flagged && !p.record.flagged()) return;
  // The model's features explain a score the model set, not one an allow- or blocklist entry
  // decided: every format leaves those out alike.
  p.explain = opt_.explain && p.record.error.empty() &&
              (!r.score || (r.score->allowlisted.empty() && r.score->blocklisted.empty()));
  write(out, r, p);
}

}  // namespace urlscan::frontend
