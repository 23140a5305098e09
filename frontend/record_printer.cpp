#include "record_printer.hpp"

#include <cstdio>
#include <vector>

#include "scored_record.hpp"

namespace urlscan::frontend {

void append_escaped(std::string& out, std::string_view s) {
  std::size_t i = 0;  // the common case, printable ASCII without '\', goes out as is
  while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x20 &&
         static_cast<unsigned char>(s[i]) < 0x7f && s[i] != '\\')
    ++i;
  out.append(s.substr(0, i));
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const std::size_t len = utf8_sequence_length(s, i); len > 0) {
        out.append(s.substr(i, len));  // valid UTF-8 is text
        i += len;
        continue;
      }
    }
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      char b[5];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      out += b;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
}

void append_csv_field(std::string& out, std::string_view s) {
  // RFC 4180: the bytes as they are, quoted when they hold a separator, quote or line break.
  if (s.find_first_of(",\"\r\n") == s.npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string csv_header() {
  return "verdict,probability,url,reason\n";
}

void print_record(std::string& out, const OutputRecord& r, const PrintOptions& opt,
                  const Scorer& scorer) {
  const Score none{};
  const Score& s = r.score ? *r.score : none;
  const char* error = r.reader_error          ? r.reader_error
                      : s.problem != errc::ok ? message(s.problem).data()
                                              : nullptr;
  const bool flagged = !error && s.phishing;
  if (opt.only_flagged && !flagged) return;
  // The model's features explain a score the model set, not one an allow- or blocklist entry
  // decided: every format leaves those out alike.
  const bool explain = opt.explain && !error && s.allowlisted.empty() && s.blocklisted.empty();
  // Reasons: the error, or the deciding list entry, or the rules that fired (decisive first).
  std::vector<std::string> reasons;
  if (error)
    reasons.emplace_back(error);
  else
    reasons = scorer.reasons(s);
  std::string reason;
  for (const auto& r2 : reasons) reason += (reason.empty() ? "" : "; ") + r2;

  if (opt.format == OutputFormat::json) {
    open_scored_json(out, r.url, error ? error : "", flagged, s.probability,
                     error ? std::vector<std::string>{} : reasons);
    if (opt.with_source) {
      out += ",\"source\":";
      append_json_string(out, r.source);
      out += ",\"line\":" + std::to_string(r.line);
    }
    if (explain) {
      out += ",\"explanation\":[";
      bool first = true;
      for (const auto& c : scorer.explain(r.url, 5)) {
        if (!first) out += ',';
        first = false;
        char w[32];
        std::snprintf(w, sizeof w, "%.4f", c.weight);
        out += "{\"feature\":";
        append_json_string(out, c.feature);
        out += ",\"weight\":";
        out += w;
        out += '}';
      }
      out += ']';
    }
    out += "}\n";
    return;
  }
  if (explain) {
    for (const auto& c : scorer.explain(r.url, 5)) {
      char w[48];
      std::snprintf(w, sizeof w, " (%+.2f)", c.weight);
      if (!reason.empty()) reason += "; ";
      reason += c.feature + w;
    }
  }
  const char* verdict = error ? "error" : flagged ? "phishing" : "legitimate";
  if (opt.format == OutputFormat::csv) {
    out += verdict;
    out += ',';
    append_probability(out, s.probability);
    out += ',';
    append_csv_field(out, r.url);
    out += ',';
    append_csv_field(out, reason);
    out += '\n';
    return;
  }
  out += verdict;
  out += '\t';
  append_probability(out, s.probability);
  out += '\t';
  append_escaped(out, r.url);
  if (!reason.empty()) {
    out += '\t';
    append_escaped(out, reason);
  }
  out += '\n';
}

}  // namespace urlscan::frontend
