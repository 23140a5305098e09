// The model that answers, swapped atomically: a reload loads a file, runs the quality gate and
// swaps only if it passes (requests in flight finish on the model they started with); the
// previous model is kept for a rollback.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "quality_gate.hpp"
#include "urlscan/model.hpp"
#include "urlscan/rules.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::service {

struct LoadedModel {
  std::unique_ptr<Model> storage;  // null for the built-in model
  const Model* model = nullptr;
  std::unique_ptr<Scorer> scorer;
  std::string id;         // Model::id()
  std::string source;     // the file, or "built-in"
  std::string loaded_at;  // UTC, ISO 8601
  std::string gate_report;
};

class ModelRegistry {
 public:
  ModelRegistry(const RuleBook* rules, GateOptions gate) : rules_(rules), gate_(std::move(gate)) {}

  struct Outcome {
    bool ok = false;
    std::string message;  // the gate's figures, or why the file was refused
  };
  // Loads `path` ("" = the built-in model), gates it and makes it current if it passes.
  Outcome load(const std::string& path);
  // Makes the previous model current again (and the current one previous).
  Outcome rollback();
  // The model answering now; hold the pointer for the whole request.
  std::shared_ptr<const LoadedModel> current() const { return current_.load(); }
  bool ready() const { return current_.load() != nullptr; }

 private:
  const RuleBook* rules_;
  GateOptions gate_;
  std::atomic<std::shared_ptr<const LoadedModel>> current_;
  std::shared_ptr<const LoadedModel> previous_;
  std::mutex reload_;  // one reload or rollback at a time
};

}  // namespace urlscan::service
