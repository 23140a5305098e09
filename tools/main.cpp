// urlscan: score URLs for phishing. Subcommands: scan (default), train, eval.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "cli.hpp"
#include "experiment/command.hpp"
#include "option_table.hpp"
#include "serve_options.hpp"
#include "server.hpp"
#include "text_lines.hpp"
#include "urlscan/cpu.hpp"
#include "urlscan/version.hpp"

namespace {

constexpr const char* kUsage =
    R"(usage: urlscan [OPTIONS] [FILE...]        score URLs ('-' or no FILE = stdin; .gz read as is)
       urlscan train --train FILE [--train FILE...] --val FILE --output MODEL [--seed N] [--trees N]
                     [--folds N] ...   (see `man urlscan`: TRAIN)
       urlscan eval FILE [--model MODEL] [--rules DIR | --no-rules] [--json] [--no-slices]
                         [--output FILE]
       urlscan sites FILE --parts N --keep P[,P...] [--max-rows N] [--group site|platform]
                         [--output FILE]
                         (a labelled file's rows on a share of its sites, by domain hash)
       urlscan serve [--port P] [--bind ADDR] [--model FILE] [--role api|app]
                     [--variant binary|probability] ...   (see `man urlscan`)
       urlscan experiment --prometheus URL [--window 7d | --start T --end T] [--json]
                          [--mde D] [--alpha A] [--power P] [--baseline VARIANT]
                          (decide the page experiment: exit 0 promote, 3 keep, 4 continue)
       urlscan experiment canary --prometheus URL --stable V1 --canary V2 [--label version]
                          [--window 10m] [--min-requests N]   (exit 0 promote, 3 roll back)
       urlscan --version | --help

)";

// After the option list (printed from kScanOptions).
constexpr const char* kUsageEnd = R"(
Each option once (--rules may repeat); conflicting options are refused.
Exit status: 0 nothing flagged, 1 something flagged, 2 error (or every record an error).
Environment: URLSCAN_ISA=scalar|sse4.2|avx2|avx512 forces the kernel instruction set;
  URLSCAN_CACHE_DIR=DIR|off where the compiled rules are cached
  (default $XDG_CACHE_HOME/urlscan, else ~/.cache/urlscan).

examples:
  printf 'https://paypal.com.secure-login.example.ru/webscr\n' | urlscan
  urlscan --only-flagged --json urls.txt.gz
  urlscan --access-log --summary /var/log/nginx/access.log.1 > report.tsv
  urlscan --field request.uri --host-field request.host /var/log/caddy/access.log
  urlscan eval ../shared/data/urls/test.tsv --json
)";

// `urlscan CMD --help` (or -h anywhere after CMD): CMD's lines of the usage above, taken from it
// so the two cannot differ, and for serve the options from the table that parses them.
bool asks_help(int argc, char** argv) {
  for (int i = 2; i < argc; ++i)
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") return true;
  return false;
}

std::string subcommand_usage(std::string_view cmd) {
  std::string out;
  bool in_cmd = false;
  const std::string head = "urlscan " + std::string(cmd) + " ";
  for (std::string_view line : urlscan::frontend::text_lines(kUsage)) {
    if (line.empty()) break;  // the usage block ends at the first blank line
    const std::size_t at = line.find("urlscan ");
    const bool starts_entry = at != std::string_view::npos && line.find_first_not_of(' ') == at;
    if (starts_entry || line.starts_with("usage: ")) in_cmd = line.substr(at).starts_with(head);
    if (!in_cmd) continue;
    // An entry's "urlscan" stays in column 8, so its continuation lines stay aligned.
    if (starts_entry || line.starts_with("usage: "))
      out += (out.empty() ? "usage: " : "       ") + std::string(line.substr(at));
    else
      out += line;
    out += '\n';
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace urlscan;
  try {
    if (Status s = init_isa_from_env(); !s) {
      std::fprintf(stderr, "urlscan: URLSCAN_ISA: %s\n", std::string(s.message()).c_str());
      return cli::kExitError;
    }
    std::string_view cmd = argc > 1 ? argv[1] : "";
    const bool info =
        cmd == "--version" || cmd == "-V" || cmd == "--help" || cmd == "-h" || cmd == "help";
    if (info && argc > 2)  // "--version --bogus" must not pass for a successful run
      throw cli::Error(std::string(cmd) + " takes no other arguments (got '" + argv[2] + "')");
    if (cmd == "--version" || cmd == "-V") {
      std::fputs(version_report().c_str(), stdout);
      return 0;
    }
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::fputs((std::string(kUsage) + cli::scan_options_help() + kUsageEnd).c_str(), stdout);
      return 0;
    }
    if ((cmd == "train" || cmd == "eval" || cmd == "sites" || cmd == "serve" ||
         cmd == "experiment") &&
        asks_help(argc, argv)) {
      std::string text = subcommand_usage(cmd);
      if (cmd == "serve") text += service::serve_option_help();
      std::fputs((text + "See `man urlscan` for the details.\n").c_str(), stdout);
      return 0;
    }
    if (cmd == "train") return cli::run_train(argc, argv, 2);
    if (cmd == "eval") return cli::run_eval(argc, argv, 2);
    if (cmd == "sites") return cli::run_sites(argc, argv, 2);
    if (cmd == "scan") return cli::run_scan(argc, argv, 2);
    if (cmd == "serve") return service::run_serve(argc, argv, 2);
    if (cmd == "experiment") return cli::run_experiment(argc, argv, 2);
    return cli::run_scan(argc, argv, 1);
  } catch (const cli::Error& e) {
    std::fprintf(stderr, "urlscan: %s\n(see urlscan --help)\n", e.what());
  } catch (const cli::DataError& e) {
    std::fprintf(stderr, "urlscan: %s\n", e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "urlscan: %s\n", e.what());
  }
  return cli::kExitError;
}
