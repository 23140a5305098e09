#include "predict_api.hpp"

#include <simdjson.h>

#include "http_text.hpp"
#include "scored_record.hpp"
#include "urlscan/json_text.hpp"

namespace urlscan::service {

namespace sj = simdjson;

namespace {

// The DOM parser validates the whole body (trailing text included); one per worker thread,
// reused. It copies the body into a padded buffer itself. A request body's strings are views
// into it (PredictRequest::urls), so the model API's answers, read while those are in use, have
// a parser of their own.
sj::dom::parser& json_parser() {
  thread_local sj::dom::parser parser;
  return parser;
}
sj::dom::parser& answer_parser() {
  thread_local sj::dom::parser parser;
  return parser;
}

bool fail(BodyError& e, int status, std::string reason) {
  e.status = status;
  e.reason = std::move(reason);
  return false;
}

// Calls f(key, value) for each member of the body, which must be exactly one JSON object.
template <class F>
bool each_member(std::string_view body, BodyError& e, F f) {
  body = without_bom(body);
  sj::dom::element doc;
  if (json_parser().parse(body.data(), body.size()).get(doc) != sj::SUCCESS)
    return fail(e, 400, "malformed JSON");
  sj::dom::object obj;
  if (doc.get_object().get(obj) != sj::SUCCESS)
    return fail(e, 400, "the body must be a JSON object, got another JSON value");
  for (auto [key, value] : obj)
    if (!f(key, value)) return false;
  return true;
}

bool get_view(sj::dom::element v, std::string_view& out) {
  return v.get_string().get(out) == sj::SUCCESS;
}

bool get_string(sj::dom::element v, std::string& out) {
  std::string_view s;
  if (v.get_string().get(s) != sj::SUCCESS) return false;
  out.assign(s);
  return true;
}

}  // namespace

bool parse_predict_body(std::string_view body, std::size_t batch_limit, PredictRequest& out,
                        BodyError& e) {
  out.urls.clear();  // keeps its capacity
  out.batch = false;
  bool have_url = false, have_urls = false;
  const bool ok = each_member(body, e, [&](std::string_view key, sj::dom::element v) {
    if (key == "url") {
      have_url = true;
      std::string_view url;
      if (!get_view(v, url)) return fail(e, 422, "\"url\" must be a string");
      out.urls.clear();
      out.urls.push_back(url);
    } else if (key == "urls") {
      have_urls = true;
      sj::dom::array arr;
      if (v.get_array().get(arr) != sj::SUCCESS)
        return fail(e, 422, "\"urls\" must be an array of strings");
      out.urls.clear();
      for (sj::dom::element item : arr) {
        std::string_view url;
        if (!get_view(item, url)) return fail(e, 422, "\"urls\" must be an array of strings");
        if (out.urls.size() == batch_limit)
          return fail(e, 413,
                      "more than " + std::to_string(batch_limit) +
                          " URLs in one request (the batch limit)");
        out.urls.push_back(url);
      }
      out.batch = true;
    } else {
      return fail(e, 422, "unknown member \"" + std::string(key) + "\" (expected url or urls)");
    }
    return true;
  });
  if (!ok) return false;
  if (have_url == have_urls) return fail(e, 422, "give exactly one of \"url\" and \"urls\"");
  if (out.batch && out.urls.empty()) return fail(e, 422, "\"urls\" is empty");
  return true;
}

bool parse_feedback_body(std::string_view body, FeedbackRequest& out, BodyError& e) {
  out = {};
  bool have_url = false, have_verdict = false, have_satisfied = false;
  const bool ok = each_member(body, e, [&](std::string_view key, sj::dom::element v) {
    if (key == "url") {
      if (!get_string(v, out.url)) return fail(e, 422, "\"url\" must be a string");
      have_url = true;
    } else if (key == "verdict") {
      if (!get_string(v, out.verdict) || (out.verdict != "phishing" && out.verdict != "legitimate"))
        return fail(e, 422, "\"verdict\" must be \"phishing\" or \"legitimate\"");
      have_verdict = true;
    } else if (key == "satisfied") {
      if (v.get_bool().get(out.satisfied) != sj::SUCCESS)
        return fail(e, 422, "\"satisfied\" must be true or false");
      have_satisfied = true;
    } else if (key == "variant") {
      if (!get_string(v, out.variant) || (out.variant != "binary" && out.variant != "probability"))
        return fail(e, 422, "\"variant\" must be \"binary\" or \"probability\"");
    } else {
      return fail(e, 422, "unknown member \"" + std::string(key) + "\"");
    }
    return true;
  });
  if (!ok) return false;
  if (!have_url || !have_verdict || !have_satisfied)
    return fail(e, 422, "\"url\", \"verdict\" and \"satisfied\" are required");
  return true;
}

bool parse_reload_body(std::string_view body, std::string& path, BodyError& e) {
  bool have_path = false;
  const bool ok = each_member(body, e, [&](std::string_view key, sj::dom::element v) {
    if (key != "path") return fail(e, 422, "unknown member \"" + std::string(key) + "\"");
    if (!get_string(v, path) || path.empty()) return fail(e, 422, "\"path\" must be a file name");
    have_path = true;
    return true;
  });
  if (!ok) return false;
  if (!have_path) return fail(e, 422, "expected {\"path\": \"MODEL FILE\"}");
  return true;
}

Prediction make_prediction(std::string_view url, const Score& score, const Scorer& scorer) {
  Prediction p;
  p.url.assign(url);
  if (score.problem != errc::ok) {
    p.error.assign(message(score.problem));
    return p;
  }
  p.phishing = score.phishing;
  p.probability = score.probability;
  p.reasons = scorer.reasons(score);
  return p;
}

PredictWriter::PredictWriter(std::string& out, bool single, std::string_view model)
    : w_(out), model_(model), single_(single) {
  if (!single_)
    w_.begin_object().plain_key("model").string(model_).plain_key("results").begin_array();
}

void PredictWriter::record(const frontend::ScoredRecord& r) {
  // The CLI's --json record (frontend/scored_record's writer, as the JSONL sink writes it), with
  // the model's id when the answer is one URL's.
  w_.begin_object();
  frontend::write_scored_members(w_, r);
  if (single_) w_.plain_key("model").string(model_);
  w_.end_object();
}

void PredictWriter::finish() {
  if (!single_) w_.end_array().end_object();
}

std::string predict_response(const std::vector<Prediction>& results, bool batch,
                             const std::string& model) {
  std::string out;
  out.reserve(128 + results.size() * 160);
  PredictWriter w(out, !batch && results.size() == 1, model);
  std::vector<ReasonText> reasons;
  for (const Prediction& p : results) {
    reasons.clear();
    for (const std::string& r : p.reasons) reasons.push_back({{}, r});
    frontend::ScoredRecord record;
    record.url = p.url;
    record.error = p.error;
    record.phishing = p.phishing;
    record.probability = p.probability;
    record.reasons = reasons;
    w.record(record);
  }
  w.finish();
  return out;
}

bool parse_predict_response(std::string_view body, std::vector<Prediction>& out, std::string& model,
                            std::string& error) {
  out.clear();
  auto bad = [&](const char* why) {
    error = std::string("unexpected answer from the model API: ") + why;
    return false;
  };
  sj::dom::element doc;
  if (answer_parser().parse(body.data(), body.size()).get(doc) != sj::SUCCESS)
    return bad("malformed JSON");
  std::string_view m;
  if (doc["model"].get_string().get(m) != sj::SUCCESS) return bad("no model");
  model.assign(m);
  sj::dom::array results;
  if (doc["results"].get_array().get(results) != sj::SUCCESS) return bad("no results");
  for (sj::dom::element r : results) {
    Prediction p;
    std::string_view s;
    if (r["url"].get_string().get(s) != sj::SUCCESS) return bad("a result without url");
    p.url.assign(s);
    if (r["error"].get_string().get(s) == sj::SUCCESS) {
      p.error.assign(s);
    } else {
      double prob = 0;
      sj::dom::array reasons;
      if (r["phishing"].get_bool().get(p.phishing) != sj::SUCCESS ||
          r["probability"].get_double().get(prob) != sj::SUCCESS)
        return bad("a result without a verdict");
      p.probability = static_cast<float>(prob);
      // "reasons" only when there are any (the scored-record schema).
      if (r["reasons"].get_array().get(reasons) == sj::SUCCESS)
        for (sj::dom::element reason : reasons) {
          if (reason.get_string().get(s) != sj::SUCCESS) return bad("reasons");
          p.reasons.emplace_back(s);
        }
    }
    out.push_back(std::move(p));
  }
  return true;
}

std::string error_json(std::string_view reason, const ErrorExtra& extra) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("error").string(reason);
  for (const auto& [key, value] : extra) w.key(key).string(value);
  w.end_object();
  return out;
}

}  // namespace urlscan::service
