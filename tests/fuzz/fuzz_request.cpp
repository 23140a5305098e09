// Fuzz target: the service's request bodies (/predict, /feedback, /admin/reload) and the app
// role's reading of the model API's answer, on arbitrary bytes. Every refusal has a status and
// a reason; an accepted /predict body holds 1..limit URLs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "predict_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace urlscan::service;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  BodyError e;
  PredictRequest p;
  if (parse_predict_body(body, 16, p, e)) {
    if (p.urls.empty() || p.urls.size() > 16 || (!p.batch && p.urls.size() != 1)) __builtin_trap();
  } else if (e.reason.empty() || e.status < 400 || e.status > 499) {
    __builtin_trap();
  }
  FeedbackRequest f;
  if (parse_feedback_body(body, f, e)) {
    if (f.verdict != "phishing" && f.verdict != "legitimate") __builtin_trap();
  } else if (e.reason.empty()) {
    __builtin_trap();
  }
  std::string path;
  if (!parse_reload_body(body, path, e) && e.reason.empty()) __builtin_trap();
  std::vector<Prediction> results;
  std::string model, error;
  if (!parse_predict_response(body, results, model, error) && error.empty()) __builtin_trap();
  (void)error_json(body);
  return 0;
}
