#include "input/formats.hpp"

#include <simdjson.h>

#include <cstring>

#include "input/http_request.hpp"
#include "input/url_finder.hpp"

namespace urlscan::cli {
namespace {

constexpr const char* kTooLong = "record longer than the maximum line length";

void add(RecordBatch& out, std::string_view url, std::uint64_t line, const char* error = nullptr) {
  Record r;
  r.offset = static_cast<std::uint32_t>(out.text.size());
  r.size = static_cast<std::uint32_t>(url.size());
  r.line = line;
  r.error = error;
  out.text.append(url);
  out.records.push_back(r);
}

class LinesExtractor : public Extractor {
 public:
  void extract(const LineBatch& lines, RecordBatch& out) override {
    out.clear();
    for (std::size_t i = 0; i < lines.size(); ++i)
      add(out, lines.line(i), lines.first_line + i, lines.truncated[i] ? kTooLong : nullptr);
  }
};

class TsvExtractor : public Extractor {
 public:
  explicit TsvExtractor(int column) : column_(column) {}
  void extract(const LineBatch& lines, RecordBatch& out) override {
    out.clear();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::uint64_t no = lines.first_line + i;
      std::string_view cell;
      if (lines.truncated[i]) {
        add(out, lines.line(i), no, kTooLong);
      } else if (!tsv_cell(lines.line(i), column_, cell)) {
        add(out, lines.line(i), no, "line has fewer columns than --column");
      } else if (no == 1 && looks_like_header(cell)) {
        continue;  // a header line is not a record
      } else {
        add(out, cell, no);
      }
    }
  }

 private:
  int column_;
};

// A dotted path a.b.c as a JSON pointer /a/b/c (a numeric part indexes an array).
std::string json_pointer(std::string_view dotted) {
  std::string p = "/";
  for (char c : dotted) p += c == '.' ? '/' : c;
  return p;
}

class JsonExtractor : public Extractor {
 public:
  explicit JsonExtractor(const FormatOptions& opt)
      : pointer_(json_pointer(opt.field)),
        host_pointer_(opt.host_field.empty() ? "" : json_pointer(opt.host_field)),
        referer_pointer_(opt.referer_field.empty() ? "" : json_pointer(opt.referer_field)) {}
  void extract(const LineBatch& lines, RecordBatch& out) override {
    out.clear();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::uint64_t no = lines.first_line + i;
      const std::string_view line = lines.line(i);
      if (lines.truncated[i]) {
        add(out, line, no, kTooLong);
        continue;
      }
      // simdjson reads up to SIMDJSON_PADDING bytes past the end: copy into a padded buffer.
      padded_.assign(line);
      padded_.append(simdjson::SIMDJSON_PADDING, '\0');
      std::string_view value, host, referer;
      const char* error = string_at(line.size(), pointer_, value);
      // Each further field is read from a fresh parse (a document is not reusable after a
      // failed lookup, and a new one reuses simdjson's string buffer): copy what is kept first.
      if (!error && (!host_pointer_.empty() || !referer_pointer_.empty()))
        value = value_.assign(value);
      if (!error && !host_pointer_.empty()) {
        std::string_view field;
        error = string_at(line.size(), host_pointer_, field);
        if (!error) error = vhost_name(host_field_.assign(field), host);
        if (!error)
          error =
              join_request_url(host, value_, joined_, "the host field is empty (no Host header)");
        value = joined_;
      }
      if (!referer_pointer_.empty() && string_at(line.size(), referer_pointer_, referer) != nullptr)
        referer = {};  // a request without a Referer
      if (error)
        add(out, line, no, error);
      else
        add(out, value, no);
      if (!referer.empty() && referer != "-") add(out, referer, no);
    }
  }

 private:
  // The string at `pointer` in the line in padded_ (`size` bytes), or why there is none.
  const char* string_at(std::size_t size, const std::string& pointer, std::string_view& value) {
    simdjson::ondemand::document doc;
    if (parser_.iterate(padded_.data(), size, padded_.size()).get(doc) != simdjson::SUCCESS)
      return "malformed JSON";
    auto field = doc.at_pointer(pointer);
    // INVALID_JSON_POINTER: the path runs through a number or string (our pointers are valid).
    if (field.error() == simdjson::NO_SUCH_FIELD ||
        field.error() == simdjson::INDEX_OUT_OF_BOUNDS ||
        field.error() == simdjson::INVALID_JSON_POINTER)
      return "JSON field missing";
    if (field.error() != simdjson::SUCCESS)
      return field.error() == simdjson::INCORRECT_TYPE ? "JSON field missing" : "malformed JSON";
    if (field.get_string().get(value) != simdjson::SUCCESS)
      return field.type().error() == simdjson::SUCCESS ? "JSON field is not a string"
                                                       : "malformed JSON";
    return nullptr;
  }

