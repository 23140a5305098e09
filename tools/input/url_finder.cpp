#include "input/url_finder.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace urlscan::cli {
namespace {

// Pattern i matches a prefix of kPrefixLen[i] bytes; its start is the match end minus that.
constexpr const char* kPrefixes[] = {"http://",  "https://", "hxxp://",
                                     "hxxps://", "ftp://",   "www\\."};
constexpr std::size_t kPrefixLen[] = {7, 8, 7, 8, 6, 4};

hs_database* database() {
  static hs_database* db = [] {
    const unsigned n = sizeof kPrefixes / sizeof kPrefixes[0];
    std::vector<unsigned> flags(n, HS_FLAG_CASELESS), ids(n);
    for (unsigned i = 0; i < n; ++i) ids[i] = i;
    hs_database* out = nullptr;
    hs_compile_error* err = nullptr;
    if (hs_compile_multi(kPrefixes, flags.data(), ids.data(), n, HS_MODE_BLOCK, nullptr, &out,
                         &err) != HS_SUCCESS) {
      const std::string msg = err && err->message ? err->message : "unknown error";
      hs_free_compile_error(err);
      throw std::runtime_error("Hyperscan: cannot compile the URL patterns: " + msg);
    }
    return out;
  }();
  return db;
}

bool url_byte(unsigned char c) {
  return c > 0x20 && c != 0x7f && c != '"' && c != '\'' && c != '<' && c != '>' && c != '`';
}

bool alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

}  // namespace

UrlFinder::UrlFinder() {
  if (hs_alloc_scratch(database(), &scratch_) != HS_SUCCESS)
    throw std::runtime_error("Hyperscan: cannot allocate scratch space");
}

UrlFinder::~UrlFinder() {
  hs_free_scratch(scratch_);
}

void UrlFinder::find(std::string_view text, std::vector<std::string_view>& out) {
  starts_.clear();
  auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned,
                     void* ctx) -> int {
    static_cast<std::vector<std::size_t>*>(ctx)->push_back(static_cast<std::size_t>(to) -
                                                           kPrefixLen[id]);
    return 0;
  };
  if (text.empty()) return;
  hs_scan(database(), text.data(),
          static_cast<unsigned>(std::min<std::size_t>(text.size(), 1u << 31)), 0, scratch_,
          on_match, &starts_);
  std::sort(starts_.begin(), starts_.end());
  std::size_t end_of_last = 0;
  for (std::size_t start : starts_) {
    if (start < end_of_last) continue;  // inside the previous URL ("http://www.")
    if (start > 0 && alnum(static_cast<unsigned char>(text[start - 1]))) continue;  // "awww."
    std::size_t end = start;
    while (end < text.size() && url_byte(static_cast<unsigned char>(text[end]))) ++end;
    // Trailing punctuation belongs to the sentence, not the URL; a closing bracket only when
    // it has no partner in the URL ("(see http://a.example/x)" but "http://a.example/a_(b)").
    while (end > start) {
      const char c = text[end - 1];
      if (std::string_view(".,;:!?").find(c) != std::string_view::npos) {
        --end;
        continue;
      }
      const std::size_t k = std::string_view(")]}").find(c);
      if (k == std::string_view::npos) break;
      const std::string_view url = text.substr(start, end - start);
      if (std::count(url.begin(), url.end(), "([{"[k]) >= std::count(url.begin(), url.end(), c))
        break;
      --end;
    }
    if (end - start > 4) out.push_back(text.substr(start, end - start));
    end_of_last = end;
  }
}

}  // namespace urlscan::cli
