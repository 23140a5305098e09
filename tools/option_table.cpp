#include "option_table.hpp"

#include <algorithm>

#include "errors.hpp"
#include "scan_command.hpp"
#include "text_lines.hpp"

namespace urlscan::cli {
namespace {

using frontend::Error;
using frontend::parse_double;
using frontend::parse_long;

// Groups whose members exclude each other.
constexpr std::string_view kInput = "one input format", kOutput = "one output format",
                           kProgress = "progress on or off";

std::string non_empty(std::string_view v, std::string_view option, std::string_view example) {
  if (v.empty())
    throw Error(std::string(option) + " needs a dotted path such as " + std::string(example));
  return std::string(v);
}

constexpr OptionDoc kScanOptions[] = {
    {.group = "input (one URL per line unless one of these four is given)",
     .name = "--column",
     .arg = "N",
     .help = "TSV, URL in column N (header detected)",
     .one_of = kInput,
     .apply =
         [](ScanCommand& c, std::string_view v) {
           c.scan.input.format = InputFormat::tsv;
           c.scan.input.column = static_cast<int>(parse_long(v, "--column", 1, 1000));
         }},
    {.name = "--field",
     .arg = "a.b.c",
     .help = "JSON Lines, URL at this path (a number indexes an array)",
     .one_of = kInput,
     .apply =
         [](ScanCommand& c, std::string_view v) {
           c.scan.input.format = InputFormat::jsonl;
           c.scan.input.field = non_empty(v, "--field", "request.url");
         }},
    {.name = "--host-field",
     .arg = "a.b.c",
     .help = "... which is a request target; join it with this host field",
     .sub = true,
     .needs = "--field",
     .apply =
         [](ScanCommand& c, std::string_view v) {
           c.scan.input.host_field = non_empty(v, "--host-field", "request.host");
         }},
    {.name = "--referer-field",
     .arg = "a.b.c",
     .help = "... and scan this field too (Caddy, Traefik, nginx: man urlscan)",
     .sub = true,
     .needs = "--field",
     .apply =
         [](ScanCommand& c, std::string_view v) {
           c.scan.input.referer_field =
               non_empty(v, "--referer-field", "request.headers.Referer.0");
         }},
    {.name = "--access-log",
     .help = "common/combined access log: request (with vhost or --log-host) + Referer",
     .one_of = kInput,
     .apply = [](ScanCommand& c,
                 std::string_view) { c.scan.input.format = InputFormat::access_log; }},
    {.name = "--log-host",
     .arg = "HOST",
     .help = "host for the requests when the log has none",
     .sub = true,
     .needs = "--access-log",
     .apply =
         [](ScanCommand& c, std::string_view v) {
           if (v.empty() || v.find_first_of("/ \t?#") != std::string_view::npos)
             throw Error("--log-host needs a host name such as www.example.com, got '" +
                         std::string(v) + "'");
           c.scan.input.log_host = v;
         }},
    {.name = "--extract",
     .help = "free text: every URL found in it (Hyperscan)",
     .one_of = kInput,
     .apply = [](ScanCommand& c, std::string_view) { c.scan.input.format = InputFormat::extract; }},
    {.name = "--max-line",
     .arg = "BYTES",
     .help = "longer lines become error records (default 65536)",
     .apply =
         [](ScanCommand& c, std::string_view v) {
           c.scan.max_line = static_cast<std::size_t>(parse_long(v, "--max-line", 16, 16L << 20));
         }},
    {.group = "output (TSV: verdict, probability, url[, reason]; control bytes and '\\' as \\xNN)",
     .name = "--json",
     .help = "JSON Lines (with source file and line for logs)",
     .one_of = kOutput,
     .apply = [](ScanCommand& c, std::string_view) { c.scan.print.format = OutputFormat::json; }},
    {.name = "--csv",
     .help = "CSV (bytes as they are)",
     .one_of = kOutput,
     .apply = [](ScanCommand& c, std::string_view) { c.scan.print.format = OutputFormat::csv; }},
    {.name = "--quiet",
     .help = "print nothing: the exit status (and --summary) tell",
     .one_of = kOutput,
     .apply = [](ScanCommand& c, std::string_view) { c.scan.print.quiet = true; }},
    {.name = "--only-flagged",
     .help = "print flagged records only",
     .apply = [](ScanCommand& c, std::string_view) { c.scan.print.only_flagged = true; }},
    {.name = "--explain",
     .help = "add the features and rules that moved the score most",
     .apply = [](ScanCommand& c, std::string_view) { c.scan.print.explain = true; }},
    {.name = "--count",
     .help = "totals only (in the output format)",
     .apply = [](ScanCommand& c, std::string_view) { c.scan.print.totals_only = true; }},
    {.name = "--summary",
     .help = "counts and URLs/s on stderr",
     .apply = [](ScanCommand& c, std::string_view) { c.summary = true; }},
    {.name = "--threshold",
     .arg = "P",
     .help = "flag at probability >= P (default: the model's)",
     .apply = [](ScanCommand& c,
                 std::string_view v) { c.threshold = parse_double(v, "--threshold", 0, 1); }},
    {.name = "--model",
     .arg = "FILE",
     .help = "another model file",
     .apply =
         [](ScanCommand& c, std::string_view v) {
           if (v.empty()) throw Error("--model needs a FILE");
           c.model.model_path = v;
         }},
    {.name = "--threads",
     .arg = "N",
     .help = "worker threads (default: all cores)",
     .apply =
         [](ScanCommand& c, std::string_view v) {
           c.scan.threads = static_cast<int>(parse_long(v, "--threads", 1, 1024));
         }},
    {.name = "--cache-mb",
     .arg = "N",
     .help = "memory for the results of repeated records, in MB, one cache\nfor all threads "
             "(default 64; 0: none; exact: a repeat gets\nwhat scoring it would give)",
     .apply =
         [](ScanCommand& c, std::string_view v) {
           c.scan.result_cache_bytes =
               static_cast<std::size_t>(parse_long(v, "--cache-mb", 0, 65536)) << 20;
         }},
    {.name = "--progress",
     .help = "progress on stderr (default: on for a terminal and a file)",
     .one_of = kProgress,
     .apply = [](ScanCommand& c, std::string_view) { c.progress = 1; }},
    {.name = "--no-progress",
     .help = "no progress",
     .one_of = kProgress,
     .apply = [](ScanCommand& c, std::string_view) { c.progress = 0; }},
    {.name = "--max-error-ratio",
     .arg = "R",
     .help = "exit 2 when more than R of the records are errors\n(default: when all are)",
     .apply =
         [](ScanCommand& c, std::string_view v) {
           c.max_error_ratio = parse_double(v, "--max-error-ratio", 0, 1);
         }},
    {.name = "--output",
     .arg = "FILE",
     .help = "write to FILE (via FILE.part, renamed once the scan is complete;\n- is stdout)",
     .apply = [](ScanCommand& c, std::string_view v) { c.output = v; }},
    {.name = "--exit-zero",
     .help = "exit 0 when something is flagged too (errors still exit 2): for Jobs",
     .apply = [](ScanCommand& c, std::string_view) { c.exit_zero = true; }},
    {.name = "--shard",
     .arg = "K/N",
     .help = "only records r with r % N == K (0-based, across all files): N such\nscans together "
             "print the whole scan, interleaved round-robin",
     .apply = [](ScanCommand& c, std::string_view v) { c.scan.shard = parse_shard(v); }},
    {.group = "rules (built in: models/rules; brands, look-alikes, patterns, allow- and blocklist)",
     .name = "--rules",
     .arg = "DIR",
     .help = "add DIR's brands.tsv, patterns.tsv, lures.txt, allowlist.txt,\nsoftware_sites.txt, "
             "blocklist.txt",
     .repeatable = true,
     .apply = [](ScanCommand& c, std::string_view v) { c.model.rule_dirs.emplace_back(v); }},
    {.name = "--no-rules",
     .help = "the model alone (no lists, no decisive rules, no reasons)",
     .repeatable = true,
     .apply = [](ScanCommand& c, std::string_view) { c.model.no_rules = true; }},
};

const OptionDoc* find_option(std::string_view name) {
  for (const OptionDoc& o : kScanOptions)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace

std::span<const OptionDoc> scan_options() {
  return kScanOptions;
}

std::string scan_options_help() {
  constexpr std::size_t kHelpColumn = 24;  // where every help text starts
  std::string out;
  for (const OptionDoc& o : kScanOptions) {
    if (!o.group.empty()) out += std::string(o.group) + ":\n";
    std::string line = (o.sub ? "    " : "  ") + std::string(o.name);
    if (!o.arg.empty()) line += " " + std::string(o.arg);
    line.resize(std::max(line.size() + 1, kHelpColumn), ' ');
    for (std::string_view help : frontend::text_lines(o.help)) {
      out += line + std::string(help) + "\n";
      line.assign(kHelpColumn, ' ');
    }
  }
  return out;
}

ScanCommand parse_scan_command(frontend::Args& args) {
  ScanCommand c;
  frontend::OptionGroups seen;
  while (!args.empty()) {
    const std::string_view a = args.next();
    if (!a.starts_with("-") || a == "-") {  // "-" alone is stdin
      c.scan.files.emplace_back(a);
      continue;
    }
    const std::string_view name = a.substr(0, a.find('='));
    const OptionDoc* o = find_option(name);
    if (!o) throw Error("unknown option '" + std::string(a) + "'");
    // Every option once (unless repeatable); a group's members exclude each other.
    if (!o->repeatable) seen.take(name, o->one_of);
    if (o->arg.empty() && name.size() != a.size())
      throw Error(std::string(name) + " takes no value, got '" + std::string(a) + "'");
    o->apply(c, o->arg.empty() ? std::string() : args.value(a, name));
  }
  for (const OptionDoc& o : kScanOptions)
    if (!o.needs.empty()) seen.require(o.name, o.needs);
  for (std::string_view per_record : {"--only-flagged", "--explain"})
    if (c.scan.print.totals_only && seen.has(per_record))
      throw Error("--count prints totals only: " + std::string(per_record) + " has no effect");
  for (std::string_view printing : {"--only-flagged", "--explain", "--count"})
    if (c.scan.print.quiet && seen.has(printing))
      throw Error("--quiet prints nothing: " + std::string(printing) + " has no effect");
  return c;
}

}  // namespace urlscan::cli
