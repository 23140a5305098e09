#include "printed_record.hpp"

namespace urlscan::frontend {

bool prepare_record(const OutputRecord& r, const PrintOptions& opt, const Scorer& scorer,
                    PrintedRecord& p) {
  p.record = scored_record(r.url, r.score, r.reader_error, scorer, p.reason_storage);
  if (opt.only_flagged && !p.record.flagged()) return false;
  // The model's features explain a score the model set, not one an allow- or blocklist entry
  // decided: every format leaves those out alike.
  p.explain = opt.explain && p.record.error.empty() &&
              (!r.score || (r.score->allowlisted.empty() && r.score->blocklisted.empty()));
  return true;
}

}  // namespace urlscan::frontend
