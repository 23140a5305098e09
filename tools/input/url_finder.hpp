// Finds URLs in free text with Hyperscan: one compiled database of URL prefixes (schemes,
// defanged schemes, "www."), shared read-only; one scratch per finder (per thread).
#pragma once

#include <string_view>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace urlscan::cli {

class UrlFinder {
 public:
  UrlFinder();
  ~UrlFinder();
  UrlFinder(const UrlFinder&) = delete;
  UrlFinder& operator=(const UrlFinder&) = delete;
  // Appends every URL-looking substring of `text` to `out`, left to right, non-overlapping.
  void find(std::string_view text, std::vector<std::string_view>& out);

 private:
  hs_scratch* scratch_ = nullptr;
  std::vector<std::size_t> starts_;
};

}  // namespace urlscan::cli
