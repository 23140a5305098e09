// The JSON of the HTTP API: request bodies parsed with simdjson (On-Demand), strictly: a body
// that is not what the API documents gets a reason for its 4xx; responses written directly.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scored_record.hpp"
#include "urlscan/json_text.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::service {

// A refused body: the HTTP status (400, 413, 415, 422) and the reason given to the client.
struct BodyError {
  int status = 400;
  std::string reason;
};

// {"url": "..."} or {"urls": ["...", ...]} (at most batch_limit URLs). The URLs are views into
// the calling thread's JSON parser: valid until the thread's next parse_*_body call (a request's
// handler reads them before the next request's body is parsed). A PredictRequest kept per thread
// keeps its capacity from request to request.
struct PredictRequest {
  std::vector<std::string_view> urls;
  bool batch = false;
};
bool parse_predict_body(std::string_view body, std::size_t batch_limit, PredictRequest& out,
                        BodyError& error);

// {"url": "...", "verdict": "phishing"|"legitimate", "satisfied": true|false,
//  "variant": "binary"|"probability" (optional: the server's)}.
struct FeedbackRequest {
  std::string url, verdict, variant;
  bool satisfied = false;
};
bool parse_feedback_body(std::string_view body, FeedbackRequest& out, BodyError& error);

// {"path": "MODEL FILE"} for POST /admin/reload.
bool parse_reload_body(std::string_view body, std::string& path, BodyError& error);

// One URL's answer.
struct Prediction {
  std::string url;
  std::string error;  // set when the record could not be scored (then nothing else is)
  bool phishing = false;
  float probability = 0;
  std::vector<std::string> reasons;
};
Prediction make_prediction(std::string_view url, const Score& score, const Scorer& scorer);

// /predict's answer, written record by record into `out`: the CLI's --json record {"url",
// "phishing", "probability", "reasons" (when any)} (or {"url", "error"}) plus "model" for one URL
// (`single`), or {"model", "results": [...]} for a batch. The local model's records come straight
// from its Scores (frontend::scored_record), the model API's from Predictions: the same bytes.
class PredictWriter {
 public:
  PredictWriter(std::string& out, bool single, std::string_view model);
  void record(const frontend::ScoredRecord& r);
  // Closes the answer; nothing is written after.
  void finish();

 private:
  JsonWriter w_;
  std::string_view model_;
  bool single_;
};
// The answer for `results` (single when !batch and there is one result).
std::string predict_response(const std::vector<Prediction>& results, bool batch,
                             const std::string& model);
// The model API's batch answer, read back by the app role.
bool parse_predict_response(std::string_view body, std::vector<Prediction>& out, std::string& model,
                            std::string& error);

// {"error": reason} and, if given, more string members (e.g. {{"model", id}}), in order.
using ErrorExtra = std::vector<std::pair<std::string_view, std::string_view>>;
std::string error_json(std::string_view reason, const ErrorExtra& extra = {});

}  // namespace urlscan::service
