#include "output/printer.hpp"

#include <cstdio>
#include <vector>

namespace urlscan::cli {

void append_escaped(std::string& out, std::string_view s) {
  if (check_record(s) == errc::ok && s.find('\\') == s.npos) {  // the common case: as is
    out += s;
    return;
  }
  const bool utf8 = valid_utf8(s);
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && !utf8)) {
      char b[5];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      out += b;
    } else {
      out += static_cast<char>(c);
    }
  }
}

void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == s.npos) {
    append_escaped(out, s);
    return;
  }
  std::string escaped;
  append_escaped(escaped, s);
  out += '"';
  for (char c : escaped) {
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
  // Reasons: the error, or the deciding list entry, or the rules that fired (decisive first).
  std::vector<std::string> reasons;
  if (error)
    reasons.emplace_back(error);
  else
    reasons = scorer.reasons(s);
  std::string reason;
  for (const auto& r2 : reasons) reason += (reason.empty() ? "" : "; ") + r2;

  if (opt.format == OutputFormat::json) {
    out += "{\"url\":";
    append_json_string(out, r.url);
    if (error) {
      out += ",\"error\":";
      append_json_string(out, error);
    } else {
      out +=
          flagged ? ",\"phishing\":true,\"probability\":" : ",\"phishing\":false,\"probability\":";
      append_probability(out, s.probability);
      if (!reasons.empty()) {
        out += ",\"reasons\":[";
        for (std::size_t k = 0; k < reasons.size(); ++k) {
          if (k) out += ',';
          append_json_string(out, reasons[k]);
        }
        out += ']';
      }
    }
    if (opt.with_source) {
      out += ",\"source\":";
      append_json_string(out, r.source);
      out += ",\"line\":" + std::to_string(r.line);
    }
    if (opt.explain && !error) {
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
  if (!error && opt.explain && s.allowlisted.empty() && s.blocklisted.empty()) {
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

}  // namespace urlscan::cli
