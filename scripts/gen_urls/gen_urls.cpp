// gen-urls: writes N realistic synthetic URLs (or access-log lines) for benchmarks and tests,
// deterministically from a seed, without needing the labelled data.
//   gen-urls N [--seed S] [--access-log]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "synthetic_urls.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen-urls N [--seed S] [--access-log]\n");
    return 2;
  }
  const long long n = std::atoll(argv[1]);
  std::uint64_t seed = 1;
  bool access_log = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--seed" && i + 1 < argc)
      seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--access-log")
      access_log = true;
    else {
      std::fprintf(stderr, "gen-urls: unknown argument '%s'\n", argv[i]);
      return 2;
    }
  }
  if (n < 0) return 2;
  constexpr long long kChunk = 100000;  // generate in chunks: memory stays flat for any N
  std::string out;
  for (long long done = 0; done < n; done += kChunk) {
    const auto urls =
        synthetic_urls(static_cast<std::size_t>(std::min(kChunk, n - done)), seed + done);
    out.clear();
    for (std::size_t i = 0; i < urls.size(); ++i) {
      if (access_log)
        out += synthetic_access_log_line(urls[i], urls[(i * 7 + 3) % urls.size()], done + i);
      else
        out += urls[i];
      out += '\n';
    }
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) return 2;
  }
  return 0;
}
