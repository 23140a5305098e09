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
    u += exts[rng() % std::size(exts)];
    if (rng() % 3 == 0) u += "?id=" + std::to_string(rng() % 100000) + "&" + word() + "=" + word();
    out.push_back(std::move(u));
  }
  return out;
}
