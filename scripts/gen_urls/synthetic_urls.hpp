// Deterministic, realistic-looking URLs for benchmarks (no ../shared data needed): a mix of
// homepages, deep paths, queries, lookalike hosts and IP literals, ~70 bytes on average.
#pragma once

#include <random>
#include <string>
#include <vector>

inline std::vector<std::string> synthetic_urls(std::size_t n, std::uint64_t seed = 1) {
  static const char* words[] = {"login",  "account", "secure", "update", "news",      "blog",
                                "shop",   "docs",    "api",    "cdn",    "static",    "images",
                                "verify", "support", "paypal", "apple",  "microsoft", "bank",
                                "mail",   "cloud",   "home"};
  static const char* tlds[] = {"com", "org", "net", "info", "de", "co.uk", "xyz", "ru", "io"};
  static const char* exts[] = {"", ".php", ".html", ".aspx", ".js", "/"};
  std::mt19937_64 rng(seed);
  auto word = [&] { return std::string(words[rng() % std::size(words)]); };
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string u = (rng() % 3 == 0) ? "http://" : "https://";
    if (rng() % 25 == 0) {
      u += std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "." +
           std::to_string(rng() % 256) + "." + std::to_string(rng() % 256);
    } else {
      if (rng() % 2) u += "www.";
      const int labels = 1 + static_cast<int>(rng() % 3);
      for (int l = 0; l < labels; ++l) u += word() + (rng() % 4 == 0 ? "-" + word() : "") + ".";
      u += tlds[rng() % std::size(tlds)];
    }
    const int depth = static_cast<int>(rng() % 5);
    for (int d = 0; d < depth; ++d)
      u += "/" + word() + (rng() % 3 == 0 ? std::to_string(rng() % 10000) : "");
    const char* ext = exts[rng() % std::size(exts)];
    u += depth > 0 ? ext : "/";
    if (rng() % 3 == 0) u += "?id=" + std::to_string(rng() % 100000) + "&" + word() + "=" + word();
    out.push_back(std::move(u));
  }
  return out;
}

// A combined-format access-log line (with a leading virtual host every third line) whose
// request and Referer come from synthetic_urls.
inline std::string synthetic_access_log_line(const std::string& url, const std::string& referer,
                                             std::uint64_t i) {
  std::string host = url.substr(url.find("://") + 3);
  std::string path = "/";
  if (const auto slash = host.find('/'); slash != std::string::npos) {
    path = host.substr(slash);
    host.resize(slash);
  }
  std::string line;
  if (i % 3 == 0) line += host + ":443 ";
  line += "198.51.100." + std::to_string(i % 250) +
          " - - [26/Nov/2026:10:" + std::to_string(10 + i % 50) + ":00 +0000] \"GET " + path +
          " HTTP/1.1\" 200 " + std::to_string(100 + i % 5000) + " \"" +
          (i % 4 == 0 ? std::string("-") : referer) + "\" \"Mozilla/5.0\"";
  return line;
}
