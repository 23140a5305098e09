// RecordSink, the base of the sinks that print records, with what they decide alike: whether a
// record is printed (--only-flagged), whether it is explained (never a verdict a list entry
// decided), and the TSV and CSV reason column.
#pragma once

#include <array>
#include <cstdio>
#include <string_view>
#include <vector>

#include "scored_record.hpp"
#include "sink.hpp"

namespace urlscan::frontend {

struct PrintedRecord {
  std::array<ReasonText, 4> reason_storage;
  ScoredRecord record;  // its reasons point into reason_storage
  bool explain = false;
  PrintedRecord() = default;
  PrintedRecord(const PrintedRecord&) = delete;
  PrintedRecord& operator=(const PrintedRecord&) = delete;
};

// A sink that prints records (TSV, JSON Lines, CSV): record() prepares each record alike for
// every format and hands the ones printed to the format's write().
class RecordSink : public Sink {
 public:
  // `scorer` (the reasons' and explanations' words) must outlive the sink.
  RecordSink(const PrintOptions& opt, const Scorer& scorer) : opt_(opt), scorer_(scorer) {}
  void record(std::string& out, const OutputRecord& r) const final;

 protected:
  // Appends the prepared record `p` of `r` (const and thread-safe, as record()).
  virtual void write(std::string& out, const OutputRecord& r, const PrintedRecord& p) const = 0;
  const PrintOptions& options() const noexcept { return opt_; }
  const Scorer& scorer() const noexcept { return scorer_; }

 private:
  PrintOptions opt_;
  const Scorer& scorer_;
};

// The reason column, piece by piece through append(std::string_view): the error, or the reasons
// joined by "; ", then (explained) the features that moved the score most, "name (+0.12)".
// Nothing for an empty column.
template <class Append>
void for_each_reason_piece(const PrintedRecord& p, const Scorer& scorer, Append append) {
  const ScoredRecord& r = p.record;
  if (!r.error.empty()) {
    append(r.error);
    return;
  }
  bool first = true;
  for (const ReasonText& t : r.reasons) {
    if (!first) append("; ");
    first = false;
    append(t.prefix);
    append(t.text);
  }
  if (!p.explain) return;
  for (const Contribution& c : scorer.explain(r.url, 5)) {
    char w[48];
    std::snprintf(w, sizeof w, " (%+.2f)", static_cast<double>(c.weight));
    if (!first) append("; ");
    first = false;
    append(c.feature);
    append(w);
  }
}

}  // namespace urlscan::frontend
