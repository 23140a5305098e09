// Where predictions come from: the model in this process (the api role, or the app role without
// MODEL_HOST) or the model API at MODEL_HOST (the app role), behind one interface.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model_registry.hpp"
#include "predict_api.hpp"
#include "serve_options.hpp"
#include "service_metrics.hpp"

namespace urlscan::service {

class Backend {
 public:
  virtual ~Backend() = default;
  // Scores `urls`; false (with `error`) when no model can answer now: the caller says 503.
  virtual bool predict(std::span<const std::string_view> urls, std::vector<Prediction>& out,
                       std::string& model, std::string& error) = 0;
  // /predict's answer for `urls` appended to `body` (predict_response of predict()'s results,
  // byte for byte) and whether the first URL could not be scored; false as predict(). This one
  // goes through Predictions; the local model's writes straight from its Scores.
  virtual bool predict_answer(std::span<const std::string_view> urls, bool batch, std::string& body,
                              bool& first_failed, std::string& error);
  // Able to answer now; else `why` says what is missing (the reason of /readyz's 503).
  virtual bool ready(std::string& why) = 0;
};

// Scores with the registry's current model; `cache_bytes` for the results of repeated URLs,
// shared by all requests (0: none).
std::unique_ptr<Backend> local_backend(const ModelRegistry& models, ServiceMetrics& metrics,
                                       std::size_t cache_bytes);
// Calls POST /predict on `options.model_host` with the timeouts and a bounded retry.
std::unique_ptr<Backend> remote_backend(const ServeOptions& options, ServiceMetrics& metrics);

}  // namespace urlscan::service
