#include "serve_options.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "options.hpp"

namespace urlscan::service {

namespace {

using frontend::Args;
using frontend::Error;

Role parse_role(std::string_view v) {
  if (v == "api") return Role::api;
  if (v == "app") return Role::app;
  throw Error("role must be api or app, not '" + std::string(v) + "'");
}

Variant parse_variant(std::string_view v) {
  if (v == "binary") return Variant::binary;
  if (v == "probability") return Variant::probability;
  throw Error("variant must be binary or probability, not '" + std::string(v) + "'");
}

std::vector<std::string> split_dirs(std::string_view v) {
  std::vector<std::string> out;
  while (!v.empty()) {
    const std::size_t colon = v.find(':');
    if (colon != 0) out.emplace_back(v.substr(0, colon));
    if (colon == v.npos) break;
    v.remove_prefix(colon + 1);
  }
  return out;
}

// One setting: its option name, its environment variable, its value's name and one line of
// help for `serve --help`, and how to apply a value.
struct Setting {
  const char* option;
  const char* env;
  const char* arg;
  const char* help;
  void (*apply)(ServeOptions&, std::string_view value, const char* what);
};

long whole(std::string_view v, const char* what, long lo, long hi) {
  return frontend::parse_long(v, what, lo, hi);
}

const Setting kSettings[] = {
    {"--bind", "BIND", "ADDR", "listen address (default 0.0.0.0)",
     [](ServeOptions& o, std::string_view v, const char*) { o.bind = v; }},
    {"--port", "PORT", "P", "TCP port (default 8080; 0 = any free port)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.port = static_cast<int>(whole(v, w, 0, 65535));
     }},
    {"--model", "MODEL_PATH", "FILE", "model file (default: the built-in model)",
     [](ServeOptions& o, std::string_view v, const char*) { o.model_path = v; }},
    {"--rules", "RULES_DIRS", "DIR", "rule directory, repeatable (the variable: a:b:c)",
     [](ServeOptions& o, std::string_view v, const char*) {
       for (auto& d : split_dirs(v)) o.rule_dirs.push_back(d);
     }},
    {"--role", "ROLE", "api|app", "api: the model API (default); app: the web page",
     [](ServeOptions& o, std::string_view v, const char*) { o.role = parse_role(v); }},
    {"--variant", "VARIANT", "V", "the page: binary (default) or probability",
     [](ServeOptions& o, std::string_view v, const char*) { o.variant = parse_variant(v); }},
    {"--model-host", "MODEL_HOST", "HOST:PORT", "app role: score through this model API",
     [](ServeOptions& o, std::string_view v, const char*) { o.model_host = v; }},
    {"--admin-token", "ADMIN_TOKEN", "T", "/admin/* bearer token (unset: off; ps shows options)",
     [](ServeOptions& o, std::string_view v, const char*) { o.admin_token = v; }},
    {"--workers", "WORKERS", "N", "threads kept ready (default 4 per core)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.workers = static_cast<int>(whole(v, w, 1, 4096));
     }},
    {"--max-body", "MAX_BODY_BYTES", "BYTES", "largest body, chunked too (default 1 MiB)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.max_body = static_cast<std::size_t>(whole(v, w, 64, 1L << 30));
     }},
    {"--batch-limit", "BATCH_LIMIT", "N", "URLs per /predict request (default 1000)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.batch_limit = static_cast<std::size_t>(whole(v, w, 1, 1000000));
     }},
    {"--cache-mb", "CACHE_MB", "N", "results of repeated URLs, in MB, shared (default 32; 0: none)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.cache_mb = static_cast<std::size_t>(whole(v, w, 0, 65536));
     }},
    {"--rate-limit", "RATE_LIMIT_RPS", "RPS", "requests/s per client (default 1000; 0 = off)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.rate_limit = frontend::parse_double(v, w, 0, 1e9);
     }},
    {"--rate-burst", "RATE_LIMIT_BURST", "N", "a client's burst (default 2000)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.rate_burst = frontend::parse_double(v, w, 1, 1e9);
     }},
    {"--read-timeout-ms", "READ_TIMEOUT_MS", "MS", "each wait for request bytes (default 5000)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.read_timeout_ms = static_cast<int>(whole(v, w, 1, 3600000));
     }},
    {"--write-timeout-ms", "WRITE_TIMEOUT_MS", "MS", "each wait to send (default 5000)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.write_timeout_ms = static_cast<int>(whole(v, w, 1, 3600000));
     }},
    {"--idle-timeout-ms", "IDLE_TIMEOUT_MS", "MS",
     "close a connection with no request (default 5000)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.idle_timeout_ms = static_cast<int>(whole(v, w, 1, 3600000));
     }},
    {"--request-timeout-ms", "REQUEST_TIMEOUT_MS", "MS",
     "a request not whole by then: 408 (default 30000)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.request_timeout_ms = static_cast<int>(whole(v, w, 1, 3600000));
     }},
    {"--max-connections", "MAX_CONNECTIONS", "N", "served at once, a thread each (default 1024)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.max_connections = static_cast<std::size_t>(whole(v, w, 1, 1000000));
     }},
    {"--model-timeout-ms", "MODEL_TIMEOUT_MS", "MS",
     "app role: model API wait per try (default 2000)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.model_timeout_ms = static_cast<int>(whole(v, w, 1, 600000));
     }},
    {"--model-retries", "MODEL_RETRIES", "N", "app role: retries on connection errors (default 1)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.model_retries = static_cast<int>(whole(v, w, 0, 10));
     }},
    {"--drain-delay-ms", "DRAIN_DELAY_MS", "MS", "on SIGTERM, unready this long first (default 0)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.drain_delay_ms = static_cast<int>(whole(v, w, 0, 600000));
     }},
    {"--trust-forwarded-for", "TRUST_FORWARDED_FOR", "0|1",
     "rate-limit by X-Forwarded-For (default 0)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.trust_forwarded_for = whole(v, w, 0, 1) == 1;
     }},
    {"--gate-eval", "GATE_EVAL_FILE", "FILE", "labelled TSV the reload gate scores on",
     [](ServeOptions& o, std::string_view v, const char*) { o.gate_eval_file = v; }},
    {"--gate-min-auc", "GATE_MIN_AUC", "AUC", "the gate's lowest ROC-AUC there (default 0)",
     [](ServeOptions& o, std::string_view v, const char* w) {
       o.gate_min_auc = frontend::parse_double(v, w, 0, 1);
     }},
};

}  // namespace

