// `urlscan [FILE...]`: one output record per input line, in input order.
// (Serial for now; the parallel streaming pipeline and the other readers come with the scanner.)
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan::cli {
namespace {

// Bytes a terminal or TSV reader could choke on are written as \xNN.
void append_escaped(std::string& out, std::string_view s) {
  if (check_record(s) == errc::ok && s.find('\\') == s.npos) {  // the common case: as is
    out += s;
    return;
  }
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f || c == '\\') {
      char b[5];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      out += b;
    } else {
      out += static_cast<char>(c);
    }
  }
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f || c >= 0x80) {
      // Non-ASCII is escaped byte-wise so invalid UTF-8 never reaches a JSON parser.
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      out += b;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// "0.123456": a probability in [0, 1] with 6 decimals, without printf's float machinery
// (which was a tenth of the scan's time).
void append_probability(std::string& out, float p) {
  if (!(p > 0.0f)) p = 0.0f;  // also NaN
  if (p > 1.0f) p = 1.0f;
  const auto micro = static_cast<std::uint32_t>(p * 1e6f + 0.5f);
  char b[8] = {static_cast<char>('0' + micro / 1000000), '.'};
  std::uint32_t frac = micro % 1000000;
  for (int i = 7; i >= 2; --i) {
    b[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out.append(b, 8);
}

struct Options {
  std::string model;
  double threshold = -1;
  bool json = false, only_flagged = false, explain = false;
  std::size_t max_line = 64 * 1024;
  std::vector<std::string> files;
};

}  // namespace

int run_scan(int argc, char** argv, int first) {
  Options o;
  Args args(argc, argv, first);
  while (!args.empty()) {
    std::string_view a = args.next();
    if (Args::is(a, "--model"))
      o.model = args.value(a, "--model");
    else if (Args::is(a, "--threshold"))
      o.threshold = parse_double(args.value(a, "--threshold"), "--threshold", 0, 1);
    else if (a == "--json")
      o.json = true;
    else if (a == "--only-flagged")
      o.only_flagged = true;
    else if (a == "--explain")
      o.explain = true;
    else if (Args::is(a, "--max-line"))
      o.max_line = parse_long(args.value(a, "--max-line"), "--max-line", 16, 1L << 30);
    else if (a.starts_with("--"))
      throw Error("unknown option '" + std::string(a) + "'");
    else
      o.files.emplace_back(a);
  }
  if (o.files.empty()) o.files.emplace_back("-");
  Model storage;
  const Model& model = load_model(o.model, storage);
  Scorer scorer(model);
  if (o.threshold >= 0) scorer.set_threshold(static_cast<float>(o.threshold));
  std::signal(SIGPIPE, SIG_IGN);

  bool flagged = false, failed = false;
  Scorer::Scratch scratch;
  std::string arena;  // the batch's lines, back to back
  std::vector<std::size_t> ends;
  std::vector<std::string_view> views;
  std::vector<Score> scores;
  std::string out;
  char* buf = nullptr;
  std::size_t cap = 0;

  auto flush = [&]() -> bool {
    views.clear();
    for (std::size_t i = 0, start = 0; i < ends.size(); start = ends[i++])
      views.emplace_back(arena.data() + start, ends[i] - start);
    scores.resize(views.size());
    scorer.score_batch(views, scores, scratch);
    out.clear();
    for (std::size_t i = 0; i < views.size(); ++i) {
      Score s = scores[i];
      if (views[i].size() > o.max_line) s = Score{0, 0, false, errc::url_too_long, {}};
      const bool hit = s.problem == errc::ok && s.phishing;
      flagged |= hit;
      if (o.only_flagged && !hit) continue;
      std::string_view url = views[i].substr(0, o.max_line);
      if (o.json) {
        out += "{\"url\":";
        append_json_string(out, url);
        if (s.problem != errc::ok) {
          out += ",\"error\":";
          append_json_string(out, message(s.problem));
        } else {
          out += ",\"phishing\":";
          out += hit ? "true" : "false";
          out += ",\"probability\":";
          append_probability(out, s.probability);
        }
        if (!s.allowlisted.empty()) {
          out += ",\"reasons\":[";
          append_json_string(out, "allowlisted official domain " + std::string(s.allowlisted));
          out += ']';
        }
        if (o.explain && s.problem == errc::ok) {
          out += ",\"explanation\":[";
          bool first_c = true;
          for (const auto& c : scorer.explain(url, 5)) {
            if (!first_c) out += ',';
            first_c = false;
            char w[32];
            std::snprintf(w, sizeof w, "%.4f", c.weight);
            out += "{\"feature\":";
            append_json_string(out, c.feature);
            out += ",\"weight\":";
            out += w;
            out += '}';
          }
          out += ']';
        }
        out += "}\n";
      } else {
        out += s.problem != errc::ok ? "error" : hit ? "phishing" : "legitimate";
        out += '\t';
        append_probability(out, s.probability);
        out += '\t';
        append_escaped(out, url);
        if (s.problem != errc::ok) {
          out += '\t';
          out += message(s.problem);
        } else if (!s.allowlisted.empty()) {
          out += "\tallowlisted official domain ";
          out += s.allowlisted;
        } else if (o.explain) {
          out += '\t';
          bool first_c = true;
          for (const auto& c : scorer.explain(url, 5)) {
            if (!first_c) out += "; ";
            first_c = false;
            char w[32];
            std::snprintf(w, sizeof w, " (%+.2f)", c.weight);
            append_escaped(out, c.feature);
            out += w;
          }
        }
        out += '\n';
      }
    }
    arena.clear();
    ends.clear();
    return std::fwrite(out.data(), 1, out.size(), stdout) == out.size();
  };

  for (const std::string& name : o.files) {
    FILE* f = name == "-" ? stdin : std::fopen(name.c_str(), "rb");
    if (!f) {
      std::fprintf(stderr, "urlscan: %s: %s\n", name.c_str(), std::strerror(errno));
      failed = true;
      continue;
    }
    ssize_t n;
    while ((n = ::getline(&buf, &cap, f)) >= 0) {
      std::size_t len = static_cast<std::size_t>(n);
      if (len && buf[len - 1] == '\n') --len;
      if (len && buf[len - 1] == '\r') --len;
      arena.append(buf, len);
      ends.push_back(arena.size());
      if (ends.size() == 4096 && !flush()) break;
    }
    if (f != stdin) std::fclose(f);
    if (!flush() || std::fflush(stdout) != 0) {
      if (errno == EPIPE) break;  // a closed pipe ends the scan quietly
      std::fprintf(stderr, "urlscan: write error: %s\n", std::strerror(errno));
      failed = true;
      break;
    }
  }
  std::free(buf);
  if (failed) return kExitError;
  return flagged ? kExitFlagged : kExitClean;
}

}  // namespace urlscan::cli
