// `urlscan serve` settings: each from a command-line option or, 12-factor style, an environment
// variable (for Kubernetes ConfigMaps); the option wins.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace urlscan::service {

enum class Role { api, app };
enum class Variant { binary, probability };

struct ServeOptions {
  std::string bind = "0.0.0.0";        // BIND
  int port = 8080;                     // PORT
  std::string model_path;              // MODEL_PATH: empty = the built-in model
  std::vector<std::string> rule_dirs;  // RULES_DIRS (colon-separated)
  Role role = Role::api;               // ROLE
  Variant variant = Variant::binary;   // VARIANT
  std::string model_host;              // MODEL_HOST (app role): host:port of the model API
  std::string admin_token;             // ADMIN_TOKEN: /admin/* off when empty
  int workers = 0;                     // WORKERS: threads kept ready; 0 = 4 per core
  std::size_t max_body = 1 << 20;      // MAX_BODY_BYTES
  std::size_t batch_limit = 1000;      // BATCH_LIMIT: URLs per /predict request
  std::size_t cache_mb = 32;           // CACHE_MB: results of repeated URLs, all workers'; 0: none
  double rate_limit = 1000;            // RATE_LIMIT_RPS per client; 0 = off
  double rate_burst = 2000;            // RATE_LIMIT_BURST
  int read_timeout_ms = 5000;          // READ_TIMEOUT_MS
  int write_timeout_ms = 5000;         // WRITE_TIMEOUT_MS
  int idle_timeout_ms = 5000;          // IDLE_TIMEOUT_MS: a connection with no request is closed
  int request_timeout_ms = 30000;      // REQUEST_TIMEOUT_MS: a whole request, from its first byte
  std::size_t max_connections = 1024;  // MAX_CONNECTIONS served at once (a thread each)
  int model_timeout_ms = 2000;         // MODEL_TIMEOUT_MS: app role -> model API, per try
  int model_retries = 1;               // MODEL_RETRIES: extra tries on connection errors
  int drain_delay_ms = 0;              // DRAIN_DELAY_MS: on SIGTERM, unready this long first
  bool trust_forwarded_for = false;    // TRUST_FORWARDED_FOR=1: rate-limit by X-Forwarded-For
  std::string gate_eval_file;          // GATE_EVAL_FILE: labelled TSV for the reload gate
  double gate_min_auc = 0;             // GATE_MIN_AUC
};

// Reads the environment, then the options after `first` in argv; throws frontend::Error on a bad
// value.
ServeOptions parse_serve_options(int argc, char** argv, int first);
// `urlscan serve --help`'s option list, one line per option with its environment variable, from
// the table that parses them (so the two cannot differ).
std::string serve_option_help();

const char* role_name(Role r);
const char* variant_name(Variant v);

}  // namespace urlscan::service
