#include "input/formats.hpp"

#include <simdjson.h>

#include <cstring>

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

class JsonExtractor : public Extractor {
 public:
  explicit JsonExtractor(const std::string& field) {
    pointer_ = "/";
    for (char c : field) pointer_ += c == '.' ? '/' : c;
  }
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
      simdjson::ondemand::document doc;
      std::string_view value;
      const char* error = nullptr;
      if (parser_.iterate(padded_.data(), line.size(), padded_.size()).get(doc) !=
          simdjson::SUCCESS) {
        error = "malformed JSON";
      } else {
        auto field = doc.at_pointer(pointer_);
        if (field.error() == simdjson::NO_SUCH_FIELD ||
            field.error() == simdjson::INDEX_OUT_OF_BOUNDS)
          error = "JSON field missing";
        else if (field.error() != simdjson::SUCCESS)
          error =
              field.error() == simdjson::INCORRECT_TYPE ? "JSON field missing" : "malformed JSON";
        else if (field.get_string().get(value) != simdjson::SUCCESS)
          error = field.type().error() == simdjson::SUCCESS ? "JSON field is not a string"
                                                            : "malformed JSON";
      }
      if (error)
        add(out, line, no, error);
      else
        add(out, value, no);
    }
  }

 private:
  std::string pointer_;
  std::string padded_;
  simdjson::ondemand::parser parser_;
};

// Common and combined log formats, optionally with a leading virtual host ("vhost:port ..."):
//   [vhost] client ident user [time] "METHOD target PROTO" status bytes ["referer" "agent"]
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
    std::string_view vhost;
    if (fields == 4) {
      vhost = head.substr(0, head.find(' '));
      if (const std::size_t colon = vhost.rfind(':'); colon != vhost.npos)
        vhost = vhost.substr(0, colon);
    }
    // "METHOD target PROTO"
    const std::size_t s1 = request.find(' ');
    const std::size_t s2 = s1 == request.npos ? request.npos : request.find(' ', s1 + 1);
    std::string_view target =
        s1 == request.npos
            ? request
            : request.substr(s1 + 1, s2 == request.npos ? request.npos : s2 - s1 - 1);
    const bool has_referer = quoted(rest, referer);
    if (target.empty() || target == "-") {
      add(out, line, no, "access-log request has no target");
    } else if (target.find("://") != target.npos) {
      add(out, target, no);  // an absolute-form target (proxy logs)
    } else {
      const std::string_view host =
          !vhost.empty() && vhost != "-" ? vhost : std::string_view(log_host_);
      if (host.empty()) {
        add(out, line, no, "access-log line has no host (use --log-host or a vhost log format)");
      } else {
        joined_.assign(host);
        if (target.front() != '/') joined_ += '/';
        joined_.append(target);
        add(out, joined_, no);
      }
    }
    if (has_referer && !referer.empty() && referer != "-") add(out, referer, no);
  }

  std::string log_host_, joined_;
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
      return std::make_unique<JsonExtractor>(opt.field);
    case InputFormat::access_log:
      return std::make_unique<AccessLogExtractor>(opt.log_host);
    case InputFormat::extract:
      return std::make_unique<TextExtractor>();
  }
  return nullptr;
}

}  // namespace urlscan::cli
