#include "scored_record.hpp"

#include "urlscan/json_text.hpp"

namespace urlscan::frontend {

void open_scored_json(std::string& out, std::string_view url, std::string_view error, bool phishing,
                      float probability, const std::vector<std::string>& reasons) {
  out += "{\"url\":";
  append_json_string(out, url);
  if (!error.empty()) {
    out += ",\"error\":";
    append_json_string(out, error);
    return;
  }
  out += phishing ? ",\"phishing\":true,\"probability\":" : ",\"phishing\":false,\"probability\":";
  append_probability(out, probability);
  if (reasons.empty()) return;
  out += ",\"reasons\":[";
  for (std::size_t k = 0; k < reasons.size(); ++k) {
    if (k) out += ',';
    append_json_string(out, reasons[k]);
  }
  out += ']';
}

}  // namespace urlscan::frontend
