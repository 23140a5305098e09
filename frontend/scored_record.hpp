// The one scored-URL record of every front end: the CLI's sinks print it (TSV, JSONL, CSV) and
// the service's /predict answers with it, built from a Score (or a reader's error) by one
// function and written as JSON by one function, so the two carry the same members.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "urlscan/json_text.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::frontend {

struct ScoredRecord {
  std::string_view url;
  std::string_view error;  // non-empty: the record was not scored (and has no reasons)
  bool phishing = false;
  float probability = 0;
  std::span<const ReasonText> reasons;  // the deciding list entry or the rules that fired
  bool flagged() const noexcept { return error.empty() && phishing; }
  const char* verdict() const noexcept {
    return !error.empty() ? "error" : phishing ? "phishing" : "legitimate";
  }
};

// The record of `url`: `reader_error` when the reader failed (score then null), else the
// score's problem or its verdict, probability and reasons (kept in `reasons`, which must outlive
// the record).
ScoredRecord scored_record(std::string_view url, const Score* score, const char* reader_error,
                           const Scorer& scorer, std::array<ReasonText, 4>& reasons) noexcept;

// {"url":U,"error":E} for a record that was not scored, else
// {"url":U,"phishing":B,"probability":P} with "reasons":[...] when there are any: written as
// members of the object `w` has open, so the caller adds its own (the CLI's source, line and
// explanation, the service's model) and closes it.
void write_scored_members(JsonWriter& w, const ScoredRecord& r);

}  // namespace urlscan::frontend
