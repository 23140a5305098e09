#include "scored_record.hpp"

namespace urlscan::frontend {

ScoredRecord scored_record(std::string_view url, const Score* score, const char* reader_error,
                           const Scorer& scorer, std::array<ReasonText, 4>& reasons) noexcept {
  ScoredRecord r;
  r.url = url;
  if (reader_error) {
    r.error = reader_error;
    return r;
  }
  if (!score) return r;
  if (score->problem != errc::ok) {
    r.error = message(score->problem);
    return r;
  }
  r.phishing = score->phishing;
  r.probability = score->probability;
  r.reasons = std::span<const ReasonText>(reasons.data(), scorer.reason_texts(*score, reasons));
  return r;
}

void write_scored_members(JsonWriter& w, const ScoredRecord& r) {
  w.plain_key("url").string(r.url);
  if (!r.error.empty()) {
    w.plain_key("error").string(r.error);
    return;
  }
  w.plain_key("phishing").boolean(r.phishing).plain_key("probability").probability(r.probability);
  if (r.reasons.empty()) return;
  w.plain_key("reasons").begin_array();
  std::string text;
  for (const ReasonText& t : r.reasons) {
    if (t.prefix.empty()) {
      w.string(t.text);
      continue;
    }
    text.assign(t.prefix);  // a list entry's reason: rare enough for one string
    text += t.text;
    w.string(text);
  }
  w.end_array();
}

}  // namespace urlscan::frontend
