#include "model_registry.hpp"

#include <chrono>
#include <ctime>

namespace urlscan::service {

namespace {

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

ModelRegistry::Outcome ModelRegistry::load(const std::string& path) {
  const std::lock_guard lock(reload_);
  auto m = std::make_shared<LoadedModel>();
  if (path.empty()) {
    m->model = &Model::builtin();
    if (!m->model->loaded()) return {false, "this build has no built-in model; pass --model FILE"};
    m->source = "built-in";
  } else {
    m->storage = std::make_unique<Model>();
    if (Status s = Model::load_file(path, *m->storage); !s)
      return {false, std::string(s.message())};
    m->model = m->storage.get();
    m->source = path;
  }
  m->scorer = std::make_unique<Scorer>(*m->model, rules_);
  const GateResult gate = run_quality_gate(*m->scorer, gate_);
  if (!gate.passed) return {false, gate.report};
  m->id = m->model->id();
  m->loaded_at = utc_now();
  m->gate_report = gate.report;
  std::shared_ptr<const LoadedModel> old = current_.exchange(std::move(m));
  publish();
  if (old) previous_ = std::move(old);
  return {true, gate.report};
}

void ModelRegistry::publish() {
  static std::atomic<std::uint64_t> versions{0};
  version_.store(versions.fetch_add(1, std::memory_order_relaxed) + 1, std::memory_order_release);
}

std::shared_ptr<const LoadedModel> ModelRegistry::current() const {
  // A weak copy: it never keeps a swapped-out model alive, nor destroys one when a detached
  // worker thread exits after the service is gone; lock() is a lock-free compare-and-swap.
  thread_local std::uint64_t seen = 0;
  thread_local std::weak_ptr<const LoadedModel> copy;
  // Acquire: a version seen means its swap is seen too (the load below is that model or newer).
  const std::uint64_t v = version_.load(std::memory_order_acquire);
  if (v == seen)
    if (std::shared_ptr<const LoadedModel> m = copy.lock()) return m;
  std::shared_ptr<const LoadedModel> m = current_.load();
  copy = m;
  seen = v;
  return m;
}

ModelRegistry::Outcome ModelRegistry::rollback() {
  const std::lock_guard lock(reload_);
  if (!previous_) return {false, "no previous model to return to"};
  std::shared_ptr<const LoadedModel> old = current_.exchange(previous_);
  publish();
  previous_ = std::move(old);
  return {true, "returned to " + current_.load()->id + " (" + current_.load()->source + ")"};
}

}  // namespace urlscan::service
