// The model that answers, swapped atomically: a reload loads a file, runs the quality gate and
// swaps only if it passes (requests in flight finish on the model they started with); the
// previous model is kept for a rollback.
#pragma once

#include <atomic>
#include <cstdint>
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
  // The model answering now; hold the pointer for the whole request. Each thread keeps a copy
  // and checks it against version_, one relaxed load: std::atomic<std::shared_ptr>::load takes
  // a lock bit that its waiters spin and yield on, and a holder preempted on a busy machine gave
  // /predict a p99 of 1-3 ms (/healthz, which does not load it, 0.25 ms).
  std::shared_ptr<const LoadedModel> current() const;
  bool ready() const { return version_.load(std::memory_order_acquire) != 0; }

 private:
  const RuleBook* rules_;
  GateOptions gate_;
  std::atomic<std::shared_ptr<const LoadedModel>> current_;
  // Set after each swap to a number unique in the process (0: no model yet), so that a thread's
  // copy is never taken for another registry's, even one at the same address.
  std::atomic<std::uint64_t> version_{0};
  void publish();
  std::shared_ptr<const LoadedModel> previous_;
  std::mutex reload_;  // one reload or rollback at a time
};

}  // namespace urlscan::service
