// `urlscan experiment`: reads the page variants' feedback counters, 5xx ratios and p99
// inference times from Prometheus and decides the experiment (promote / keep / continue);
// `urlscan experiment canary` decides a rollout (promote / roll back). The statistics are in
// experiment/stats.*, the decision rules in experiment/decision.*; deploy/EXPERIMENT.md has
// the procedure.
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "cli.hpp"
#include "experiment/command.hpp"
#include "experiment/decision.hpp"
#include "experiment/prometheus_client.hpp"
#include "urlscan/json_text.hpp"

namespace urlscan::cli {

namespace {

namespace ex = urlscan::experiment;

// Exit status: the decision, for a pipeline to act on (2 stays "error", as everywhere).
constexpr int kExitPromote = 0, kExitKeep = 3, kExitContinue = 4;

struct Options {
  std::string prometheus, window = "7d", start, end, selector, label = "variant";
  bool json = false, canary_mode = false;
  std::string stable, canary;  // canary mode: the two values of `label`
  ex::ExperimentSettings experiment;
  ex::CanarySettings canary_settings;
};

// Prometheus durations: one or more <number><unit>, units ms s m h d w y.
bool is_duration(std::string_view d) {
  if (d.empty()) return false;
  std::size_t i = 0;
  while (i < d.size()) {
    const std::size_t digits = i;
    while (i < d.size() && d[i] >= '0' && d[i] <= '9') ++i;
    if (i == digits || i == d.size()) return false;
    if (d.substr(i, 2) == "ms") {
      i += 2;
    } else if (std::string_view("smhdwy").find(d[i]) != std::string_view::npos) {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

// Unix seconds ("1733050000.5") or RFC 3339 ("2026-12-01T19:00:00Z", "...+01:00").
double parse_time(const std::string& t, const char* what) {
  char* end = nullptr;
  const double unix_seconds = std::strtod(t.c_str(), &end);
  if (end != t.c_str() && *end == '\0') return unix_seconds;
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
    throw Error(std::string(what) + ": '" + t + "' is neither Unix seconds nor RFC 3339");
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  double seconds = static_cast<double>(timegm(&tm));
  const char* rest = t.c_str() + consumed;
  if (*rest == '.') {
    char* frac_end = nullptr;
    seconds += std::strtod(rest, &frac_end);
    rest = frac_end;
  }
  int oh = 0, om = 0;
  if (*rest == 'Z' && rest[1] == '\0') return seconds;
  if ((*rest == '+' || *rest == '-') && std::sscanf(rest + 1, "%2d:%2d", &oh, &om) == 2 &&
      std::string_view(rest).size() == 6)
    return seconds - (*rest == '+' ? 1 : -1) * (oh * 3600.0 + om * 60.0);
  throw Error(std::string(what) + ": '" + t + "' needs a zone (Z or +HH:MM)");
}

Options parse(int argc, char** argv, int first) {
  Options o;
  Args args(argc, argv, first);
  if (!args.empty() && args.peek() == "canary") {
    args.next();
    o.canary_mode = true;
    o.label = "version";
    o.window = "10m";
  }
  auto number = [&](std::string_view a, const char* name, double lo, double hi) {
    return parse_double(args.value(a, name), name, lo, hi);
  };
  while (!args.empty()) {
    const std::string_view a = args.next();
    if (Args::is(a, "--prometheus")) {
      o.prometheus = args.value(a, "--prometheus");
    } else if (Args::is(a, "--window")) {
      o.window = args.value(a, "--window");
      if (!is_duration(o.window))
        throw Error("--window: '" + o.window + "' is not a Prometheus duration (e.g. 7d, 12h)");
    } else if (Args::is(a, "--start")) {
      o.start = args.value(a, "--start");
    } else if (Args::is(a, "--end")) {
      o.end = args.value(a, "--end");
    } else if (Args::is(a, "--selector")) {
      o.selector = args.value(a, "--selector");
    } else if (a == "--json") {
      o.json = true;
    } else if (Args::is(a, "--max-error-increase")) {
      o.experiment.guardrails.max_error_increase = number(a, "--max-error-increase", 0, 1);
    } else if (Args::is(a, "--max-latency-ratio")) {
      o.experiment.guardrails.max_latency_ratio = number(a, "--max-latency-ratio", 1, 1000);
    } else if (Args::is(a, "--latency-slack")) {
      o.experiment.guardrails.latency_slack_s = number(a, "--latency-slack", 0, 3600);
    } else if (!o.canary_mode && Args::is(a, "--variant-label")) {
      o.label = args.value(a, "--variant-label");
    } else if (!o.canary_mode && Args::is(a, "--baseline")) {
      o.experiment.baseline = args.value(a, "--baseline");
    } else if (!o.canary_mode && Args::is(a, "--mde")) {
      o.experiment.mde = number(a, "--mde", 1e-4, 0.5);
    } else if (!o.canary_mode && Args::is(a, "--alpha")) {
      o.experiment.alpha = number(a, "--alpha", 1e-6, 0.5);
    } else if (!o.canary_mode && Args::is(a, "--power")) {
      o.experiment.power = number(a, "--power", 0.5, 0.9999);
    } else if (o.canary_mode && Args::is(a, "--label")) {
      o.label = args.value(a, "--label");
    } else if (o.canary_mode && Args::is(a, "--stable")) {
      o.stable = args.value(a, "--stable");
    } else if (o.canary_mode && Args::is(a, "--canary")) {
      o.canary = args.value(a, "--canary");
    } else if (o.canary_mode && Args::is(a, "--min-requests")) {
      o.canary_settings.min_requests = number(a, "--min-requests", 0, 1e12);
    } else {
      throw Error(std::string(o.canary_mode ? "experiment canary" : "experiment") +
                  ": unknown argument '" + std::string(a) + "'");
    }
  }
  if (o.prometheus.empty()) throw Error("experiment: --prometheus URL is required");
  if (o.start.empty() != o.end.empty()) throw Error("experiment: --start and --end go together");
  if (o.canary_mode && (o.stable.empty() || o.canary.empty() || o.stable == o.canary))
    throw Error("experiment canary: --stable V1 and --canary V2 (two different values) are needed");
  o.canary_settings.guardrails = o.experiment.guardrails;
  return o;
}

// The window as a range selector and the evaluation time of every query.
struct Window {
  std::string range, time, text;
};

Window window_of(const Options& o) {
  Window w;
  if (o.start.empty()) {
    w.range = o.window;
    w.time = o.end;
    w.text = "the last " + o.window;
    return w;
  }
  const double start = parse_time(o.start, "--start"), end = parse_time(o.end, "--end");
  if (!(end > start)) throw Error("experiment: --end must be after --start");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0fs", std::ceil(end - start));
  w.range = buf;
  std::snprintf(buf, sizeof buf, "%.3f", end);
  w.time = buf;
  w.text = o.start + " .. " + o.end;
  return w;
}

std::string matchers(const Options& o, const std::string& own) {
  std::string m = own;
  if (!o.selector.empty()) m += (m.empty() ? "" : ",") + o.selector;
  return "{" + m + "}";
}

// Everything the decisions need, per value of the label.
std::map<std::string, ex::Measured> measure(const Options& o, const Window& w) {
  const ex::PrometheusClient prom(o.prometheus);
  const std::string& L = o.label;
  const std::string served = "route!~\"/metrics|/healthz|/readyz\"";
  std::map<std::string, ex::Measured> by;
  auto slot = [&](const ex::Sample& s) -> ex::Measured* {
    const auto it = s.labels.find(L);
    if (it == s.labels.end() || it->second.empty()) return nullptr;  // e.g. the model API
    ex::Measured& m = by[it->second];
    m.name = it->second;
    return &m;
  };
  for (const ex::Sample& s :
       prom.query("sum by (" + L + ", answer) (increase(urlscan_feedback_total" + matchers(o, "") +
                      "[" + w.range + "]))",
                  w.time))
    if (ex::Measured* m = slot(s)) {
      // increase() extrapolates to the window's edges: counts come back as reals.
      const auto n = static_cast<std::uint64_t>(std::llround(std::max(0.0, s.value)));
      const auto answer = s.labels.find("answer");
      if (answer != s.labels.end() && answer->second == "yes") m->yes += n;
      if (answer != s.labels.end() && answer->second == "no") m->no += n;
    }
  for (const ex::Sample& s : prom.query("sum by (" + L + ") (increase(urlscan_http_requests_total" +
                                            matchers(o, served) + "[" + w.range + "]))",
                                        w.time))
    if (ex::Measured* m = slot(s)) m->requests = s.value;
  for (const ex::Sample& s :
       prom.query("sum by (" + L + ") (increase(urlscan_http_requests_total" +
                      matchers(o, served + ",code=~\"5..\"") + "[" + w.range + "]))",
                  w.time))
    if (ex::Measured* m = slot(s)) m->errors = s.value;
  for (auto& [name, m] : by) m.p99_seconds = std::nan("");
  for (const ex::Sample& s :
       prom.query("histogram_quantile(0.99, sum by (" + L +
                      ", le) (increase(urlscan_inference_duration_seconds_bucket" +
                      matchers(o, "") + "[" + w.range + "])))",
                  w.time))
    if (ex::Measured* m = slot(s)) m->p99_seconds = s.value;
  return by;
}

const char* decision_word(ex::Decision d, bool canary) {
  switch (d) {
    case ex::Decision::promote:
      return "promote";
    case ex::Decision::keep:
      return canary ? "rollback" : "keep";
    case ex::Decision::keep_continue:
      return "continue";
  }
  return "continue";
}

int exit_status(ex::Decision d) {
  return d == ex::Decision::promote ? kExitPromote
         : d == ex::Decision::keep  ? kExitKeep
                                    : kExitContinue;
}

// One variant's measured members, into the object `w` has open.
void json_measured(JsonWriter& w, const ex::Measured& m) {
  const std::uint64_t answers = m.yes + m.no;
  w.key("name").string(m.name);
  w.key("answers").number(static_cast<double>(answers), "%.10g");
  w.key("yes").number(static_cast<double>(m.yes), "%.10g");
  w.key("no").number(static_cast<double>(m.no), "%.10g");
  w.key("yes_ratio")
      .number(answers ? static_cast<double>(m.yes) / static_cast<double>(answers) : std::nan(""),
              "%.10g");
  w.key("requests").number(m.requests, "%.10g");
  w.key("errors_5xx").number(m.errors, "%.10g");
  w.key("error_ratio").number(m.error_ratio(), "%.10g");
  w.key("p99_inference_seconds").number(m.p99_seconds, "%.10g");
}

int report_experiment(const Options& o, const Window& w,
                      const std::map<std::string, ex::Measured>& by) {
  std::vector<ex::Measured> variants;
  for (const auto& [name, m] : by) variants.push_back(m);
  ex::ExperimentReport r;
  try {
    r = ex::decide_experiment(variants, o.experiment);
  } catch (const std::invalid_argument& e) {
    throw Error(std::string("experiment: ") + e.what() + " in Prometheus at " + o.prometheus +
                " (label '" + o.label + "', window " + w.text + ")");
  }
  const char* word = decision_word(r.decision, false);
  const std::string decision =
      r.decision == ex::Decision::keep_continue ? "continue" : std::string(word) + " " + r.chosen;
  if (o.json) {
    std::string out;
    JsonWriter j(out);
    constexpr const char* g = "%.10g";
    j.begin_object().key("window").string(w.text).key("baseline").string(o.experiment.baseline);
    j.key("variants").begin_array();
    for (std::size_t i = 0; i < r.variants.size(); ++i) {
      j.begin_object();
      json_measured(j, r.variants[i]);
      j.key("yes_ci_low").number(r.yes_ci[i].lo, g).key("yes_ci_high").number(r.yes_ci[i].hi, g);
      j.end_object();
    }
    j.end_array().key("comparisons").begin_array();
    for (const ex::Comparison& c : r.comparisons)
      j.begin_object()
          .key("variant")
          .string(c.variant)
          .key("difference")
          .number(c.test.difference, g)
          .key("difference_ci_low")
          .number(c.test.difference_ci.lo, g)
          .key("difference_ci_high")
          .number(c.test.difference_ci.hi, g)
          .key("z")
          .number(c.test.z, g)
          .key("p_value")
          .number(c.test.p_value, g)
          .key("alpha")
          .number(c.alpha, g)
          .key("planned_per_variant")
          .number(static_cast<double>(c.planned), g)
          .key("sample_reached")
          .boolean(c.sample_reached)
          .key("guardrails_ok")
          .boolean(c.guardrails.ok)
          .key("guardrails")
          .string(c.guardrails.detail)
          .end_object();
    j.end_array();
    j.key("decision").string(word).key("variant").string(r.chosen).key("reason").string(r.reason);
    j.end_object();
    out += '\n';
    std::fputs(out.c_str(), stdout);
  } else {
    std::printf("experiment: %s, baseline %s (Prometheus %s)\n", w.text.c_str(),
                o.experiment.baseline.c_str(), o.prometheus.c_str());
    std::printf("%-14s %8s %8s %9s  %-18s %9s %14s\n", "variant", "answers", "yes", "yes ratio",
                "95% interval", "5xx ratio", "p99 inference");
    for (std::size_t i = 0; i < r.variants.size(); ++i) {
      const ex::Measured& m = r.variants[i];
      const std::uint64_t n = m.yes + m.no;
      std::printf("%-14s %8llu %8llu %9.4f  [%.4f, %.4f] %9.4f %12.6f s\n", m.name.c_str(),
                  static_cast<unsigned long long>(n), static_cast<unsigned long long>(m.yes),
                  n ? static_cast<double>(m.yes) / static_cast<double>(n) : std::nan(""),
                  r.yes_ci[i].lo, r.yes_ci[i].hi, m.error_ratio(), m.p99_seconds);
    }
    for (const ex::Comparison& c : r.comparisons) {
      std::printf("%s vs %s: difference %+.4f [%+.4f, %+.4f], z %.3f, p %.3g (alpha %.3g)\n",
                  c.variant.c_str(), o.experiment.baseline.c_str(), c.test.difference,
                  c.test.difference_ci.lo, c.test.difference_ci.hi, c.test.z, c.test.p_value,
                  c.alpha);
      std::printf("  planned sample: %llu answers per variant (mde %.3g, power %.2f): %s\n",
                  static_cast<unsigned long long>(c.planned), o.experiment.mde, o.experiment.power,
                  c.sample_reached ? "reached" : "NOT reached");
      std::printf("  guardrails: %s\n", c.guardrails.detail.c_str());
    }
    std::printf("decision: %s (%s)\n", decision.c_str(), r.reason.c_str());
  }
  return exit_status(r.decision);
}

int report_canary(const Options& o, const Window& w,
                  const std::map<std::string, ex::Measured>& by) {
  ex::Measured stable, canary;
  stable.name = o.stable;
  canary.name = o.canary;
  stable.p99_seconds = canary.p99_seconds = std::nan("");
  if (auto it = by.find(o.stable); it != by.end()) stable = it->second;
  if (auto it = by.find(o.canary); it != by.end()) canary = it->second;
  const ex::CanaryReport r = ex::decide_canary(stable, canary, o.canary_settings);
  const char* word = decision_word(r.decision, true);
  if (o.json) {
    std::string out;
    JsonWriter j(out);
    j.begin_object().key("window").string(w.text).key("label").string(o.label);
    j.key("stable").begin_object();
    json_measured(j, r.stable);
    j.end_object().key("canary").begin_object();
    json_measured(j, r.canary);
    j.end_object();
    j.key("guardrails_ok").boolean(r.guardrails.ok).key("guardrails").string(r.guardrails.detail);
    j.key("decision").string(word).key("reason").string(r.reason);
    j.end_object();
    out += '\n';
    std::fputs(out.c_str(), stdout);
  } else {
    std::printf("canary: %s=%s against %s=%s, %s (Prometheus %s)\n", o.label.c_str(),
                o.canary.c_str(), o.label.c_str(), o.stable.c_str(), w.text.c_str(),
                o.prometheus.c_str());
    for (const ex::Measured* m : {&r.stable, &r.canary})
      std::printf("%-10s %10.0f requests %8.0f 5xx  ratio %.4f  p99 inference %.6f s\n",
                  m->name.c_str(), m->requests, m->errors, m->error_ratio(), m->p99_seconds);
    std::printf("guardrails: %s\n", r.guardrails.detail.c_str());
    std::printf("decision: %s (%s)\n", word, r.reason.c_str());
  }
  return exit_status(r.decision);
}

}  // namespace

int run_experiment(int argc, char** argv, int first) {
  const Options o = parse(argc, argv, first);
  const Window w = window_of(o);
  const auto by = measure(o, w);
  return o.canary_mode ? report_canary(o, w, by) : report_experiment(o, w, by);
}

}  // namespace urlscan::cli