ServeOptions parse_serve_options(int argc, char** argv, int first) {
  ServeOptions o;
  for (const Setting& s : kSettings)
    if (const char* v = std::getenv(s.env); v && *v) {
      if (std::string_view(s.option) == "--rules") o.rule_dirs.clear();
      s.apply(o, v, s.env);
    }
  bool rules_from_args = false;
  Args args(argc, argv, first);
  while (!args.empty()) {
    const std::string_view a = args.next();
    const Setting* hit = nullptr;
    for (const Setting& s : kSettings)
      if (Args::is(a, s.option)) hit = &s;
    if (!hit) throw Error("serve: unknown option '" + std::string(a) + "'");
    if (std::string_view(hit->option) == "--rules" && !rules_from_args) {
      o.rule_dirs.clear();  // options replace the environment's directories
      rules_from_args = true;
    }
    hit->apply(o, args.value(a, hit->option), hit->option);
  }
  if (o.role == Role::api && !o.model_host.empty())
    throw Error("MODEL_HOST / --model-host is for the app role (--role app)");
  return o;
}

std::string serve_option_help() {
  std::string out = "options (each also read from its environment variable; options win):\n";
  for (const Setting& s : kSettings) {
    std::string line = std::string("  ") + s.option + " " + s.arg;
    line.resize(std::max<std::size_t>(line.size() + 1, 28), ' ');
    line += s.env;
    line.resize(std::max<std::size_t>(line.size() + 1, 48), ' ');
    out += line + s.help + "\n";
  }
  return out;
}

const char* role_name(Role r) {
  return r == Role::api ? "api" : "app";
}
const char* variant_name(Variant v) {
  return v == Variant::binary ? "binary" : "probability";
}

}  // namespace urlscan::service
