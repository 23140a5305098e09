// The compiled-rules cache's file mechanics (the key and the database are matcher.cpp's).
#include "rules/disk_cache.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace urlscan::detail {

std::string cache_dir() {
  if (const char* d = std::getenv("URLSCAN_CACHE_DIR")) return std::string(d) == "off" ? "" : d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/urlscan";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/urlscan";
  return {};
}

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  return ok ? std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())
            : std::string();
}

// Written to a temporary name and renamed: a reader never sees half a file.
void write_atomically(const std::string& path, const char* data, std::size_t size) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(data, static_cast<std::streamsize>(size));
    if (!out.flush()) {
      std::filesystem::remove(tmp, ec);
      return;
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace urlscan::detail
