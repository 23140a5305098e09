// The scan's options in one table: `urlscan --help` prints its option list from it, and
// tests/option_table_test.py holds the man page's OPTIONS section (tools/urlscan.1) to the same
// options with the same arguments, so the two cannot drift apart.
#pragma once

#include <string>
#include <string_view>

namespace urlscan::cli {

struct OptionDoc {
  std::string_view group;  // the heading it is listed under
  std::string_view name;   // "--column"
  std::string_view arg;    // "N"; empty for a flag
  std::string_view help;   // '\n' starts a continuation line
  bool sub = false;        // refines the option above it (listed indented)
};

inline constexpr OptionDoc kScanOptions[] = {
    {"input (one URL per line unless; one of these four)", "--column", "N",
     "TSV, URL in column N (header detected)"},
    {"", "--field", "a.b.c", "JSON Lines, URL at this path (a number indexes an array)"},
    {"", "--host-field", "a.b.c", "... which is a request target; join it with this host field",
     true},
    {"", "--referer-field", "a.b.c",
     "... and scan this field too (Caddy, Traefik, nginx: man urlscan)", true},
    {"", "--access-log", "",
     "common/combined access log: request (with vhost or --log-host) + Referer"},
    {"", "--log-host", "HOST", "host for the requests when the log has none", true},
    {"", "--extract", "", "free text: every URL found in it (Hyperscan)"},
    {"", "--max-line", "BYTES", "longer lines become error records (default 65536)"},
    {"output (TSV: verdict, probability, url[, reason]; control bytes and '\\' as \\xNN)", "--json",
     "", "JSON Lines (with source file and line for logs)"},
    {"", "--csv", "", "CSV (bytes as they are)"},
    {"", "--only-flagged", "", "print flagged records only"},
    {"", "--explain", "", "add the features and rules that moved the score most"},
    {"", "--count", "", "totals only (in the output format)"},
    {"", "--summary", "", "counts and URLs/s on stderr"},
    {"", "--threshold", "P", "flag at probability >= P (default: the model's)"},
    {"", "--model", "FILE", "another model file"},
    {"", "--threads", "N", "worker threads (default: all cores)"},
    {"", "--progress", "", "progress on stderr (default: on for a terminal and a file)"},
    {"", "--no-progress", "", "no progress"},
    {"", "--max-error-ratio", "R",
     "exit 2 when more than R of the records are errors\n(default: when all are)"},
    {"", "--output", "FILE",
     "write to FILE (via FILE.part, renamed once the scan is complete;\n- is stdout)"},
    {"", "--exit-zero", "", "exit 0 when something is flagged too (errors still exit 2): for Jobs"},
    {"", "--shard", "K/N",
     "only records r with r % N == K (0-based, across all files): N such\nscans together print the "
     "whole scan, interleaved round-robin"},
    {"rules (built in: models/rules; brands, look-alikes, patterns, allow- and blocklist)",
     "--rules", "DIR",
     "add DIR's brands.tsv, patterns.tsv, lures.txt, allowlist.txt,\nsoftware_sites.txt, "
     "blocklist.txt"},
    {"", "--no-rules", "", "the model alone (no lists, no decisive rules, no reasons)"},
};

// The option list of `urlscan --help`, one block per group.
std::string scan_options_help();

}  // namespace urlscan::cli
