// urlscan: score URLs for phishing. Subcommands: scan (default), train, eval.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string_view>

#include "cli.hpp"
#include "experiment/command.hpp"
#include "server.hpp"
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

input (one URL per line unless; one of these four):
  --column N        TSV, URL in column N (header detected)
  --field a.b.c     JSON Lines, URL at this path (a number indexes an array)
    --host-field a.b.c     ... which is a request target; join it with this host field
    --referer-field a.b.c  ... and scan this field too (Caddy, Traefik, nginx: man urlscan)
  --access-log      common/combined access log: request (with vhost or --log-host) + Referer
    --log-host HOST        host for the requests when the log has none
  --extract         free text: every URL found in it (Hyperscan)
  --max-line BYTES  longer lines become error records (default 65536)
output (TSV: verdict, probability, url[, reason]; control bytes and '\' as \xNN):
  --json | --csv    JSON Lines (with source file and line for logs) | CSV (bytes as they are)
  --only-flagged    print flagged records only
  --explain         add the features and rules that moved the score most
  --count           totals only (in the output format)   --summary  counts and URLs/s on stderr
  --threshold P     flag at probability >= P (default: the model's)
  --model FILE      another model file   --threads N  worker threads (default: all cores)
  --progress | --no-progress             (default: on for a terminal and a file)
  --max-error-ratio R  exit 2 when more than R of the records are errors (default: when all are)
  --output FILE     write to FILE (via FILE.part, renamed once the scan is complete)
  --exit-zero       exit 0 when something is flagged too (errors still exit 2): for Jobs
  --shard K/N       only records r with r % N == K (0-based, across all files): N such
                    scans together print the whole scan, interleaved round-robin
rules (built in: models/rules; brands, look-alikes, patterns, allow- and blocklist):
  --rules DIR       add DIR's brands.tsv, patterns.tsv, lures.txt, allowlist.txt,
                    software_sites.txt, blocklist.txt
  --no-rules        the model alone (no lists, no decisive rules, no reasons)

Each option once; conflicting options are refused.
Exit status: 0 nothing flagged, 1 something flagged, 2 error (or every record an error).
Environment: URLSCAN_ISA=scalar|sse4.2|avx2|avx512 forces the kernel instruction set;
  URLSCAN_CACHE_DIR=DIR|off where the compiled rules are cached (default ~/.cache/urlscan).

examples:
  printf 'https://paypal.com.secure-login.example.ru/webscr\n' | urlscan
  urlscan --only-flagged --json urls.txt.gz
  urlscan --access-log --summary /var/log/nginx/access.log.1 > report.tsv
  urlscan --field request.uri --host-field request.host /var/log/caddy/access.log
  urlscan eval ../shared/data/urls/test.tsv --json
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace urlscan;
  try {
    if (errc e = init_isa_from_env(); e != errc::ok) {
      std::fprintf(stderr, "urlscan: URLSCAN_ISA: %s\n", std::string(message(e)).c_str());
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
      std::fputs(kUsage, stdout);
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
