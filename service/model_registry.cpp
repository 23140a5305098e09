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
  if (old) previous_ = std::move(old);
  return {true, gate.report};
}

ModelRegistry::Outcome ModelRegistry::rollback() {
  const std::lock_guard lock(reload_);
  if (!previous_) return {false, "no previous model to return to"};
  std::shared_ptr<const LoadedModel> old = current_.exchange(previous_);
  previous_ = std::move(old);
  return {true, "returned to " + current_.load()->id + " (" + current_.load()->source + ")"};
}

}  // namespace urlscan::service
