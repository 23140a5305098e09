// Matcher::database: Hyperscan's compile, with the serialised database cached on disk.
#include "rules/matcher.hpp"

#include <cstdlib>

#include "rules/disk_cache.hpp"

namespace urlscan::detail {

hs_database_t* Matcher::database() {
  std::call_once(compiled_, [this] {
    if (!cache_path.empty()) {
      bool ok = false;
      const std::string bytes = read_file(cache_path, ok);
      // Hyperscan checks the serialised database's header, platform and checksum.
      if (ok && hs_deserialize_database(bytes.data(), bytes.size(), &db_) == HS_SUCCESS) {
        source_ = DatabaseSource::cache;
        return;
      }
      db_ = nullptr;
    }
    std::vector<const char*> exprs;
    for (const auto& e : expressions) exprs.push_back(e.c_str());
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db_,
                         &err) != HS_SUCCESS) {
      db_ = nullptr;  // parse() already compiled these once and reported errors
      hs_free_compile_error(err);
      return;
    }
    source_ = DatabaseSource::compiled;
    char* bytes = nullptr;
    std::size_t size = 0;
    if (!cache_path.empty() && hs_serialize_database(db_, &bytes, &size) == HS_SUCCESS) {
      write_atomically(cache_path, bytes, size);
      std::free(bytes);  // hs_serialize_database allocates with the default (malloc) allocator
    }
  });
  return db_;
}

}  // namespace urlscan::detail
