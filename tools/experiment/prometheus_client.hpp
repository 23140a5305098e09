// A small client of the Prometheus HTTP API (instant queries only), for `urlscan experiment`.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace urlscan::experiment {

// One element of an instant vector: its labels and value (NaN and +-Inf as Prometheus sent).
struct Sample {
  std::map<std::string, std::string> labels;
  double value = 0;
};

class PrometheusClient {
 public:
  // `base_url`: http://host:port with an optional path prefix (e.g. http://h:9090/prometheus).
  // Throws cli::Error for a URL it cannot use.
  explicit PrometheusClient(const std::string& base_url, int timeout_s = 15);

  // GET /api/v1/query at `time` (RFC 3339 or Unix seconds; empty: the server's now). Throws
  // cli::Error with Prometheus' own reason on an error answer, a transport error or a result
  // that is not an instant vector.
  std::vector<Sample> query(const std::string& promql, const std::string& time) const;

  const std::string& url() const { return url_; }

 private:
  std::string url_, origin_, prefix_;
  int timeout_s_;
};

// Parses one /api/v1/query answer (exposed for the unit tests). Throws cli::Error.
std::vector<Sample> parse_query_response(const std::string& body);

}  // namespace urlscan::experiment