  std::string pointer_, host_pointer_, referer_pointer_;
  std::string padded_, value_, host_field_, joined_;
  simdjson::ondemand::parser parser_;
};

// Common and combined log formats, optionally with a leading virtual host ("vhost:port ..."):
//   [vhost] client ident user [time] "METHOD target PROTO" status bytes ["referer" "agent"]
// The quoted fields are decoded first (nginx and Apache escape quotes, backslashes and control
// bytes), so the URL is the one the client sent.
class AccessLogExtractor : public Extractor {
 public:
  explicit AccessLogExtractor(std::string log_host) : log_host_(std::move(log_host)) {}
  void extract(const LineBatch& lines, RecordBatch& out) override {
    out.clear();
    for (std::size_t i = 0; i < lines.size(); ++i)
      parse(lines.line(i), lines.first_line + i, lines.truncated[i], out);
  }

 private:
  static bool quoted(std::string_view& rest, std::string_view& value) {
    const std::size_t open = rest.find('"');
    if (open == rest.npos) return false;
    std::size_t close = open + 1;
    while (close < rest.size() && rest[close] != '"') close += rest[close] == '\\' ? 2 : 1;
    if (close >= rest.size()) return false;
    value = rest.substr(open + 1, close - open - 1);
    rest.remove_prefix(close + 1);
    return true;
  }

  void parse(std::string_view line, std::uint64_t no, bool truncated, RecordBatch& out) {
    if (truncated) return add(out, line, no, kTooLong);
    const std::size_t bracket = line.find(" [");
    std::string_view rest = bracket == line.npos ? std::string_view{} : line.substr(bracket);
    std::string_view request, referer;
    if (bracket == line.npos || rest.find(']') == rest.npos || !quoted(rest, request))
      return add(out, line, no, "not an access-log line");
    // The fields before the time: 3 (client ident user) or 4 with a leading virtual host.
    std::string_view head = line.substr(0, bracket);
    int fields = 0;
    for (std::size_t p = 0; p < head.size();) {
      while (p < head.size() && head[p] == ' ') ++p;
      if (p < head.size()) ++fields;
      while (p < head.size() && head[p] != ' ') ++p;
    }
    std::string_view vhost, target;
    const char* error = fields == 4 ? vhost_name(head.substr(0, head.find(' ')), vhost) : nullptr;
    if (!error) error = request_target(decode_log_escapes(request, request_buf_), target);
    if (!error)
      error =
          join_request_url(vhost.empty() ? std::string_view(log_host_) : vhost, target, joined_,
                           "access-log line has no host (use --log-host or a vhost log format)");
    if (error)
      add(out, line, no, error);
    else
      add(out, joined_, no);
    if (quoted(rest, referer)) {
      referer = decode_log_escapes(referer, referer_buf_);
      if (!referer.empty() && referer != "-") add(out, referer, no);
    }
  }

  std::string log_host_, joined_, request_buf_, referer_buf_;
};

// Free text: every URL-looking substring (Hyperscan finds the starts).
class TextExtractor : public Extractor {
 public:
  void extract(const LineBatch& lines, RecordBatch& out) override {
    out.clear();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      found_.clear();
      finder_.find(lines.line(i), found_);
      for (std::string_view url : found_) add(out, url, lines.first_line + i);
    }
  }

 private:
  UrlFinder finder_;
  std::vector<std::string_view> found_;
};

}  // namespace

bool tsv_cell(std::string_view line, int column, std::string_view& cell) {
  for (int c = 1;; ++c) {
    const std::size_t tab = line.find('\t');
    if (c == column) {
      cell = line.substr(0, tab);
      return true;
    }
    if (tab == line.npos) return false;
    line.remove_prefix(tab + 1);
  }
}

bool looks_like_header(std::string_view cell) {
  return !cell.empty() && cell.find_first_of(".:/") == cell.npos;
}

std::unique_ptr<Extractor> make_extractor(const FormatOptions& opt) {
  switch (opt.format) {
    case InputFormat::lines:
      return std::make_unique<LinesExtractor>();
    case InputFormat::tsv:
      return std::make_unique<TsvExtractor>(opt.column);
    case InputFormat::jsonl:
      return std::make_unique<JsonExtractor>(opt);
    case InputFormat::access_log:
      return std::make_unique<AccessLogExtractor>(opt.log_host);
    case InputFormat::extract:
      return std::make_unique<TextExtractor>();
  }
  return nullptr;
}

}  // namespace urlscan::cli
