#include "prometheus_client.hpp"

#include <httplib.h>
#include <simdjson.h>

#include <cstdlib>
#include <limits>

#include "cli.hpp"

namespace urlscan::experiment {

namespace {

double sample_value(std::string_view text) {
  // Prometheus writes values as strings: decimal numbers, "NaN", "+Inf", "-Inf".
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "+Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') throw cli::Error("Prometheus sent a bad value '" + s + "'");
  return v;
}

}  // namespace

PrometheusClient::PrometheusClient(const std::string& base_url, int timeout_s)
    : url_(base_url), timeout_s_(timeout_s) {
  if (base_url.rfind("http://", 0) != 0)
    throw cli::Error("--prometheus must be an http:// URL (this build has no TLS), not '" +
                     base_url + "'");
  const std::size_t slash = base_url.find('/', 7);
  origin_ = base_url.substr(0, slash);
  if (slash != std::string::npos) prefix_ = base_url.substr(slash);
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
  if (origin_.size() <= 7) throw cli::Error("--prometheus: no host in '" + base_url + "'");
}

std::vector<Sample> PrometheusClient::query(const std::string& promql,
                                            const std::string& time) const {
  httplib::Client client(origin_);
  client.set_connection_timeout(timeout_s_, 0);
  client.set_read_timeout(timeout_s_, 0);
  httplib::Params params{{"query", promql}};
  if (!time.empty()) params.emplace("time", time);
  const auto res = client.Get(prefix_ + "/api/v1/query", params, httplib::Headers{});
  if (!res)
    throw cli::Error("Prometheus at " + url_ + " unreachable (" + httplib::to_string(res.error()) +
                     " error)");
  // 400 (bad_data), 422 (execution) and 503 (timeout) carry Prometheus' reason as JSON.
  if (res->status != 200 && res->status != 400 && res->status != 422 && res->status != 503)
    throw cli::Error("Prometheus at " + url_ + " answered HTTP " + std::to_string(res->status) +
                     " to " + promql);
  try {
    return parse_query_response(res->body);
  } catch (const cli::Error& e) {
    throw cli::Error(std::string(e.what()) + " (query: " + promql + ")");
  }
}

std::vector<Sample> parse_query_response(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body).get(doc) != simdjson::SUCCESS)
    throw cli::Error("Prometheus' answer is not JSON");
  std::string_view status;
  if (doc["status"].get(status) != simdjson::SUCCESS)
    throw cli::Error("Prometheus' answer has no status");
  if (status != "success") {
    std::string_view reason;
    if (doc["error"].get(reason) != simdjson::SUCCESS) reason = "no reason given";
    throw cli::Error("Prometheus refused the query: " + std::string(reason));
  }
  std::string_view type;
  simdjson::dom::array result;
  if (doc["data"]["resultType"].get(type) != simdjson::SUCCESS ||
      doc["data"]["result"].get(result) != simdjson::SUCCESS)
    throw cli::Error("Prometheus' answer has no data.result");
  if (type != "vector")
    throw cli::Error("expected an instant vector from Prometheus, got " + std::string(type));
  std::vector<Sample> out;
  for (simdjson::dom::element e : result) {
    Sample s;
    simdjson::dom::object metric;
    simdjson::dom::array value;
    std::string_view text;
    if (e["metric"].get(metric) != simdjson::SUCCESS ||
        e["value"].get(value) != simdjson::SUCCESS || value.size() != 2 ||
        value.at(1).get(text) != simdjson::SUCCESS)
      throw cli::Error("Prometheus sent a malformed sample");
    for (auto [key, v] : metric) {
      std::string_view label;
      if (v.get(label) == simdjson::SUCCESS) s.labels.emplace(std::string(key), std::string(label));
    }
    s.value = sample_value(text);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace urlscan::experiment
